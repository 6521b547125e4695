"""The signatories of the minutes of agreement: participants chosen by the organisers, in the order they
sign (each with name, position, agency and NIP, read from the participant). Never derived from the data:
until chosen, the minutes print blank rows to fill in by hand. Locked with the minutes once finalised."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from forum.errors import DomainError
from forum.extensions import db
from forum.models import Event, Participant, Signatory
from forum.services import audit, minutes
from forum.services.validation import FieldErrors, parse_record_id

MAX_SIGNATORIES = 12


def list_signatories(event: Event) -> list[Signatory]:
    """The chosen signatories in signing order, each with its participant and agency loaded."""
    query = (select(Signatory).join(Participant, Signatory.participant_id == Participant.id)
             .where(Signatory.event_id == event.id, Participant.active_in(event))
             .options(joinedload(Signatory.participant).joinedload(Participant.agency))
             .order_by(Signatory.rank, Signatory.id))
    return list(db.session.scalars(query))


def _participants(event: Event, ids: list[int]) -> dict[int, Participant]:
    if not ids:
        return {}
    rows = db.session.scalars(select(Participant).where(Participant.id.in_(ids), Participant.active_in(event)))
    return {p.id: p for p in rows}


def set_signatories(event: Event, participant_ids, *, user=None) -> list[Signatory]:
    """Replaces the signatories by these participants of the forum, in this order."""
    record = minutes.peek_minutes(event)
    if record is not None and record.finalised_at is not None:
        raise DomainError("minutes_finalised", _("The minutes are final and can no longer change."))
    errors = FieldErrors()
    if not isinstance(participant_ids, list | tuple):
        errors.add("signatories", _("Must be a list of participants."))
        errors.raise_if_any()
    ids = []
    for value in participant_ids:
        try:
            ids.append(parse_record_id(value))
        except ValueError:
            errors.add("signatories", _("Choose participants of this forum."))
    if len(ids) != len(set(ids)):
        errors.add("signatories", _("Each participant signs once."))
    if len(ids) > MAX_SIGNATORIES:
        errors.add("signatories", _("At most %(n)d signatories.", n=MAX_SIGNATORIES))
    errors.raise_if_any()
    found = _participants(event, ids)
    if len(found) != len(ids):
        errors.add("signatories", _("Choose participants of this forum."))
        errors.raise_if_any()
    db.session.execute(delete(Signatory).where(Signatory.event_id == event.id))
    for rank, participant_id in enumerate(ids, 1):
        db.session.add(Signatory(event_id=event.id, participant_id=participant_id, rank=rank))
    db.session.flush()
    audit.record("minutes.signatories_set", event=event, user=user, participants=ids)
    return list_signatories(event)
