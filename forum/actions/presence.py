"""Online presence: participants' live pages open and close (the Socket.IO handlers' writer, forum/realtime/
presence.py, hands over what happened since its last write).

Each batch is one transaction; the attendance counts reach the staff after the commit (`AttendanceChanged`,
forum/realtime/broadcast.py), once per forum and batch.
"""
from __future__ import annotations

from collections.abc import Iterable

from forum.actions import unit_of_work
from forum.services import presence
from forum.services.presence import Joined, Left


def record_live(changes: Iterable[Joined | Left]) -> None:
    """Write live-page connections opened and closed, in the order they happened."""
    with unit_of_work():
        presence.record(changes)
