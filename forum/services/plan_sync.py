"""The moderators' synchronisation view: every agency's rows side by side, grouped by place (regency, sub-district of
a row's first place) and theme (the broad kind of work the overlap detector reads in the row: roads, bridges…),
filtered, one page at a time.

A forum holds up to some 15,000 rows, so the order is kept in memory (`ForumIndex`: id, agency, status, places and
the head of the stored `match_text` of every row), read whole once (by a serving process when it starts:
`warm_up`) and then brought up to date from the rows changed since; only the page's rows are loaded whole
(services/plan_views.py) with their flagged pairs, the rows and proposals those pairs name, and the delegates'
responses.
"""
from __future__ import annotations

import logging
import re
import threading
from bisect import bisect_left, insort
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import String, func, or_, select, type_coerce

from forum.db import utcnow
from forum.extensions import db
from forum.models import Agency, Event, Input
from forum.models.plans import PlanHistory, PlanItem, PlanLocation, PlanOverlap
from forum.services import overlap, plan_overlaps, plan_views, plans

log = logging.getLogger(__name__)

PER_PAGE = 40  # the next pages load as the list scrolls
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
            return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None  # not "²"

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
    summary: dict | None = None  # with_counts: the forum's counts (`summary`)
    regencies: list[str] | None = None  # with_counts: the regencies of the rows' first places


def theme_label(head: str) -> str:
    return overlap.kind_label(head) if head else _("other work")


HEAD = re.compile(r"(?:^| )[\^*]([^ ?][^ ]*)")


def theme_of(match_text: str) -> str:
    """The row's broad kind of work, from its stored signature: its first head ("^road"; the signature lists them
    in order), found without splitting the whole text (the view reads thousands)."""
    found = HEAD.search(match_text or "")
    return found.group(1) if found else ""


def _head_column():
    """The part of the stored signature from its first head on (the head is all the view needs of it), so that
    the index does not carry thousands of whole signatures out of the database."""
    text = PlanItem.match_text
    start = func.strpos(text, "^") if db.engine.dialect.name == "postgresql" else func.instr(text, "^")
    return func.substr(text, start, 48)


def sort_key(regency: str, district: str, theme: str, agency: str, code: str, item_id: int) -> str:
    """The view's order as one string: rows without a place last, then by place, theme, agency, code and id. The
    parts are joined by a character that sorts before any other, so strings compare as the tuple of parts would
    (and a forum's 15,000 keys sort as quickly as strings do)."""
    return "\x00".join(("1" if regency == "" else "0", regency, district, theme or NO_THEME, agency, code or "",
                        f"{item_id:012d}"))


@dataclass(slots=True)
class Entry:
    """What the view's order and filters need of one row."""

    id: int
    key: str  # the sort key (`sort_key`): place, theme, agency, code, id
    regency: str
    district: str
    theme: str
    agency_id: int | None
    origin_agency_id: int | None
    source: str
    status: str


class ForumIndex:
    """A forum's rows in the view's order, kept in memory between requests and brought up to date from what
    changed since (rows by `updated_at`, places by id): after a decision only that row is read again and put back
    in its place, so the view does not read the whole forum per request. A change of the agencies rebuilds it."""

    def __init__(self, event: Event):
        self.event_id = event.id
        self.names = self._agency_names()
        self.entries: dict[int, Entry] = {}
        self.order: list[tuple] = []  # (key, id), sorted
        forum_rows = PlanItem.event_id == event.id
        self.seen_update = db.session.scalar(select(func.max(PlanItem.updated_at)).where(forum_rows))
        self.seen_place = db.session.scalar(select(func.max(PlanLocation.id))) or 0
        self._read(None)

    def _agency_names(self) -> dict[int, str]:
        return dict(db.session.execute(select(Agency.id, Agency.name).where(Agency.event_id == self.event_id)).all())

    def _read(self, item_ids) -> None:
        """(Re)reads the rows `item_ids` (None: every row) and puts each in its place in the order."""
        if item_ids is None:
            with plan_overlaps.paused_collection():  # tens of thousands of small objects at once
                self._read_rows(None)
        else:
            self._read_rows(item_ids)

    def _read_rows(self, item_ids) -> None:
        # source and status as the plain strings stored (no enum made per row: thousands of them)
        items = select(PlanItem.id, PlanItem.agency_id, PlanItem.origin_agency_id, type_coerce(PlanItem.source, String),
                       type_coerce(PlanItem.status, String), PlanItem.code, _head_column()).where(
            PlanItem.event_id == self.event_id)
        places = select(PlanLocation.item_id, PlanLocation.regency, PlanLocation.district).where(
            PlanLocation.position == 0)
        if item_ids is None:
            places = places.where(PlanLocation.item_id.in_(select(PlanItem.id).where(
                PlanItem.event_id == self.event_id)))
        else:
            items, places = items.where(PlanItem.id.in_(list(item_ids))), places.where(
                PlanLocation.item_id.in_(list(item_ids)))
            for item_id in item_ids:
                old = self.entries.pop(item_id, None)
                if old is not None:
                    at = bisect_left(self.order, (old.key, item_id))
                    if at < len(self.order) and self.order[at] == (old.key, item_id):
                        del self.order[at]
        connection = db.session.connection()  # plain rows: no ORM bookkeeping for thousands of them
        first = {item_id: (regency or "", district or "")
                 for item_id, regency, district in connection.execute(places).fetchall()}
        nowhere = ("", "")
        names, entries = self.names, self.entries
        for item_id, agency_id, origin_id, source, status, code, head in connection.execute(items).fetchall():
            regency, district = first.get(item_id, nowhere)
            theme = theme_of(head)
            key = sort_key(regency, district, theme, names.get(agency_id, ""), code, item_id)
            entries[item_id] = Entry(item_id, key, regency, district, theme, agency_id, origin_id, source, status)
            if item_ids is not None:
                insort(self.order, (key, item_id))
        if item_ids is None:
            self.order = sorted((e.key, e.id) for e in entries.values())

    def refresh(self) -> ForumIndex:
        """Brings the order up to date; returns itself, or a new index when the agencies changed."""
        if self._agency_names() != self.names:
            return ForumIndex(db.session.get(Event, self.event_id))
        forum_rows = PlanItem.event_id == self.event_id
        # Also a little back in time: a transaction stamps its rows when it writes them and may commit after
        # another that wrote later, so the rows of the last seconds (and the last place ids) are read again.
        recent = PlanItem.updated_at >= utcnow() - LOOK_BACK
        since = or_(PlanItem.updated_at > self.seen_update, recent) if self.seen_update is not None else True
        changed = dict(db.session.execute(select(PlanItem.id, PlanItem.updated_at).where(forum_rows, since)).all())
        moved = db.session.execute(select(PlanLocation.item_id, PlanLocation.id).where(
            PlanLocation.id > self.seen_place - LOOK_BACK_PLACES)).all()
        ids = set(changed) | {item_id for item_id, _place in moved}
        if len(ids) > REBUILD_FROM:  # a large import: reading everything again is simpler and as quick
            return ForumIndex(db.session.get(Event, self.event_id))
        if ids:
            self._read(ids)
        self.seen_update = max([self.seen_update, *changed.values()] if self.seen_update else changed.values(),
                               default=None)
        self.seen_place = max([self.seen_place, *(place for _item, place in moved)])
        return self

    def matching(self, filters: SyncFilters) -> list[Entry]:
        if not (filters.agency_id or filters.source or filters.status or filters.regency or filters.flagged):
            return [self.entries[item_id] for _key, item_id in self.order]
        flagged = _flagged_ids(self.event_id) if filters.flagged else None
        placed = set(db.session.scalars(select(PlanLocation.item_id).where(
            PlanLocation.regency == filters.regency))) if filters.regency else None
        out = []
        for _key, item_id in self.order:
            e = self.entries[item_id]
            if filters.agency_id and filters.agency_id not in (e.agency_id, e.origin_agency_id):
                continue
            if (filters.source and e.source != filters.source) or (filters.status and e.status != filters.status):
                continue
            if (placed is not None and item_id not in placed) or (flagged is not None and item_id not in flagged):
                continue
            out.append(e)
        return out


def _flagged_ids(event_id: int) -> set[int]:
    ids: set[int] = set()
    for a, b in db.session.execute(select(PlanOverlap.item_a_id, PlanOverlap.item_b_id).where(
            PlanOverlap.event_id == event_id, PlanOverlap.is_flagged)):
        ids.update(i for i in (a, b) if i)
    return ids


_LOCK = threading.Lock()  # one request at a time brings an index up to date (the server runs threads)
KEEP_INDEXES = 8
LOOK_BACK = timedelta(seconds=10)
LOOK_BACK_PLACES = 200
REBUILD_FROM = 2000  # changed rows


def indexes(app) -> OrderedDict:
    """Forum id → ForumIndex, the most recently used last: kept by the app, not by the database's address (the test
    suite runs many apps in one process on one PostgreSQL database emptied between them: forum 1 is another forum
    each time)."""
    return app.extensions.setdefault("forum_plan_indexes", OrderedDict())


def forum_index(event: Event) -> ForumIndex:
    kept = indexes(current_app)
    index = kept.get(event.id)
    index = ForumIndex(event) if index is None else index.refresh()
    kept[event.id] = index
    kept.move_to_end(event.id)
    while len(kept) > KEEP_INDEXES:
        kept.popitem(last=False)
    return index


def warm_up(app, *, forums: int = KEEP_INDEXES) -> threading.Thread:
    """Reads the view's index of the most recent forums holding plan rows, in a thread, when a serving process
    starts (forum/lifecycle.py): its first view then only brings the index up to date instead of reading the
    whole forum (about 0.1-0.3 s of CPU at 15,000 rows). A view asked for meanwhile waits for the index."""
    def run():
        with app.app_context():
            try:
                planned = select(PlanItem.event_id).distinct()
                for event in db.session.scalars(select(Event).where(Event.id.in_(planned))
                                                .order_by(Event.starts_at.desc()).limit(forums)):
                    with _LOCK:
                        forum_index(event)
            except Exception as exc:  # noqa: BLE001  (the database away: the first view reads the index)
                log.warning("could not read the plans' synchronisation index at start: %s", exc)
            finally:
                db.session.remove()

    thread = threading.Thread(target=run, name="forum-plans-index", daemon=True)
    thread.start()
    return thread


def sync_page(event: Event, filters: SyncFilters, *, per_page: int | None = None,
              with_counts: bool = False) -> SyncPage:
    """One page of the view; `with_counts`: also the forum's counts and places for the page's head (from the same
    index, brought up to date once)."""
    per_page = per_page or PER_PAGE
    with _LOCK:
        index = forum_index(event)
        ordered = [(e.id, e.regency, e.district, e.theme) for e in index.matching(filters)]
        everything = list(index.entries.values()) if with_counts else []
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
    result = SyncPage(groups, len(ordered), page, pages, references(bodies), responses_of([b["id"] for b in bodies]))
    if with_counts:
        result.summary = _counts(event, everything)
        result.regencies = sorted({e.regency for e in everything if e.regency})
    return result


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
    """Counts for a page's head: rows, rows by status (from the view's index), flagged pairs by relation."""
    with _LOCK:
        entries = list(forum_index(event).entries.values())
    return _counts(event, entries)


def _counts(event: Event, entries: list[Entry]) -> dict:
    by_status = {getattr(status, "value", status): n for status, n in Counter(e.status for e in entries).items()}
    by_relation: dict[str, int] = defaultdict(int)
    for relation, n in db.session.execute(select(PlanOverlap.relation, func.count()).where(
            PlanOverlap.event_id == event.id, PlanOverlap.is_flagged).group_by(PlanOverlap.relation)):
        by_relation[getattr(relation, "value", relation)] += n
    return {"rows": len(entries), "by_status": by_status, "overlaps": by_relation["overlap"],
            "related": by_relation["related"]}


def rows_by_agency(event: Event) -> dict[int | None, dict[str, int]]:
    """{agency id: {source: rows}}: how many rows each agency carries, per source."""
    out: dict = {}
    for agency_id, source, n in db.session.execute(
            select(PlanItem.agency_id, PlanItem.source, func.count()).where(PlanItem.event_id == event.id)
            .group_by(PlanItem.agency_id, PlanItem.source)):
        out.setdefault(agency_id, {})[getattr(source, "value", source)] = n
    return out
