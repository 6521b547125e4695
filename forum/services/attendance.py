"""The attendance ledger: who checked in at the door, who followed online and for how long, who counts as present.

One row per active registration (status `registered`; cancelled and revoked ones are left out of
rows and counts). Everything is read with a handful of set-based queries, whatever the number of
participants, and rows are yielded one at a time so that exports can stream them.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import contains_eager

from forum.db import utcnow
from forum.extensions import db
from forum.models import Agency, Attendance, Checkin, Event, OnlinePresence, Participant

SUMMARY_KEYS = ("registered", "in_person_registered", "online_registered", "checked_in", "online_joined",
                "online_now")


# --- online time: pure functions ----------------------------------------------------------

def merge_intervals(intervals: Iterable[tuple[datetime, datetime | None]],
                    now: datetime) -> list[tuple[datetime, datetime]]:
    """Overlapping or touching connections (several tabs, reconnects) merged into disjoint spans.

    An open connection (end None) lasts until `now`; an end before its start counts as zero length.
    """
    spans = sorted((start, max(start, end if end is not None else now)) for start, end in intervals)
    merged: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def connected_minutes(intervals: Iterable[tuple[datetime, datetime | None]], now: datetime) -> int:
    """Whole minutes connected, counting time covered by several connections once."""
    seconds = sum((end - start).total_seconds() for start, end in merge_intervals(intervals, now))
    return int(seconds // 60)


@dataclass(frozen=True, slots=True)
class OnlineTime:
    first_joined_at: datetime
    minutes: int
    connected_now: bool


def online_time(intervals: list[tuple[datetime, datetime | None]], now: datetime) -> OnlineTime | None:
    if not intervals:
        return None
    return OnlineTime(first_joined_at=min(start for start, _end in intervals),
                      minutes=connected_minutes(intervals, now),
                      connected_now=any(end is None for _start, end in intervals))


def clip_intervals(intervals: Iterable[tuple[datetime, datetime | None]], window: tuple[datetime, datetime],
                   now: datetime) -> list[tuple[datetime, datetime | None]]:
    """The parts of the connections inside `window` (a session's times); one still open stays open (None)
    while the window has not ended."""
    start, end = window
    clipped = []
    for joined, left in intervals:
        until = left if left is not None else now
        if min(until, end) > max(joined, start):
            clipped.append((max(joined, start), None if left is None and now <= end else min(until, end)))
    return clipped


def session_window(session, now: datetime) -> tuple[datetime, datetime]:
    """A session's times for attendance: its actual start and end when it has them, else the planned
    ones (a session running past its planned end lasts until now)."""
    start = session.actual_start or session.starts_at
    if session.actual_end is not None:
        end = session.actual_end
    elif session.actual_start is not None:
        end = max(session.ends_at, now)
    else:
        end = session.ends_at
    return start, max(start, end)


def is_present(checked_in: bool, online: OnlineTime | None, min_minutes: int) -> bool:
    """The forum's presence rule (the contract's): checked in at the door, or online for at least
    `min_minutes` whole minutes (0: any online join counts, however short). Forums made in the back office
    start at 1 minute, so a join shorter than a minute counts only where the organiser set 0."""
    if checked_in:
        return True
    return online is not None and online.minutes >= (min_minutes or 0)


# --- the ledger ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AttendanceRow:
    participant: Participant
    checked_in_at: datetime | None
    desk: str
    online: OnlineTime | None
    present: bool

    @property
    def online_first_joined_at(self) -> datetime | None:
        return self.online.first_joined_at if self.online else None

    @property
    def online_minutes(self) -> int:
        return self.online.minutes if self.online else 0

    @property
    def attended_as(self) -> str:
        """How the person took part: in person when checked in, online when they joined online,
        else the way they registered (not arrived yet)."""
        if self.checked_in_at is not None:
            return Attendance.in_person.value
        if self.online is not None:
            return Attendance.online.value
        return self.participant.attendance


def _active(event: Event):
    return Participant.active_in(event)


def summary(event: Event) -> dict[str, int]:
    """The counts of the contract's `summary` object (three aggregate queries)."""
    by_mode = dict(db.session.execute(
        select(Participant.attendance, func.count()).where(_active(event)).group_by(Participant.attendance)).all())
    checked_in = db.session.scalar(
        select(func.count()).select_from(Checkin).join(Participant, Checkin.participant_id == Participant.id)
        .where(_active(event)))
    joined, now_online = db.session.execute(
        select(func.count(distinct(OnlinePresence.participant_id)),
               func.count(distinct(case((OnlinePresence.left_at.is_(None), OnlinePresence.participant_id)))))
        .join(Participant, OnlinePresence.participant_id == Participant.id)
        .where(_active(event))).one()
    in_person = by_mode.get(Attendance.in_person.value, 0)
    online = by_mode.get(Attendance.online.value, 0)
    return {"registered": in_person + online, "in_person_registered": in_person, "online_registered": online,
            "checked_in": checked_in or 0, "online_joined": joined or 0, "online_now": now_online or 0}


class Ledger:
    """The attendance of one forum at one moment (`now`); online times are read once and reused."""

    BATCH = 500

    def __init__(self, event: Event, now: datetime | None = None,
                 window: tuple[datetime, datetime] | None = None):
        self.event = event
        self.now = now or utcnow()
        self.min_minutes = event.presence_min_minutes or 0
        # One session's (start, end): online time counts only inside it; a check-in counts for every session.
        self.window = window
        self._online: dict[int, OnlineTime] | None = None

    def summary(self) -> dict[str, int]:
        return summary(self.event)

    @property
    def online(self) -> dict[int, OnlineTime]:
        """Online time per participant id, from one ordered query over the forum's connections."""
        if self._online is None:
            query = (select(OnlinePresence.participant_id, OnlinePresence.joined_at, OnlinePresence.left_at)
                     .where(OnlinePresence.event_id == self.event.id)
                     .order_by(OnlinePresence.participant_id, OnlinePresence.joined_at))
            result = db.session.execute(query.execution_options(yield_per=2000))
            online = {}
            for participant_id, group in groupby(result, key=lambda r: r[0]):
                intervals = [(joined, left) for _pid, joined, left in group]
                if self.window is not None:
                    intervals = clip_intervals(intervals, self.window, self.now)
                times = online_time(intervals, self.now)
                if times is not None:
                    online[participant_id] = times
            self._online = online
        return self._online

    def rows(self, *, attended_as: str | None = None) -> Iterator[AttendanceRow]:
        """Rows ordered by name, streamed from one query (participants with agency and check-in)."""
        online = self.online
        query = (select(Participant, Checkin.checked_in_at, Checkin.desk)
                 .outerjoin(Agency, Participant.agency_id == Agency.id)
                 .outerjoin(Checkin, Checkin.participant_id == Participant.id)
                 .options(contains_eager(Participant.agency))
                 .where(_active(self.event))
                 .order_by(func.lower(Participant.name), Participant.id))
        for participant, checked_in_at, desk in db.session.execute(query.execution_options(yield_per=self.BATCH)):
            times = online.get(participant.id)
            row = AttendanceRow(participant=participant, checked_in_at=checked_in_at, desk=desk or "",
                                online=times, present=is_present(checked_in_at is not None, times, self.min_minutes))
            if attended_as is None or row.attended_as == attended_as:
                yield row

    def present_count(self) -> int:
        return sum(1 for row in self.rows() if row.present)
