"""The `/live` namespace: who may connect and which rooms they join.

Connect with `auth: {"event": "<slug>", "token"?: "<access token or API token>"}` or a browser
session. A bad forum or token refuses the connection; without a token a visitor joins as the public
(the agenda is public). On connect the server sends `agenda` at once.
"""
from __future__ import annotations

import logging
import threading
import time

from flask import current_app, request, session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, Namespace, emit, join_room

from forum import lifecycle
from forum.db import read_only_transactions
from forum.extensions import db
from forum.models import Event, Participant, User
from forum.realtime import rooms
from forum.security import PARTICIPANT_SESSION_KEY
from forum.services import presence

NAMESPACE = "/live"
# The live page sends no events after connecting: a connection sending more than EVENT_RATE events a
# second (after a burst of EVENT_BURST) is flooding, and is closed; the others carry on.
EVENT_RATE = 20.0
EVENT_BURST = 20

log = logging.getLogger(__name__)

# sid -> who is connected (kept per process; Redis carries the emits between processes).
connections: dict[str, dict] = {}
_budget_lock = threading.Lock()


def _identify(auth: dict, event: Event) -> tuple[User | None, Participant | None]:
    from forum.services.accounts import user_for_token
    from forum.services.registration import participant_for_access_token

    token = auth.get("token")
    if token is not None:
        if not isinstance(token, str):
            raise ConnectionRefusedError("invalid_token")
        user = user_for_token(token)
        if user is not None:
            return user, None
        participant = participant_for_access_token(token)
        if participant is None or participant.event_id != event.id or participant.status != "registered":
            raise ConnectionRefusedError("invalid_token")
        return None, participant
    if current_user.is_authenticated:
        return current_user._get_current_object(), None
    if session.get(PARTICIPANT_SESSION_KEY):
        participant = participant_for_access_token(session[PARTICIPANT_SESSION_KEY])
        if participant is not None and participant.event_id == event.id and participant.status == "registered":
            return None, participant
    return None, None


def _within_budget(info: dict) -> bool:
    """Token bucket: each event costs one token; tokens come back at EVENT_RATE a second."""
    now = time.monotonic()
    with _budget_lock:
        tokens = min(EVENT_BURST, info.get("tokens", EVENT_BURST) + (now - info.get("at", now)) * EVENT_RATE) - 1
        info["tokens"], info["at"] = tokens, now
    return tokens >= 0


class LiveNamespace(Namespace):
    """Registered on every app's Socket.IO server by create_app()."""

    def trigger_event(self, event, *args):
        """Every event from a client passes here, handled or not: it is counted against its connection's
        budget, and a client that overspends it is disconnected."""
        if event not in ("connect", "disconnect"):
            sid = args[0] if args else None
            info = connections.get(sid)
            if info is None:  # not (or no longer) connected here
                return None
            if not _within_budget(info):
                eio_sid = self.server.manager.eio_sid_from_sid(sid, self.namespace)
                if eio_sid is not None:  # (None would close every connection of the server)
                    log.warning("closing Socket.IO connection %s: more than %s events a second", sid, EVENT_RATE)
                    self.server.eio.disconnect(eio_sid)
                return None
        return super().trigger_event(event, *args)

    def on_connect(self, auth=None):
        from forum.services import agenda

        auth = auth if isinstance(auth, dict) else {}
        slug = auth.get("event")
        lifecycle.ensure_started(current_app._get_current_object())  # before this session writes anything
        read_only_transactions.set(False)
        try:
            event = db.session.query(Event).filter_by(slug=slug).one_or_none() if isinstance(slug, str) else None
            if event is None:
                raise ConnectionRefusedError("unknown_event")
            user, participant = _identify(auth, event)
            is_staff = user is not None
            is_moderator = bool(user and user.has_role("moderator"))
            join_room(rooms.everyone(event.id))
            join_room(rooms.staff(event.id) if is_staff else rooms.audience(event.id))
            if is_moderator:
                join_room(rooms.moderators(event.id))
            connections[request.sid] = {"event_id": event.id, "user_id": getattr(user, "id", None),
                                        "participant_id": getattr(participant, "id", None), "staff": is_staff,
                                        "moderator": is_moderator}
            emit("agenda", agenda.agenda_payload(event, staff=is_staff))
            if participant is not None:
                presence.joined(event, participant, request.sid, lifecycle.server_id())
                db.session.commit()
                announce_attendance(event)
        finally:
            db.session.remove()

    def on_disconnect(self, *_args):
        info = connections.pop(request.sid, None)
        if not info or not info["participant_id"]:
            return
        try:
            read_only_transactions.set(False)
            if presence.left(request.sid):
                db.session.commit()
                event = db.session.get(Event, info["event_id"])
                if event is not None:
                    announce_attendance(event)
        finally:
            db.session.remove()


def announce_attendance(event) -> None:
    from forum.realtime import emit as emitter

    emitter.attendance(event)
