"""The official documents' settings: a forum's letterhead (kop surat) and the signatories of its minutes.
The back office and the minutes page call these; each runs the service and commits once."""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.models import Event, Letterhead, Signatory
from forum.services import letterhead, signatories


def update_letterhead(event: Event, data: dict, *, logo=None, remove_logo: bool = False, user=None) -> Letterhead:
    """The header lines and place of signing, and a new logo (an upload) or none: all or nothing."""
    with unit_of_work():
        record = letterhead.update(event, data, user=user)
        if logo is not None and getattr(logo, "filename", None):
            record = letterhead.set_logo(event, logo, user=user)
        elif remove_logo:
            record = letterhead.remove_logo(event, user=user)
        return record


def set_signatories(event: Event, participant_ids, *, user=None) -> list[Signatory]:
    """The minutes' signatories, in signing order."""
    with unit_of_work():
        return signatories.set_signatories(event, participant_ids, user=user)
