"""Overlaps between plan rows of different agencies, and between plan rows and live proposals (inputs).

The detector is the proposals' one (services/overlap/): the same score, the same reasons, nomenclature codes and
phases ("related": a design study and the construction of one bridge) for plan rows as for proposals. A row is
one detector item holding all its places (`overlap.item`).

Finding the pairs never compares everything with everything: `refresh_all` (a whole forum) and `refresh_rows`
(the rows an import brought or changed, against the whole forum) hand every live row and proposal to the
detector's `Index`; `refresh` (one changed row) and `refresh_input` (one changed proposal) let SQL make the cut
first — the same regency and sub-district (or none), another agency, and a shared broad kind of work (the
signature's `^root ` tokens), no known kind (`^? `) or the same code — or a signature of another version of the
analysis, read again once loaded (services/overlap_signatures.py).
Two proposals are paired by services/inputs.py, never here; a row is never paired with the proposal it was made
from. Dismissed pairs stay stored (dismissed) and are never flagged again.

A row that leaves the table by a decision (deferred, dropped, merged away) or a proposal rejected or merged keeps
its pairs, closed (`closed_at`, `closed_by`) rather than deleted: the berita acara lists every overlap the forum
decided, and only open pairs are flagged. A closed pair whose rows and proposal are all back on the table (a row
reopened) is decided afresh by the detector; one whose other side is still off the table stays as it was.
"""
from __future__ import annotations

import gc
import json
from collections import defaultdict
from contextlib import contextmanager

from sqlalchemy import bindparam, func, or_, select, update

from forum.db import utcnow
from forum.domain_events import PlanItemChanged, record
from forum.extensions import db
from forum.models import Input, InputKind, InputStatus
from forum.models.plans import LIVE_STATUSES, OverlapRelation, PlanItem, PlanLocation, PlanOverlap
from forum.services import overlap, overlap_signatures, prepared

MIN_CODE_DEPTH = 5  # kegiatan or sub kegiatan: the detector's depth for "the same code"


def item_of(item_id: int, agency_id, code: str, match_text: str, places) -> overlap.Item:
    """A plan row for the detector; `places`: (regency, district, village) of each of the row's places (kept per
    process: `kept_item`)."""
    return kept_item(("item", item_id), agency_id, tuple(places), match_text, code or "")


def input_of(input_id: int, agency_id, regency, district, village, match_text: str) -> overlap.Item:
    """A proposal for pairing with plan rows (kept per process: `kept_item`)."""
    return kept_item(("input", input_id), agency_id, ((regency, district, village),), match_text)


def kept_item(key, agency_id, places: tuple, match_text: str, code: str = "") -> overlap.Item:
    """`overlap.item(key, ...)`, kept per process while the item is unchanged (its agency, code, signature and
    places: all it is made of).

    An import into a full forum loads every row of it, and re-reading 15,000 signatures (and their words' trigrams,
    which the detector computes once per item) took about a tenth of it; a proposal's submission reads the signatures
    of the proposals near it, which grow to hundreds in a session. The price is memory: about 5.6 KB an item (85 MB
    for a 15,000-row forum, per serving process), hence the bound (KEEP_ITEMS: a full forum, an import into it and
    a session's proposals)."""
    made_of = (agency_id, code, match_text, places)
    kept = _ITEMS.get(key)
    if kept is not None and kept[0] == made_of:
        return kept[1]
    found = overlap.item(key, agency_id, list(places), match_text, code)
    if len(_ITEMS) >= KEEP_ITEMS:
        _ITEMS.clear()
    _ITEMS[key] = (made_of, found)
    return found


_ITEMS: dict[object, tuple] = {}  # detector key → ((agency, code, signature, places), detector item)
KEEP_ITEMS = 25_000


def _comparable(made_from: dict[int, int]):
    """Two plan rows (the detector keeps one agency's apart), or a row and a proposal other than its source."""
    def comparable(a: overlap.Item, b: overlap.Item) -> bool:
        if a.key[0] == "input":
            a, b = b, a
        if b.key[0] != "input":
            return True
        return a.key[0] == "item" and made_from.get(a.key[1]) != b.key[1]
    return comparable


# --- loading rows ----------------------------------------------------------------------------------

ITEM_COLUMNS = (PlanItem.id, PlanItem.agency_id, PlanItem.code, PlanItem.match_text, PlanItem.input_id)
# a proposal's place for the detector: its location, or the place its texts name (Input.place_*)
INPUT_COLUMNS = (Input.id, Input.agency_id, Input.place_regency, Input.place_district, Input.place_village,
                 Input.match_text)


def places_by_item(event_id: int, item_ids=None) -> dict[int, list[tuple[str, str, str]]]:
    """{item id: [(regency, district, village), ...]} of the forum's rows (of `item_ids` only, when given)."""
    out: dict[int, list] = defaultdict(list)
    if item_ids is not None:  # the few rows near a proposal or a row: a statement built once (prepared.py)
        query = prepared.statement("places of plan rows", lambda: _places().where(
            PlanLocation.item_id.in_(bindparam("item_ids", expanding=True))))
        found = db.session.execute(query, {"item_ids": list(item_ids)})
    else:
        found = db.session.execute(_places().join(PlanItem, PlanItem.id == PlanLocation.item_id)
                                   .where(PlanItem.event_id == event_id))
    for item_id, regency, district, village in found:
        out[item_id].append((regency, district, village))
    return out


def _places():
    return select(PlanLocation.item_id, PlanLocation.regency, PlanLocation.district, PlanLocation.village) \
        .order_by(PlanLocation.item_id, PlanLocation.position)


def _items(event_id: int, query, values: dict | None = None) -> tuple[list[overlap.Item], dict[int, int]]:
    """The rows `query` selects (ITEM_COLUMNS; with `values` for its parameters) as detector items, and {row id: the
    proposal it was made from}. Rows signed by another version of the analysis are analysed again
    (overlap_signatures.py)."""
    rows = db.session.execute(query, values).all()
    if not rows:  # most proposals in a forum without plans: no second statement
        return [], {}
    signed = overlap_signatures.current_rows(rows)
    places = places_by_item(event_id, [r.id for r in rows] if len(rows) < 500 else None)
    items = [item_of(r.id, r.agency_id, r.code, signed.get(r.id, r.match_text), places[r.id]) for r in rows
             if places.get(r.id)]
    return items, {r.id: r.input_id for r in rows if r.input_id}


def _inputs(query) -> list[overlap.Item]:
    """The proposals `query` selects (INPUT_COLUMNS) as detector items, signed again as `_items` does."""
    rows = db.session.execute(query).all()
    signed = overlap_signatures.current_proposals(rows)
    return [input_of(r.id, r.agency_id, r.place_regency, r.place_district, r.place_village,
                     signed.get(r.id, r.match_text))
            for r in rows]


def _forum_items(event_id: int) -> tuple[list[overlap.Item], dict[int, int]]:
    """Every live row and live proposal of the forum; every row and proposal another version of the analysis
    signed (an upgrade: all of them) signed again first, in one pass."""
    overlap_signatures.sign_forum(event_id)
    items, made_from = _items(event_id, select(*ITEM_COLUMNS).where(PlanItem.event_id == event_id,
                                                                      PlanItem.is_live).order_by(PlanItem.id))
    items += _inputs(_live_inputs(event_id).order_by(Input.id))
    return items, made_from  # in `_ordered` order: Index.pairs meets each pair as refresh and refresh_rows do


def _live_inputs(event_id: int):
    return select(*INPUT_COLUMNS).where(
        Input.event_id == event_id, Input.kind == InputKind.proposal.value, Input.place_regency != "",
        Input.status.not_in((InputStatus.merged.value, InputStatus.rejected.value)))


def _is_live_proposal(proposal: Input) -> bool:
    return proposal.kind == InputKind.proposal.value and bool(proposal.place_regency) and proposal.status not in (
        InputStatus.merged.value, InputStatus.rejected.value)


# --- storing pairs ---------------------------------------------------------------------------------

def _dismissed(event_id: int, *, item_id: int | None = None, input_id: int | None = None) -> set[tuple]:
    """The pairs the detector must not store again: dismissed, closed by a decision, or marked the same by a
    moderator (services/plan_links.py)."""
    query = select(PlanOverlap.item_a_id, PlanOverlap.item_b_id, PlanOverlap.input_id).where(
        or_(PlanOverlap.dismissed.is_(True), PlanOverlap.closed_at.is_not(None), PlanOverlap.linked_at.is_not(None)))
    if item_id is not None:  # by the row's own indexes, not the forum's
        query = query.where(_of_item(item_id))
    elif input_id is not None:
        query = query.where(PlanOverlap.input_id == input_id)
    else:
        query = query.where(PlanOverlap.event_id == event_id)
    return set(db.session.execute(query).all())


def _pair_values(event_id: int, a: overlap.Item, b: overlap.Item, match: overlap.Match) -> dict:
    if b.key[0] == "input":
        a_id, b_id, input_id = a.key[1], None, b.key[1]
    elif a.key[0] == "input":
        a_id, b_id, input_id = b.key[1], None, a.key[1]
    else:
        a_id, b_id = sorted((a.key[1], b.key[1]))
        input_id = None
    return {"event_id": event_id, "item_a_id": a_id, "item_b_id": b_id, "input_id": input_id,
            "score": match.score, "reasons": match.reasons, "relation": match.relation,  # "overlap" | "related"
            "dismissed": False}


PAIR_COLUMNS = ("event_id", "item_a_id", "item_b_id", "input_id", "score", "reasons", "relation", "dismissed",
                "created_at", "closed_by")  # a pair as inserted (`_store`)


def _store(event_id: int, pairs, dismissed: set[tuple]) -> list[dict]:
    """Inserts the flagged pairs [(a, b, Match)] not dismissed before; returns what was stored.

    One executemany of plain tuples through the driver: an import into a full forum may flag 100,000 pairs, and
    SQLAlchemy's processing of each value (the JSON, the enum, the time) took as long as the database's insert."""
    values = [_pair_values(event_id, *pair) for pair in pairs]
    values = [v for v in values if (v["item_a_id"], v["item_b_id"], v["input_id"]) not in dismissed]
    _say_places_read(values)
    if values:
        connection = db.session.connection()
        insert = PlanOverlap.__table__.insert().compile(dialect=connection.dialect, column_keys=list(PAIR_COLUMNS))
        now = utcnow().replace(tzinfo=None)  # stored as naive UTC (forum.db.UTCDateTime)
        rows = [{**v, "reasons": json.dumps(v["reasons"]), "created_at": now, "closed_by": ""} for v in values]
        if insert.positional:
            rows = [tuple(row[name] for name in insert.positiontup) for row in rows]
        connection.exec_driver_sql(insert.string, rows)
    return values


def _say_places_read(values: list[dict]) -> None:
    """The reason that a pair's proposal, sent without a location, was placed where its texts name, added to its
    pairs' reasons (a statement only when pairs name proposals)."""
    input_ids = sorted({v["input_id"] for v in values if v["input_id"] is not None})
    read = {}
    for chunk in _chunks(input_ids):
        read |= {r.id: (r.place_regency, r.place_district, r.place_village) for r in db.session.execute(
            select(Input.id, Input.place_regency, Input.place_district, Input.place_village)
            .where(Input.id.in_(chunk), Input.regency == "", Input.place_regency != ""))}
    for v in values:
        if v["input_id"] in read:
            v["reasons"] = [*v["reasons"], overlap.place_read(v["input_id"], read[v["input_id"]])]


OPEN = (PlanOverlap.dismissed.is_(False), PlanOverlap.closed_at.is_(None))
DETECTED = PlanOverlap.linked_at.is_(None)  # the detector's pairs; a moderator's link stays until undone


def _clear(event_id: int, *which) -> None:
    """Deletes the open pairs `which` selects, to be computed again, and the closed ones among them whose rows and
    proposal are all back on the table (the detector decides those afresh); other closed pairs stay. A pair a
    moderator marked the same is never deleted here: closed, it opens again once both sides are back. Without
    `which`: the whole forum's."""
    which = which or (PlanOverlap.event_id == event_id,)  # a row's or a proposal's: by their own indexes
    db.session.execute(PlanOverlap.__table__.delete().where(*OPEN, DETECTED, *which))
    closed = db.session.execute(select(PlanOverlap.id, PlanOverlap.item_a_id, PlanOverlap.item_b_id,
                                       PlanOverlap.input_id, PlanOverlap.linked_at).where(
        PlanOverlap.dismissed.is_(False), PlanOverlap.closed_at.is_not(None), *which)).all()
    if not closed:
        return
    item_ids = {i for _id, a, b, _input, _linked in closed for i in (a, b) if i}
    live_items = set(db.session.scalars(select(PlanItem.id).where(PlanItem.id.in_(item_ids), PlanItem.is_live)))
    input_ids = {p.input_id for p in closed if p.input_id}
    live_inputs = set(db.session.scalars(select(Input.id).where(Input.id.in_(input_ids), Input.status.not_in(
        (InputStatus.merged.value, InputStatus.rejected.value))))) if input_ids else set()
    back = [p for p in closed if p.item_a_id in live_items and (p.item_b_id is None or p.item_b_id in live_items)
            and (p.input_id is None or p.input_id in live_inputs)]
    for chunk in _chunks([p.id for p in back if p.linked_at is None]):
        db.session.execute(PlanOverlap.__table__.delete().where(PlanOverlap.id.in_(chunk)))
    linked = [p.id for p in back if p.linked_at is not None]  # a moderator's link holds again
    if linked:
        db.session.execute(update(PlanOverlap).where(PlanOverlap.id.in_(linked)).values(closed_at=None, closed_by="")
                           .execution_options(synchronize_session=False))


def _close(decision: str, *which) -> list[int]:
    """Closes the open pairs `which` selects (a row or proposal left the table by `decision`); returns the rows
    they name."""
    condition = (*OPEN, *which)  # `which` names a row or a proposal (their own indexes, not the forum's)
    named = db.session.execute(select(PlanOverlap.item_a_id, PlanOverlap.item_b_id).where(*condition)).all()
    if named:
        db.session.execute(update(PlanOverlap).where(*condition).values(closed_at=utcnow(), closed_by=decision)
                           .execution_options(synchronize_session=False))
    return sorted({i for pair in named for i in pair if i})


def _of_item(item_id: int):
    return or_(PlanOverlap.item_a_id == item_id, PlanOverlap.item_b_id == item_id)


@contextmanager
def paused_collection():
    """No garbage collection passes while a forum's rows are read or paired at once: each pass walks every object
    alive, and tens of thousands of detector items and pairs made in a row set off many of them (a fifth to a
    third of an import into a full forum). Reference counting still frees what is dropped."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# --- computing pairs ---------------------------------------------------------------------------------

def refresh_all(event_id: int) -> int:
    """Every flagged pair of the forum computed again (after an import); returns how many are flagged."""
    _clear(event_id)
    with paused_collection():
        items, made_from = _forum_items(event_id)
        pairs = overlap.Index(items).pairs(include_related=True, comparable=_comparable(made_from))
        return len(_store(event_id, pairs, _dismissed(event_id)))


def refresh_rows(event_id: int, item_ids) -> int:
    """The pairs of the rows `item_ids` (imported or changed together) computed again against the whole forum,
    and only theirs: the other rows' pairs stay as they are. Returns how many pairs the forum flags now."""
    changed = set(item_ids)
    for chunk in _chunks(sorted(changed)):
        _clear(event_id, or_(PlanOverlap.item_a_id.in_(chunk), PlanOverlap.item_b_id.in_(chunk)))
    with paused_collection():
        items, made_from = _forum_items(event_id)
        index, comparable = overlap.Index(items), _comparable(made_from)
        pairs = []
        for new in (i for i in items if i.key[0] == "item" and i.key[1] in changed):
            # two changed rows meet once: from the one with the smaller id
            near = [other for other in index.near(new) if comparable(new, other) and not (
                other.key[0] == "item" and other.key[1] in changed and other.key[1] <= new.key[1])]
            pairs += _pairs_with(new, near)
        _store(event_id, pairs, _dismissed(event_id))
    return flagged_count(event_id)


def after_agency_merge(event_id: int, agency_id: int, item_ids, input_ids) -> None:
    """The rows `item_ids` and proposals `input_ids` became agency `agency_id`'s (an unverified agency mapped into
    it): their pairs with that agency's other rows and proposals are now within one agency, never an overlap
    between agencies, and go — open or closed; dismissed ones stay as the moderators' verdicts. The detector
    judges the agency only by "never the same one", so no other pair changes and none appears. The rows whose
    pairs went are recorded as changed."""
    item_ids, input_ids = sorted(set(item_ids)), sorted(set(input_ids))
    if not item_ids and not input_ids:
        return
    own_rows = select(PlanItem.id).where(PlanItem.event_id == event_id, PlanItem.agency_id == agency_id)
    own_inputs = select(Input.id).where(Input.event_id == event_id, Input.agency_id == agency_id)
    within = (PlanOverlap.event_id == event_id, PlanOverlap.dismissed.is_(False), PlanOverlap.item_a_id.in_(own_rows),
              or_(PlanOverlap.item_b_id.in_(own_rows), PlanOverlap.input_id.in_(own_inputs)))
    touched = [or_(PlanOverlap.item_a_id.in_(chunk), PlanOverlap.item_b_id.in_(chunk)) for chunk in _chunks(item_ids)]
    touched += [PlanOverlap.input_id.in_(chunk) for chunk in _chunks(input_ids)]
    gone = db.session.execute(select(PlanOverlap.id, PlanOverlap.item_a_id, PlanOverlap.item_b_id).where(
        *within, or_(*touched))).all()
    for chunk in _chunks([pair_id for pair_id, *_rows in gone]):
        db.session.execute(PlanOverlap.__table__.delete().where(PlanOverlap.id.in_(chunk)))
    _record_changed(event_id, {i for _id, a, b in gone for i in (a, b) if i})


def flagged_count(event_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(PlanOverlap).where(PlanOverlap.event_id == event_id,
                                                                              PlanOverlap.is_flagged))


def _chunks(values: list, size: int = 5000):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def refresh(item: PlanItem) -> int:
    """The changed row's pairs computed again (and only its own); returns how many are flagged. A row decided off
    the table (deferred, dropped, merged) has its open pairs closed, and the rows they name recorded as changed
    (their screens no longer show the flag)."""
    if item.status not in LIVE_STATUSES:
        _record_changed(item.event_id, set(_close(item.status.value, _of_item(item.id))) - {item.id})
        return 0
    _clear(item.event_id, _of_item(item.id))
    if not item.locations:
        return 0
    places = [(p.regency, p.district, p.village) for p in item.locations]
    overlap_signatures.ensure_current(item)
    new = item_of(item.id, item.agency_id, item.code, item.match_text, places)
    existing, _made_from = _items(item.event_id, _candidate_items(item.event_id, new, places)
                                  .where(PlanItem.id != item.id))
    inputs = _candidate_inputs(item.event_id, new, places)
    if item.input_id is not None:
        inputs = inputs.where(Input.id != item.input_id)
    existing += _inputs(inputs)
    pairs = _pairs_with(new, existing)
    return len(_store(item.event_id, pairs, _dismissed(item.event_id, item_id=item.id)))


def refresh_input(proposal: Input, *, just_created: bool = False) -> int:
    """A changed proposal's pairs with the forum's plan rows computed again; the rows whose pairs changed are
    recorded as changed (their screens show the proposal, or no longer). Returns how many are flagged."""
    before: set[int] = set()
    if not just_created:
        mine = PlanOverlap.input_id == proposal.id
        if proposal.status in (InputStatus.merged.value, InputStatus.rejected.value):
            # decided off the table: its pairs closed, kept for the record
            _record_changed(proposal.event_id, set(_close(str(proposal.status), mine)))
            return 0
        before = set(db.session.scalars(select(PlanOverlap.item_a_id).where(*OPEN, mine)))
        _clear(proposal.event_id, mine)
    stored: list[dict] = []
    if proposal.kind == InputKind.proposal.value:
        overlap_signatures.ensure_current(proposal)  # and a proposal without a location placed again
    if _is_live_proposal(proposal):
        place = (proposal.place_regency, proposal.place_district, proposal.place_village)
        new = input_of(proposal.id, proposal.agency_id, *place, proposal.match_text)
        existing, _made_from = _items(proposal.event_id, *_candidate_items_of_proposal(proposal, new))
        if existing:
            pairs = _pairs_with(new, existing)
            dismissed = set() if just_created else _dismissed(proposal.event_id, input_id=proposal.id)
            stored = _store(proposal.event_id, pairs, dismissed)
    _record_changed(proposal.event_id, before | {v["item_a_id"] for v in stored})
    return len(stored)


def _pairs_with(new: overlap.Item, existing: list[overlap.Item]) -> list[tuple]:
    """The detector's flagged and related pairs of `new` among `existing` (never itself, never its own agency's):
    (a, b, Match), a and b in `_ordered` order."""
    out = []
    for other in existing:
        if other.key == new.key or (new.agency_id is not None and other.agency_id == new.agency_id):
            continue
        a, b = _ordered(new, other)
        match = overlap.score(a, b)
        if match.relation is not None:
            out.append((a, b, match))
    return out


def _ordered(a: overlap.Item, b: overlap.Item) -> tuple[overlap.Item, overlap.Item]:
    """A pair as it is stored and as `refresh_all` meets it (rows before proposals, the smaller id first), so that
    its reasons read the same however it was found (the phases name a's first)."""
    return (a, b) if (a.key[0] != "item", a.key[1]) <= (b.key[0] != "item", b.key[1]) else (b, a)


def _record_changed(event_id: int, item_ids: set[int]) -> None:
    if not item_ids:
        return
    for item_id, agency_id, origin_id in db.session.execute(
            select(PlanItem.id, PlanItem.agency_id, PlanItem.origin_agency_id).where(PlanItem.id.in_(item_ids))):
        record(PlanItemChanged(event_id, item_id=item_id,
                               agency_ids=tuple(sorted({a for a in (agency_id, origin_id) if a}))))


# --- the SQL prefilter (the detector's Index cut, for one item) ------------------------------------------

def _place_condition(regency_column, district_column, places):
    """The same regency and, for a place within a sub-district, that sub-district or the whole regency.
    `places`: as stored, (regency, district, village); the detector's own places are normalised, and may only
    narrow a stored place within its regency (a row naming its villages)."""
    conditions = []
    for regency, district in {(p[0], p[1]) for p in places if p[0]}:
        conditions.append(regency_column == regency if not district else
                          (regency_column == regency) & district_column.in_((district, "")))
    return or_(*conditions) if conditions else None


def topic_key(new: overlap.Item) -> tuple:
    """What `topic_condition` is built from, for a prepared statement's key: its topics (none when it has no kind)
    and the code it compares (rows)."""
    if not new.roots:
        return ()
    code = new.code if new.code.count(".") + 1 >= MIN_CODE_DEPTH else ""
    return tuple(sorted(overlap.topics(new.features, new.code))), code


def topic_condition(match_text, code_column, new: overlap.Item):
    """A topic the detector's Index meets `new` under (a shared broad kind of work, a whole of its kind, a word its
    short form may contract: overlap.topics, written as "^" tokens in every signature), no known kind, (rows) the
    same code, or a signature of another version (its kinds are read again once loaded); None: every kind (new
    has none)."""
    if not new.roots:
        return None
    padded = match_text + " "
    conditions = [padded.contains(f"^{topic} ", autoescape=True) for topic in sorted(overlap.topics(new.features,
                                                                                                    new.code))]
    conditions += [padded.contains("^? ", autoescape=True), overlap_signatures.stale(match_text)]
    if code_column is not None and new.code.count(".") + 1 >= MIN_CODE_DEPTH:
        conditions.append(code_column == new.code)
    return or_(*conditions)


def _candidate_items(event_id: int, new: overlap.Item, places):
    place = _place_condition(PlanLocation.regency, PlanLocation.district, places)
    return _items_near(event_id, place if place is not None else PlanLocation.id.is_(None), new, new.agency_id)


def _items_near(event_id, place, new: overlap.Item, agency_id):
    """The live rows with a place `place` selects, of another agency than `new`'s (`agency_id`: its value or a
    parameter), sharing a kind of work with it."""
    query = select(*ITEM_COLUMNS).where(PlanItem.event_id == event_id, PlanItem.is_live,
                                        PlanItem.id.in_(select(PlanLocation.item_id).where(place)))
    if new.agency_id is not None:
        query = query.where(or_(PlanItem.agency_id != agency_id, PlanItem.agency_id.is_(None)))
    topic = topic_condition(PlanItem.match_text, PlanItem.code, new)
    return query.where(topic) if topic is not None else query


def _candidate_items_of_proposal(proposal: Input, new: overlap.Item) -> tuple[object, dict]:
    """`_candidate_items` for one proposal (one place, and never the row made from it) as (statement, values): the
    statement is built once per shape (prepared.py) — whether the place names a sub-district, whether the agency is
    known, its topics (`topic_key`), the signatures' version — since a submission runs it at every proposal."""
    district, agency = bool(proposal.place_district), new.agency_id is not None

    def build():
        place = PlanLocation.regency == bindparam("regency")
        if district:
            place = place & PlanLocation.district.in_([bindparam("district"), ""])
        return _items_near(bindparam("event_id"), place, new, bindparam("agency_id")).where(
            or_(PlanItem.input_id.is_(None), PlanItem.input_id != bindparam("input_id")))

    key = ("plan rows near a proposal", district, agency, topic_key(new), overlap_signatures.version_prefix())
    values = {"event_id": proposal.event_id, "regency": proposal.place_regency, "input_id": proposal.id}
    values |= {"district": proposal.place_district} if district else {}
    values |= {"agency_id": new.agency_id} if agency else {}
    return prepared.statement(key, build), values


def _candidate_inputs(event_id: int, new: overlap.Item, places):
    place = _place_condition(Input.place_regency, Input.place_district, places)
    query = _live_inputs(event_id).where(place if place is not None else Input.id.is_(None))
    if new.agency_id is not None:
        query = query.where(or_(Input.agency_id != new.agency_id, Input.agency_id.is_(None)))
    topic = topic_condition(Input.match_text, None, new)
    return query.where(topic) if topic is not None else query


# --- reading -----------------------------------------------------------------------------------------

def overlaps_of(item_ids: list[int], *, with_dismissed: bool = False) -> dict[int, list[dict]]:
    """{item id: [{"id", "item_id" | "input_id", "score", "reasons", "relation", "dismissed", "manual"}]}, best
    first; `reasons` structured, worded by `overlap.describe`; `manual`: marked the same by a moderator."""
    out: dict[int, list[dict]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    query = select(PlanOverlap).where(or_(PlanOverlap.item_a_id.in_(item_ids), PlanOverlap.item_b_id.in_(item_ids)))
    if not with_dismissed:
        query = query.where(PlanOverlap.is_flagged)
    for pair in db.session.scalars(query):
        base = {"id": pair.id, "score": pair.score, "reasons": list(pair.reasons or ()),
                "relation": OverlapRelation(pair.relation).value, "dismissed": pair.dismissed,
                "manual": pair.is_manual}
        if pair.input_id is not None:
            if pair.item_a_id in out:
                out[pair.item_a_id].append({"input_id": pair.input_id, **base})
            continue
        for mine, other in ((pair.item_a_id, pair.item_b_id), (pair.item_b_id, pair.item_a_id)):
            if mine in out:
                out[mine].append({"item_id": other, **base})
    for found in out.values():
        found.sort(key=lambda o: (-o["score"], o.get("item_id") or 0, o.get("input_id") or 0))
    return out
