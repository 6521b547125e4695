"""Attendance (the ledger as JSON) and the export files under /api/v1 (organisers)."""
from flask import jsonify

from forum.api import bp
from forum.exports.download import send_export
from forum.security import require_staff
from forum.serialise import iso, participant_json
from forum.services import events
from forum.services.attendance import AttendanceRow, Ledger


def attendance_row_json(row: AttendanceRow, tz: str) -> dict:
    return {"participant": participant_json(row.participant), "checked_in_at": iso(row.checked_in_at, tz),
            "desk": row.desk, "online_first_joined_at": iso(row.online_first_joined_at, tz),
            "online_minutes": row.online_minutes, "present": row.present}


@bp.get("/events/<slug>/attendance")
def attendance(slug):
    require_staff("organiser")
    event = events.get_event(slug)
    ledger = Ledger(event)
    tz = event.timezone
    return jsonify({"summary": ledger.summary(), "rows": [attendance_row_json(r, tz) for r in ledger.rows()]})


@bp.get("/events/<slug>/exports/<any(attendance, inputs, minutes):name>.<any(csv, xlsx, pdf, docx):fmt>")
def export_file(slug, name, fmt):
    user = require_staff("organiser")
    return send_export(slug, name, fmt, user)


@bp.get("/events/<slug>/exports/notes.<any(pdf, docx):notes_format>")
def notes_file(slug, notes_format):
    """The notulen (moderators and up; the other export files are for organisers)."""
    user = require_staff("moderator")
    return send_export(slug, "notes", notes_format, user)
