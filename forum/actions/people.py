"""Registration and participants: a person registers, the organisers add, edit, cancel or import people.

The public form, the API and the back office call these; each commits once (the services decide).
"""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.models import Agency, Event, Participant, ParticipantRole
from forum.services import audit, events, imports, registration


def register(event: Event, data: dict, *, ask_if_duplicate: bool = False) -> Participant:
    """Someone registers themselves (the public form or the API). The form asks first when someone of the same
    agency with a matching name is registered (`ask_if_duplicate`); the API records and flags the registration."""
    with unit_of_work():
        return registration.register(event, data, ask_if_duplicate=ask_if_duplicate)


def add_participant(event: Event, data: dict, *, role: str = "", notes: str = "", actor=None) -> Participant:
    """The organisers register someone by hand (registration closed or not, no consent box)."""
    with unit_of_work():
        participant = registration.register(event, data, source="staff", require_consent=False, check_open=False,
                                            actor=actor)
        extra = {}
        if role and role != ParticipantRole.participant.value:
            extra["role"] = role
        if (notes or "").strip():
            extra["notes"] = notes
        if extra:
            registration.update_participant(participant, extra, actor=actor)
    return participant


def update_participant(participant: Participant, data: dict, *, actor=None) -> Participant:
    with unit_of_work():
        return registration.update_participant(participant, data, actor=actor)


def set_status(participant: Participant, status: str, *, actor=None) -> None:
    """Cancel, revoke or restore a registration."""
    with unit_of_work():
        registration.set_status(participant, status, actor=actor)


def reissue_code(participant: Participant, *, actor=None) -> None:
    """A new QR code; the old one is retired."""
    with unit_of_work():
        registration.reissue_code(participant, actor=actor)


def import_invitations(event: Event, rows: list[dict], *, actor=None, filename: str = "") -> imports.Outcome:
    """An invitation list the organisers checked in its preview."""
    with unit_of_work():
        return imports.apply(event, rows, actor=actor, filename=filename)


def save_agency(event: Event, data: dict, agency: Agency | None = None, *, actor=None) -> Agency:
    """Add an agency (`agency` None) or edit one; the audit log keeps what changed."""
    fields = ("name", "short_name", "kind")
    before = {k: getattr(agency, k) for k in fields} if agency is not None else None
    with unit_of_work():
        saved = events.save_agency(event, data, agency)
        if before is None:
            audit.record("agency.created", event=event, user=actor, target=saved, name=saved.name)
        else:
            changes = {k: [before[k], getattr(saved, k)] for k in fields if before[k] != getattr(saved, k)}
            if changes:
                audit.record("agency.updated", event=event, user=actor, target=saved, changes=changes)
    return saved
