"""Requests read into the services' commands: the declared shape (forum/contract/shapes.py) judges each
field's JSON type, and the contract's rules and messages finish the reading (texts trimmed, times read in
the forum's zone). A route hands a service the command, never the request's JSON; what cannot be read
comes back as field errors, which the route answers with the contract's 422."""
from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError

from forum.contract import shapes
from forum.errors import ValidationFailed
from forum.i18n import format_when
from forum.models import Event
from forum.services.agenda import Delay, SessionEdit, StateChange
from forum.services.checkin import MAX_CLIENT_ID, Scan, earliest_scan_time
from forum.services.commands import UNSET
from forum.services.events import ForumSettings
from forum.services.inputs import Moderation, Submission
from forum.services.materials import MaterialUpdate
from forum.services.registration import ParticipantEdit, Registration
from forum.services.validation import clean_text, parse_datetime


def typed(shape: type[BaseModel], data: dict) -> tuple[BaseModel, set[str]]:
    """`data` read by its declared shape, without coercion (a number is not a text, `true` not a number):
    the model of the fields that have their declared type, and the names of those that do not."""
    try:
        return shape.model_validate(data, strict=True), set()
    except ValidationError as exc:
        wrong = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
    return shape.model_validate({k: v for k, v in data.items() if k not in wrong}, strict=True), wrong


def read_scan(data, event: Event, *, door_only: bool = False) -> tuple[Scan | None, dict]:
    """One scan's command, or its field errors. `door_only`: just the desk and the `client_id` (a walk-in's
    or the confirm page's, whose person is not in the scan); the code itself is judged by the service."""
    if not isinstance(data, dict):
        return None, {"scan": _("Each scan must be a JSON object.")}
    scan, wrong = typed(shapes.Scan, data)
    errors = {}
    client_id = scan.client_id
    if "client_id" in wrong or not _a_client_id(client_id):
        errors["client_id"] = _client_id_message()
        client_id = None
    desk = ""
    try:
        desk = clean_text(data.get("desk"), max_length=100)  # its type, and its length once trimmed
    except ValueError as exc:
        errors["desk"] = str(exc)
    scanned_at = None
    if data.get("scanned_at") is not None:
        try:
            scanned_at = parse_datetime(data["scanned_at"], event.timezone)
        except ValueError as exc:
            errors["scanned_at"] = str(exc)
        else:
            earliest = earliest_scan_time(event)
            if scanned_at < earliest:
                errors["scanned_at"] = _("A scan before %(earliest)s is not accepted for this forum: check the "
                                         "device's date and time.", earliest=format_when(earliest, event.timezone))
                scanned_at = None
    if not door_only:
        if "participant_id" in wrong:  # extension: someone picked by name at the desk (no QR at hand)
            errors["participant_id"] = _("Must be a whole number.")
        elif scan.participant_id is None:
            if "code" in wrong:
                errors["code"] = _("Must be text.")
            elif scan.code is None:
                errors["code"] = _("This field is required.")
    if errors:
        return None, errors
    return Scan(code=None if door_only else scan.code, participant_id=None if door_only else scan.participant_id,
                desk=desk, client_id=client_id, scanned_at=scanned_at), {}


def _a_client_id(value) -> bool:
    """None (not sent), or a device's id for the request: a text of 1 to MAX_CLIENT_ID characters."""
    return value is None or (isinstance(value, str) and 1 <= len(value) <= MAX_CLIENT_ID)


def _client_id_message() -> str:
    return _("Must be a text of 1 to %(n)d characters (a UUID).", n=MAX_CLIENT_ID)


def read_submission(data: dict) -> Submission:
    """An input's command from the API's body or a page's form. A `client_id` that is not one is refused
    here, first (422 naming it); the service judges the rest after a replay and the session's state, in
    the contract's order."""
    if not _a_client_id(data.get("client_id")):
        raise ValidationFailed({"client_id": _client_id_message()})
    return Submission(**{name: data.get(name) for name in _fields(Submission)})


def read_moderation(data: dict) -> Moderation:
    """A moderator's decision from the API's body, each field as sent and `UNSET` when left out; a null
    `status` is refused here (it means nothing), the rest is judged by the service as a whole."""
    refuse_null(data, "status")
    return Moderation(**{name: data.get(name, UNSET) for name in _fields(Moderation)})


def refuse_null(data: dict, *names: str) -> None:
    """JSON null for a field where it means nothing (a state, a decision, a flag) is a 422 naming the field,
    not the same as leaving it out. (Optional texts take null as empty: the services read it so.)"""
    errors = {name: _("Must not be null.") for name in names if name in data and data[name] is None}
    if errors:
        raise ValidationFailed(errors)


def read_registration(data: dict) -> Registration:
    """A registration's command from the API's body or the public form, each value as sent: the service
    judges them after the forum's state (registration closed), in the contract's order."""
    return Registration(**{name: data.get(name) for name in _fields(Registration)})


def read_forum_settings(data: dict) -> ForumSettings:
    """A forum created or its settings changed, from the API's body; the service judges the values (other names
    are not read)."""
    return _partial(ForumSettings, data)


def read_participant_edit(data: dict) -> ParticipantEdit:
    """An organiser's edit of a registration, from the API's body; the service judges the values (other names
    are not read)."""
    return _partial(ParticipantEdit, data)


def read_session_edit(data: dict) -> SessionEdit:
    """A session added or edited, from the API's body; the service judges the values."""
    return _partial(SessionEdit, data)


def read_material_update(data: dict) -> MaterialUpdate:
    """A material retitled, published or unpublished, from the API's body; the service judges the values."""
    return _partial(MaterialUpdate, data)


def _partial(command, data: dict):
    """A partial command: its fields as sent (`UNSET` when left out), and for a command that keeps them, the
    names of the others in `ignored` (the audit entry lists them, as it always has)."""
    declared = [name for name in _fields(command) if name != "ignored"]
    sent = {name: data[name] for name in declared if name in data}
    if "ignored" in _fields(command):
        sent["ignored"] = tuple(name for name in data if name not in declared)
    return command(**sent)


def read_state_change(data: dict) -> StateChange:
    """A session's state change from the API's body or the control panel's form: `state`, `input_open` or
    both; one left out is left as it is, and null for either is refused (it means nothing here)."""
    if "state" not in data and "input_open" not in data:
        raise ValidationFailed({"state": _("This field is required.")})
    refuse_null(data, "state", "input_open")
    return StateChange(state=data.get("state"), input_open=data.get("input_open"))


def read_delay(data: dict) -> Delay:
    """Moving the agenda, from the API's body or the control panel's form, each value as sent."""
    return Delay(**{name: data.get(name) for name in _fields(Delay)})


def _fields(command) -> list[str]:
    return [field.name for field in dataclasses.fields(command)]
