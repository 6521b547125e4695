"""The participant list for organisers."""
from flask import jsonify
from flask_babel import gettext as _

from forum.actions import people, records
from forum.api import bp
from forum.api.common import json_body, query_arg, query_text
from forum.contract.requests import read_participant_edit
from forum.errors import ValidationFailed
from forum.ratelimits import search_limit
from forum.security import require_staff
from forum.serialise import participant_json
from forum.services import events, registration


@bp.get("/events/<slug>/participants")
@search_limit
def list_participants(slug):
    user = require_staff("organiser")
    event = events.get_event(slug)
    filters = {"q": query_text("q"), "attendance": query_arg("attendance", registration.ATTENDANCE_VALUES),
               "status": query_arg("status", registration.STATUS_VALUES),
               "role": query_arg("role", registration.ROLE_VALUES)}
    found = registration.search_participants(event, **filters, contacts=True)
    body = {"participants": [participant_json(p, contact=True) for p in found]}
    # Contact details leave the server: say who took how many (not the search text: it may be a phone number).
    records.handed_out("participants.read", event=event, user=user, count=len(found),
                       filters=sorted(name for name, value in filters.items() if value), via="api")
    return jsonify(body)


@bp.get("/events/<slug>/participants/<int:participant_id>")
def get_participant(slug, participant_id):
    user = require_staff("organiser")
    event = events.get_event(slug)
    participant = registration.get_participant(event, participant_id)
    body = participant_json(participant, contact=True)
    records.handed_out("participant.read", event=event, user=user, target=participant, via="api")
    return jsonify(body)


@bp.patch("/events/<slug>/participants/<int:participant_id>")
def update_participant(slug, participant_id):
    user = require_staff("organiser")
    participant = registration.get_participant(events.get_event(slug), participant_id)
    people.update_participant(participant, read_participant_edit(json_body()), actor=user)
    return jsonify(participant_json(participant, contact=True))


@bp.post("/events/<slug>/participants/<int:participant_id>/merge")
def merge_participant(slug, participant_id):
    """Participant `participant_id` is the same person as `into`: merged into it and deleted (extension)."""
    user = require_staff("organiser")
    event = events.get_event(slug)
    data = json_body()
    into = data.get("into") if isinstance(data, dict) else None
    if isinstance(into, bool) or not isinstance(into, int):
        raise ValidationFailed({"into": _("Must be the id of another participant of this forum.")})
    registration.get_participant(event, participant_id)  # 404 before anything else
    kept = people.merge_participants(event, participant_id, into, actor=user)
    return jsonify(participant_json(kept, contact=True))
