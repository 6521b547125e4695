"""Check-in at the door: a scan, an offline device's queue, a walk-in, the confirm page behind `/c/<code>`.

The API, the scanner page and the confirm page call these; each runs the check-in service and commits
once. The check-ins recorded (`ParticipantCheckedIn`, `AttendanceChanged`) reach the door views after
the commit (forum/realtime/broadcast.py).
"""
from __future__ import annotations

from datetime import datetime

from forum.actions import unit_of_work
from forum.models import Event
from forum.services import checkin, walkins
from forum.services.checkin import Outcome


def check_in(event: Event, code: str | None, *, desk: str = "", client_id: str | None = None,
             scanned_at: datetime | None = None, user=None, participant_id: int | None = None) -> Outcome:
    """One scan (or someone picked by name at the desk): its answer, as stored for its `client_id`."""
    with unit_of_work():
        return checkin.check_in(event, code, desk=desk, client_id=client_id, scanned_at=scanned_at, user=user,
                                participant_id=participant_id)


def check_in_batch(event: Event, scans: list[dict], *, user=None) -> list[Outcome]:
    """An offline device's queue, applied in the order it was scanned; the answers in the order given."""
    with unit_of_work():
        return checkin.check_in_batch(event, scans, user=user)


def walk_in(event: Event, data: dict, *, desk: str = "", client_id: str | None = None, user=None) -> Outcome:
    """Register and check in, in one step, a walk-in or a deputy."""
    with unit_of_work():
        return walkins.register_and_check_in(event, data, desk=desk, client_id=client_id, user=user)
