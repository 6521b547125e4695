"""The serving processes that hold live-page connections (forum/lifecycle.py keeps one process's state).

Each process renews its row in `server_processes` every heartbeat; a process silent for a whole stale period
is dead, and the open presence intervals it held are closed at its last sign of life. The forums whose online
counts changed learn it after the commit (`AttendanceChanged`)."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete, select, update

from forum.domain_events import AttendanceChanged, record
from forum.extensions import db
from forum.models import OnlinePresence, ServerProcess
from forum.services import presence

log = logging.getLogger(__name__)


class Held(NamedTuple):
    """A live-page connection this process holds, as its Socket.IO handler knows it."""

    connection_id: str
    event_id: int
    participant_id: int


def beat(me: str, now: datetime, *, registered: bool, held: Iterable[Held], stale: timedelta | None) -> None:
    """Renew this process's row (written anew if it is gone: when it had been `registered`, another process
    took it for dead, and the intervals of the connections it still `held` are opened again). With `stale`,
    close the intervals of every other process silent for that long, and of no known process."""
    changed: set[int] = set()
    renewed = db.session.execute(update(ServerProcess).where(ServerProcess.id == me).values(seen_at=now))
    if not renewed.rowcount:
        db.session.add(ServerProcess(id=me, started_at=now, seen_at=now))
        if registered:
            log.warning("%s was taken for dead; reopening its presence intervals", me)
            changed |= _reopen(me, held, now)
        db.session.flush()
    if stale is not None:
        dead = db.session.execute(select(ServerProcess.id, ServerProcess.seen_at).where(
            ServerProcess.seen_at < now - stale, ServerProcess.id != me)).all()
        for other, seen_at in dead:
            log.warning("process %s silent since %s: closing its presence intervals", other, seen_at)
            changed |= presence.close_server(other, seen_at)
            db.session.execute(delete(ServerProcess).where(ServerProcess.id == other,
                                                           ServerProcess.seen_at == seen_at))
        changed |= presence.close_orphans(now)
    _counts_changed(changed)


def _reopen(me: str, held: Iterable[Held], now: datetime) -> set[int]:
    changed = set()
    for connection in held:
        still_open = db.session.scalar(select(OnlinePresence.id).where(
            OnlinePresence.connection_id == connection.connection_id, OnlinePresence.left_at.is_(None)))
        if still_open is None:
            db.session.add(OnlinePresence(event_id=connection.event_id, participant_id=connection.participant_id,
                                          connection_id=connection.connection_id, joined_at=now, server_id=me))
            changed.add(connection.event_id)
    return changed


def leave(me: str, now: datetime) -> None:
    """This process stops: none of its connections is there any more, and its row goes."""
    changed = presence.close_server(me, now)
    db.session.execute(delete(ServerProcess).where(ServerProcess.id == me))
    _counts_changed(changed, stopping=True)


def _counts_changed(event_ids: set[int], *, stopping: bool = False) -> None:
    for event_id in sorted(event_ids):
        record(AttendanceChanged(event_id, process_stopping=stopping))
