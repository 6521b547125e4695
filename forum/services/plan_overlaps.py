"""Overlaps between plan rows of different agencies, and between plan rows and live proposals (inputs).

The scoring is the proposals' detector (services/overlap.py) seen through a small adapter: `score(a, b)` is the
one call site, so that a better detector replaces it in one place. On top of it:
- the **nomenclature code**: two rows with the same activity or sub-activity code in the same place are the same
  work whatever their wording;
- **phases**: a design study (DED, studi kelayakan, perencanaan) and the works (pembangunan, konstruksi,
  rehabilitasi) of the same object in the same place are *related*, not planned twice.

A row names one or several places; two rows are compared place by place and the best pair counts.

Finding the pairs (`refresh_all` for a whole forum, `refresh` for one changed row) never compares everything
with everything: the detector never flags two different sub-districts, nor two different kinds of work, so the
candidates of a row are those of its regency and sub-district (or without one) that share a head, a code, or
have no known kind of work at all — a blocking index in memory for the whole forum, the same cut in SQL for
one row. Dismissed pairs stay stored (dismissed) and are never flagged again.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import insert, or_, select

from forum.extensions import db
from forum.models import Input, InputKind, InputStatus
from forum.models.plans import LIVE_STATUSES, OverlapRelation, PlanItem, PlanLocation, PlanOverlap
from forum.services import overlap

THRESHOLD = overlap.THRESHOLD
SAME_CODE = 0.35  # place evidence plus this reaches the threshold from the same regency on
MIN_CODE_DEPTH = 5  # kegiatan or sub kegiatan: a programme code is shared by too many rows to tell anything

STUDY_WORDS = re.compile(r"\b(?:ded|detail engineering design|studi kelayakan|feasibility study|fs|perencanaan|"
                         r"perencanaan teknis|desain|design|kajian|survei|survey|amdal|ukl upl|dokumen lingkungan)\b")
WORKS_WORDS = re.compile(r"\b(?:pembangunan|membangun|konstruksi|rehabilitasi|rekonstruksi|peningkatan|"
                         r"pelaksanaan fisik|pengaspalan|penggantian|renovasi)\b")


def phase(text: str) -> str:
    """"study" for a design or feasibility study, "works" for building or repairing, "" when the text says neither."""
    lowered = (text or "").lower()
    if STUDY_WORDS.search(lowered):
        return "study"
    if WORKS_WORDS.search(lowered):
        return "works"
    return ""


def signature(name: str, indicator: str, places) -> str:
    """A row's canonical words (kept in `PlanItem.match_text`), with the place names of its first place removed."""
    first = places[0] if places else None
    regency, district = (first.regency, first.district) if first is not None else ("", "")
    return overlap.signature(name, indicator, places=overlap.places_for(regency or "", district or ""))


@dataclass(frozen=True)
class Row:
    """What the scorer needs of a plan row or a live proposal. `key`: ("item", id) or ("input", id)."""

    key: tuple[str, int]
    agency_id: int | None
    code: str
    phase: str
    places: tuple[overlap.Proposal, ...]

    @property
    def heads(self) -> frozenset[str]:
        return self.places[0].heads if self.places else frozenset()


def item_row(item_id: int, agency_id, code: str, name: str, match_text: str, places) -> Row:
    """`places`: (regency, district, village) of each of the row's places."""
    proposals = tuple(overlap.Proposal.of(item_id, agency_id, r, d, v, match_text) for r, d, v in places)
    return Row(("item", item_id), agency_id, code or "", phase(name), proposals)


def input_row(input_id: int, agency_id, regency, district, village, title: str, match_text: str) -> Row:
    return Row(("input", input_id), agency_id, "", phase(title),
               (overlap.Proposal.of(input_id, agency_id, regency, district, village, match_text),))


def score(a: Row, b: Row) -> tuple[float, list[dict], OverlapRelation | None]:
    """How likely `a` and `b` are the same work in the same place (0–1), the structured reasons, and whether
    they overlap (planned twice) or are related (phases of one work); relation None below the threshold."""
    best, best_reasons = 0.0, []
    same_code = bool(a.code) and a.code == b.code and a.code.count(".") + 1 >= MIN_CODE_DEPTH
    for pa in a.places:
        for pb in b.places:
            value, reasons = overlap.score(pa, pb)
            if same_code:
                place, place_reason = overlap._place(pa, pb)  # noqa: SLF001 (the adapter reads the detector's parts)
                if place > 0:
                    if not reasons:
                        reasons = [place_reason] if place_reason else []
                    value = max(value, round(min(1.0, place + SAME_CODE), 3))
                    reasons = [*reasons, {"code": "same_code", "value": a.code}]
            if value > best:
                best, best_reasons = value, reasons
    if best < THRESHOLD:
        return best, best_reasons, None
    if {a.phase, b.phase} == {"study", "works"}:
        return best, [*best_reasons, {"code": "phases", "phases": [a.phase, b.phase]}], OverlapRelation.related
    return best, best_reasons, OverlapRelation.overlap


def describe(reasons) -> list[str]:
    """The reasons in the user's language (the detector's words, plus the code and the phases)."""
    from flask_babel import gettext as _

    out = []
    for reason in reasons or ():
        code = reason.get("code") if isinstance(reason, dict) else None
        if code == "same_code":
            out.append(_("same nomenclature code %(code)s", code=reason.get("value", "")))
        elif code == "phases":
            out.append(_("phases of one work: a study and the construction"))
        else:
            out.extend(overlap.describe([reason]))
    return out


# --- candidates ------------------------------------------------------------------------------------

class BlockingIndex:
    """The rows by place (regency, sub-district; "*" for any of the regency's) and by what they are about (a head,
    their code, or nothing known), so that each row meets only the rows that could reach the threshold."""

    def __init__(self):
        self.by_topic: dict[tuple, list[int]] = defaultdict(list)
        self.by_place: dict[tuple, list[int]] = defaultdict(list)
        self.rows: list[Row] = []

    @staticmethod
    def _topics(row: Row) -> list[tuple]:
        topics = [("head", h) for h in row.heads] or [("any",)]
        if row.code.count(".") + 1 >= MIN_CODE_DEPTH:
            topics.append(("code", row.code))
        return topics

    def add(self, row: Row) -> int:
        index = len(self.rows)
        self.rows.append(row)
        for regency, district in {(p.regency, p.district) for p in row.places if p.regency}:
            for place in ((regency, district), (regency, "*")):
                self.by_place[place].append(index)
                for topic in self._topics(row):
                    self.by_topic[(*place, *topic)].append(index)
        return index

    def candidates(self, row: Row) -> set[int]:
        found: set[int] = set()
        topics = [*self._topics(row), ("any",)]  # rows of no known kind: their wording decides
        for p in row.places:
            if not p.regency:
                continue
            # a sub-district meets its own rows and the regency-wide ones; a regency-wide row meets them all
            places = [(p.regency, p.district), (p.regency, "")] if p.district else [(p.regency, "*")]
            for place in places:
                if not row.heads:  # no known kind of work: every row of the place
                    found.update(self.by_place.get(place, ()))
                    continue
                for topic in topics:
                    found.update(self.by_topic.get((*place, *topic), ()))
        return found


def _comparable(a: Row, b: Row) -> bool:
    """Two plan rows of different agencies (a row without agency, e.g. a Musrenbang result, differs from all);
    a row and a live proposal always."""
    if a.key[0] == "input" or b.key[0] == "input":
        return a.key[0] != b.key[0]
    return a.agency_id is None or b.agency_id is None or a.agency_id != b.agency_id


def find_pairs(rows: list[Row]) -> list[tuple[Row, Row, float, list[dict], OverlapRelation]]:
    """Every flagged pair among `rows`, each once."""
    index = BlockingIndex()
    for row in rows:
        index.add(row)
    pairs = []
    for i, row in enumerate(index.rows):
        for j in index.candidates(row):
            if j <= i:
                continue
            other = index.rows[j]
            if not _comparable(row, other):
                continue
            value, reasons, relation = score(row, other)
            if relation is not None:
                pairs.append((row, other, value, reasons, relation))
    return pairs


# --- loading rows ----------------------------------------------------------------------------------

def _places_by_item(item_ids) -> dict[int, list[tuple[str, str, str]]]:
    out: dict[int, list] = defaultdict(list)
    query = select(PlanLocation.item_id, PlanLocation.regency, PlanLocation.district, PlanLocation.village) \
        .order_by(PlanLocation.item_id, PlanLocation.position)
    if item_ids is not None:
        query = query.where(PlanLocation.item_id.in_(item_ids))
    for item_id, regency, district, village in db.session.execute(query):
        out[item_id].append((regency, district, village))
    return out


def _item_rows(query) -> list[Row]:
    items = db.session.execute(query).all()
    places = _places_by_item([i.id for i in items]) if len(items) < 500 else _places_of_event(items)
    return [item_row(i.id, i.agency_id, i.code, i.name, i.match_text, places.get(i.id, ())) for i in items
            if places.get(i.id)]


def _places_of_event(items) -> dict[int, list]:
    """Every place of the rows' forum in one query (rather than an IN list of thousands of ids)."""
    wanted = {i.id for i in items}
    out = _places_by_item(None)
    return {k: v for k, v in out.items() if k in wanted}


ITEM_COLUMNS = (PlanItem.id, PlanItem.agency_id, PlanItem.code, PlanItem.name, PlanItem.match_text)
INPUT_COLUMNS = (Input.id, Input.agency_id, Input.regency, Input.district, Input.village, Input.title,
                 Input.match_text)


def _live_inputs(event_id: int):
    return select(*INPUT_COLUMNS).where(
        Input.event_id == event_id, Input.kind == InputKind.proposal.value, Input.regency != "",
        Input.status.not_in((InputStatus.merged.value, InputStatus.rejected.value)))


def _dismissed(event_id: int, item_id: int | None = None) -> set[tuple]:
    query = select(PlanOverlap.item_a_id, PlanOverlap.item_b_id, PlanOverlap.input_id).where(
        PlanOverlap.event_id == event_id, PlanOverlap.dismissed.is_(True))
    if item_id is not None:
        query = query.where(or_(PlanOverlap.item_a_id == item_id, PlanOverlap.item_b_id == item_id))
    return set(db.session.execute(query).all())


def _pair_values(event_id: int, a: Row, b: Row, value: float, reasons: list, relation) -> dict:
    if b.key[0] == "input":
        a_id, b_id, input_id = a.key[1], None, b.key[1]
    elif a.key[0] == "input":
        a_id, b_id, input_id = b.key[1], None, a.key[1]
    else:
        a_id, b_id = sorted((a.key[1], b.key[1]))
        input_id = None
    return {"event_id": event_id, "item_a_id": a_id, "item_b_id": b_id, "input_id": input_id, "score": value,
            "reasons": reasons, "relation": relation.value, "dismissed": False}


def _store(event_id: int, pairs, dismissed: set[tuple]) -> int:
    values = [_pair_values(event_id, *pair) for pair in pairs]
    values = [v for v in values if (v["item_a_id"], v["item_b_id"], v["input_id"]) not in dismissed]
    if values:
        db.session.execute(insert(PlanOverlap), values)
    return len(values)


def refresh_all(event_id: int) -> int:
    """Every flagged pair of the forum computed again (after an import); returns how many are flagged."""
    db.session.execute(PlanOverlap.__table__.delete().where(PlanOverlap.event_id == event_id,
                                                            PlanOverlap.dismissed.is_(False)))
    rows = _item_rows(select(*ITEM_COLUMNS).where(PlanItem.event_id == event_id, PlanItem.is_live))
    rows += [input_row(*r) for r in db.session.execute(_live_inputs(event_id))]
    return _store(event_id, find_pairs(rows), _dismissed(event_id))


def refresh(item: PlanItem) -> int:
    """The changed row's pairs computed again (and only its own); returns how many are flagged."""
    db.session.execute(PlanOverlap.__table__.delete().where(
        or_(PlanOverlap.item_a_id == item.id, PlanOverlap.item_b_id == item.id), PlanOverlap.dismissed.is_(False)))
    if item.status not in LIVE_STATUSES or not item.locations:
        return 0
    row = item_row(item.id, item.agency_id, item.code, item.name, item.match_text,
                   [(p.regency, p.district, p.village) for p in item.locations])
    candidates = _item_rows(_candidate_items(item, row)) + [input_row(*r) for r in db.session.execute(
        _candidate_inputs(item, row))]
    pairs = []
    for other in candidates:
        if other.key == row.key or not _comparable(row, other):
            continue
        value, reasons, relation = score(row, other)
        if relation is not None:
            pairs.append((row, other, value, reasons, relation))
    return _store(item.event_id, pairs, _dismissed(item.event_id, item.id))


def _place_condition(location_model_regency, location_model_district, row: Row):
    conditions = []
    for p in row.places:
        if not p.regency:
            continue
        if p.district:
            conditions.append((location_model_regency == p.regency)
                              & location_model_district.in_((p.district, "")))
        else:
            conditions.append(location_model_regency == p.regency)
    return or_(*conditions) if conditions else None


def _topic_condition(match_text, code_column, row: Row):
    if not row.heads:
        return None
    padded = match_text + " "
    conditions = [padded.contains(f"*{head} ", autoescape=True) for head in sorted(row.heads)]
    conditions.append(~match_text.contains("*", autoescape=True))
    if code_column is not None and row.code.count(".") + 1 >= MIN_CODE_DEPTH:
        conditions.append(code_column == row.code)
    return or_(*conditions)


def _candidate_items(item: PlanItem, row: Row):
    place = _place_condition(PlanLocation.regency, PlanLocation.district, row)
    query = select(*ITEM_COLUMNS).where(
        PlanItem.event_id == item.event_id, PlanItem.id != item.id, PlanItem.is_live,
        PlanItem.id.in_(select(PlanLocation.item_id).where(place))).distinct()
    if item.agency_id is not None:
        query = query.where(or_(PlanItem.agency_id != item.agency_id, PlanItem.agency_id.is_(None)))
    topic = _topic_condition(PlanItem.match_text, PlanItem.code, row)
    return query.where(topic) if topic is not None else query


def _candidate_inputs(item: PlanItem, row: Row):
    query = _live_inputs(item.event_id).where(_place_condition(Input.regency, Input.district, row))
    topic = _topic_condition(Input.match_text, None, row)
    return query.where(topic) if topic is not None else query


# --- reading -----------------------------------------------------------------------------------------

def overlaps_of(item_ids: list[int], *, with_dismissed: bool = False) -> dict[int, list[dict]]:
    """{item id: [{"id", "item_id" | "input_id", "score", "reasons", "relation", "dismissed"}]}, best first."""
    out: dict[int, list[dict]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    query = select(PlanOverlap).where(or_(PlanOverlap.item_a_id.in_(item_ids), PlanOverlap.item_b_id.in_(item_ids)))
    if not with_dismissed:
        query = query.where(PlanOverlap.is_flagged)
    for pair in db.session.scalars(query):
        base = {"id": pair.id, "score": pair.score, "reasons": list(pair.reasons or ()),
                "relation": OverlapRelation(pair.relation).value, "dismissed": pair.dismissed}
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
