"""The plans' pages for organisers: the overview with each agency's ceiling (pagu indikatif) against the sum of its
rows, the import of a plan file (upload → preview naming every bad row and field → confirm), and the nomenclature
reference list."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import plans as plan_actions
from forum.api.answers import error_status
from forum.errors import DomainError, ValidationFailed
from forum.exports.plans import agency_arg
from forum.extensions import db
from forum.plans_admin import bp
from forum.ratelimits import upload_limit
from forum.security import staff_may
from forum.services import plan_sync, plan_uploads, plans, plans_import
from forum.services.imports import MAX_BYTES
from forum.staff import forum_page

MAX_REFERENCE_SHOWN = 300


def _ceiling_page(event, *, errors: dict | None = None, values: dict | None = None, status: int = 200):
    report = plans.ceiling_report(event)
    reported = {row["agency"].id for row in report}
    rows = report + [{"agency": a, "ceiling": None, "total": 0, "over": 0} for a in event.agencies
                     if a.id not in reported]
    rows.sort(key=lambda r: r["agency"].name.lower())
    totals = {"ceiling": sum(r["ceiling"] or 0 for r in rows), "total": sum(r["total"] for r in rows),
              "over": sum(r["over"] for r in rows)}
    return render_template("plans/overview.html", event=event, rows=rows, totals=totals,
                           counts=plan_sync.rows_by_agency(event), summary=plan_sync.summary(event),
                           errors=errors or {}, values=values or {},
                           may_edit=staff_may("organiser")), status


@bp.get("/admin/<slug>/plans")
@forum_page("moderator")
def overview(event):
    return _ceiling_page(event)


@bp.post("/admin/<slug>/plans/ceilings")
@forum_page("organiser")
def save_ceilings(event):
    """Every agency's ceiling from the overview's form (an empty cell: no ceiling)."""
    agencies = list(event.agencies)
    values = {a.id: (request.form.get(f"ceiling-{a.id}") or "").strip() for a in agencies}
    entries = [{"agency": a.id, "amount": values[a.id] or None} for a in agencies]
    try:
        plan_actions.set_ceilings(event, entries, user=current_user)
    except DomainError as exc:
        db.session.rollback()
        errors = {}
        for name, message in exc.fields.items():  # "ceilings[3].amount" → the 4th agency's cell
            index = name.split("[", 1)[-1].split("]", 1)[0]
            if index.isdigit() and int(index) < len(agencies):
                errors[agencies[int(index)].id] = message
        flash(exc.message, "error")
        return _ceiling_page(event, errors=errors, values=values, status=error_status(exc))
    flash(_("The ceilings were saved."), "success")
    return redirect(url_for(".overview", slug=event.slug))


# --- importing a plan file ------------------------------------------------------------------------------

def _upload_page(event, *, error: str = "", status: int = 200, form: dict | None = None):
    return render_template("plans/import_upload.html", event=event, error=error, form=form or {},
                           max_mb=MAX_BYTES // (1024 * 1024), max_rows=plans_import.MAX_ROWS), status


@bp.get("/admin/<slug>/plans/import")
@forum_page("organiser")
def import_upload(event):
    return _upload_page(event, form={"source": request.args.get("source", "renja")})


def _read_choices(event) -> tuple[str, object]:
    source = (request.form.get("source") or "").strip()
    if source not in plans.SOURCES:
        raise ValidationFailed({"source": _("Choose what the file holds: Renja, Musrenbang or pokir.")})
    return source, agency_arg(event, (request.form.get("agency") or "").strip())


@bp.post("/admin/<slug>/plans/import")
@forum_page("organiser")
@upload_limit
def import_preview(event):
    """Reads the file and shows what importing it would do; nothing is stored before "Import"."""
    form = {"source": request.form.get("source", ""), "agency": request.form.get("agency", "")}
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _upload_page(event, error=_("Choose a .xlsx or .csv file to upload."), status=422, form=form)
    content = upload.stream.read(MAX_BYTES + 1)
    try:
        source, agency = _read_choices(event)
        preview = plans_import.preview(event, content, source=source, agency=agency)
    except DomainError as exc:
        db.session.rollback()
        message = " ".join(dict.fromkeys([exc.message, *exc.fields.values()]))
        return _upload_page(event, error=message, status=error_status(exc), form=form)
    token = plan_uploads.save(event, content, source=source, agency_id=agency.id if agency else None,
                              filename=upload.filename, user_id=current_user.id)
    counts = {"new": 0, "update": 0, "unchanged": 0, "error": 0}
    for row in preview.rows:
        counts[row.action] += 1
    return render_template("plans/import_preview.html", event=event, preview=preview, counts=counts, token=token,
                           source=source, agency=agency, filename=upload.filename)


@bp.post("/admin/<slug>/plans/import/confirm")
@forum_page("organiser")
def import_confirm(event):
    try:
        pending = plan_uploads.claim(event, request.form.get("upload"))
        agency = plans.find_agency(event, pending.get("agency_id")) if pending.get("agency_id") else None
        result = plan_actions.import_plans(event, pending["content"], source=pending["source"], agency=agency,
                                           user=current_user, filename=pending.get("filename", ""))
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".import_upload", slug=event.slug))
    return render_template("plans/import_done.html", event=event, result=result, source=pending["source"],
                           agency=agency, filename=pending.get("filename", ""))


@bp.post("/admin/<slug>/plans/import/cancel")
@forum_page("organiser")
def import_cancel(event):
    try:
        plan_uploads.claim(event, request.form.get("upload"))
    except DomainError:
        pass  # already gone: nothing to drop
    flash(_("The import was cancelled; nothing was changed."), "success")
    return redirect(url_for(".import_upload", slug=event.slug))


# --- the reference list ---------------------------------------------------------------------------------

def _reference_page(event, *, errors: list | None = None, message: str = "", status: int = 200):
    codes = plans_import.reference_codes(event)
    return render_template("plans/reference.html", event=event, codes=codes[:MAX_REFERENCE_SHOWN], total=len(codes),
                           errors=errors or [], message=message, max_shown=MAX_REFERENCE_SHOWN), status


@bp.get("/admin/<slug>/plans/reference")
@forum_page("moderator")
def reference(event):
    return _reference_page(event)


@bp.post("/admin/<slug>/plans/reference")
@forum_page("organiser")
@upload_limit
def reference_import(event):
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _reference_page(event, message=_("Choose a .xlsx or .csv file to upload."), status=422)
    try:
        result = plan_actions.import_reference(event, upload.stream.read(MAX_BYTES + 1), user=current_user)
    except DomainError as exc:
        db.session.rollback()
        return _reference_page(event, errors=exc.extra.get("errors", []),
                               message=" ".join(dict.fromkeys([exc.message, *exc.fields.values()]))
                               if not exc.extra.get("errors") else exc.message, status=error_status(exc))
    flash(_("%(n)d codes of the reference list were imported.", n=result["imported"]), "success")
    return redirect(url_for(".reference", slug=event.slug))
