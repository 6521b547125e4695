"""The moderators' synchronisation view: every agency's rows side by side, grouped by place (regency, sub-district of
a row's first place) and theme (the broad kind of work the overlap detector reads in the row: roads, bridges…),
filtered, one page at a time.

A forum holds up to some 15,000 rows, so the order is computed from a narrow index (id, agency, first place, the
stored `match_text`) read in one query, and only the page's rows are loaded whole (services/plan_views.py) with
their flagged pairs, the rows and proposals those pairs name, and the delegates' responses.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from forum.extensions import db
from forum.models import Agency, Event, Input
from forum.models.plans import PlanHistory, PlanItem, PlanLocation, PlanOverlap
from forum.services import overlap, plan_views, plans

PER_PAGE = 60
NO_THEME = "~"  # sorts after every head


@dataclass
class SyncFilters:
    agency_id: int | None = None
    source: str = ""
    status: str = ""
    regency: str = ""
    flagged: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args) -> SyncFilters:
        def number(name):
            value = (args.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        return cls(agency_id=number("agency"),
                   source=args.get("source", "") if args.get("source", "") in plans.SOURCES else "",
                   status=args.get("status", "") if args.get("status", "") in plans.STATUSES else "",
                   regency=(args.get("regency") or "").strip()[:100],
                   flagged=args.get("flagged") in ("1", "true", "on"), page=max(1, number("page") or 1))

    def query_args(self, **override) -> dict:
        values = {"agency": self.agency_id, "source": self.source, "status": self.status, "regency": self.regency,
                  "flagged": "1" if self.flagged else None, "page": self.page if self.page > 1 else None}
        values.update(override)
        return {k: v for k, v in values.items() if v not in (None, "")}


@dataclass
class Group:
    regency: str
    district: str
    theme: str  # the concept's id ("" for none known)
    rows: list[dict] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.regency}|{self.district}|{self.theme}"

    @property
    def theme_label(self) -> str:
        return theme_label(self.theme)


@dataclass
class SyncPage:
    groups: list[Group]
    total: int
    page: int
    pages: int
    refs: dict  # ("item"|"input", id) → {"agency", "name", "status"} of what a flagged pair names
    responses: dict  # item id → [{"at", "reason", "name"}]


def theme_label(head: str) -> str:
    return overlap.kind_label(head) if head else _("other work")


def theme_of(match_text: str) -> str:
    """The row's broad kind of work (its first head), from its stored signature ("^road")."""
    heads = sorted(token[1:] for token in (match_text or "").split() if token[:1] in ("^", "*") and token[1:] != "?")
    return heads[0] if heads else ""


def _index_query(event: Event, filters: SyncFilters):
    first = and_(PlanLocation.item_id == PlanItem.id, PlanLocation.position == 0)
    query = (select(PlanItem.id, PlanLocation.regency, PlanLocation.district, PlanItem.match_text,
                    PlanItem.agency_id, PlanItem.code)
             .outerjoin(PlanLocation, first).where(PlanItem.event_id == event.id))
    if filters.agency_id:
        query = query.where(or_(PlanItem.agency_id == filters.agency_id,
                                PlanItem.origin_agency_id == filters.agency_id))
    if filters.source:
        query = query.where(PlanItem.source == filters.source)
    if filters.status:
        query = query.where(PlanItem.status == filters.status)
    if filters.regency:
        query = query.where(PlanItem.id.in_(select(PlanLocation.item_id).where(
            PlanLocation.regency == filters.regency)))
    if filters.flagged:
        flagged = PlanOverlap.event_id == event.id, PlanOverlap.is_flagged
        query = query.where(or_(PlanItem.id.in_(select(PlanOverlap.item_a_id).where(*flagged)),
                                PlanItem.id.in_(select(PlanOverlap.item_b_id).where(*flagged))))
    return query


def _ordered(event: Event, filters: SyncFilters) -> list[tuple]:
    """(id, regency, district, theme) of every matching row, in the view's order."""
    names = dict(db.session.execute(select(Agency.id, Agency.name).where(Agency.event_id == event.id)).all())
    rows = [(regency or "", district or "", theme_of(text), names.get(agency_id, ""), code or "", item_id)
            for item_id, regency, district, text, agency_id, code in db.session.execute(_index_query(event, filters))]
    rows.sort(key=lambda r: (r[0] == "", r[0], r[1], r[2] or NO_THEME, r[3], r[4], r[5]))
    return [(r[5], r[0], r[1], r[2]) for r in rows]


def sync_page(event: Event, filters: SyncFilters, *, per_page: int | None = None) -> SyncPage:
    per_page = per_page or PER_PAGE
    ordered = _ordered(event, filters)
    pages = max(1, -(-len(ordered) // per_page))
    page = min(filters.page, pages)
    window = ordered[(page - 1) * per_page: page * per_page]
    bodies = rows_json(event, [item_id for item_id, *_rest in window])
    by_id = {body["id"]: body for body in bodies}
    groups: list[Group] = []
    for item_id, regency, district, theme in window:
        body = by_id.get(item_id)
        if body is None:  # removed since the index was read
            continue
        if not groups or (groups[-1].regency, groups[-1].district, groups[-1].theme) != (regency, district, theme):
            groups.append(Group(regency, district, theme))
        groups[-1].rows.append(body)
    return SyncPage(groups, len(ordered), page, pages, references(bodies), responses_of([b["id"] for b in bodies]))


def rows_json(event: Event, item_ids: list[int]) -> list[dict]:
    """The rows as the contract's PlanItem (with their flagged pairs' ids), in the order of `item_ids`."""
    if not item_ids:
        return []
    found = {i.id: i for i in db.session.scalars(plan_views.with_places(
        select(PlanItem).where(PlanItem.event_id == event.id, PlanItem.id.in_(item_ids))))}
    items = [found[i] for i in item_ids if i in found]
    return plan_views.items_json(items, event.timezone)


def references(bodies: list[dict]) -> dict:
    """What each flagged pair names (another agency's row, a live proposal): agency, name and status, in two
    queries for the whole page."""
    item_ids, input_ids = set(), set()
    for body in bodies:
        for o in body["overlaps"]:
            (item_ids.add(o["item_id"]) if o.get("item_id") else input_ids.add(o.get("input_id")))
    refs: dict = {}
    if item_ids:
        query = select(PlanItem.id, PlanItem.name, PlanItem.status, PlanItem.budget, PlanItem.version,
                       Agency.name).outerjoin(Agency, Agency.id == PlanItem.agency_id).where(PlanItem.id.in_(item_ids))
        for item_id, name, status, budget, version, agency in db.session.execute(query):
            refs[("item", item_id)] = {"name": name, "status": getattr(status, "value", status), "agency": agency or "",
                                       "budget": budget, "version": version}
    input_ids.discard(None)
    if input_ids:
        query = select(Input.id, Input.title, Input.status, Agency.name).outerjoin(
            Agency, Agency.id == Input.agency_id).where(Input.id.in_(input_ids))
        for input_id, title, status, agency in db.session.execute(query):
            refs[("input", input_id)] = {"name": title, "status": getattr(status, "value", status),
                                         "agency": agency or "", "budget": None, "version": None}
    return refs


def responses_of(item_ids: list[int]) -> dict[int, list[dict]]:
    """The delegates' responses to the rows (history entries of kind "response"), oldest first."""
    out: dict[int, list[dict]] = defaultdict(list)
    if not item_ids:
        return out
    query = select(PlanHistory).where(PlanHistory.item_id.in_(item_ids), PlanHistory.action == "response") \
        .order_by(PlanHistory.id)
    for entry in db.session.scalars(query):
        out[entry.item_id].append({"at": entry.at, "reason": entry.reason,
                                   "name": (entry.changes or {}).get("name", ""),
                                   "agency": (entry.changes or {}).get("agency", "")})
    return out


def summary(event: Event) -> dict:
    """Counts for the page's head: rows, rows by status, flagged pairs by relation."""
    from sqlalchemy import func

    by_status = dict(db.session.execute(select(PlanItem.status, func.count()).where(
        PlanItem.event_id == event.id).group_by(PlanItem.status)).all())
    by_relation: dict[str, int] = defaultdict(int)
    for relation, n in db.session.execute(select(PlanOverlap.relation, func.count()).where(
            PlanOverlap.event_id == event.id, PlanOverlap.is_flagged).group_by(PlanOverlap.relation)):
        by_relation[getattr(relation, "value", relation)] += n
    return {"rows": sum(by_status.values()),
            "by_status": {getattr(k, "value", k): v for k, v in by_status.items()},
            "overlaps": by_relation["overlap"], "related": by_relation["related"]}


def regencies_with_rows(event: Event) -> list[str]:
    return list(db.session.scalars(select(PlanLocation.regency).join(PlanItem, PlanItem.id == PlanLocation.item_id)
                                   .where(PlanItem.event_id == event.id, PlanLocation.regency != "")
                                   .distinct().order_by(PlanLocation.regency)))
