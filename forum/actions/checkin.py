"""Check-in at the door: a scan, an offline device's queue, a walk-in, the confirm page behind `/c/<code>`.

The API, the scanner page and the confirm page call these; each runs the check-in service and commits
once. The check-ins recorded (`ParticipantCheckedIn`, `AttendanceChanged`) reach the door views after
the commit (forum/realtime/broadcast.py).
"""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.models import Event
from forum.services import checkin, walkins
from forum.services.checkin import Outcome, Scan


def check_in(event: Event, scan: Scan, *, user=None) -> Outcome:
    """One scan (or someone picked by name at the desk): what it did, as stored for its `client_id`."""
    with unit_of_work():
        return checkin.check_in(event, scan, user=user)


def check_in_batch(event: Event, scans: list[Scan], *, user=None) -> list[Outcome]:
    """An offline device's queue, applied in the order it was scanned; the outcomes in the order given."""
    with unit_of_work():
        return checkin.check_in_batch(event, scans, user=user)


def walk_in(event: Event, data: dict, door: Scan, *, user=None) -> Outcome:
    """Register and check in, in one step, a walk-in or a deputy (`door`: the desk and the `client_id`)."""
    with unit_of_work():
        return walkins.register_and_check_in(event, data, door, user=user)
