"""Merging two records of one thing: two participant records of one person (an organiser's decision after a
likely duplicate, services/identity.py), and an unverified agency into a listed one (services/agencies.py).

Every row that names the record that goes is pointed at the record kept, whatever table it lives in (found
from the foreign keys, so a table added later is covered too); where the kept record already holds the one row
a unique rule allows (a vote on the same question, a speaker of the same session), the gone record's row is
dropped.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Table, and_, delete, exists, select, update

from forum import domain_events
from forum.domain_events import AttendanceChanged, InputChanged
from forum.errors import NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Checkin, Event, Input, InputSupport, Participant, RetiredCode
from forum.services import audit
from forum.services.validation import MAX_RECORD_ID

# Filled from the record that goes when the kept one has none.
FILLED_IN = ("position", "nip", "email", "phone", "deputy_for", "consent_at")


def _unique_column_sets(table: Table, column) -> list[list]:
    """The other columns of each unique rule of `table` that includes `column`."""
    sets = [list(c.columns) for c in table.constraints if getattr(c, "columns", None) is not None
            and type(c).__name__ in ("UniqueConstraint", "PrimaryKeyConstraint") and column in list(c.columns)]
    sets += [list(i.columns) for i in table.indexes if i.unique and column in list(i.columns)]
    return [[c for c in cols if c is not column] for cols in sets]


def repoint(referenced: str, gone_id: int, kept_id: int, *, skip: tuple[str, ...] = ()) -> None:
    """Every row naming row `gone_id` of table `referenced` names `kept_id` instead (tables in `skip` are the
    caller's); a row that would break a unique rule held by the kept row is dropped."""
    for table in db.metadata.sorted_tables:
        if table.name in skip:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name != referenced or table.name == referenced and fk.parent.primary_key:
                continue
            column = fk.parent
            for others in _unique_column_sets(table, column):
                twin = table.alias()
                clash = exists().where(twin.c[column.name] == kept_id,
                                       *[twin.c[o.name] == o for o in others])
                db.session.execute(delete(table).where(column == gone_id, clash))
            db.session.execute(update(table).where(column == gone_id).values({column.name: kept_id}))


def _lock_pair(event: Event, gone_id: int, kept_id: int) -> tuple[Participant, Participant]:
    """Both records, locked in id order (two organisers merging the same pair wait for each other; the second
    finds one of them gone)."""
    ids = [i for i in (gone_id, kept_id) if 0 < i <= MAX_RECORD_ID]  # beyond the id column: no such record
    found = {p.id: p for p in db.session.scalars(
        select(Participant).where(Participant.event_id == event.id, Participant.id.in_(ids))
        .order_by(Participant.id).with_for_update().execution_options(populate_existing=True))}
    if gone_id not in found or kept_id not in found:
        raise NotFound("participant_not_found", _("No such participant in this forum."))
    return found[gone_id], found[kept_id]


def merge_participants(event: Event, gone_id: int, kept_id: int, *, actor=None) -> Participant:
    """Participant `gone_id` was the same person as `kept_id`: everything moves to the kept record and the other
    is deleted. The earliest check-in stays; supports stay one per agency; the audit log says who merged whom."""
    if gone_id == kept_id:
        raise ValidationFailed({"into": _("Choose another participant to merge with.")})
    gone, kept = _lock_pair(event, gone_id, kept_id)
    checkins = {c.participant_id: c for c in db.session.scalars(
        select(Checkin).where(Checkin.participant_id.in_([gone.id, kept.id])))}
    if gone.id in checkins and kept.id in checkins:
        later = max(checkins.values(), key=lambda c: (c.checked_in_at, c.id))
        db.session.delete(later)
        db.session.flush()
    _move_supports(gone, kept)
    input_ids = list(db.session.scalars(select(Input.id).where(Input.participant_id == gone.id)))
    db.session.add(RetiredCode(participant_id=gone.id, code=gone.checkin_code))  # the second badge stops working
    db.session.flush()
    repoint("participants", gone.id, kept.id, skip=(audit.AuditEntry.__tablename__,))
    audit.reassign_participant(event.id, gone.id, kept.id)
    db.session.expire(kept)  # the statements above changed rows the session holds
    for name in ("duplicate_of_id", "represents_id"):  # it named the gone record: no longer meaningful
        if getattr(kept, name) == kept.id:
            setattr(kept, name, None)
    details = {"merged_id": gone.id, "merged_name": gone.name, "kept_id": kept.id, "kept_name": kept.name}
    carried = {name: getattr(gone, name) for name in FILLED_IN if getattr(gone, name) and not getattr(kept, name)}
    invited, gone_nip, nip_shared = gone.invited, gone.nip, gone.nip_shared
    db.session.delete(gone)
    db.session.flush()  # the contacts' unique indexes: the gone record's email and phone are free now
    for name, value in carried.items():
        setattr(kept, name, value)
    # The NIP's unique index leaves out the records migration 0013 found sharing a NIP (`nip_shared`): the kept
    # record takes the gone one's place in it when it takes its NIP, and when both had the same NIP it is left out
    # only if both were.
    if "nip" in carried:
        kept.nip_shared = nip_shared
    elif gone_nip is not None and kept.nip == gone_nip:
        kept.nip_shared = kept.nip_shared and nip_shared
    kept.invited = kept.invited or invited
    db.session.flush()
    db.session.refresh(kept)
    audit.record("participant.merged", event=event, user=actor, target=kept,
                 filled_in=sorted(carried), **details)
    domain_events.record(AttendanceChanged(event.id))
    for input_id in input_ids:
        domain_events.record(InputChanged(event.id, input_id))
    return kept


def _move_supports(gone: Participant, kept: Participant) -> None:
    """The gone record's supports become the kept one's agency's, unless that agency already supports the same
    input (one support per agency)."""
    if gone.agency_id == kept.agency_id or kept.agency_id is None:
        return
    theirs = select(InputSupport.input_id).where(InputSupport.agency_id == kept.agency_id).scalar_subquery()
    db.session.execute(delete(InputSupport).where(and_(InputSupport.participant_id == gone.id,
                                                       InputSupport.input_id.in_(theirs))))
    db.session.execute(update(InputSupport).where(InputSupport.participant_id == gone.id)
                       .values(agency_id=kept.agency_id))
