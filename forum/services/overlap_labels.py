"""The moderators' verdicts on pairs as labelled data, and the detector's explanation of one pair.

Every decision a moderator takes on two items is a label the detector can be measured against: "not the
same" on a flagged pair (a dismissal of two proposals, or of a plan row and another row or a proposal), a merge
of one proposal into another, a plan row merged into another agency's row, a plan row and a proposal marked the
same by a moderator (services/plan_links.py). `labelled_pairs` lists them with
every text, code and place the detector reads of both sides and what the detector says today, for the
organisers' export (forum/documents/overlap_labels.py, whose docstring says how to turn it into a labelled set).

`explain_pair` (two proposals) and `explain_plan_pair` (a plan row and another row or a proposal) answer a
moderator who asks why a pair is (not) flagged: every score, and a summary in the reader's language.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.extensions import db
from forum.models import Input, InputKind, InputOverlap, InputStatus, OverlapDismissal
from forum.models.plans import PlanHistory, PlanItem, PlanOverlap, PlanStatus
from forum.services import overlap

# The detector's place and kind relations (overlap.explain's `place` and `kind`), for the reader.
PLACE_RELATIONS = {"same_village": _l("the same village"), "same_district": _l("the same sub-district"),
                   "district_covers": _l("one covers the other's sub-district"),
                   "regency_covers": _l("one covers the whole regency that holds the other"),
                   "same_regency": _l("both regency-wide"),
                   "other_village": _l("different villages of one sub-district"), "": _l("the places do not meet")}
KIND_RELATIONS = {"same": _l("the same kind of work"), "general": _l("the same kind of work (one general)"),
                  "same_unknown": _l("the same object"), "different": _l("different kinds of work"),
                  "unknown": _l("no known kind of work")}


def _item_of(item: Input) -> overlap.Item:
    """The proposal as the detector compares it: at its location, or at the place read from its texts."""
    place = (item.place_regency, item.place_district, item.place_village)
    return overlap.analysed(("input", item.id), item.agency_id, [place],
                            title=item.title or "", activity=item.activity or "", sub_activity=item.sub_activity or "",
                            program=item.program or "", problem=item.problem or "", body=item.body or "")


def _plan_item(row: PlanItem) -> overlap.Item:
    places = [(p.regency, p.district, p.village) for p in row.locations]
    return overlap.analysed(("item", row.id), row.agency_id, places, title=row.name, activity=row.indicator or "",
                            problem=row.problem or "",
                            code=row.code or "")


def _summary(found: dict, dismissed: bool) -> str:
    """The verdict in one line of the reader's language: flagged or not, the score against the threshold, and
    how the places, the kinds of work and the wording compare."""
    if found["relation"] == "related":
        verdict = _("Flagged as related: phases of one work")
    elif found["flagged"]:
        verdict = _("Flagged: the same work")
    else:
        verdict = _("Not flagged")
    parts = [str(PLACE_RELATIONS.get(found["place"], found["place"])), str(KIND_RELATIONS.get(found["kind"],
                                                                                           found["kind"])),
             _("similar wording %(percent)d%%", percent=round(100 * found["text"]))]
    if found["same_code"]:
        parts.append(_("the same nomenclature code"))
    if found["vetoes"] and found["evidence_score"] > 0:
        parts.append(_("%(score)s without the veto", score=format_decimal(found["evidence_score"], "0.00")))
    line = _("%(verdict)s — score %(score)s, %(threshold)s needed (%(parts)s)", verdict=verdict,
             score=format_decimal(found["score"], "0.00"), threshold=format_decimal(found["threshold"], "0.00"),
             parts="; ".join(parts))
    return line + (" — " + _("dismissed by a moderator") if dismissed else "")


def _explained(a: overlap.Item, b: overlap.Item, stored_score: float | None, dismissed: bool) -> dict:
    """Every part of the detector's verdict on a pair, its sentences and summary in the reader's language."""
    found = overlap.explain(a, b)
    return {"flagged": found["flagged"], "relation": found["relation"], "score": found["score"],
            "evidence_score": found["evidence_score"], "threshold": found["threshold"], "place": found["place"],
            "kind": found["kind"], "text_similarity": found["text"], "same_code": found["same_code"],
            "phases": [p or "works" for p in found["phases"]],
            "vetoes": [overlap.describe_veto(v) for v in found["vetoes"]],
            "reasons": overlap.describe(found["reasons"]), "stored_score": stored_score, "dismissed": dismissed,
            "summary": _summary(found, dismissed)}


def explain_pair(item: Input, other: Input) -> dict:
    """Why the detector flags (or does not flag) two proposals, with every score; the pair as stored too."""
    a, b = sorted((item.id, other.id))
    stored = db.session.scalar(select(InputOverlap.score).where(InputOverlap.input_a_id == a,
                                                                InputOverlap.input_b_id == b))
    dismissed = db.session.scalar(select(OverlapDismissal.id).where(OverlapDismissal.input_a_id == a,
                                                                    OverlapDismissal.input_b_id == b)) is not None
    return {"input_id": item.id, "other_id": other.id, **_explained(_item_of(item), _item_of(other), stored, dismissed)}


def explain_plan_pair(row: PlanItem, other: PlanItem | Input) -> dict:
    """Why the detector flags (or does not flag) a plan row and another row or a proposal, with every score;
    the pair as stored too (its score, dismissed)."""
    if isinstance(other, Input):
        where = (PlanOverlap.item_a_id == row.id, PlanOverlap.item_b_id.is_(None), PlanOverlap.input_id == other.id)
        sides = (_plan_item(row), _item_of(other))
    else:
        a, b = sorted((row.id, other.id))
        where = (PlanOverlap.item_a_id == a, PlanOverlap.item_b_id == b, PlanOverlap.input_id.is_(None))
        sides = (_plan_item(row), _plan_item(other))
    stored = db.session.execute(select(PlanOverlap.score, PlanOverlap.dismissed).where(*where)).first()
    return {"item_id": row.id, "other": {"kind": "input" if isinstance(other, Input) else "plan_row", "id": other.id},
            **_explained(*sides, stored.score if stored else None, bool(stored and stored.dismissed))}


@dataclass
class LabelledPair:
    label: str  # "same" or "not_same"
    source: str  # dismissed, merged, plan_merged, plan_dismissed, plan_linked
    decided_at: datetime | None
    a: dict  # SIDE_FIELDS of one side
    b: dict
    detector_relation: str
    detector_score: float


# What the export says of each side: what the detector reads of it (texts, code, places) and who proposed it.
# `places` lists every place of a plan row as JSON [[regency, district, village], ...]; regency, district and
# village repeat the first one.
SIDE_FIELDS = ("kind", "id", "agency", "title", "activity", "sub_activity", "program", "problem", "body", "code",
               "regency", "district", "village", "places")


def _side(kind: str, record_id: int, agency, places: list[tuple[str, str, str]], **texts) -> dict:
    first = places[0] if places else ("", "", "")
    return {"kind": kind, "id": record_id, "agency": agency.name if agency else "",
            "title": "", "activity": "", "sub_activity": "", "program": "", "problem": "", "body": "", "code": "",
            **{k: v or "" for k, v in texts.items()}, "regency": first[0] or "", "district": first[1] or "",
            "village": first[2] or "", "places": json.dumps([list(p) for p in places], ensure_ascii=False)}


def _input_side(item: Input) -> dict:
    return _side("input", item.id, item.agency, [(item.regency or "", item.district or "", item.village or "")],
                 title=item.title, activity=item.activity, sub_activity=item.sub_activity, program=item.program,
                 problem=item.problem, body=item.body)


def _plan_side(row: PlanItem) -> dict:
    return _side("plan_row", row.id, row.agency, [(p.regency, p.district, p.village) for p in row.locations],
                 title=row.name, activity=row.indicator, problem=row.problem, code=row.code)


def _labelled(label: str, source: str, at, a: tuple[overlap.Item, dict], b: tuple[overlap.Item, dict]) -> LabelledPair:
    match = overlap.score(a[0], b[0])
    return LabelledPair(label, source, at, a[1], b[1], match.relation or "none", match.score)


def _proposal(item: Input) -> tuple[overlap.Item, dict]:
    return _item_of(item), _input_side(item)


def _row(row: PlanItem) -> tuple[overlap.Item, dict]:
    return _plan_item(row), _plan_side(row)


def labelled_pairs(event) -> list[LabelledPair]:
    """Every moderator's verdict on a pair of this forum, oldest first."""
    out: list[LabelledPair] = []
    inputs = {i.id: i for i in db.session.scalars(select(Input).where(
        Input.event_id == event.id, Input.kind == InputKind.proposal.value))}
    for dismissal in db.session.scalars(select(OverlapDismissal).where(
            OverlapDismissal.input_a_id.in_(list(inputs))).order_by(OverlapDismissal.id)):
        a, b = inputs.get(dismissal.input_a_id), inputs.get(dismissal.input_b_id)
        if a is not None and b is not None:
            out.append(_labelled("not_same", "dismissed", dismissal.created_at, _proposal(a), _proposal(b)))
    for item in inputs.values():
        if item.status == InputStatus.merged.value and item.merged_into_id in inputs:
            out.append(_labelled("same", "merged", item.updated_at, _proposal(item),
                                 _proposal(inputs[item.merged_into_id])))
    out.extend(_plan_pairs(event, inputs))
    out.sort(key=lambda p: (p.decided_at is None, p.decided_at or datetime.min, p.a["id"], p.b["id"]))
    return out


def _plan_pairs(event, inputs: dict[int, Input]) -> list[LabelledPair]:
    """Plan rows merged into another row, dismissed pairs of a row and another row or a proposal, and a row and a
    proposal a moderator marked the same (when they did)."""
    out = []
    rows = {r.id: r for r in db.session.scalars(select(PlanItem).where(PlanItem.event_id == event.id))}
    for row in rows.values():
        target = rows.get(row.merged_into_id) if row.status == PlanStatus.merged else None
        if target is not None:
            out.append(_labelled("same", "plan_merged", row.updated_at, _row(row), _row(target)))
    dismissed_at: dict[int, datetime] = {}  # pair id → when a moderator dismissed it (the rows' history says)
    for changes, at in db.session.execute(
            select(PlanHistory.changes, PlanHistory.at).join(PlanItem, PlanItem.id == PlanHistory.item_id)
            .where(PlanItem.event_id == event.id, PlanHistory.action == "overlap_dismissed")):
        if isinstance(changes, dict) and isinstance(changes.get("overlap"), int):
            dismissed_at.setdefault(changes["overlap"], at)
    for pair in db.session.scalars(select(PlanOverlap).where(PlanOverlap.event_id == event.id,
                                                             PlanOverlap.dismissed.is_(True))
                                   .order_by(PlanOverlap.id)):
        row = rows.get(pair.item_a_id)
        other = _row(rows[pair.item_b_id]) if pair.item_b_id in rows else \
            _proposal(inputs[pair.input_id]) if pair.input_id in inputs else None
        if row is not None and other is not None:
            out.append(_labelled("not_same", "plan_dismissed", dismissed_at.get(pair.id, pair.created_at), _row(row),
                                 other))
    for pair in db.session.scalars(select(PlanOverlap).where(PlanOverlap.event_id == event.id,
                                                             PlanOverlap.linked_at.is_not(None))
                                   .order_by(PlanOverlap.id)):
        if pair.item_a_id in rows and pair.input_id in inputs:
            out.append(_labelled("same", "plan_linked", pair.linked_at, _row(rows[pair.item_a_id]),
                                 _proposal(inputs[pair.input_id])))
    return out
