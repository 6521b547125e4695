"""Agenda, session control, materials and announcements."""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import agenda as agenda_actions
from forum.api import bp
from forum.api.common import json_body
from forum.contract.requests import read_delay, read_material_update, read_session_edit, read_state_change
from forum.errors import DomainError, Forbidden, Unauthenticated, ValidationFailed
from forum.ratelimits import upload_limit
from forum.security import bearer_token, current_participant, require_staff, staff_may
from forum.serialise import iso, material_json, session_json, site_root
from forum.services import agenda, events, materials


def _is_staff() -> bool:
    return staff_may("moderator")


def _session_body(event, session):
    return session_json(session, event.timezone, base_url=site_root(), staff=_is_staff())


@bp.get("/events/<slug>/agenda")
def get_agenda(slug):
    event = events.get_event(slug)
    return jsonify(agenda.agenda_payload(event, staff=_is_staff()))


@bp.post("/events/<slug>/sessions")
def create_session(slug):
    user = require_staff("organiser")
    event = events.get_event(slug)
    session = agenda_actions.save_session(event, read_session_edit(json_body()), actor=user)
    return jsonify(_session_body(event, session)), 201


@bp.patch("/events/<slug>/sessions/<int:session_id>")
def update_session(slug, session_id):
    user = require_staff("organiser")
    event = events.get_event(slug)
    session = agenda_actions.save_session(event, read_session_edit(json_body()), agenda.get_session(event, session_id),
                                         actor=user)
    return jsonify(_session_body(event, session))


@bp.post("/events/<slug>/sessions/<int:session_id>/state")
def change_state(slug, session_id):
    user = require_staff("moderator")
    event = events.get_event(slug)
    session = agenda.get_session(event, session_id)
    agenda_actions.change_state(event, session, read_state_change(json_body()), actor=user)
    return jsonify(_session_body(event, session))


@bp.post("/events/<slug>/agenda/next")
def start_next_session(slug):
    """Extension: end the running session and start the next one."""
    user = require_staff("moderator")
    event = events.get_event(slug)
    session = agenda_actions.start_next(event, actor=user)
    return jsonify(agenda.agenda_payload(event, staff=True) | {"started_session_id": session.id if session else None})


@bp.post("/events/<slug>/agenda/delay")
def delay_agenda(slug):
    """Extension: shift the running session's end and every later scheduled session."""
    user = require_staff("moderator")
    event = events.get_event(slug)
    agenda_actions.delay(event, read_delay(json_body()), actor=user)
    return jsonify(agenda.agenda_payload(event, staff=True))


@bp.post("/events/<slug>/announcements")
def create_announcement(slug):
    user = require_staff("moderator")
    event = events.get_event(slug)
    announcement = agenda_actions.announce(event, json_body().get("text"), actor=user)
    return jsonify({"text": announcement.text, "at": iso(announcement.at, event.timezone)}), 201


@bp.get("/events/<slug>/announcements")
def list_announcements(slug):
    """Extension: the latest announcements, newest first."""
    event = events.get_event(slug)
    return jsonify({"announcements": [{"text": a.text, "at": iso(a.at, event.timezone)}
                                      for a in agenda.recent_announcements(event)]})


def _uploader(event, session):
    """A moderator, or a speaker of this session through their personal link or Bearer token."""
    if current_user.is_authenticated:
        return require_staff("moderator"), None
    participant = current_participant(event)
    if participant is None:
        if bearer_token() is not None:
            raise Unauthenticated("invalid_token", _("This token is not valid."))
        raise Unauthenticated("unauthenticated", _("Please log in first."))
    if not agenda.is_speaker_of(participant, session):
        raise Forbidden("forbidden", _("Only this session's speakers and the moderators can upload materials."))
    return None, participant


def _form_bool(name: str) -> bool:
    value = request.form.get(name, "false").strip().lower()
    if value not in {"true", "false", "1", "0", "on", ""}:
        raise ValidationFailed({name: _("Must be true or false.")})
    return value in {"true", "1", "on"}


@bp.post("/events/<slug>/sessions/<int:session_id>/materials")
@upload_limit
def upload_material(slug, session_id):
    event = events.get_event(slug)
    session = agenda.get_session(event, session_id)
    user, participant = _uploader(event, session)
    if not request.mimetype.startswith("multipart/form-data"):
        raise DomainError("unsupported_media_type", _("Send the file as multipart/form-data."))
    replaces_id = None
    if request.form.get("replaces"):
        try:
            replaces_id = int(request.form["replaces"])
        except ValueError:
            raise ValidationFailed({"replaces": _("Must be a whole number.")}) from None
    material = agenda_actions.upload_material(
        event, session, request.files.get("file"), title=request.form.get("title"),
        published=_form_bool("published"), publish_on_start=_form_bool("publish_on_start"),
        replaces_id=replaces_id, user=user, participant=participant)
    return jsonify(material_json(material, site_root())), 201


@bp.patch("/events/<slug>/materials/<int:material_id>")
def update_material(slug, material_id):
    user = require_staff("moderator")
    event = events.get_event(slug)
    material = materials.get_material(event, material_id)
    agenda_actions.update_material(material, read_material_update(json_body()), user=user)
    return jsonify(material_json(material, site_root()))
