"""The moderators' verdicts on pairs as labelled data, and the detector's explanation of one pair.

Every decision a moderator takes on two items is a label the detector can be measured against: "not the
same" on a flagged pair (a dismissal), a merge of one proposal into another, a plan row merged into another
agency's row, a dismissed plan-row pair. `labelled_pairs` lists them with the texts and places of both sides
and what the detector says today, for the organisers' export (forum/documents/overlap_labels.py), so that
the forum's own history becomes evaluation data for bench/overlap_quality.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from forum.extensions import db
from forum.models import Input, InputKind, InputOverlap, InputStatus, OverlapDismissal
from forum.services import overlap


def _item_of(item: Input) -> overlap.Item:
    return overlap.analysed(item.id, item.agency_id, [(item.regency, item.district, item.village)],
                            title=item.title or "", activity=item.activity or "", sub_activity=item.sub_activity or "",
                            program=item.program or "", problem=item.problem or "")


def explain_pair(item: Input, other: Input) -> dict:
    """Why the detector flags (or does not flag) two proposals, with every score; the pair as stored too."""
    found = overlap.explain(_item_of(item), _item_of(other))
    a, b = sorted((item.id, other.id))
    stored = db.session.scalar(select(InputOverlap.score).where(InputOverlap.input_a_id == a,
                                                                InputOverlap.input_b_id == b))
    dismissed = db.session.scalar(select(OverlapDismissal.id).where(OverlapDismissal.input_a_id == a,
                                                                    OverlapDismissal.input_b_id == b)) is not None
    return {"input_id": item.id, "other_id": other.id, "flagged": found["flagged"], "relation": found["relation"],
            "score": found["score"], "evidence_score": found["evidence_score"], "threshold": found["threshold"],
            "place": found["place"], "kind": found["kind"], "text_similarity": found["text"],
            "same_code": found["same_code"], "phases": [p or "works" for p in found["phases"]],
            "vetoes": [overlap.describe_veto(v) for v in found["vetoes"]],
            "reasons": overlap.describe(found["reasons"]), "stored_score": stored, "dismissed": dismissed}


@dataclass
class LabelledPair:
    label: str  # "same" or "not_same"
    source: str  # dismissed, merged, plan_merged, plan_dismissed
    decided_at: datetime | None
    a: dict  # {"kind": "input"|"plan_row", "id", "agency", "title", "activity", "regency", "district", "village"}
    b: dict
    detector_relation: str
    detector_score: float


def _input_side(item: Input) -> dict:
    return {"kind": "input", "id": item.id, "agency": item.agency.name if item.agency else "", "title": item.title,
            "activity": item.activity or "", "regency": item.regency or "", "district": item.district or "",
            "village": item.village or ""}


def _pair(label: str, source: str, at, a: Input, b: Input) -> LabelledPair:
    match = overlap.score(_item_of(a), _item_of(b))
    return LabelledPair(label, source, at, _input_side(a), _input_side(b), match.relation or "none", match.score)


def labelled_pairs(event) -> list[LabelledPair]:
    """Every moderator's verdict on a pair of this forum, oldest first."""
    out: list[LabelledPair] = []
    inputs = {i.id: i for i in db.session.scalars(select(Input).where(
        Input.event_id == event.id, Input.kind == InputKind.proposal.value))}
    for dismissal in db.session.scalars(select(OverlapDismissal).where(
            OverlapDismissal.input_a_id.in_(list(inputs))).order_by(OverlapDismissal.id)):
        a, b = inputs.get(dismissal.input_a_id), inputs.get(dismissal.input_b_id)
        if a is not None and b is not None:
            out.append(_pair("not_same", "dismissed", dismissal.created_at, a, b))
    for item in inputs.values():
        if item.status == InputStatus.merged.value and item.merged_into_id in inputs:
            out.append(_pair("same", "merged", item.updated_at, item, inputs[item.merged_into_id]))
    out.extend(_plan_pairs(event))
    out.sort(key=lambda p: (p.decided_at is None, p.decided_at or datetime.min, p.a["id"], p.b["id"]))
    return out


def _plan_side(row) -> dict:
    place = row.locations[0] if row.locations else None
    return {"kind": "plan_row", "id": row.id, "agency": row.agency.name if row.agency else "", "title": row.name,
            "activity": row.indicator or "", "regency": place.regency if place else "",
            "district": place.district if place else "", "village": place.village if place else ""}


def _plan_item(row) -> overlap.Item:
    places = [(p.regency, p.district, p.village) for p in row.locations]
    return overlap.analysed(row.id, row.agency_id, places, title=row.name, activity=row.indicator or "",
                            code=row.code or "")


def _plan_pairs(event) -> list[LabelledPair]:
    """Plan rows merged into another row, and dismissed plan-row pairs (when plans are in this forum)."""
    from forum.models.plans import PlanItem, PlanOverlap, PlanStatus

    out = []
    rows = {r.id: r for r in db.session.scalars(select(PlanItem).where(PlanItem.event_id == event.id))}
    for row in rows.values():
        target = rows.get(row.merged_into_id) if row.status == PlanStatus.merged else None
        if target is not None:
            match = overlap.score(_plan_item(row), _plan_item(target))
            out.append(LabelledPair("same", "plan_merged", row.updated_at, _plan_side(row), _plan_side(target),
                                    match.relation or "none", match.score))
    for pair in db.session.scalars(select(PlanOverlap).where(PlanOverlap.event_id == event.id,
                                                             PlanOverlap.dismissed.is_(True),
                                                             PlanOverlap.item_b_id.is_not(None))):
        a, b = rows.get(pair.item_a_id), rows.get(pair.item_b_id)
        if a is not None and b is not None:
            match = overlap.score(_plan_item(a), _plan_item(b))
            out.append(LabelledPair("not_same", "plan_dismissed", pair.created_at, _plan_side(a), _plan_side(b),
                                    match.relation or "none", match.score))
    return out
