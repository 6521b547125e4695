"""The Renja after the forum (renja.xlsx), for browser sessions at /events/<slug>/exports/renja.xlsx and for the
API (forum/api/plans.py): one sender, written to the audit log."""
from __future__ import annotations

from io import BytesIO

from flask import request, send_file
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import records
from forum.documents import renja
from forum.errors import ValidationFailed
from forum.exports import bp
from forum.exports.download import export_language
from forum.security import staff_required
from forum.services import events, plans

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def agency_arg(event, value: str):
    """An agency named by id or name in a form or query; None when not given; 422 naming `agency` when unknown."""
    if not value:
        return None
    agency = plans.find_agency(event, int(value) if value.isascii() and value.isdigit() else value)
    if agency is None:
        raise ValidationFailed({"agency": _("Not an agency of this forum.")})
    return agency


def send_renja(slug: str, user):
    """The file for one agency (`?agency=` id or name) or for every agency, logged as a download."""
    event = events.get_event(slug)
    agency = agency_arg(event, request.args.get("agency", "").strip())
    with force_locale(export_language()):
        content = renja.write(event, agency)
    records.handed_out("export.downloaded", event=event, user=user, what="renja.xlsx",
                       agency=agency.id if agency else None)
    name = f"renja-{(agency.short_name or agency.name) if agency else 'semua'}-{event.slug}.xlsx"
    return send_file(BytesIO(content), mimetype=XLSX, as_attachment=True,
                     download_name=name.replace(" ", "-").lower(), max_age=0)


@bp.get("/events/<slug>/exports/renja.xlsx")
@staff_required("organiser")
def renja_download(slug):
    return send_renja(slug, current_user._get_current_object())
