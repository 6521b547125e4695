"""Online presence: each live-page connection of a participant is one interval (joined, left).

Several tabs and reconnects make several intervals; the attendance ledger merges them so that
nothing is counted twice. Each open interval names the process holding its connection
(`server_id`): when that process goes away, its intervals are closed (forum/lifecycle.py), so that
nobody stays "online" on a dead process.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, case, insert, literal, or_, select, update

from forum import domain_events
from forum.db import UTCDateTime, utcnow
from forum.domain_events import AttendanceChanged
from forum.extensions import db
from forum.models import Event, OnlinePresence, Participant, ServerProcess
from forum.services import tickets


class Joined(NamedTuple):
    """A live-page connection of a participant opened at `at` (`server_id`: the process holding it)."""

    connection_id: str
    event_id: int
    participant_id: int
    server_id: str | None
    at: datetime


class Left(NamedTuple):
    """A live-page connection closed at `at`."""

    connection_id: str
    event_id: int
    at: datetime


class LiveParticipant(NamedTuple):
    """Who a participant's live page is: what its connection needs, and no more."""

    id: int
    agency_id: int | None


def participant_on_link(event: Event, token) -> LiveParticipant | None:
    """The active participant of `event` whose personal link carries `token`, else None (unknown, another forum's,
    cancelled or revoked: read at every connect, so a link revoked or regenerated stops opening pages at once).
    Two columns rather than the participant with its forum and agency: this is read for every page opened."""
    if not isinstance(token, str) or not tickets.CODE_RE.match(token):
        return None
    row = db.session.execute(select(Participant.id, Participant.agency_id).where(
        Participant.access_token == token, Participant.active_in(event))).one_or_none()
    return LiveParticipant(*row) if row is not None else None


def record(changes: Iterable[Joined | Left]) -> None:
    """Write connections opened and closed, in the order they happened, with a few statements whatever their
    number: the joins in one INSERT (a connection opened and closed within the batch makes one closed interval; one
    that already has an open interval keeps it as it is), then the leaves of connections opened earlier."""
    joins: dict[str, dict] = {}
    leaves: list[Left] = []
    for change in changes:
        if isinstance(change, Joined):
            joins.setdefault(change.connection_id, {
                "event_id": change.event_id, "participant_id": change.participant_id,
                "connection_id": change.connection_id, "joined_at": change.at, "left_at": None,
                "server_id": change.server_id})
        elif change.connection_id in joins and joins[change.connection_id]["left_at"] is None:
            joins[change.connection_id]["left_at"] = change.at
        else:
            leaves.append(change)
    if joins:
        already_open = set(db.session.scalars(select(OnlinePresence.connection_id).where(
            OnlinePresence.connection_id.in_(list(joins)), OnlinePresence.left_at.is_(None))))
        rows = [row for connection_id, row in joins.items() if connection_id not in already_open]
        if rows:
            db.session.execute(insert(OnlinePresence), rows)
    if leaves:
        table = OnlinePresence.__table__
        closing = update(table).where(table.c.connection_id == bindparam("connection"), table.c.left_at.is_(None))
        db.session.execute(closing.values(left_at=bindparam("at", type_=table.c.left_at.type)),
                           [{"connection": leave.connection_id, "at": leave.at} for leave in leaves])
    for event_id in sorted({row["event_id"] for row in joins.values()} | {leave.event_id for leave in leaves}):
        domain_events.record(AttendanceChanged(event_id))


def joined(event_id: int, participant_id: int, connection_id: str, server_id: str | None = None) -> None:
    """Open the interval of this connection: one per connection (an open one is kept as it is)."""
    record([Joined(connection_id, event_id, participant_id, server_id, utcnow())])


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
