"""Events and registration."""
from flask import current_app, jsonify

from forum.actions import forums, people
from forum.api import bp
from forum.api.answers import result_status
from forum.api.common import json_body
from forum.contract.requests import read_forum_settings, read_registration
from forum.extensions import limiter
from forum.security import require_staff, staff_may
from forum.serialise import event_json, participant_json
from forum.services import events
from forum.urls import personal_url, qr_png_url, qr_svg_url


@bp.get("/events")
def list_events():
    return jsonify({"events": [event_json(e) for e in events.list_events()]})


@bp.get("/events/<slug>")
def get_event(slug):
    return jsonify(event_json(events.get_event(slug)))


@bp.post("/events")
def create_event():
    user = require_staff("organiser")
    event = forums.create_forum(read_forum_settings(json_body()), actor=user)
    return jsonify(event_json(event)), 201


@bp.patch("/events/<slug>")
def update_event(slug):
    user = require_staff("organiser")
    event = events.get_event(slug)
    forums.update_forum(event, read_forum_settings(json_body()), actor=user)
    return jsonify(event_json(event))


def _registration_limit_exempt() -> bool:
    """This forum's staff with a Bearer token (an organiser's import script) are not rate-limited."""
    return staff_may("checkin")


@bp.post("/events/<slug>/registrations")
@limiter.limit(lambda: current_app.config["FORUM_REGISTRATION_LIMIT"], exempt_when=_registration_limit_exempt)
def register(slug):
    event = events.get_event(slug)
    registered = people.register(event, read_registration(json_body()))
    participant = registered.participant
    body = participant_json(participant)
    body.update(personal_url=personal_url(participant), qr_png_url=qr_png_url(participant),
                qr_svg_url=qr_svg_url(participant))
    return jsonify(body), result_status(registered.result)
