"""Online presence: each live-page connection of a participant is one interval (joined, left).

Several tabs and reconnects make several intervals; the attendance ledger merges them so that
nothing is counted twice. Each open interval names the process holding its connection
(`server_id`): when that process goes away, its intervals are closed (forum/lifecycle.py), so that
nobody stays "online" on a dead process.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, literal, or_, select, update

from forum import domain_events
from forum.db import UTCDateTime, utcnow
from forum.domain_events import AttendanceChanged
from forum.extensions import db
from forum.models import Event, OnlinePresence, ServerProcess


def joined(event_id: int, participant_id: int, connection_id: str, server_id: str | None = None
           ) -> OnlinePresence:
    """Open the interval of this connection: one per connection (an open one is kept as it is)."""
    row = db.session.scalar(select(OnlinePresence).where(OnlinePresence.connection_id == connection_id,
                                                         OnlinePresence.left_at.is_(None)))
    if row is None:
        row = OnlinePresence(event_id=event_id, participant_id=participant_id, connection_id=connection_id,
                             joined_at=utcnow(), server_id=server_id)
        db.session.add(row)
    domain_events.record(AttendanceChanged(event_id))
    return row


def left(connection_id: str, event_id: int) -> bool:
    """Close the interval of this connection (to forum `event_id`); False when there was none open."""
    result = db.session.execute(update(OnlinePresence).where(OnlinePresence.connection_id == connection_id,
                                                             OnlinePresence.left_at.is_(None))
                                .values(left_at=utcnow()))
    if result.rowcount:
        domain_events.record(AttendanceChanged(event_id))
    return bool(result.rowcount)


def close_all_open(event_ids: list[int] | None = None) -> int:
    """After a restart no connection survives: close intervals left open by a stopped process."""
    query = update(OnlinePresence).where(OnlinePresence.left_at.is_(None)).values(left_at=utcnow())
    if event_ids:
        query = query.where(OnlinePresence.event_id.in_(event_ids))
    return db.session.execute(query).rowcount


def _close(condition, at: datetime) -> set[int]:
    """Close the open intervals matching `condition` at `at` (or when they began, if later: a dead
    process's last beat may precede a connection it took just before dying); the forums whose counts
    changed."""
    condition = OnlinePresence.left_at.is_(None) & condition
    events = set(db.session.scalars(select(OnlinePresence.event_id).where(condition).distinct()))
    if events:
        at_value = literal(at, UTCDateTime)
        db.session.execute(update(OnlinePresence).where(condition).values(
            left_at=case((OnlinePresence.joined_at > at_value, OnlinePresence.joined_at), else_=at_value)))
    return events


def close_server(server_id: str, at: datetime) -> set[int]:
    """A process stopped (or died, last seen at `at`): none of its connections is there any more."""
    return _close(OnlinePresence.server_id == server_id, at)


def close_orphans(at: datetime) -> set[int]:
    """Open intervals of no known process: written before processes had ids, or by one declared dead."""
    return _close(or_(OnlinePresence.server_id.is_(None),
                      OnlinePresence.server_id.not_in(select(ServerProcess.id))), at)


def open_connections(event: Event) -> list[OnlinePresence]:
    return list(db.session.scalars(select(OnlinePresence).where(OnlinePresence.event_id == event.id,
                                                                 OnlinePresence.left_at.is_(None))))
