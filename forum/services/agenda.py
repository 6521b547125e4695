"""The agenda of a forum: its sessions in order, which one is live, and the payload everyone sees."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from forum.db import utcnow
from forum.domain_events import AgendaChanged, AnnouncementMade, MaterialPublished, SessionStateChanged, record
from forum.errors import NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Announcement, Event, Material, Participant, ParticipantRole, Session, SessionState
from forum.serialise import iso, session_json, site_root
from forum.services import audit, materials, prepared
from forum.services.commands import PartialCommand
from forum.services.validation import (
    MAX_RECORD_ID,
    FieldErrors,
    clean_text,
    parse_bool,
    parse_datetime,
    parse_url,
)


def sessions_of(event: Event) -> list[Session]:
    return list(db.session.scalars(
        select(Session).where(Session.event_id == event.id)
        .options(selectinload(Session.speakers), selectinload(Session.materials))
        .order_by(Session.starts_at, Session.position, Session.id)))


def current_session(sessions: list[Session]) -> Session | None:
    """The live (or paused) session; when several, the one started last."""
    running = [s for s in sessions if s.state in (SessionState.live.value, SessionState.paused.value)]
    if not running:
        return None
    return max(running, key=lambda s: (s.actual_start or s.starts_at, s.id))


def agenda_payload(event: Event, *, staff: bool = False, base_url: str | None = None) -> dict:
    """The contract's Agenda; `base_url` roots the materials' links (by default, `site_root()`)."""
    sessions = sessions_of(event)
    current = current_session(sessions)
    following = upcoming(sessions, current)
    base_url = base_url or site_root()
    return {
        "sessions": [session_json(s, event.timezone, base_url=base_url, staff=staff) for s in sessions],
        "current_session_id": current.id if current else None,
        "server_time": iso(utcnow(), event.timezone),
        # extension: what "next session" would start, for the live page and the projector
        "next_session_id": following.id if following else None,
    }


def upcoming(sessions: list[Session], current: Session | None) -> Session | None:
    """The scheduled session that comes next: the first after the current one in agenda order
    (or the first scheduled one at all when nothing after it is left)."""
    following = [s for s in sessions if s.state == SessionState.scheduled.value]
    if current is not None:
        later = [s for s in following if (s.starts_at, s.position, s.id) > (current.starts_at, current.position,
                                                                              current.id)]
        following = later or following
    return following[0] if following else None


# --- editing the agenda --------------------------------------------------------------------

STATES = {s.value for s in SessionState}
MAX_DELAY_MINUTES = 12 * 60


def get_session(event: Event, session_id) -> Session:
    """The session of `event` whose id is `session_id` (records.one_of_forum's rule: an id that is no id, or another
    forum's, finds none), by a statement kept per process (prepared.py: every input, vote and live page asks)."""
    found = None
    if isinstance(session_id, int) and not isinstance(session_id, bool) and 0 < session_id <= MAX_RECORD_ID:
        query = prepared.statement("session of a forum", lambda: select(Session).where(
            Session.id == bindparam("session_id"), Session.event_id == bindparam("event_id")))
        found = db.session.scalar(query, {"session_id": session_id, "event_id": event.id})
    if found is None:
        raise NotFound("session_not_found", _("No such session in this forum."))
    return found


def _speakers(event: Event, ids, errors: FieldErrors) -> list[Participant] | None:
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        errors.add("speaker_ids", _("Must be a list of participant ids."))
        return None
    ids = [i for i in ids if 0 < i < 2**31]
    found = list(db.session.scalars(select(Participant).where(Participant.event_id == event.id,
                                                              Participant.id.in_(ids)))) if ids else []
    if len(found) != len(set(ids)):
        errors.add("speaker_ids", _("Some of these participants are not registered for this forum."))
        return None
    return found


def _text_fields(data: dict, errors: FieldErrors, creating: bool, values: dict) -> None:
    for name, limit, required, multiline in (("title", 300, True, False), ("room", 200, False, False),
                                             ("description", 4000, False, True)):
        if name in data or (creating and required):
            value = errors.check(name, clean_text, data.get(name), max_length=limit, required=required,
                                 multiline=multiline)
            if value is not None:
                values[name] = value


def _time_fields(event: Event, data: dict, errors: FieldErrors, creating: bool, values: dict) -> None:
    for name in ("starts_at", "ends_at"):
        if name in data or creating:
            if data.get(name) is None:
                errors.add(name, _("This field is required."))
                continue
            value = errors.check(name, parse_datetime, data[name], event.timezone)
            if value is not None:
                values[name] = value


def _other_fields(data: dict, errors: FieldErrors, values: dict) -> None:
    if "stream_url" in data:
        value = errors.check("stream_url", parse_url, data["stream_url"])
        if value is not None:
            values["stream_url"] = value
    if "position" in data:
        if isinstance(data["position"], bool) or not isinstance(data["position"], int) \
                or not 0 <= data["position"] < 10_000:
            errors.add("position", _("Must be a whole number from 0 to 9999."))
        else:
            values["position"] = data["position"]


def _session_values(event: Event, data: dict, session: Session | None) -> tuple[dict, list[Participant] | None]:
    """The session's fields from `data`, validated: (values to set, speakers or None when not given)."""
    creating = session is None
    errors = FieldErrors()
    values: dict = {}
    _text_fields(data, errors, creating, values)
    _time_fields(event, data, errors, creating, values)
    _other_fields(data, errors, values)
    speakers = _speakers(event, data["speaker_ids"], errors) if "speaker_ids" in data else None
    start = values.get("starts_at", session.starts_at if session else None)
    end = values.get("ends_at", session.ends_at if session else None)
    if start and end and end <= start and "ends_at" not in errors.errors:
        errors.add("ends_at", _("The end must be after the start."))
    errors.raise_if_any()
    return values, speakers


@dataclass(frozen=True)
class SessionEdit(PartialCommand):
    """The command "add or edit a session": each field as sent, `UNSET` when left out (an edit changes only
    what it names; null is empty for the optional texts); read by forum/contract/requests.py::read_session_edit
    or built by the agenda editor's form. `ignored`: the names of the other fields the request sent, which the
    audit entry lists as it always has."""

    title: object
    starts_at: object
    ends_at: object
    room: object
    description: object
    stream_url: object
    position: object
    speaker_ids: object
    ignored: tuple[str, ...] = ()


def save_session(event: Event, command: SessionEdit, session: Session | None = None, *, actor=None) -> Session:
    """Create (session None) or edit a session; speakers get the `speaker` role."""
    data = command.values()
    creating = session is None
    values, speakers = _session_values(event, data, session)
    if creating:
        session = Session(event_id=event.id, description="", room="", stream_url="", position=0,
                          state=SessionState.scheduled.value, input_open=False)
        db.session.add(session)
    for key, value in values.items():
        setattr(session, key, value)
    if speakers is not None:
        session.speakers = speakers
        for person in speakers:
            if person.role == ParticipantRole.participant.value:
                person.role = ParticipantRole.speaker.value
    db.session.flush()
    audit.record("session.created" if creating else "session.updated", event=event, user=actor, target=session,
                 fields=command.names_sent())
    record(AgendaChanged(event.id))
    return session


def _move_to(session: Session, state: str, now) -> list[Material]:
    """The state change itself, with its actual times; returns the materials that starting it published."""
    published = []
    if state == SessionState.live.value:
        if session.actual_start is None:
            session.actual_start = now
        session.actual_end = None
        for material in session.materials:
            if material.publish_on_start and not material.published and not material.superseded:
                materials.publish(material)
                published.append(material)
    elif state == SessionState.ended.value:
        session.actual_end = now
        if session.actual_start is None:
            session.actual_start = now
        session.input_open = False
    elif state == SessionState.scheduled.value:
        session.actual_start = session.actual_end = None
    session.state = state
    return published


@dataclass(frozen=True)
class StateChange:
    """The command "change a session's state": a new state, its input opened or closed, or both (None: left
    as it is), each value as sent (forum/contract/requests.py::read_state_change); `set_state` judges them."""

    state: object = None
    input_open: object = None


def set_state(event: Event, session: Session, change: StateChange, *, actor=None) -> Session:
    """Start, pause, resume or end a session (actual times are recorded); open or close input.

    Starting a session pauses nothing else but publishes its "publish when the session starts"
    materials (each recorded as `MaterialPublished`, after the `SessionStateChanged`)."""
    state, input_open = change.state, change.input_open
    errors = FieldErrors()
    if state is not None and (not isinstance(state, str) or state not in STATES):
        errors.add("state", _("State must be one of scheduled, live, paused, ended."))
    if input_open is not None:
        errors.check("input_open", parse_bool, input_open)
    errors.raise_if_any()
    old = session.state
    published = _move_to(session, state, utcnow()) if state is not None and state != old else []
    if input_open is not None:
        session.input_open = input_open
    audit.record("session.state", event=event, user=actor, target=session, old=old, new=session.state,
                 input_open=session.input_open)
    record(SessionStateChanged(event.id, session_id=session.id, old=old, new=session.state))
    for material in published:
        record(MaterialPublished(event.id, material_id=material.id))
    return session


def next_session(event: Event, *, actor=None) -> Session | None:
    """End what is running and start the next scheduled session in agenda order."""
    sessions = sessions_of(event)
    current = current_session(sessions)
    if current is not None:
        set_state(event, current, StateChange(state=SessionState.ended.value), actor=actor)
    following = upcoming(sessions, current)
    if following is None:
        record(AgendaChanged(event.id))  # the agenda is shown again as it is, as when something ended
        return None
    return set_state(event, following, StateChange(state=SessionState.live.value), actor=actor)


@dataclass(frozen=True)
class Delay:
    """The command "move the agenda": by `minutes` (a whole number, not 0), from the session `session_id` on
    (by default the running one); each value as sent, judged by `delay` and the session's lookup."""

    minutes: object = None
    session_id: object = None


def delay(event: Event, minutes, *, from_session: Session | None = None, actor=None) -> list[Session]:
    """"Mundur 15 menit": shift this session (if not started) and every later scheduled one."""
    valid = isinstance(minutes, int) and not isinstance(minutes, bool) and 0 < abs(minutes) <= MAX_DELAY_MINUTES
    if not valid:
        raise ValidationFailed({"minutes": _("Must be a whole number of minutes, not 0, at most %(n)d.",
                                             n=MAX_DELAY_MINUTES)})
    sessions = sessions_of(event)
    anchor = from_session or current_session(sessions)
    shift = timedelta(minutes=minutes)
    moved = []
    for s in sessions:
        if s.state != SessionState.scheduled.value:
            continue
        if anchor is not None and s is not anchor and (s.starts_at, s.position, s.id) < (
                anchor.starts_at, anchor.position, anchor.id):
            continue
        s.starts_at += shift
        s.ends_at += shift
        moved.append(s)
    if anchor is not None and anchor.state != SessionState.scheduled.value:
        anchor.ends_at += shift  # the running session runs longer
    audit.record("agenda.delayed", event=event, user=actor, minutes=minutes, sessions=[s.id for s in moved])
    record(AgendaChanged(event.id))
    return moved


def announce(event: Event, text, *, actor=None) -> Announcement:
    errors = FieldErrors()
    text = errors.check("text", clean_text, text, max_length=500, required=True, multiline=True)
    errors.raise_if_any()
    announcement = Announcement(event_id=event.id, text=text, user_id=getattr(actor, "id", None))
    db.session.add(announcement)
    db.session.flush()
    record(AnnouncementMade(event.id, announcement_id=announcement.id))
    return announcement


def recent_announcements(event: Event, limit: int = 10) -> list[Announcement]:
    return list(db.session.scalars(select(Announcement).where(Announcement.event_id == event.id)
                                   .order_by(Announcement.at.desc(), Announcement.id.desc()).limit(limit)))


def is_speaker_of(participant: Participant | None, session: Session) -> bool:
    return participant is not None and any(p.id == participant.id for p in session.speakers)


