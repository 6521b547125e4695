"""Inputs as the contract shows them: each with its counts, overlaps, co-proposers and (for staff) history,
read for a whole page in a few queries."""
from __future__ import annotations

from forum.serialise import agency_json, iso
from forum.services import inputs as service
from forum.services.overlap import describe as describe_overlap


def input_json(item, tz: str, *, supports: int = 0, votes: int = 0, overlaps=None, co_proposers=None,
               history=None) -> dict:
    data = {
        "id": item.id, "session_id": item.session_id, "kind": item.kind, "title": item.title, "body": item.body,
        "author": {"name": item.participant.name if item.participant else ""},
        "agency": agency_json(item.agency), "status": item.status, "note": item.note, "pinned": item.pinned,
        "supports": supports, "program": item.program, "activity": item.activity,
        "location": {"regency": item.regency, "district": item.district, "village": item.village,
                     "detail": item.location_detail},
        "target": item.target, "budget": item.budget, "priority": item.priority,
        "created_at": iso(item.created_at, tz),
        "overlaps": [{"input_id": o["input_id"], "score": o["score"], "reasons": describe_overlap(o["reasons"])}
                     for o in overlaps or []],
        # extensions
        "sub_activity": item.sub_activity, "problem": item.problem, "origin": item.origin,
        "answered": item.answered, "votes": votes, "merged_into": item.merged_into_id,
        "co_proposers": [agency_json(a) for a in (co_proposers or [])],
        "updated_at": iso(item.updated_at, tz),
    }
    if history is not None:
        data["history"] = [{"at": iso(h.at, tz), "action": h.action, "changes": h.changes, "user_id": h.user_id}
                           for h in history]
    return data


def inputs_json(items, tz: str, *, with_history: bool = False, just_created: bool = False,
                overlaps: tuple[dict, ...] | None = None) -> list[dict]:
    """Serialise a page of inputs with their counts, overlaps and co-proposers in a few queries.

    `just_created`: the inputs were created by this request, so nothing supports, votes for or was merged
    into them yet; only their overlaps (found on arrival) are read, or taken as given (`overlaps`, those of the one
    input of `items`: `InputChanged.overlaps`)."""
    ids = [i.id for i in items]
    supports, votes = service.counts(ids) if not just_created else ({}, {})
    if overlaps is not None and just_created and len(ids) == 1:
        overlaps = {ids[0]: list(overlaps)}
    else:
        overlaps = service.overlaps_of(ids)
    merged = service.co_proposers(ids) if not just_created else {i: [] for i in ids}
    return [input_json(i, tz, supports=supports.get(i.id, 0), votes=votes.get(i.id, 0), overlaps=overlaps[i.id],
                       co_proposers=merged[i.id], history=i.history if with_history else None) for i in items]


def own_input_view(body: dict, participant) -> dict:
    """One's own input as its author sees it, with the title of the input it was merged into when the
    author may see that one (`merged_into_title`, an extension; another participant's hidden input stays
    a number), marked `"own": true`."""
    seen = inputs_seen_by([body], participant)[0]
    target = body.get("merged_into")
    title = None
    if target is not None and target in service.visible_ids({target}, participant):
        title = service.title_of(target)
    return {**seen, "merged_into_title": title, "own": True}


def inputs_seen_by(bodies: list[dict], participant) -> list[dict]:
    """Input JSON as a participant (None: the public audience) may see it: overlaps only with inputs they may
    see themselves (accepted or pinned ones, and their own), and no moderation history. Staff get the bodies
    of `inputs_json` as they are."""
    visible = service.visible_ids({o["input_id"] for b in bodies for o in b["overlaps"]}, participant)
    return [{**{k: v for k, v in b.items() if k != "history"},
             "overlaps": [o for o in b["overlaps"] if o["input_id"] in visible]} for b in bodies]
