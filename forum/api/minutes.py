"""Extension: the berita acara's details and its finalisation."""
from flask import jsonify

from forum.actions import inputs as input_actions
from forum.api import bp
from forum.api.common import json_body
from forum.security import require_staff
from forum.serialise import iso
from forum.services import events, minutes


def minutes_json(event, item, verified) -> dict:
    return {"number": item.number if item else "", "chair": item.chair if item else "",
            "chair_position": item.chair_position if item else "", "points": list(item.points) if item else [],
            "finalised_at": iso(item.finalised_at, event.timezone) if item else None,
            "content_hash": item.content_hash if item else "", "verified": verified}


@bp.get("/events/<slug>/minutes")
def get_minutes(slug):
    require_staff("moderator")
    event = events.get_event(slug)
    return jsonify(minutes_json(event, minutes.peek_minutes(event), minutes.verify(event)))


@bp.patch("/events/<slug>/minutes")
def update_minutes(slug):
    user = require_staff("organiser")
    event = events.get_event(slug)
    item = input_actions.update_minutes(event, json_body(), user=user)
    return jsonify(minutes_json(event, item, minutes.verify(event)))


@bp.post("/events/<slug>/minutes/finalise")
def finalise_minutes(slug):
    user = require_staff("organiser")
    event = events.get_event(slug)
    item = input_actions.finalise_minutes(event, user=user)
    return jsonify(minutes_json(event, item, minutes.verify(event)))
