"""Registration and participants: a person registers, the organisers add, edit, cancel or import people.

The public form, the API and the back office call these; each commits once (the services decide).
"""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.models import Agency, Event, Participant, ParticipantRole
from forum.services import agencies, audit, events, imports, merging, registration
from forum.services.registration import ParticipantEdit, Registered, Registration


def register(event: Event, command: Registration, *, ask_if_duplicate: bool = False) -> Registered:
    """Someone registers themselves (the public form or the API). The form asks first when someone of the same
    agency with a matching name is registered (`ask_if_duplicate`); the API records and flags the registration."""
    with unit_of_work():
        return registration.register_self(event, command, ask_if_duplicate=ask_if_duplicate)


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
            registration.update_participant(participant, ParticipantEdit(**extra), actor=actor)
    return participant


def update_participant(participant: Participant, edit: ParticipantEdit, *, actor=None) -> Participant:
    with unit_of_work():
        return registration.update_participant(participant, edit, actor=actor)


def set_status(participant: Participant, status: str, *, actor=None) -> None:
    """Cancel, revoke or restore a registration."""
    with unit_of_work():
        registration.set_status(participant, status, actor=actor)


def reissue_code(participant: Participant, *, actor=None) -> None:
    """A new QR code; the old one is retired."""
    with unit_of_work():
        registration.reissue_code(participant, actor=actor)


def merge_participants(event: Event, gone_id: int, kept_id: int, *, actor=None) -> Participant:
    """Two records of one person become one (the kept one); see services/merging.py."""
    with unit_of_work():
        return merging.merge_participants(event, gone_id, kept_id, actor=actor)


def confirm_agency(agency: Agency, *, actor=None) -> Agency:
    """An organiser puts an unverified agency on the list as it was written."""
    with unit_of_work():
        return agencies.confirm(agency, actor=actor)


def map_agency(agency: Agency, into: Agency, *, actor=None) -> Agency:
    """An organiser says an unverified agency is a listed one: its people move, its name becomes an alias."""
    with unit_of_work():
        return agencies.map_into(agency, into, actor=actor)


def add_agency_alias(agency: Agency, name: str, *, actor=None) -> None:
    with unit_of_work():
        if agencies.add_alias(agency, name) is not None:
            audit.record("agency.alias_added", event=agency.event, user=actor, target=agency, alias=name)


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
