"""At the door: register and check in, in one step, someone who is not on the list — a walk-in,
or a deputy who comes in place of an invited official ("mewakili Kepala Dinas …")."""
from __future__ import annotations

from forum.models import Attendance, Event
from forum.services import checkin, registration


def register_and_check_in(event: Event, data: dict, door: checkin.Scan, *, user=None) -> checkin.Outcome:
    """A new in-person registration checked in at once. With `represents_id`, the newcomer is
    recorded as the deputy of that invited participant, so the attendance shows both. `door`: the desk and
    the device's `client_id` of this check-in (its code and participant are the newcomer's)."""
    # Claim the client_id before registering anyone: twenty retries of one walk-in sent together make
    # one person (the others wait on the claim, then repeat the first answer).
    claim = checkin.claim_client_id(event, door.client_id) if door.client_id else None
    if isinstance(claim, checkin.Outcome):
        return claim
    data = dict(data, attendance=Attendance.in_person.value)
    invited = None
    if data.get("represents_id") is not None:
        invited = registration.get_participant(event, data["represents_id"])
        if not data.get("agency") and invited.agency is not None:
            data["agency"] = invited.agency.name
        if not data.get("deputy_for"):
            data["deputy_for"] = ", ".join(part for part in (invited.position, invited.name) if part)
    participant = registration.register(event, data, source="walk_in", require_consent=True, check_open=False,
                                        actor=user)
    if invited is not None:
        participant.represents = invited
    scan = checkin.Scan(participant_id=participant.id, desk=door.desk, client_id=door.client_id)
    return checkin.check_in(event, scan, user=user, claim=claim)
