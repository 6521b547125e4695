"""Online presence: each live-page connection of a participant is one interval (joined, left).

Several tabs and reconnects make several intervals; the attendance ledger merges them so that
nothing is counted twice.
"""
from __future__ import annotations

from sqlalchemy import select, update

from forum.db import utcnow
from forum.extensions import db
from forum.models import Event, OnlinePresence, Participant


def joined(event: Event, participant: Participant, connection_id: str) -> OnlinePresence:
    row = OnlinePresence(event_id=event.id, participant_id=participant.id, connection_id=connection_id,
                         joined_at=utcnow())
    db.session.add(row)
    return row


def left(connection_id: str) -> bool:
    """Close the interval of this connection; False when there was none open."""
    result = db.session.execute(update(OnlinePresence).where(OnlinePresence.connection_id == connection_id,
                                                             OnlinePresence.left_at.is_(None))
                                .values(left_at=utcnow()))
    return bool(result.rowcount)


def close_all_open(event_ids: list[int] | None = None) -> int:
    """After a restart no connection survives: close intervals left open by a stopped process."""
    query = update(OnlinePresence).where(OnlinePresence.left_at.is_(None)).values(left_at=utcnow())
    if event_ids:
        query = query.where(OnlinePresence.event_id.in_(event_ids))
    return db.session.execute(query).rowcount


def open_connections(event: Event) -> list[OnlinePresence]:
    return list(db.session.scalars(select(OnlinePresence).where(OnlinePresence.event_id == event.id,
                                                                 OnlinePresence.left_at.is_(None))))
