"""Every emit of the app goes through here, always after the database commit."""
from __future__ import annotations

import threading
import time

from flask import current_app, has_app_context
from sqlalchemy.exc import OperationalError

from forum.db import read_only_transactions
from forum.extensions import db, socketio
from forum.realtime import rooms
from forum.realtime.live import NAMESPACE


def _send(name: str, payload, room: str) -> None:
    if name in CHANGE_THE_AGENDA:
        _newcomers_agenda().changed()
    _server().emit(name, payload, to=room, namespace=NAMESPACE)


def _server():
    """The Socket.IO server of the app sending: the process's one `socketio` is bound to the latest app made
    (tests make many), and a background task of an earlier app must not reach the later app's clients."""
    own = current_app.extensions.get("forum_socketio_server") if has_app_context() else None
    return own or socketio.server


def checkin(event, body: dict) -> None:
    payload = {"participant": body["participant"], "checked_in_at": body["checked_in_at"], "desk": body["desk"]}
    for key in ("note", "deputy_for"):
        if key in body:
            payload[key] = body[key]
    _send("checkin", payload, rooms.staff(event.id))


# seconds: during a burst of scans or of pages opening, a process sends a forum's counts at most once a second
# (each summary reads the whole forum's attendance; a storm of connects asked for one per batch of pages)
ATTENDANCE_INTERVAL = 1.0
_attendance_lock = threading.Lock()


def _throttle_state(app) -> tuple[dict[int, float], set[int]]:
    """Per app (tests run many apps in one process): last send time per forum, pending forums."""
    return app.extensions.setdefault("forum_attendance_throttle", ({}, set()))


def _later_sends(app) -> list[int]:
    """Per app: how many coalesced summaries are scheduled and not yet sent (or given up)."""
    return app.extensions.setdefault("forum_attendance_later", [0])


def pending_attendance(app) -> bool:
    """Whether a summary of this app's is still to be sent (coalesced for later)."""
    return _later_sends(app)[0] > 0


def attendance(event, *, at_once: bool = False) -> None:
    """The counts to staff, coalesced: a burst of check-ins sends one summary per forum per interval (the first
    at once, the last one always), not one per scan. Read and sent by a background task, never inside the
    request: the summary's reads (a transaction and three queries over the whole forum) made the scan that asked
    for them one of the slowest, about one scan a second per process (docs/PERFORMANCE.md). `at_once` reads and
    sends here (a stopping process has no time for a later send)."""
    from forum.services.attendance import summary

    if at_once:
        _send("attendance", summary(event), rooms.staff(event.id))
        return
    app = current_app._get_current_object()
    last, pending = _throttle_state(app)
    now = time.monotonic()
    with _attendance_lock:
        wait = max(0.0, last.get(event.id, 0.0) + ATTENDANCE_INTERVAL - now)
        if event.id in pending:
            return
        pending.add(event.id)
        _later_sends(app)[0] += 1
    socketio.start_background_task(_send_attendance_later, app, event.id, wait)


def _send_attendance_later(app, event_id: int, wait: float) -> None:
    try:
        _send_summary_after(app, event_id, wait)
    finally:
        with _attendance_lock:
            _later_sends(app)[0] -= 1


def _send_summary_after(app, event_id: int, wait: float) -> None:
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


# how often a newcomer's agenda is sent again when changes keep passing while it is sent (a moderator's clicks)
NEWCOMER_RESENDS = 5


def agenda_to_newcomer(event, *, staff: bool) -> None:
    """The contract's `agenda` at once to the connection being opened (inside the connect handler). The connection
    is this process's own: the message does not go through Redis, where every process would receive it (the whole
    agenda, once per page opened anywhere) and take it for a change that drops its newcomers' agenda.

    The page has joined its rooms already, so a change sent meanwhile reaches it too — possibly before this older
    agenda, which would then stay on its screen until the next change (fifty pages reconnecting after a restart
    while the moderator started a session: a busy-core test run). A change passing through this process marks the
    newcomers' agenda changed before it is delivered here; if one passed while this page's agenda was read or sent,
    the current agenda is sent again, so the last agenda a page receives is never older than the last change."""
    from flask import request

    kept, server = _newcomers_agenda(), _server()
    for _send_again in range(NEWCOMER_RESENDS):
        generation = kept.generation
        server.emit("agenda", kept.payload(event, staff), to=request.sid, namespace=NAMESPACE, ignore_queue=True)
        if kept.generation == generation:
            return


# Building the agenda was half of what opening a live page cost (bench/fanout.py: a storm of 2,000 connects):
# newcomers of one process share one payload per forum and audience. It is dropped whenever an `agenda` or
# `material` event passes through this process — sent from here, or received from another process through
# Redis — and after NEWCOMERS_AGENDA_SECONDS at most (for a change that sends neither). A newcomer has joined
# its rooms before it is sent the payload, so a change sent meanwhile reaches it too.
CHANGE_THE_AGENDA = ("agenda", "material")
NEWCOMERS_AGENDA_SECONDS = 5.0


class NewcomersAgenda:
    def __init__(self):
        self.generation = 0
        self.entries: dict[tuple, tuple[int, float, dict]] = {}
        # One build at a time: in a storm of connects the pages that find the payload stale (a change, or its
        # 5 s run out) wait for the one being built instead of each building their own.
        self.building = threading.Lock()

    def changed(self) -> None:
        self.generation += 1
        self.entries = {}

    def _kept(self, key: tuple) -> dict | None:
        entry = self.entries.get(key)
        if entry is None or entry[0] != self.generation or time.monotonic() - entry[1] > NEWCOMERS_AGENDA_SECONDS:
            return None
        return entry[2]

    def payload(self, event, staff: bool) -> dict:
        from forum.db import utcnow
        from forum.serialise import iso, site_root
        from forum.services.agenda import agenda_payload

        key = (event.id, staff, site_root())
        kept = self._kept(key)
        if kept is None:
            with self.building:
                kept = self._kept(key)
                if kept is None:
                    generation = self.generation  # a change while this one is built leaves it unused by the next
                    # read in a transaction begun now: the connect's began before (on SQLite a snapshot), perhaps
                    # before a change whose generation is the one this payload is kept under
                    db.session.rollback()
                    kept = agenda_payload(event, staff=staff)
                    self.entries[key] = (generation, time.monotonic(), kept)
        return {**kept, "server_time": iso(utcnow(), event.timezone)}


def _newcomers_agenda() -> NewcomersAgenda:
    """The Socket.IO server's newcomers' agenda (each app has its own server); with Redis, the messages from the
    other processes drop it as they arrive."""
    server = _server()
    cache = getattr(server, "forum_newcomers_agenda", None)
    if cache is None:
        cache = server.forum_newcomers_agenda = NewcomersAgenda()
        manager = server.manager
        receive = getattr(manager, "_handle_emit", None)  # python-socketio's pub/sub managers (Redis)
        if receive is not None:
            def _handle_emit(message):
                if message.get("event") in CHANGE_THE_AGENDA:
                    cache.changed()
                return receive(message)

            manager._handle_emit = _handle_emit
    return cache


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
