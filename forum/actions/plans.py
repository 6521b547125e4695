"""Plans: importing the agencies' plans and the reference list, the forum's decision on a row, "not the same" for
a flagged pair, "the same work" for a row and a proposal (and its undoing), a proposal turned into a plan row, and
the agencies' ceilings. Each runs the service and commits
once; the rows recorded as changed reach the moderators and the agencies' delegates after the commit
(forum/realtime/broadcast.py)."""
from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError

from forum.actions import unit_of_work
from forum.models import Agency, Event, Input
from forum.models.plans import PlanItem, PlanOverlap
from forum.services import plan_links, plans, plans_import
from forum.services.plan_links import SameWork


def import_plans(event: Event, content: bytes, *, source: str, agency: Agency | None = None, user=None,
                 filename: str = "") -> dict:
    """The file's rows stored (all or none), and the forum's overlaps computed again."""
    with unit_of_work():
        return plans_import.apply(event, content, source=source, agency=agency, user=user, filename=filename)


def import_reference(event: Event, content: bytes, *, user=None) -> dict:
    with unit_of_work():
        return plans_import.import_reference(event, content, user=user)


def decide(event: Event, item: PlanItem, data: dict, *, user=None, version: int | None = None) -> PlanItem:
    """The decision on a row. Of two decisions made at once on the same row (two screens), the database lets one
    through; the other is refused with 409 `plan_changed`, as is one sent with a version the row no longer has."""
    try:
        with unit_of_work():
            return plans.decide(event, item, data, user=user, version=version)
    except StaleDataError:
        raise plans.changed_meanwhile() from None


def dismiss_overlap(event: Event, pair_id, *, user=None) -> PlanOverlap:
    with unit_of_work():
        return plans.dismiss_overlap(event, pair_id, user=user)


def mark_same(event: Event, command: SameWork, *, user=None) -> PlanOverlap:
    """A moderator's "the same work" for a plan row and a live proposal (kept through the detector's refresh)."""
    with unit_of_work():
        return plan_links.link(event, command, user=user)


def undo_same(event: Event, pair_id: int, *, user=None) -> None:
    with unit_of_work():
        plan_links.unlink(event, pair_id, user=user)


def from_input(event: Event, proposal: Input, data: dict, *, user=None) -> PlanItem:
    with unit_of_work():
        return plans.from_input(event, proposal, data, user=user)


def set_ceilings(event: Event, entries, *, user=None) -> list[dict]:
    with unit_of_work():
        plans.set_ceilings(event, entries, user=user)
    return plans.ceiling_report(event)
