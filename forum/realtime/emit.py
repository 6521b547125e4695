"""Every emit of the app goes through here, always after the database commit."""
from __future__ import annotations

import threading
import time

from flask import current_app
from sqlalchemy.exc import OperationalError

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


def agenda_to_newcomer(event, *, staff: bool) -> None:
    """The contract's `agenda` at once to the connection being opened (inside the connect handler)."""
    from flask import request

    from forum.services.agenda import agenda_payload

    socketio.emit("agenda", agenda_payload(event, staff=staff), to=request.sid, namespace=NAMESPACE)


def material(event, material) -> None:
    """A published material to everyone; an unpublished one to the moderators only (not the desks)."""
    from forum.serialise import material_json, site_root

    payload = {"session_id": material.session_id, "material": material_json(material, site_root())}
    _send("material", payload, rooms.everyone(event.id) if material.published else rooms.moderators(event.id))


def announcement(event, announcement) -> None:
    from forum.serialise import iso

    _send("announcement", {"text": announcement.text, "at": iso(announcement.at, event.timezone)},
          rooms.everyone(event.id))


def input_changed(event, item, body: dict) -> None:
    """Moderators see every change; everyone sees accepted or pinned inputs (as the public sees them:
    overlaps with public inputs only, no history); the author sees every change of their own input (an
    extension: rejected, deferred, merged too, with the note and the input it was merged into)."""
    from forum.services.input_views import inputs_seen_by, own_input_view
    from forum.services.inputs import is_visible

    _send("input", {"input": body}, rooms.moderators(event.id))
    if is_visible(item, None):
        _send("input", {"input": inputs_seen_by([body], None)[0]}, rooms.audience(event.id))
    if item.participant is not None:
        _send("input", {"input": own_input_view(body, item.participant)},
              rooms.participant(event.id, item.participant_id))


def input_withdrawn(event, input_id: int) -> None:
    """An input that was public stopped being public: the audience takes it off its screens (an extension:
    `{"id"}` only)."""
    _send("input_withdrawn", {"id": input_id}, rooms.audience(event.id))


def plan(event, body: dict, agency_ids) -> None:
    """A plan row as decided (an extension: `{"item": PlanItem}`) to the moderators and to the delegates of each
    agency concerned (the row's own, the one whose plan it came from, the one it moved away from)."""
    _send("plan", {"item": body}, rooms.moderators(event.id))
    for agency_id in agency_ids:
        _send("plan", {"item": body}, rooms.agency(event.id, agency_id))
