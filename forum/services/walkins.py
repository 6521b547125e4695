"""At the door: register and check in, in one step, someone who is not on the list — a walk-in,
or a deputy who comes in place of an invited official ("mewakili Kepala Dinas …")."""
from __future__ import annotations

from flask_babel import gettext as _

from forum.errors import DomainError
from forum.models import Attendance, Event
from forum.serialise import participant_json
from forum.services import agencies, checkin, identity, registration


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
    if data.get("not_duplicate") is not True:
        _offer_likely_matches(event, data, invited)
    participant = registration.register(event, data, source="walk_in", require_consent=True, check_open=False,
                                        actor=user)
    if invited is not None:
        participant.represents = invited
    scan = checkin.Scan(participant_id=participant.id, desk=door.desk, client_id=door.client_id)
    return checkin.check_in(event, scan, user=user, claim=claim)


def _offer_likely_matches(event: Event, data: dict, invited) -> None:
    """Before a second record of someone is made at the door: the registrations this walk-in likely is (the
    same NIP, or the same agency and a matching name), refused with them as `candidates` (the code
    `likely_duplicate`) so the desk can check that person in instead."""
    name, agency_name, nip = data.get("name"), data.get("agency"), data.get("nip")
    if not isinstance(name, str) or not isinstance(agency_name, str):
        return  # registration names what is wrong
    agency = agencies.find_agency(event, agency_name)
    found = [c.participant for c in identity.likely_duplicates(
        event, name=name, agency_id=agency.id if agency else None, nip=nip if isinstance(nip, str) else None)
        if c.participant.is_active and c.participant is not invited]
    if not found:
        return
    arrived = checkin.checkins_by_participant(event, [p.id for p in found])
    candidates = [{**participant_json(p), "invited": p.invited,
                   "checked_in": p.id in arrived} for p in found]
    raise DomainError("likely_duplicate",
                      _("This person is likely registered already. Check that person in instead, or confirm "
                        "that this is someone else."),
                      extra={"candidates": candidates})
