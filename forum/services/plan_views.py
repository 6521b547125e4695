"""The contract's PlanItem shape (../shared/API.md "Plans") for a page of rows: their places, their flagged pairs
(worded in the user's language) and, for staff views, their history — each gathered in one query per page."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models.plans import PlanHistory, PlanItem
from forum.serialise import agency_json, iso
from forum.services import overlap, plan_overlaps


def location_json(place) -> dict:
    return {"regency": place.regency, "district": place.district, "village": place.village}


def item_json(item: PlanItem, overlaps: list[dict], tz: str | None = None) -> dict:
    places = list(item.locations)
    return {
        "id": item.id, "source": item.source.value, "ref": item.ref, "agency": agency_json(item.agency),
        "code": item.code, "level": item.level.value, "name": item.name, "indicator": item.indicator,
        "problem": item.problem,
        "location": location_json(places[0]) if places else None, "target": item.target, "unit": item.unit,
        "budget": item.budget, "funding_source": item.funding_source, "next_year_target": item.next_year_target,
        "next_year_budget": item.next_year_budget, "note": item.note, "status": item.status.value,
        "overlaps": [{**{k: v for k, v in o.items() if k != "reasons"}, "reasons": reasons_of(o)} for o in overlaps],
        # extensions
        "locations": [{**location_json(p), "area": p.area} for p in places],
        "origin_agency": agency_json(item.origin_agency), "merged_into": item.merged_into_id,
        "proposer": item.proposer, "dprd_member": item.dprd_member, "electoral_district": item.electoral_district,
        "input_id": item.input_id, "version": item.version, "updated_at": iso(item.updated_at, tz),
    }


def reasons_of(pair: dict) -> list[str]:
    """A pair's reasons in the reader's language; a moderator's link (`manual`) says so first."""
    return ([_("marked the same by a moderator")] if pair.get("manual") else []) + overlap.describe(pair["reasons"])


def with_places(query):
    """The query's rows load their places and agencies with them (one query each per page, not per row)."""
    return query.options(selectinload(PlanItem.locations), selectinload(PlanItem.agency),
                         selectinload(PlanItem.origin_agency))


def items_json(items: list[PlanItem], tz: str | None = None, *, with_history: bool = False) -> list[dict]:
    overlaps = plan_overlaps.overlaps_of([i.id for i in items])
    bodies = [item_json(item, overlaps[item.id], tz) for item in items]
    if with_history:
        history: dict[int, list] = {item.id: [] for item in items}
        for entry in db.session.scalars(select(PlanHistory).where(PlanHistory.item_id.in_(list(history)))
                                        .order_by(PlanHistory.id)):
            history[entry.item_id].append({"at": iso(entry.at, tz), "action": entry.action, "changes": entry.changes,
                                           "reason": entry.reason, "user_id": entry.user_id})
        for body in bodies:
            body["history"] = history[body["id"]]
    return bodies
