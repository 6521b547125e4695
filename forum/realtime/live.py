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
from flask_socketio import ConnectionRefusedError, Namespace, join_room

from forum import lifecycle
from forum.db import read_only_transactions, utcnow
from forum.extensions import db
from forum.models import Event, User
from forum.realtime import presence, rooms
from forum.security import PARTICIPANT_SESSION_KEY
from forum.services import presence as presence_service
from forum.services.presence import Joined, Left, LiveParticipant
from forum.services.validation import unstorable_reason

NAMESPACE = "/live"
# The live page sends no events after connecting: a connection sending more than EVENT_RATE events a
# second (after a burst of EVENT_BURST) is flooding, and is closed; the others carry on.
EVENT_RATE = 20.0
EVENT_BURST = 20
# Socket.IO's own event names. Only the server raises them (for a connection opening or closing); a
# client sending an event with one of these names is refused, and the event counts against its budget.
RESERVED_EVENTS = ("connect", "connect_error", "disconnect", "disconnecting")
# Connections opened per client address (per process: behind nginx's ip_hash one address always reaches
# the same process). A venue's Wi-Fi puts hundreds of phones behind one address, and when it comes back
# after a drop they all reconnect within a few seconds: a burst of CONNECT_BURST, then CONNECT_RATE a
# second (docs/SECURITY.md explains the numbers). Apps may set FORUM_LIVE_CONNECT_BURST/_RATE.
CONNECT_BURST = 600
CONNECT_RATE = 10.0

# In a storm of connects (a venue's Wi-Fi back, a process restarted) at most half of a process's database
# connections (FORUM_DB_POOL_SIZE) open live pages at once: the others wait their turn here, for up to
# CONNECT_WAIT seconds (a browser's socket.io-client gives up after 20), instead of failing after the pool's own
# timeout, and check-ins and page requests keep the other half of the pool (bench/fanout.py, connect storm).
CONNECT_WAIT = 20.0

log = logging.getLogger(__name__)

_budget_lock = threading.Lock()


def _identify(auth: dict, event: Event) -> tuple[User | None, LiveParticipant | None]:
    from forum.services.accounts import user_for_token

    token = auth.get("token")
    if token is not None:
        if not isinstance(token, str):
            raise ConnectionRefusedError("invalid_token")
        user = user_for_token(token)
        if user is not None:
            return user, None
        participant = presence_service.participant_on_link(event, token)
        if participant is None:
            raise ConnectionRefusedError("invalid_token")
        return None, participant
    if current_user.is_authenticated:
        return current_user._get_current_object(), None
    if session.get(PARTICIPANT_SESSION_KEY):
        return None, presence_service.participant_on_link(event, session[PARTICIPANT_SESSION_KEY])
    return None, None


def take_token(bucket: dict, burst: float, rate: float, now: float | None = None) -> bool:
    """Token bucket: an allowed call costs one token; tokens come back at `rate` a second, up to `burst`."""
    now = time.monotonic() if now is None else now
    with _budget_lock:
        tokens = min(burst, bucket.get("tokens", burst) + (now - bucket.get("at", now)) * rate)
        allowed = tokens >= 1
        bucket["tokens"], bucket["at"] = tokens - 1 if allowed else tokens, now
    return allowed


def client_address(environ: dict, trusted_proxies: int) -> str:
    """The client's address as the app's HTTP side sees it. Socket.IO's middleware sits outside
    werkzeug's ProxyFix, so its requests carry the proxy's address: X-Forwarded-For is read here the
    way ProxyFix reads it (the `trusted_proxies`-th address from the right)."""
    forwarded = [a.strip() for a in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if trusted_proxies and len(forwarded) >= trusted_proxies and forwarded[-trusted_proxies]:
        return forwarded[-trusted_proxies]
    return environ.get("REMOTE_ADDR") or "?"


def connections_of(app) -> dict[str, dict]:
    """sid -> who is connected, kept per app (Redis carries the emits between processes; a process of the test
    suite runs many apps, and one app's connection is none of another's, whose ids name other people)."""
    return app.extensions.setdefault("forum_live_connections", {})


def _connect_gate(app) -> threading.BoundedSemaphore:
    gate = app.extensions.get("forum_live_connect_gate")
    if gate is None:
        share = max(1, int(app.config.get("FORUM_DB_POOL_SIZE") or 2) // 2)
        gate = app.extensions.setdefault("forum_live_connect_gate", threading.BoundedSemaphore(share))
    return gate


def _may_connect(app, address: str) -> bool:
    """The per-address connect budget (off with FORUM_RATELIMIT=0, like every limit)."""
    if not app.config.get("RATELIMIT_ENABLED", True):
        return True
    burst = float(app.config.get("FORUM_LIVE_CONNECT_BURST", CONNECT_BURST))
    rate = float(app.config.get("FORUM_LIVE_CONNECT_RATE", CONNECT_RATE))
    buckets: dict[str, dict] = app.extensions.setdefault("forum_live_connects", {})
    now = time.monotonic()
    if len(buckets) > 10_000:  # forget the addresses whose budget is whole again
        with _budget_lock:
            for key, bucket in list(buckets.items()):
                if bucket.get("tokens", burst) + (now - bucket.get("at", now)) * rate >= burst:
                    buckets.pop(key, None)
    bucket = buckets.setdefault(address, {})
    if take_token(bucket, burst, rate, now):
        bucket.pop("refusing", None)
        return True
    if not bucket.get("refusing"):  # log the first refusal of a run, not every one
        bucket["refusing"] = True
        log.warning("refusing Socket.IO connections from %s: more than %s a second", address, rate)
    return False


class LiveNamespace(Namespace):
    """Registered on every app's Socket.IO server by create_app()."""

    def __init__(self, namespace: str, app):
        super().__init__(namespace)
        self.connections = connections_of(app)

    def trigger_event(self, event, *args):
        """Every event passes here, handled or not. python-socketio raises `connect` while the connection
        is pending (not yet connected) and `disconnect` while it is being closed; anything else, whatever
        its name, comes from a connected client: it is counted against its connection's budget (a client
        that overspends it is disconnected), and reserved names are refused."""
        sid = args[0] if args else None
        manager = self.server.manager
        if event == "connect" and manager.is_pre_connected(sid, self.namespace):
            return super().trigger_event(event, *args)
        if event == "disconnect" and sid in manager.pending_disconnect.get(self.namespace, ()):
            return super().trigger_event(event, *args)
        info = self.connections.get(sid)
        if info is None:  # not (or no longer) connected here
            return None
        if not take_token(info, EVENT_BURST, EVENT_RATE):
            eio_sid = manager.eio_sid_from_sid(sid, self.namespace)
            if eio_sid is not None:  # (None would close every connection of the server)
                log.warning("closing Socket.IO connection %s: more than %s events a second", sid, EVENT_RATE)
                self.server.eio.disconnect(eio_sid)
            return None
        if not isinstance(event, str) or event in RESERVED_EVENTS:
            log.info("Socket.IO connection %s sent a reserved event name %r: ignored", sid, event)
            return None
        return super().trigger_event(event, *args)

    def on_connect(self, auth=None):
        app = current_app._get_current_object()
        if request.sid in self.connections:  # (python-socketio opens a connection once; never run this twice)
            raise ConnectionRefusedError("already_connected")
        if not _may_connect(app, client_address(request.environ, app.config.get("FORUM_TRUSTED_PROXIES", 0))):
            raise ConnectionRefusedError("too_many_connections")
        gate = _connect_gate(app)
        if not gate.acquire(timeout=CONNECT_WAIT):
            raise ConnectionRefusedError("busy")
        try:
            eio_sid = self.server.manager.eio_sid_from_sid(request.sid, self.namespace)
            transport = self.server.eio.sockets.get(eio_sid) if eio_sid is not None else None
            if eio_sid is None or (transport is not None and transport.closed):  # the page gave up waiting
                raise ConnectionRefusedError("gone")
            self._open(app, auth if isinstance(auth, dict) else {})
        finally:
            gate.release()

    def _open(self, app, auth: dict) -> None:
        from forum.realtime import emit as emitter  # (emit imports this module)

        slug = auth.get("event")
        # Connecting only reads (on SQLite: no write lock), but for a participant's presence interval.
        read_only_transactions.set(True)
        try:
            event = (db.session.query(Event).filter_by(slug=slug).one_or_none()
                     if isinstance(slug, str) and not unstorable_reason(slug) else None)  # NUL: PostgreSQL refuses
            if event is None:
                raise ConnectionRefusedError("unknown_event")
            user, participant = _identify(auth, event)
            if user is not None and not user.has_role("checkin", event):  # staff of other forums only
                raise ConnectionRefusedError("forbidden")
            is_staff = user is not None
            is_moderator = bool(user and user.has_role("moderator", event))
            join_room(rooms.everyone(event.id))
            join_room(rooms.staff(event.id) if is_staff else rooms.audience(event.id))
            if is_moderator:
                join_room(rooms.moderators(event.id))
            elif is_staff:  # a check-in desk: no unpublished materials
                join_room(rooms.desk(event.id))
            if participant is not None and participant.agency_id:  # their agency's plan rows
                join_room(rooms.agency(event.id, participant.agency_id))
            if participant is not None:  # every change of their own inputs
                join_room(rooms.participant(event.id, participant.id))
            self.connections[request.sid] = {"event_id": event.id, "user_id": getattr(user, "id", None),
                                             "participant_id": getattr(participant, "id", None), "staff": is_staff,
                                             "moderator": is_moderator}
            emitter.agenda_to_newcomer(event, staff=is_moderator)
            if participant is not None:
                self._joined(app, event, participant)
        except BaseException:
            self.connections.pop(request.sid, None)
            raise
        finally:
            db.session.remove()

    @staticmethod
    def _joined(app, event: Event, participant: LiveParticipant) -> None:
        """The participant's presence interval: the one write of a connect, written with the others that arrive
        meanwhile (forum/realtime/presence.py)."""
        event_id, participant_id, at = event.id, participant.id, utcnow()
        lifecycle.ensure_started(app)  # before an interval names this process
        presence.write(app, Joined(request.sid, event_id, participant_id, lifecycle.server_id(), at))

    def on_disconnect(self, *_args):
        info = self.connections.pop(request.sid, None)
        if not info or not info["participant_id"]:
            return
        try:
            presence.write(current_app._get_current_object(), Left(request.sid, info["event_id"], utcnow()))
        finally:
            db.session.remove()
