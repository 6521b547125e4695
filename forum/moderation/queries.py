"""What the input pages read: the board's cards, the partners named in overlap flags, a participant's
own inputs and marks, the projector's items. Reads only; every decision is in services/inputs.py."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from forum.extensions import db
from forum.models import Agency, Event, Input, InputKind, InputStatus, InputSupport, InputVote, Participant
from forum.services import inputs, minutes, regions
from forum.services.input_views import inputs_json, own_input_view

BOARD_VIEWS = ("board", "questions")
SORTS = ("time", "supports")


@dataclass
class BoardFilters:
    """The board's query string: the same filters as `GET /api/v1/events/<slug>/inputs`."""

    session_id: int | None = None
    kind: str = ""
    agency_id: int | None = None
    regency: str = ""
    sort: str = "time"
    view: str = "board"
    ids: list[int] = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> BoardFilters:
        def number(name):
            value = args.get(name, "")
            return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**31 else None

        view = args.get("view") if args.get("view") in BOARD_VIEWS else "board"
        kind = args.get("kind") if args.get("kind") in inputs.KINDS else ""
        if view == "questions":
            kind = InputKind.question.value
        ids = [int(v) for v in args.get("ids", "").split(",")[:200] if v.isascii() and v.isdigit() and
               0 < int(v) < 2**31]
        return cls(session_id=number("session"), kind=kind, agency_id=number("agency"),
                   regency=args.get("regency", "")[:200].replace("\x00", ""),
                   sort=args.get("sort") if args.get("sort") in SORTS else "time", view=view, ids=ids)

    def query_args(self) -> dict:
        """The filters as URL parameters (empty ones left out), for links and redirects."""
        args = {"session": self.session_id, "kind": self.kind if self.view == "board" else "",
                "agency": self.agency_id, "regency": self.regency, "sort": self.sort if self.sort != "time" else "",
                "view": self.view if self.view != "board" else ""}
        return {k: v for k, v in args.items() if v}


def board_inputs(event: Event, filters: BoardFilters) -> list[dict]:
    """The inputs on the board as Input JSON (with overlaps, counts and co-proposers)."""
    items = inputs.list_inputs(event, session_id=filters.session_id, kind=filters.kind or None,
                               agency_id=filters.agency_id, regency=filters.regency or None, staff=True,
                               sort="supports" if filters.view == "questions" else filters.sort)
    if filters.ids:
        wanted = set(filters.ids)
        items = [i for i in items if i.id in wanted]
    return inputs_json(items, event.timezone)


def references(event: Event, bodies: list[dict]) -> dict[int, dict]:
    """{input id: {"id", "title", "agency", "status"}} for every input a card names: overlap partners
    and merge targets, whether or not they are on the board (one query for those that are not)."""
    refs = {b["id"]: {"id": b["id"], "title": b["title"], "agency": agency_label(b["agency"]), "status": b["status"]}
            for b in bodies}
    wanted = {o["input_id"] for b in bodies for o in b["overlaps"]} | {b["merged_into"] for b in bodies
                                                                         if b["merged_into"]}
    missing = wanted - set(refs)
    if missing:
        rows = db.session.execute(select(Input.id, Input.title, Input.status, Agency.name, Agency.short_name)
                                  .outerjoin(Agency, Input.agency_id == Agency.id)
                                  .where(Input.event_id == event.id, Input.id.in_(missing)))
        for input_id, title, status, name, short in rows:
            refs[input_id] = {"id": input_id, "title": title, "status": status,
                              "agency": agency_label({"name": name, "short_name": short} if name else None)}
    return refs


def agency_label(agency: dict | None) -> str:
    if not agency:
        return ""
    return agency.get("short_name") or agency.get("name") or ""


def counts_by_status(bodies: list[dict]) -> dict[str, int]:
    out = {s.value: 0 for s in InputStatus}
    for b in bodies:
        out[b["status"]] = out.get(b["status"], 0) + 1
    return out


def is_finalised(event: Event) -> bool:
    item = minutes.peek_minutes(event)
    return item is not None and item.finalised_at is not None


def regency_names() -> list[str]:
    return sorted(regions.tree())


def agencies_of(event: Event) -> list[Agency]:
    return list(db.session.scalars(select(Agency).where(Agency.event_id == event.id).order_by(Agency.name)))


# --- the live page ---------------------------------------------------------------------------

def own_inputs(event: Event, participant: Participant | None) -> list[dict]:
    """The participant's own inputs in this forum, newest first."""
    if participant is None:
        return []
    items = list(db.session.scalars(select(Input).where(Input.event_id == event.id,
                                                        Input.participant_id == participant.id)
                                    .order_by(Input.created_at.desc(), Input.id.desc())))
    return [own_input_view(b, participant) if b["merged_into"] else b for b in inputs_json(items, event.timezone)]


def accepted_in(event: Event, session_id: int | None) -> list[dict]:
    """The accepted inputs of a session, oldest first (the live page's list)."""
    if session_id is None:
        return []
    items = inputs.list_inputs(event, session_id=session_id, status=InputStatus.accepted.value, staff=True)
    return inputs_json(items, event.timezone)


def marks(participant: Participant | None, input_ids: list[int]) -> tuple[set[int], set[int]]:
    """(inputs this participant's agency supported, questions this participant upvoted)."""
    if participant is None or not input_ids:
        return set(), set()
    supported = set()
    if participant.agency_id is not None:
        supported = set(db.session.scalars(select(InputSupport.input_id).where(
            InputSupport.agency_id == participant.agency_id, InputSupport.input_id.in_(input_ids))))
    voted = set(db.session.scalars(select(InputVote.input_id).where(
        InputVote.participant_id == participant.id, InputVote.input_id.in_(input_ids))))
    return supported, voted


# --- the projector -------------------------------------------------------------------------------

SCREEN_ACCEPTED = 6  # the latest accepted proposals that fit on the projector


def screen_items(event: Event, session_id: int | None) -> dict[str, list[dict]]:
    """What the projector shows: pinned inputs (questions only until answered), and the latest accepted
    proposals of the running session — only what the public audience may see (accepted or pinned)."""
    pinned = [i for i in db.session.scalars(select(Input).where(Input.event_id == event.id, Input.pinned.is_(True))
                                            .order_by(Input.created_at, Input.id))
              if not (i.kind == InputKind.question.value and i.answered)]
    accepted = []
    if session_id is not None:
        accepted = [i for i in inputs.list_inputs(event, session_id=session_id, status=InputStatus.accepted.value,
                                                  kind=InputKind.proposal.value, staff=True) if not i.pinned]
        accepted = accepted[-SCREEN_ACCEPTED:][::-1]  # newest first
    bodies = {b["id"]: b for b in inputs_json(pinned + accepted, event.timezone)}
    return {
        "questions": [bodies[i.id] for i in pinned if i.kind == InputKind.question.value],
        "pinned": [bodies[i.id] for i in pinned if i.kind != InputKind.question.value],
        "accepted": [bodies[i.id] for i in accepted],
    }
