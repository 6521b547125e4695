"""Export downloads in the browser: /events/<slug>/exports/<name>.<format> (organisers only)."""
from flask import abort
from flask_login import current_user

from forum.exports import bp
from forum.exports.download import send_export
from forum.security import current_participant, staff_required
from forum.staff import forum_page


@bp.before_request
def _participants_are_not_staff():
    """A participant's own session (personal link) is known but not allowed here: 403, not the login page."""
    if not current_user.is_authenticated and current_participant() is not None:
        abort(403)


@bp.get("/events/<slug>/exports/notes.<any(pdf, docx):fmt>")
@staff_required("moderator")
def notes_download(slug, fmt):
    """The notulen: moderators write it, so they may download it too."""
    return send_export(slug, "notes", fmt, current_user._get_current_object())


@bp.get("/events/<slug>/exports/overlap-labels.csv")
@forum_page("organiser")
def overlap_labels(event):
    """The moderators' verdicts on pairs (dismissed, merged) as labelled data for the overlap detector."""
    from flask import Response

    from forum.documents import exports
    from forum.documents.base import render_csv
    from forum.documents.overlap_labels import OverlapLabelsExporter
    from forum.exports.download import record_download
    from forum.services import overlap_labels

    record_download(event, "overlap-labels", "csv", current_user._get_current_object(), exports.ExportOptions())
    body = "".join(render_csv(OverlapLabelsExporter(overlap_labels.labelled_pairs(event))))
    response = Response(body, mimetype=exports.MIMETYPES["csv"])
    response.headers.set("Content-Disposition", "attachment", filename=f"{event.slug}-overlap-labels.csv")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/events/<slug>/exports/<any(attendance, inputs, minutes):name>.<any(csv, xlsx, pdf, docx):fmt>")
@staff_required("organiser")
def download(slug, name, fmt):
    return send_export(slug, name, fmt, current_user._get_current_object())
