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

import gc
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import Flask

from forum.db import read_only_transactions, utcnow
from forum.extensions import db, socketio

STALE_BEATS = 3  # a process silent for this many heartbeats is dead
# A drain waits this long for a presence batch being written (a join written after the drain's close would stay
# open until the other processes' sweep); a batch waits on the database at most its busy/lock timeout.
PRESENCE_WAIT = 5.0

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
        from forum.actions import housekeeping

        now = now or utcnow()
        # Judge the others only after a whole stale period of our own beats: after an outage of the
        # database every process gets that long to be heard again.
        healthy_since = self.healthy_since or now
        stale = timedelta(seconds=self.interval * STALE_BEATS)
        try:
            with _writing(self.app):
                housekeeping.heartbeat(server_id(), now, registered=self.registered, held=_held(self.app),
                                       stale=stale if now - healthy_since >= stale else None)
        except Exception as exc:  # noqa: BLE001  (the database is away: try again next beat)
            self.healthy_since = None
            if not self.failing:
                log.warning("heartbeat of %s failed: %s", server_id(), exc)
            self.failing = True
            return False
        self.registered = True  # our row was written: if it is gone later, another process declared us dead
        self.healthy_since = healthy_since
        from forum.realtime import presence

        presence.flush(self.app)  # the presence changes a failed write kept, now that the database answers
        if self.failing:
            log.info("heartbeat of %s is back", server_id())
        self.failing = False
        return True


@contextmanager
def _writing(app: Flask) -> Iterator[None]:
    """An app context for one housekeeping action, outside any request, that may write."""
    with app.app_context():
        read_only_transactions.set(False)
        try:
            yield
        finally:
            db.session.remove()


def _held(app: Flask) -> list:
    """The live-page connections of participants this process holds (for `app`: a process runs one in service,
    the test suite many)."""
    from forum.realtime.live import connections_of
    from forum.services.processes import Held

    return [Held(sid, info["event_id"], info["participant_id"])
            for sid, info in list(connections_of(app).items()) if info.get("participant_id")]


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
        from forum.services import plan_sync

        plan_sync.warm_up(app)  # the plans' synchronisation view, read off its first request's path


# The cyclic garbage collector, once a serving process has started. A full collection walks every object the
# process tracks and stops every thread meanwhile: during a burst of proposals with 500 live pages open, one or
# two took 180-510 ms each on this machine and 20-50 requests queued behind each (the burst's p99). What the
# process built to start (the app, its modules, its caches: ~160,000 objects) is set apart for good, and the
# youngest generation is collected every GC_YOUNG allocations instead of 700, so full collections (every
# 10 x 10 young ones, and only once the long-lived objects grew by a quarter) come ~14 times less often.
GC_YOUNG = 10_000


def settle_collector(app: Flask) -> None:
    """Once, when a serving process (`python wsgi.py`, a gunicorn worker) has started; FORUM_GC_SETTLE=0: off."""
    if not app.config.get("FORUM_GC_SETTLE", True):
        return
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, middle, old)


def _close_everything_at_start(app: Flask) -> None:
    """Without Redis this is the only process: whatever is open was left by an earlier one."""
    from forum.actions import housekeeping

    try:
        with _writing(app):
            closed = housekeeping.close_left_open()
        if closed:
            log.info("closed %d presence intervals left open by an earlier process", closed)
    except Exception as exc:  # noqa: BLE001  (database away at start: the heartbeat sweep does it later)
        log.warning("could not close earlier presence intervals: %s", exc)


def drain(app: Flask, wait: float = 1.0) -> None:
    """Leave cleanly: no longer ready, close this process's intervals, drop every live connection so that
    it reconnects elsewhere. Runs once per process; safe to call from a signal handler or a thread."""
    from forum.actions import housekeeping
    from forum.realtime import live

    state = _state()
    with _drain_lock:
        if state["draining"]:
            return
        state["draining"] = True
    if state["heartbeat"] is not None:
        state["heartbeat"].stopped.set()
    me = server_id()
    from forum.realtime import presence

    if not presence.close(app, wait=PRESENCE_WAIT):
        log.warning("%s stopping: a presence write still under way after %.0f s", me, PRESENCE_WAIT)
    try:
        with _writing(app):
            housekeeping.leave(me, utcnow())
    except Exception as exc:  # noqa: BLE001  (database away: the other processes' sweep closes them)
        log.warning("could not close the presence intervals of %s: %s", me, exc)
    live.connections_of(app).clear()  # their intervals are closed already: disconnect handlers have nothing to do
    server = app.extensions.get("forum_socketio_server") or socketio.server  # the app's own (emit.py: _server)
    eio = server.eio if server else None
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
    """For `python wsgi.py`: SIGTERM (and SIGINT) drain, then exit 0 at once: the intervals are written and the
    connections closed, so nothing is left for the interpreter's own exit, which waits on the threads still
    winding down (as forum/gunicorn_conf.py's worker_exit does for gunicorn)."""
    import signal
    import sys

    def stop(signum, _frame):
        log.info("signal %s: draining", signum)
        drain(app)
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
