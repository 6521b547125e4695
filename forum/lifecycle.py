"""The life of one serving process: who it is, that it is alive, and a clean exit.

A process that holds live-page connections has an id (`server_id()`) and a row in
`server_processes` whose `seen_at` it renews every FORUM_HEARTBEAT_SECONDS; every open presence
interval names the process holding its connection. A process that dies without a word (SIGKILL, out
of memory, power loss) leaves its intervals open: the live processes close them, at its last sign of
life, once its heartbeat is STALE_BEATS beats old, so nobody stays "online" on a dead process. A
process without REDIS_URL is the only one there is: when it starts it closes every open interval at
once (no connection survives a restart).

On SIGTERM a process drains (`drain()`): /readyz answers 503, its intervals are closed in one
statement and staff get the new counts, then every Socket.IO connection is closed at the transport
level — so browsers (and the Python client) reconnect, through the load balancer, to another
process — and the process exits. `python wsgi.py` installs this itself; under gunicorn,
forum/gunicorn_conf.py does.
"""
from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import delete, select, update

from forum.db import read_only_transactions, utcnow
from forum.extensions import db, socketio

STALE_BEATS = 3  # a process silent for this many heartbeats is dead

log = logging.getLogger(__name__)

_lock = threading.Lock()
_drain_lock = threading.Lock()  # (a signal handler may interrupt a holder of _lock)
_process: dict = {"pid": None}


def _state() -> dict:
    """This process's state; a forked child (gunicorn --preload) starts afresh with its own id."""
    pid = os.getpid()
    if _process["pid"] != pid:
        _process.clear()
        _process.update(pid=pid, id=f"{socket.gethostname()[:40]}:{pid}:{secrets.token_hex(4)}",
                        heartbeat=None, draining=False)
    return _process


def server_id() -> str:
    return _state()["id"]


def draining() -> bool:
    return _state()["draining"]


class Heartbeat:
    """Renews this process's row, and closes the intervals of processes whose heartbeat went stale."""

    def __init__(self, app: Flask, interval: float):
        self.app = app
        self.interval = interval
        self.registered = False  # our row was written once: if it is gone, another process declared us dead
        self.healthy_since: datetime | None = None  # start of our current run of successful beats
        self.failing = False
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.beat()

    def beat(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        try:
            with self.app.app_context():
                read_only_transactions.set(False)
                try:
                    changed = self._beat(now)
                    db.session.commit()
                    _announce(changed)
                finally:
                    db.session.remove()
        except Exception as exc:  # noqa: BLE001  (the database is away: try again next beat)
            self.healthy_since = None
            if not self.failing:
                log.warning("heartbeat of %s failed: %s", server_id(), exc)
            self.failing = True
            return False
        if self.failing:
            log.info("heartbeat of %s is back", server_id())
        self.failing = False
        return True

    def _beat(self, now: datetime) -> set[int]:
        from forum.models import ServerProcess
        from forum.services import presence

        me = server_id()
        changed: set[int] = set()
        renewed = db.session.execute(update(ServerProcess).where(ServerProcess.id == me).values(seen_at=now))
        if not renewed.rowcount:
            db.session.add(ServerProcess(id=me, started_at=now, seen_at=now))
            if self.registered:
                # The database was out of our reach long enough for another process to close our
                # intervals: open them again for the connections we still hold.
                log.warning("%s was taken for dead; reopening its presence intervals", me)
                changed |= _reopen(me, now)
            db.session.flush()
        self.registered = True
        if self.healthy_since is None:
            self.healthy_since = now
        # Judge the others only after a whole stale period of our own beats: after an outage of the
        # database every process gets that long to be heard again.
        stale = timedelta(seconds=self.interval * STALE_BEATS)
        if now - self.healthy_since >= stale:
            dead = db.session.execute(select(ServerProcess.id, ServerProcess.seen_at).where(
                ServerProcess.seen_at < now - stale, ServerProcess.id != me)).all()
            for other, seen_at in dead:
                log.warning("process %s silent since %s: closing its presence intervals", other, seen_at)
                changed |= presence.close_server(other, seen_at)
                db.session.execute(delete(ServerProcess).where(ServerProcess.id == other,
                                                               ServerProcess.seen_at == seen_at))
            changed |= presence.close_orphans(now)
        return changed


def _reopen(me: str, now: datetime) -> set[int]:
    from forum.models import OnlinePresence
    from forum.realtime.live import connections

    changed = set()
    for sid, info in list(connections.items()):
        if not info.get("participant_id"):
            continue
        still_open = db.session.scalar(select(OnlinePresence.id).where(
            OnlinePresence.connection_id == sid, OnlinePresence.left_at.is_(None)))
        if still_open is None:
            db.session.add(OnlinePresence(event_id=info["event_id"], participant_id=info["participant_id"],
                                          connection_id=sid, joined_at=now, server_id=me))
            changed.add(info["event_id"])
    return changed


def _announce(event_ids: set[int], *, at_once: bool = False) -> None:
    """Staff see the new online counts (inside an app context, after the commit)."""
    from forum.models import Event
    from forum.realtime import emit

    for event_id in sorted(event_ids):
        event = db.session.get(Event, event_id)
        if event is not None:
            emit.attendance(event, at_once=at_once)


def ensure_started(app: Flask) -> None:
    """Start this process's heartbeat unless it runs (cheap: called on every live connection).

    The first beat is written before this returns, so an interval never names an unknown process.
    Apps under test (TESTING) and FORUM_HEARTBEAT_SECONDS=0 have none."""
    state = _state()
    if state["heartbeat"] is not None or app.config.get("TESTING"):
        return
    interval = float(app.config.get("FORUM_HEARTBEAT_SECONDS") or 0)
    if interval <= 0:
        return
    with _lock:
        if state["heartbeat"] is not None:
            return
        heartbeat = Heartbeat(app, interval)
        if not app.config.get("REDIS_URL"):
            _close_everything_at_start(app)
        heartbeat.beat()
        threading.Thread(target=heartbeat.run, name="forum-heartbeat", daemon=True).start()
        state["heartbeat"] = heartbeat


def _close_everything_at_start(app: Flask) -> None:
    """Without Redis this is the only process: whatever is open was left by an earlier one."""
    from forum.services import presence

    try:
        with app.app_context():
            read_only_transactions.set(False)
            try:
                closed = presence.close_all_open()
                db.session.commit()
                if closed:
                    log.info("closed %d presence intervals left open by an earlier process", closed)
            finally:
                db.session.remove()
    except Exception as exc:  # noqa: BLE001  (database away at start: the heartbeat sweep does it later)
        log.warning("could not close earlier presence intervals: %s", exc)


def drain(app: Flask, wait: float = 1.0) -> None:
    """Leave cleanly: no longer ready, close this process's intervals, drop every live connection so that
    it reconnects elsewhere. Runs once per process; safe to call from a signal handler or a thread."""
    from forum.models import ServerProcess
    from forum.realtime import live
    from forum.services import presence

    state = _state()
    with _drain_lock:
        if state["draining"]:
            return
        state["draining"] = True
    if state["heartbeat"] is not None:
        state["heartbeat"].stopped.set()
    me = server_id()
    try:
        with app.app_context():
            read_only_transactions.set(False)
            try:
                changed = presence.close_server(me, utcnow())
                db.session.execute(delete(ServerProcess).where(ServerProcess.id == me))
                db.session.commit()
                _announce(changed, at_once=True)
            finally:
                db.session.remove()
    except Exception as exc:  # noqa: BLE001  (database away: the other processes' sweep closes them)
        log.warning("could not close the presence intervals of %s: %s", me, exc)
    live.connections.clear()  # their intervals are closed already: disconnect handlers have nothing to do
    eio = socketio.server.eio if socketio.server else None
    sockets = list(eio.sockets.values()) if eio else []
    log.info("%s stopping: closing %d live connections", me, len(sockets))
    for sock in sockets:
        # abort: no Engine.IO "close" packet (clients take that as "do not reconnect"); the transport
        # closes, as when a process dies, and clients reconnect.
        try:
            sock.close(wait=False, abort=True, reason=eio.reason.SERVER_DISCONNECT)
        except Exception:  # noqa: BLE001, S112  (already gone)
            continue
    # Give each WebSocket's writer a moment to send its close frame (a connection whose handler has
    # ended leaves eio.sockets; under gunicorn they stay listed, hence the bound).
    deadline = time.monotonic() + wait
    while eio and eio.sockets and time.monotonic() < deadline:
        time.sleep(0.05)


def install_signal_handlers(app: Flask) -> None:
    """For `python wsgi.py`: SIGTERM (and SIGINT) drain, then exit 0."""
    import signal
    import sys

    def stop(signum, _frame):
        log.info("signal %s: draining", signum)
        drain(app)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
