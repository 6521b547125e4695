"""Housekeeping of the serving processes (forum/lifecycle.py calls these; no person asks for them): the
heartbeat, the presence intervals left open by an earlier process at start, and a clean exit. Each commits
once; the forums whose online counts changed reach the staff after the commit (`AttendanceChanged`)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from forum.actions import unit_of_work
from forum.services import presence, processes
from forum.services.processes import Held


def heartbeat(me: str, now: datetime, *, registered: bool, held: Iterable[Held], stale: timedelta | None) -> None:
    """This process is alive; with `stale`, the intervals of processes silent that long are closed."""
    with unit_of_work():
        processes.beat(me, now, registered=registered, held=held, stale=stale)


def close_left_open() -> int:
    """The only process starts: every interval still open was left by an earlier one; how many."""
    with unit_of_work():
        return presence.close_all_open()


def leave(me: str, now: datetime) -> None:
    """This process stops: its intervals are closed and the staff get the counts at once."""
    with unit_of_work():
        processes.leave(me, now)
