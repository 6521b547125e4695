"""A moderator's "the same work" for a plan row and a live proposal the detector did not flag (issue 16: linking
two items by hand), and its undoing.

The link is a pair like the detector's (PlanOverlap: the row, the proposal, relation "overlap"), marked as the
moderator's (`linked_at`, `linked_by_user_id`): the synchronisation view shows it among the row's flagged pairs
with the reason "marked the same by a moderator", the detector keeps it when it computes the pairs again
(services/plan_overlaps.py leaves linked pairs alone), and the labels export lists it as a verdict "same"
(services/overlap_labels.py). A pair the detector already stored for the two (open, dismissed or closed) becomes
the link. Undoing deletes the link, and the detector decides the proposal's pairs afresh.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from forum.db import utcnow
from forum.domain_events import PlanPairLinked, record
from forum.errors import NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Event, Input
from forum.models.plans import LIVE_STATUSES, OverlapRelation, PlanItem, PlanOverlap
from forum.services import audit, plan_overlaps
from forum.services.plans import keep_history
from forum.services.records import MAX_RECORD_ID

MANUAL_SCORE = 1.0  # a moderator's word: listed first among the row's pairs


@dataclass(frozen=True)
class SameWork:
    """The moderator's command: plan row `row` and proposal `proposal` (ids in the forum) are the same work."""

    row: int
    proposal: int


def _of_forum(model, event: Event, record_id: int):
    if not 0 < record_id <= MAX_RECORD_ID:
        return None
    return db.session.scalar(select(model).where(model.id == record_id, model.event_id == event.id))


def _agencies(item: PlanItem) -> tuple[int, ...]:
    return tuple(sorted({a for a in (item.agency_id, item.origin_agency_id) if a}))


def link(event: Event, command: SameWork, *, user=None) -> PlanOverlap:
    """Marks the row and the proposal as the same work; doing it again changes nothing. Refused, naming the field:
    a row not of this forum or off the table (merged, deferred, dropped), a proposal not of this forum or not live
    (rejected, merged, no place), the row made from that proposal, or both of one agency."""
    errors: dict[str, str] = {}
    row = _of_forum(PlanItem, event, command.row)
    proposal = _of_forum(Input, event, command.proposal)
    if row is None:
        errors["row"] = _("No plan row #%(id)d in this forum.", id=command.row)
    elif row.status not in LIVE_STATUSES:
        errors["row"] = _("Plan row #%(id)d is no longer on the table (merged, deferred or dropped).", id=row.id)
    if proposal is None or not plan_overlaps._is_live_proposal(proposal):  # noqa: SLF001 (the detector's own rule)
        errors["proposal"] = _("No live proposal #%(id)d with a place in this forum.", id=command.proposal)
    elif row is not None and row.input_id == proposal.id:
        errors["proposal"] = _("Plan row #%(row)d was made from proposal #%(id)d.", row=row.id, id=proposal.id)
    elif row is not None and row.agency_id is not None and row.agency_id == proposal.agency_id:
        errors["proposal"] = _("The row and the proposal are the same agency's: an overlap is between agencies.")
    if errors:
        raise ValidationFailed(errors, _("This row and proposal cannot be marked as the same work."))
    pair = db.session.scalar(select(PlanOverlap).where(PlanOverlap.item_a_id == row.id,
                                                       PlanOverlap.item_b_id.is_(None),
                                                       PlanOverlap.input_id == proposal.id))
    if pair is not None and pair.is_manual and pair.is_flagged:
        return pair
    if pair is None:
        pair = PlanOverlap(event_id=event.id, item_a_id=row.id, item_b_id=None, input_id=proposal.id,
                           score=MANUAL_SCORE, reasons=[], relation=OverlapRelation.overlap)
        db.session.add(pair)
    pair.relation, pair.dismissed, pair.dismissed_by_user_id = OverlapRelation.overlap, False, None
    pair.closed_at, pair.closed_by = None, ""
    pair.linked_at, pair.linked_by_user_id = utcnow(), getattr(user, "id", None)
    db.session.flush()
    keep_history(row, "overlap_linked", {"overlap": pair.id, "input": proposal.id}, user=user)
    audit.record("plan.overlap_linked", event=event, user=user, target=row, input=proposal.id,
                 pair=pair.id)
    record(PlanPairLinked(event.id, item_id=row.id, agency_ids=_agencies(row), input_id=proposal.id,
                          pair_id=pair.id, linked=True))
    return pair


def unlink(event: Event, pair_id: int, *, user=None) -> None:
    """Undoes a moderator's link; the detector then decides the proposal's pairs afresh (it may flag the two
    itself)."""
    pair = _of_forum(PlanOverlap, event, pair_id)
    if pair is None or not pair.is_manual:
        raise NotFound("plan_overlap_not_found", _("No pair marked the same by a moderator with this number."))
    row, proposal = db.session.get(PlanItem, pair.item_a_id), db.session.get(Input, pair.input_id)
    db.session.delete(pair)
    db.session.flush()
    keep_history(row, "overlap_unlinked", {"overlap": pair_id, "input": pair.input_id}, user=user)
    audit.record("plan.overlap_unlinked", event=event, user=user, target=row, input=pair.input_id,
                 pair=pair_id)
    if proposal is not None:
        plan_overlaps.refresh_input(proposal)
    record(PlanPairLinked(event.id, item_id=row.id, agency_ids=_agencies(row), input_id=pair.input_id or 0,
                          pair_id=pair_id, linked=False))
