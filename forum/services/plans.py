"""Plan rows: reading them, the forum's decision on each (keep, change, move, merge, defer, drop) with its history,
turning a live proposal into a row of the agency that takes it on, and the agencies' ceilings (pagu indikatif).

Every change of a row is kept in its history (`PlanHistory`: who, when, field → [old, new], why) and bumps its
`version`: a decision sent with the version its screen showed is refused with 409 `plan_changed` when the row
changed meanwhile, and of two decisions made at the same moment the database lets one through (the version is
checked in the UPDATE itself). A changed row has its overlaps computed again (services/plan_overlaps.py) and
`PlanItemChanged` recorded for the screens.

Functions for the synchronisation view: `list_items`, `get_item`, `decide`, `dismiss_overlap`, `ceiling_report`,
`overlaps_of` (services/plan_overlaps.py), `items_json` (services/plan_views.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from forum.domain_events import PlanItemChanged, record
from forum.errors import DomainError, NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Agency, Event, Input, InputKind
from forum.models.plans import (
    AgencyCeiling,
    PlanHistory,
    PlanItem,
    PlanLevel,
    PlanLocation,
    PlanOverlap,
    PlanSource,
    PlanStatus,
)
from forum.services import audit, overlap_signatures, plan_cells, plan_overlaps, plan_views
from forum.services.validation import MAX_RECORD_ID, FieldErrors, clean_text, parse_record_id, parse_rupiah

SOURCES = {s.value for s in PlanSource}
STATUSES = {s.value for s in PlanStatus}
LEVELS = {s.value for s in PlanLevel}
# The decisions a moderator takes, by the status they lead to (the verbs are accepted too: "keep" → kept).
DECISIONS = STATUSES
VERBS = {"keep": PlanStatus.kept, "change": PlanStatus.changed, "move": PlanStatus.moved, "merge": PlanStatus.merged,
         "defer": PlanStatus.deferred, "drop": PlanStatus.dropped, "reopen": PlanStatus.draft}
NOTE_REQUIRED = (PlanStatus.moved, PlanStatus.deferred, PlanStatus.dropped)
CHANGES_WITH = (PlanStatus.changed, PlanStatus.moved)  # the decisions that may change target, budget, place
MAX_NOTE = 2000
# What a row's history and a re-import compare: the row's own fields (locations apart).
FIELDS = ("code", "level", "name", "indicator", "problem", "target", "unit", "budget", "funding_source",
          "next_year_target", "next_year_budget", "note", "proposer", "dprd_member", "electoral_district")


class PlanConflict(DomainError):
    """The row is not in the state the request assumed (409)."""


def changed_meanwhile(item: PlanItem | None = None) -> PlanConflict:
    extra = {"version": item.version} if item is not None else {}
    return PlanConflict("plan_changed", _("This row was changed meanwhile (on another screen?). Look at it again "
                                          "and decide once more if still needed."), extra=extra)


# --- reading -----------------------------------------------------------------------------------------

def get_item(event: Event, item_id) -> PlanItem:
    try:
        item_id = parse_record_id(item_id)
    except ValueError:
        item_id = None
    item = db.session.get(PlanItem, item_id) if item_id is not None else None
    if item is None or item.event_id != event.id:
        raise NotFound("plan_not_found", _("No such plan row in this forum."))
    return item


def list_items(event: Event, *, agency_id: int | None = None, source: str | None = None,
               status: str | None = None, with_moved_away: bool = True) -> list[PlanItem]:
    """The forum's rows, by agency, code and id. `agency_id`: that agency's rows, and (`with_moved_away`) the
    rows moved from its plan to another agency, so that it sees what happened to them."""
    query = select(PlanItem).where(PlanItem.event_id == event.id)
    if agency_id:
        own = PlanItem.agency_id == agency_id
        query = query.where(or_(own, PlanItem.origin_agency_id == agency_id) if with_moved_away else own)
    if source:
        query = query.where(PlanItem.source == source)
    if status:
        query = query.where(PlanItem.status == status)
    query = plan_views.with_places(query.order_by(PlanItem.agency_id, PlanItem.source, PlanItem.code, PlanItem.id))
    return list(db.session.scalars(query))


def find_agency(event: Event, value) -> Agency | None:
    """An agency of this forum by id, name or short name (case and spaces ignored)."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        agency = db.session.get(Agency, value) if 0 < value <= MAX_RECORD_ID else None  # beyond: no such record
        return agency if agency is not None and agency.event_id == event.id else None
    if not isinstance(value, str):
        return None
    key = " ".join(value.lower().split())
    for agency in event.agencies:
        if key in (" ".join(agency.name.lower().split()), " ".join((agency.short_name or "").lower().split())):
            return agency
    return None


# --- writing a row (shared by the import, the decisions and proposals turned into rows) ---------------

def location_values(places) -> list[tuple]:
    return [(p.regency, p.district, p.village, bool(p.area)) for p in places]


def location_row(place) -> dict:
    """A place (plan_cells.Where or PlanLocation) as PlanLocation's columns."""
    return {"regency": place.regency, "district": place.district, "village": place.village, "area": bool(place.area)}


def set_locations(item: PlanItem, places) -> None:
    """Replaces the row's places (plan_cells.Where or PlanLocation)."""
    item.locations[:] = [PlanLocation(position=n, **location_row(p)) for n, p in enumerate(places)]


def refresh_signature(item: PlanItem) -> None:
    item.match_text = overlap_signatures.of_row(item.name, item.indicator, item.locations, item.problem)


def keep_history(item: PlanItem, action: str, changes: dict, *, user=None, reason: str = "") -> None:
    item.history.append(PlanHistory(action=action, changes=changes, reason=reason,
                                    user_id=getattr(user, "id", None)))


def _locations_text(item: PlanItem) -> str:
    return plan_cells.describe_location(item.locations)


# --- decisions -----------------------------------------------------------------------------------------

@dataclass
class Decision:
    status: PlanStatus
    note: str | None
    changes: dict  # field → new value (target, budget, unit)
    places: list | None
    agency: Agency | None
    merged_into: PlanItem | None


def _status(value, errors: FieldErrors) -> PlanStatus | None:
    if value is None:
        errors.add("status", _("Choose a decision: kept, changed, moved, merged, deferred or dropped."))
        return None
    if isinstance(value, str) and value in VERBS:
        return VERBS[value]
    if not isinstance(value, str) or value not in STATUSES:
        errors.add("status", _("Must be one of: %(values)s.", values=", ".join(sorted(STATUSES))))
        return None
    return PlanStatus(value)


def _read_changes(data: dict, status: PlanStatus | None, errors: FieldErrors) -> tuple[dict, list | None]:
    changes: dict = {}
    places = None
    given = [name for name in ("target", "budget", "location", "unit") if data.get(name) not in (None, "")]
    if given and status is not None and status not in CHANGES_WITH:
        for name in given:
            errors.add(name, _("Only a change (changed) or a move (moved) sets the target, budget or location."))
        return changes, places
    if "target" in given:
        text = errors.check("target", clean_text, data["target"], max_length=200)
        if text is not None:
            changes["target"], unit = plan_cells.split_target(text, data.get("unit") or "")
            if unit:
                changes["unit"] = unit
    elif "unit" in given:
        changes["unit"] = errors.check("unit", clean_text, data["unit"], max_length=60)
    if "budget" in given:
        changes["budget"] = errors.check("budget", parse_rupiah, data["budget"])
    if "location" in given:
        places = _read_location(data["location"], errors)
    if status == PlanStatus.changed and not given:
        errors.add("status", _("A change needs the new target, budget or location."))
    return changes, places


def _read_location(value, errors: FieldErrors) -> list | None:
    """A location as the contract writes it ({"regency", "district", "village"}), a list of them, or words."""
    from forum.services import regions

    if isinstance(value, str):
        return errors.check("location", plan_cells.parse_location, value)
    values = value if isinstance(value, list) else [value]
    places = []
    for one in values:
        if not isinstance(one, dict):
            errors.add("location", _("Give the regency, sub-district and village, or the place in words."))
            return None
        names, problems = regions.resolve(*(str(one.get(k) or "") for k in ("regency", "district", "village")))
        if problems or not names["regency"]:
            errors.add("location", next(iter(problems.values()), _("Choose the regency first.")))
            return None
        places.append(plan_cells.Where(names["regency"], names["district"], names["village"],
                                       bool(one.get("area")) or not names["district"]))
    return places


def _read_decision(event: Event, item: PlanItem, data: dict) -> Decision:
    errors = FieldErrors()
    status = _status(data.get("status"), errors)
    note = data.get("note")
    if note is not None:
        note = errors.check("note", clean_text, note, max_length=MAX_NOTE, multiline=True)
    if status in NOTE_REQUIRED and not note:
        errors.add("note", _("Say why: a move, a deferral or a drop needs a note."))
    changes, places = _read_changes(data, status, errors)
    agency = merged_into = None
    if status == PlanStatus.moved:
        agency = find_agency(event, data.get("agency"))
        if agency is None:
            errors.add("agency", _("Name the agency of this forum that takes the row on."))
        elif agency.id == item.agency_id:
            errors.add("agency", _("The row already belongs to this agency."))
    elif data.get("agency") not in (None, ""):
        errors.add("agency", _("Only a move (moved) names another agency."))
    if status == PlanStatus.merged:
        merged_into = _merge_target(event, item, data.get("merged_into"), errors)
    elif data.get("merged_into") not in (None, ""):
        errors.add("merged_into", _("Only a merge (merged) names the row it is merged into."))
    errors.raise_if_any()
    return Decision(status, note, changes, places, agency, merged_into)


def _merge_target(event: Event, item: PlanItem, value, errors: FieldErrors) -> PlanItem | None:
    try:
        target = db.session.get(PlanItem, parse_record_id(value)) if value not in (None, "") else None
    except ValueError:
        target = None
    if target is None or target.event_id != event.id:
        errors.add("merged_into", _("Name the row (its id) this one is merged into."))
        return None
    if target.id == item.id or (target.agency_id is not None and target.agency_id == item.agency_id):
        errors.add("merged_into", _("A row is merged into another agency's row."))
        return None
    if not target.is_live:
        errors.add("merged_into", _("That row was dropped, deferred or merged itself."))
        return None
    return target


def expected_version(data: dict, if_match: str | None = None) -> int | None:
    """The version the deciding screen showed: the body's `version`, else an If-Match header ("3", W/"3")."""
    value = data.get("version")
    if value is None and if_match:
        value = if_match.strip().removeprefix("W/").strip('"')
    if value is None or value == "":
        return None
    try:
        return int(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        raise ValidationFailed({"version": _("The version is a whole number (the row's `version`).")}) from None


def decide(event: Event, item: PlanItem, data: dict, *, user=None, version: int | None = None) -> PlanItem:
    """The forum's decision on a row (see the module's docstring); every change goes into its history."""
    if version is not None and version != item.version:
        raise changed_meanwhile(item)
    decision = _read_decision(event, item, data)
    changes: dict = {}
    old_agency = item.agency_id
    if decision.status != item.status:
        changes["status"] = [item.status.value if item.status else None, decision.status.value]
        item.status = decision.status
    for name, value in decision.changes.items():
        if getattr(item, name) != value:
            changes[name] = [getattr(item, name), value]
            setattr(item, name, value)
    if decision.places is not None and location_values(decision.places) != location_values(item.locations):
        old = _locations_text(item)
        set_locations(item, decision.places)
        changes["location"] = [old, plan_cells.describe_location(decision.places)]
    if decision.agency is not None:
        changes["agency"] = [item.agency.name if item.agency else None, decision.agency.name]
        item.agency = decision.agency
    merged_id = decision.merged_into.id if decision.merged_into is not None else None
    if merged_id != item.merged_into_id:
        changes["merged_into"] = [item.merged_into_id, merged_id]
        item.merged_into_id = merged_id
    if decision.note is not None and decision.note != item.note:
        changes["note"] = [item.note, decision.note]
        item.note = decision.note
    if not changes:
        return item  # the same decision again: nothing happened
    if "location" in changes or "agency" in changes:
        refresh_signature(item)
    keep_history(item, "decided", changes, user=user, reason=decision.note or "")
    db.session.flush()  # the UPDATE checks the version: of two concurrent decisions, one fails here
    plan_overlaps.refresh(item)
    record(PlanItemChanged(event.id, item_id=item.id, agency_ids=_agencies_of(item, old_agency)))
    audit.record("plan.decided", event=event, user=user, target=item, status=item.status.value)
    return item


def _agencies_of(item: PlanItem, *others) -> tuple[int, ...]:
    """The agencies whose delegates see the row: its own, the one whose plan it came from, any earlier one."""
    ids = {item.agency_id, item.origin_agency_id, *others}
    return tuple(sorted(i for i in ids if i))


def dismiss_overlap(event: Event, pair_id, *, user=None) -> PlanOverlap:
    """The moderator's "not the same" for a flagged pair: kept, dismissed, never flagged again."""
    try:
        pair = db.session.get(PlanOverlap, parse_record_id(pair_id))
    except ValueError:
        pair = None
    if pair is None or pair.event_id != event.id:
        raise NotFound("plan_overlap_not_found", _("No such flagged pair in this forum."))
    if not pair.dismissed:
        pair.dismissed, pair.dismissed_by_user_id = True, getattr(user, "id", None)
        for item_id in (pair.item_a_id, pair.item_b_id):
            item = db.session.get(PlanItem, item_id) if item_id else None
            if item is not None:
                keep_history(item, "overlap_dismissed", {"overlap": pair.id}, user=user)
                record(PlanItemChanged(event.id, item_id=item.id, agency_ids=_agencies_of(item)))
    return pair


# --- a live proposal becomes a plan row --------------------------------------------------------------

def from_input(event: Event, proposal: Input, data: dict, *, user=None) -> PlanItem:
    """The proposal as a row of the agency that takes it on (`data["agency"]`), source as the proposal says
    (musrenbang, pokir) else renja; its ref is `input-<id>`, so doing it twice is refused (409 plan_exists)."""
    errors = FieldErrors()
    agency = find_agency(event, data.get("agency"))
    if agency is None:
        errors.add("agency", _("Name the agency of this forum that takes the proposal on."))
    if proposal.kind != InputKind.proposal:
        errors.add("input", _("Only a proposal can become a plan row."))
    errors.raise_if_any()
    existing = db.session.scalar(select(PlanItem).where(PlanItem.event_id == event.id,
                                                        PlanItem.input_id == proposal.id))
    if existing is not None:
        raise PlanConflict("plan_exists", _("This proposal is already plan row %(id)d.", id=existing.id),
                           extra={"item_id": existing.id})
    source = PlanSource(proposal.origin) if proposal.origin in SOURCES else PlanSource.renja
    target, unit = plan_cells.split_target(proposal.target or "")
    item = PlanItem(event_id=event.id, source=source, ref=f"input-{proposal.id}", agency=agency, origin_agency=agency,
                    name=proposal.title[:500], indicator="", problem=(proposal.problem or "")[:2000], target=target,
                    unit=unit, budget=proposal.budget, level=PlanLevel.sub_activity,
                    note=_("From proposal %(id)d in the forum.", id=proposal.id),
                    proposer=(proposal.agency.name if proposal.agency else "")[:200], input_id=proposal.id)
    if proposal.regency:
        set_locations(item, [plan_cells.Where(proposal.regency, proposal.district, proposal.village,
                                              not proposal.district)])
    refresh_signature(item)
    db.session.add(item)
    keep_history(item, "from_input", {"input": [None, proposal.id], "agency": [None, agency.name]}, user=user)
    db.session.flush()
    plan_overlaps.refresh(item)
    record(PlanItemChanged(event.id, item_id=item.id, agency_ids=_agencies_of(item)))
    audit.record("plan.from_input", event=event, user=user, target=item, input=proposal.id)
    return item


# --- ceilings (pagu indikatif) ---------------------------------------------------------------------------

def set_ceilings(event: Event, entries, *, user=None) -> None:
    """Each agency's ceiling: [{"agency": id or name, "amount": rupiah or null (no ceiling)}]."""
    if not isinstance(entries, list) or not entries:
        raise ValidationFailed({"ceilings": _("Give a list of {agency, amount}.")})
    errors = FieldErrors()
    wanted = []
    for n, entry in enumerate(entries):
        entry = entry if isinstance(entry, dict) else {}
        agency = find_agency(event, entry.get("agency"))
        if agency is None:
            errors.add(f"ceilings[{n}].agency", _("Not an agency of this forum."))
            continue
        amount = errors.check(f"ceilings[{n}].amount", parse_rupiah, entry.get("amount"))
        wanted.append((agency, amount))
    errors.raise_if_any()
    existing = {c.agency_id: c for c in db.session.scalars(select(AgencyCeiling).where(
        AgencyCeiling.event_id == event.id))}
    for agency, amount in wanted:
        ceiling = existing.get(agency.id)
        if amount is None:
            if ceiling is not None:
                db.session.delete(ceiling)
        elif ceiling is None:
            db.session.add(AgencyCeiling(event_id=event.id, agency_id=agency.id, amount=amount))
        else:
            ceiling.amount = amount
    audit.record("plan.ceilings_set", event=event, user=user, count=len(wanted))


LEVEL_DEPTH = {PlanLevel.program: 1, PlanLevel.activity: 2, PlanLevel.sub_activity: 3}


def agency_totals(event: Event) -> dict[int, int]:
    """{agency id: the money its rows ask for}: the budgets of the rows it carries now that still count (not
    dropped, deferred or merged away; a moved row counts for the agency it moved to), at the deepest level it
    has rows of — a Renja's programme row is the sum of its activities, which are the sums of their sub-activities."""
    sums: dict[int, dict] = {}
    for agency_id, level, total in db.session.execute(
            select(PlanItem.agency_id, PlanItem.level, func.coalesce(func.sum(PlanItem.budget), 0)).where(
                PlanItem.event_id == event.id, PlanItem.agency_id.is_not(None), PlanItem.counts_toward_ceiling)
            .group_by(PlanItem.agency_id, PlanItem.level)):
        sums.setdefault(agency_id, {})[PlanLevel(level)] = int(total or 0)
    return {agency_id: by_level[max(by_level, key=LEVEL_DEPTH.get)] for agency_id, by_level in sums.items()}


def ceiling_report(event: Event) -> list[dict]:
    """Per agency with rows or a ceiling: {"agency", "ceiling", "total", "over"} (`agency_totals`); `over` is
    what exceeds the ceiling (0 without one)."""
    totals = agency_totals(event)
    ceilings = dict(db.session.execute(select(AgencyCeiling.agency_id, AgencyCeiling.amount).where(
        AgencyCeiling.event_id == event.id)).all())
    report = []
    for agency in event.agencies:
        if agency.id not in totals and agency.id not in ceilings:
            continue
        total, ceiling = totals.get(agency.id, 0), ceilings.get(agency.id)
        report.append({"agency": agency, "ceiling": ceiling, "total": total,
                       "over": max(0, total - ceiling) if ceiling is not None else 0})
    return report
