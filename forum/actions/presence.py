"""Online presence: a participant's live page connects or disconnects (the Socket.IO handler calls these).

Each is the one write of its connect or disconnect, in a transaction of its own; the attendance counts
reach the staff after the commit (`AttendanceChanged`, forum/realtime/broadcast.py).
"""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.services import presence


def join_live(event_id: int, participant_id: int, connection_id: str, server_id: str | None) -> None:
    """Open the presence interval of this connection (`server_id`: the process holding it)."""
    with unit_of_work():
        presence.joined(event_id, participant_id, connection_id, server_id)


def leave_live(event_id: int, connection_id: str) -> bool:
    """Close the presence interval of this connection; False when none was open."""
    with unit_of_work():
        return presence.left(connection_id, event_id)
