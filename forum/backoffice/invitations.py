"""Importing an invitation list: upload → preview → confirm → summary."""
from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import people
from forum.api.answers import error_status
from forum.backoffice import bp
from forum.backoffice.forms import ImportForm, PendingImportForm
from forum.errors import DomainError
from forum.ratelimits import upload_limit
from forum.services import imports
from forum.staff import forum_page


@bp.route("/<slug>/import", methods=["GET", "POST"])
@forum_page("organiser")
@upload_limit
def import_upload(event):
    form = ImportForm()
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.stream.read(imports.MAX_BYTES + 1)
        try:
            table = imports.read_table(content, max_lines=current_app.config["FORUM_IMPORT_MAX_ROWS"],
                                       seconds=current_app.config["FORUM_IMPORT_SECONDS"])
        except DomainError as exc:
            form.file.errors = [*form.file.errors, exc.fields.get("file", exc.message)]
            status = error_status(exc)
        else:
            outcome = imports.classify(event, table.rows)
            token = imports.save_pending(imports.pending_dir(), event, table, filename=upload.filename or "",
                                         user_id=current_user.id)
            return render_template("backoffice/import_preview.html", event=event, outcome=outcome, table=table,
                                   filename=upload.filename or "", form=PendingImportForm(upload=token))
    elif form.is_submitted():
        status = 422
    return render_template("backoffice/import_upload.html", event=event, form=form,
                           max_mb=imports.MAX_BYTES // (1024 * 1024), max_rows=imports.MAX_ROWS), status


@bp.post("/<slug>/import/confirm")
@forum_page("organiser")
def import_confirm(event):
    token = PendingImportForm().upload.data  # CSRFProtect has checked the form; load_pending checks the name
    try:
        pending = imports.claim_pending(imports.pending_dir(), token, event)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for(".import_upload", slug=event.slug))
    outcome = people.import_invitations(event, pending["rows"], actor=current_user,
                                        filename=pending.get("filename", ""))
    return render_template("backoffice/import_done.html", event=event, outcome=outcome,
                           columns=pending.get("columns", {}), filename=pending.get("filename", ""))


@bp.post("/<slug>/import/cancel")
@forum_page("organiser")
def import_cancel(event):
    token = PendingImportForm().upload.data
    try:
        imports.claim_pending(imports.pending_dir(), token, event)  # only this forum's uploads
    except DomainError:
        pass  # already gone: nothing to drop
    flash(_("The import was cancelled; nothing was changed."), "success")
    return redirect(url_for(".import_upload", slug=event.slug))


@bp.get("/<slug>/import/template.csv")
@forum_page("organiser")
def import_template(event):
    return Response(imports.template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="undangan-{event.slug}.csv"'})
