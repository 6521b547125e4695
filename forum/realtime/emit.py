"""Every emit of the app goes through here, always after the database commit."""
from __future__ import annotations

import threading
import time

from flask import current_app
from sqlalchemy import event as sa_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from forum.db import read_only_transactions
from forum.extensions import db, socketio
from forum.realtime import rooms
from forum.realtime.live import NAMESPACE


def _send(name: str, payload, room: str) -> None:
    socketio.emit(name, payload, to=room, namespace=NAMESPACE)


def checkin(event, body: dict) -> None:
    payload = {"participant": body["participant"], "checked_in_at": body["checked_in_at"], "desk": body["desk"]}
    for key in ("note", "deputy_for"):
        if key in body:
            payload[key] = body[key]
    _send("checkin", payload, rooms.staff(event.id))


def checkin_outcomes(event, outcomes) -> None:
    """After the commit: tell the door view about every new (or moved) check-in among `outcomes`."""
    changed = [o for o in outcomes if o.new_checkin or o.moved_earlier]
    for outcome in changed:
        checkin(event, outcome.body)
    if changed:
        attendance(event)


ATTENDANCE_INTERVAL = 0.5  # seconds: during a burst of scans the counts go out at most twice a second
_attendance_lock = threading.Lock()


def _throttle_state(app) -> tuple[dict[int, float], set[int]]:
    """Per app (tests run many apps in one process): last send time per forum, pending forums."""
    return app.extensions.setdefault("forum_attendance_throttle", ({}, set()))


def attendance(event, *, at_once: bool = False) -> None:
    """The counts to staff: at once for the first change, then coalesced — a burst of check-ins
    sends one summary per interval (the last one always goes out), not one per scan. `at_once`
    skips the coalescing (a stopping process has no time for a later send)."""
    from forum.services.attendance import summary

    if at_once:
        _send("attendance", summary(event), rooms.staff(event.id))
        return
    app = current_app._get_current_object()
    last, pending = _throttle_state(app)
    now = time.monotonic()
    with _attendance_lock:
        wait = last.get(event.id, 0.0) + ATTENDANCE_INTERVAL - now
        if wait > 0:
            if event.id in pending:
                return
            pending.add(event.id)
        else:
            last[event.id] = now
    if wait <= 0:
        _send("attendance", summary(event), rooms.staff(event.id))
        return
    socketio.start_background_task(_send_attendance_later, app, event.id, wait)


def _send_attendance_later(app, event_id: int, wait: float) -> None:
    from forum.models import Event
    from forum.services.attendance import summary

    socketio.sleep(wait)
    last, pending = _throttle_state(app)
    with _attendance_lock:
        pending.discard(event_id)
        last[event_id] = time.monotonic()
    try:
        with app.app_context():
            read_only_transactions.set(True)
            event = db.session.get(Event, event_id)
            if event is not None:
                _send("attendance", summary(event), rooms.staff(event.id))
            db.session.remove()
    except OperationalError as exc:  # the database is away: the next change sends the counts again
        app.logger.warning("attendance update for event %s skipped: %s", event_id, exc.orig)
    except Exception:  # noqa: BLE001  (a late update must never crash a worker thread)
        app.logger.exception("attendance update for event %s failed", event_id)


def agenda(event) -> None:
    """Moderators (and up) see unpublished materials in the agenda; the audience and the desks do not."""
    from forum.services.agenda import agenda_payload

    public = agenda_payload(event, staff=False)
    _send("agenda", public, rooms.audience(event.id))
    _send("agenda", public, rooms.desk(event.id))
    _send("agenda", agenda_payload(event, staff=True), rooms.moderators(event.id))


def material(event, material) -> None:
    """A published material to everyone; an unpublished one to the moderators only (not the desks)."""
    from forum.api.schemas import material_json

    payload = {"session_id": material.session_id, "material": material_json(material)}
    _send("material", payload, rooms.everyone(event.id) if material.published else rooms.moderators(event.id))


def session_changed(event, session, published_before: set[int]) -> None:
    """After a session started, paused, ended…: the agenda, then a `material` event for each of
    its materials that starting it published ("publish when the session starts")."""
    agenda(event)
    for item in session.materials:
        if item.published and item.id not in published_before:
            material(event, item)


def material_changed(event, item, was_published: bool) -> None:
    """After a material was edited: `material` when it is or was public, and the agenda."""
    if item.published != was_published or item.published:
        material(event, item)
    agenda(event)


def announcement(event, announcement) -> None:
    from forum.api.schemas import iso

    _send("announcement", {"text": announcement.text, "at": iso(announcement.at, event.timezone)},
          rooms.everyone(event.id))


def _public(status, pinned) -> bool:
    return status == "accepted" or bool(pinned)


@sa_event.listens_for(Session, "before_flush")
def _note_withdrawn_inputs(session, _flush_context, _instances) -> None:
    """Remember, for this session, the inputs that stop being public (accepted or pinned) in this flush,
    whoever changed them: the audience is told to take them off its screens (`input_changed`)."""
    from forum.models import Input

    for item in session.dirty:
        if not isinstance(item, Input) or item.id is None:
            continue
        state = sa_inspect(item)
        status, pinned = state.attrs.status.history, state.attrs.pinned.history
        before = _public(status.deleted[0] if status.deleted else item.status,
                         pinned.deleted[0] if pinned.deleted else item.pinned)
        if before and not _public(item.status, item.pinned):
            session.info.setdefault("withdrawn_inputs", set()).add(item.id)


def input_changed(event, item, body: dict) -> None:
    """Moderators see every change; everyone sees accepted or pinned inputs (as the public sees them:
    overlaps with public inputs only, no history), and is told with `input_withdrawn` (an extension:
    `{"id"}` only) when one of them stops being public."""
    from forum.api.schemas import inputs_seen_by

    _send("input", {"input": body}, rooms.moderators(event.id))
    if _public(item.status, item.pinned):
        _send("input", {"input": inputs_seen_by([body], None)[0]}, rooms.audience(event.id))
    elif item.id in db.session.info.get("withdrawn_inputs", ()):
        _send("input_withdrawn", {"id": item.id}, rooms.audience(event.id))
