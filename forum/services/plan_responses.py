"""What an agency's delegate sees of the plans on the live page, and their answer to a flag.

A delegate (a participant of an agency) sees the rows their agency carries and the rows that came from its plan
(moved or merged away): what the forum decided and why. They may answer a flag or a decision with a short text;
the answer is kept in the row's history as an entry of kind "response" (who, their agency, the text), reaches the
moderators' screens, and does not change the row (nor its version: a moderator deciding meanwhile is not refused).
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import exists, or_, select

from forum.domain_events import PlanItemChanged, record
from forum.errors import Forbidden
from forum.extensions import db
from forum.models import Event, Participant
from forum.models.plans import PlanHistory, PlanItem
from forum.services import audit, plan_views, plans
from forum.services.validation import FieldErrors, clean_text

RESPONSE = "response"
MAX_RESPONSE = 1000


def agency_has_rows(event: Event, agency_id: int | None) -> bool:
    """Whether the agency has plan rows in this forum (its own, or rows from its plan): one EXISTS."""
    if not agency_id:
        return False
    return bool(db.session.scalar(select(exists().where(
        PlanItem.event_id == event.id, or_(PlanItem.agency_id == agency_id, PlanItem.origin_agency_id == agency_id)))))


def delegate_rows(event: Event, participant: Participant) -> list[dict]:
    """The agency's rows with their history (decisions, reasons, responses), as the contract's PlanItem."""
    items = plans.list_items(event, agency_id=participant.agency_id) if participant.agency_id else []
    return plan_views.items_json(items, event.timezone, with_history=True)


def respond(event: Event, participant: Participant, item_id, text) -> PlanHistory:
    """The delegate's answer to a flag or a decision on one of their agency's rows."""
    item = plans.get_item(event, item_id)
    if not participant.agency_id or participant.agency_id not in (item.agency_id, item.origin_agency_id):
        raise Forbidden("forbidden", _("This row is not one of your agency's."))
    errors = FieldErrors()
    text = errors.check("text", clean_text, text, max_length=MAX_RESPONSE, required=True, multiline=True)
    errors.raise_if_any()
    agency = participant.agency.name if participant.agency is not None else ""
    entry = PlanHistory(item_id=item.id, action=RESPONSE, reason=text,
                        changes={"participant": participant.id, "name": participant.name, "agency": agency})
    db.session.add(entry)  # not through item.history: the row itself (and its version) stays as it is
    db.session.flush()
    agencies = tuple(sorted({a for a in (item.agency_id, item.origin_agency_id) if a}))
    record(PlanItemChanged(event.id, item_id=item.id, agency_ids=agencies))
    audit.record("plan.response", event=event, participant=participant, target=item)
    return entry
