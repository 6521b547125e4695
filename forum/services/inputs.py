"""Agency input during sessions: submitting, supporting, voting, moderating, overlap pairs.

The workflow of DOMAIN.md: submitted → discussed → accepted (possibly with changes) / rejected
(reason required) / deferred / merged into another. Every change is kept in the input's history.
Once the forum's minutes are finalised, decisions are locked.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from forum.db import utcnow, where_given
from forum.domain_events import InputChanged, InputWithdrawn, record
from forum.errors import DomainError, NotFound
from forum.extensions import db
from forum.models import (
    Agency,
    Event,
    Input,
    InputHistory,
    InputKind,
    InputOverlap,
    InputStatus,
    InputSupport,
    InputVote,
    Minutes,
    OverlapDismissal,
    Participant,
    Session,
)
from forum.services import audit, overlap, overlap_signatures, plan_overlaps, prepared, regions
from forum.services.commands import UNSET, PartialCommand
from forum.services.events import agency_for_name
from forum.services.records import one_of_forum
from forum.services.validation import FieldErrors, clean_text, parse_record_id, parse_rupiah

KINDS = {k.value for k in InputKind}
DECISIONS = {InputStatus.accepted.value, InputStatus.rejected.value, InputStatus.deferred.value,
             InputStatus.merged.value, InputStatus.discussed.value, InputStatus.submitted.value}
PRIORITIES = {"high", "medium", "low"}
ORIGINS = {"musrenbang", "pokir", "agency", "forum"}
MAX_BODY = 5000
EDITABLE = ("title", "body", "program", "activity", "sub_activity", "problem", "target", "budget", "priority",
            "origin", "location")


def _clean_fields(data: dict, errors: FieldErrors, *, partial: bool) -> dict:
    """The input's own fields, validated (shared by submission and 'accept with changes')."""
    out: dict = {}
    specs = (("title", 300, True, False), ("body", MAX_BODY, False, True), ("program", 300, False, False),
             ("activity", 300, False, False), ("sub_activity", 300, False, False), ("problem", 2000, False, True),
             ("target", 200, False, False))
    for name, limit, required, multiline in specs:
        if name in data or not partial:
            value = errors.check(name, clean_text, data.get(name), max_length=limit, required=required,
                                 multiline=multiline)
            if value is not None:
                out[name] = value
    if "volume" in data or "unit" in data:  # DOMAIN: volume with unit, e.g. "5 km"
        _clean_volume(data, errors, out)
    if "budget" in data:
        value = errors.check("budget", parse_rupiah, data["budget"])
        if "budget" not in errors.errors:
            out["budget"] = value
    for name, allowed in (("priority", PRIORITIES), ("origin", ORIGINS)):
        if name in data and data[name] not in (None, ""):
            if not isinstance(data[name], str) or data[name] not in allowed:
                errors.add(name, _("Must be one of: %(values)s.", values=", ".join(sorted(allowed))))
            else:
                out[name] = data[name]
    if "location" in data and data["location"] is not None:
        _clean_location(data["location"], errors, out)
    return out


def _clean_volume(data: dict, errors: FieldErrors, out: dict) -> None:
    """Volume and unit → the target ("5 km")."""
    volume = data.get("volume")
    if volume is not None and (isinstance(volume, bool) or not isinstance(volume, int | float) or volume < 0):
        errors.add("volume", _("Must be a positive number."))
        return
    unit = errors.check("unit", clean_text, data.get("unit"), max_length=40) or ""
    if volume is not None:
        shown = f"{volume:g}".replace(".", ",")
        out["target"] = f"{shown} {unit}".strip()


def _clean_location(location, errors: FieldErrors, out: dict) -> None:
    """Regency, district and village as the official region list names them, and the free detail."""
    if not isinstance(location, dict):
        errors.add("location", _("Must be an object with regency, district and village."))
        return
    texts = {k: location.get(k) or "" for k in ("regency", "district", "village", "detail")}
    if not all(isinstance(v, str) and len(v) <= 300 for v in texts.values()):
        errors.add("location", _("Each part of the location is a text of at most 300 characters."))
        return
    official, problems = regions.resolve(texts["regency"].strip(), texts["district"].strip(),
                                         texts["village"].strip())
    for key, message in problems.items():
        errors.add(key, message)
    out.update(official)
    out["location_detail"] = " ".join(texts["detail"].split())


def get_input(event: Event, input_id) -> Input:
    """The forum's input `input_id`; an id that is no id (`true`, a text) names none."""
    return one_of_forum(Input, event, input_id, NotFound("input_not_found", _("No such input in this forum.")))


def _by_client_id(event: Event, client_id: str) -> Input | None:
    """The forum's input sent with `client_id`, if any: its id by a kept statement on the transaction's connection
    (most submissions find none, and a row's columns through the ORM cost more than the look-up), then the input."""
    query = prepared.statement("input id by client id", lambda: select(Input.id).where(
        Input.event_id == bindparam("event_id"), Input.client_id == bindparam("client_id")))
    found = db.session.connection().execute(query, {"event_id": event.id, "client_id": client_id}).scalar()
    return db.session.get(Input, found) if found is not None else None


@dataclass(frozen=True)
class Submission:
    """The command "submit an input": the API's body or the page's form, each value as sent but `client_id`
    (text of 1 to 64 characters, read by the web layer: forum/contract/requests.py). `submit` judges the rest
    after the replay and the session's state, as for every caller. `participant_id`, `agency`: staff only."""

    kind: object = None
    title: object = None
    body: object = None
    program: object = None
    activity: object = None
    sub_activity: object = None
    problem: object = None
    target: object = None
    volume: object = None
    unit: object = None
    budget: object = None
    priority: object = None
    origin: object = None
    location: object = None
    client_id: str | None = None
    participant_id: object = None
    agency: object = None

    def values(self) -> dict:
        """The values sent (a null is as good as left out), as they are: nothing here changes them, and a deep copy
        (`asdict`) cost a submission more than judging them."""
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not None}


SUBMISSION_RESULTS = ("created", "replayed")


@dataclass(frozen=True)
class Submitted:
    """What a submission did: `created`, or `replayed` (the same `client_id` again: the first input, as it is
    now). The web layer gives the HTTP status (forum/api/answers.py)."""

    result: str
    input: Input

    @property
    def created(self) -> bool:
        return self.result == "created"


def _client_id_taken() -> DomainError:
    return DomainError("client_id_taken", _("This client_id was already used for another input; send a new one."),
                       fields={"client_id": _("Already used.")})


def _replayed(existing: Input, participant: Participant | None, user) -> Submitted:
    """The answer to a `client_id` sent again: the first input, but only to whoever submitted it (the
    participant, or the staff member who entered it). Anyone else's `client_id` is refused: answering
    would hand over another agency's unpublished input and the moderator's note."""
    if user is not None:
        own = existing.entered_by_user_id == user.id
    else:
        own = participant is not None and existing.participant_id == participant.id
    if not own:
        raise _client_id_taken()
    # Told again: if the first answer never reached the client, its news may not have gone out either.
    record(InputChanged(existing.event_id, input_id=existing.id))
    return Submitted("replayed", existing)


def _on_behalf_of(event: Event, data: dict, errors: FieldErrors) -> tuple[Participant | None, Agency | None]:
    """Staff entering input for someone without a device: the named participant (and their agency), or
    the named agency."""
    if data.get("participant_id") is not None:
        try:
            participant = db.session.scalar(select(Participant).where(
                Participant.id == parse_record_id(data["participant_id"]), Participant.event_id == event.id))
        except (TypeError, ValueError):
            participant = None
        if participant is None:
            errors.add("participant_id", _("No such participant in this forum."))
            return None, None
        return participant, participant.agency
    if data.get("agency"):
        name = errors.check("agency", clean_text, data["agency"], max_length=200, required=True)
        return None, agency_for_name(event, name) if name else None
    errors.add("agency", _("Name the participant or the agency this input comes from."))
    return None, None


def submit(event: Event, session: Session, command: Submission, *, participant: Participant | None = None,
           user=None) -> Submitted:
    """A new input (`created`); the same `client_id` again answers with the first one (`replayed`).

    A participant submits for their agency; staff (a facilitator or the secretary) enter input on
    behalf of a named participant (`participant_id`) or agency (`agency`). The order of the checks is
    the contract's: a replay, then the session's state (409 `input_closed`), then the fields."""
    client_id, data = command.client_id, command.values()
    if client_id:
        existing = _by_client_id(event, client_id)
        if existing is not None:
            return _replayed(existing, participant, user)
    if not session.input_open:
        raise DomainError("input_closed", _("Input for this session is closed."))
    errors = FieldErrors()
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        errors.add("kind", _("Kind must be proposal, comment or question."))
    fields = _clean_fields(data, errors, partial=False)
    agency = participant.agency if participant is not None else None
    if user is not None:  # entered on behalf of someone without a device
        participant, agency = _on_behalf_of(event, data, errors)
    errors.raise_if_any()
    _ensure_not_finalised(event)
    defaults = dict.fromkeys(("body", "program", "activity", "sub_activity", "problem", "regency", "district",
                              "village", "location_detail", "target", "priority", "origin", "note", "place_regency",
                              "place_district", "place_village"), "")
    now = utcnow()
    item = Input(event_id=event.id, session_id=session.id, kind=kind, client_id=client_id or None,
                 participant_id=getattr(participant, "id", None), agency_id=getattr(agency, "id", None),
                 entered_by_user_id=getattr(user, "id", None), status=InputStatus.submitted.value,
                 pinned=False, answered=False, merged_into_id=None, created_at=now, updated_at=now,
                 **(defaults | {"budget": None} | fields))
    _read(item)
    if not _stored(item):  # the same client_id, stored meanwhile by a concurrent request (PostgreSQL)
        existing = _by_client_id(event, client_id)
        if existing is None:  # stored and gone again before this statement
            raise _client_id_taken()
        return _replayed(existing, participant, user)
    _first_history_row(item, user, participant)
    pairs = refresh_overlaps(event, item, just_created=True) if item.kind == InputKind.proposal.value else []
    record(InputChanged(event.id, input_id=item.id, just_created=True, overlaps=_pairs_of(item.id, pairs)))
    return Submitted("created", item)


_INPUT_COLUMNS = tuple(column.key for column in Input.__table__.columns if column.key != "id")


def _stored(item: Input) -> bool:
    """INSERT the new `item` (every column set) by a statement kept per process and dialect, then hand it to the
    session as the row it now is; False, and nothing stored, when its `client_id` is in the forum already.

    The unit of work's flush of one new object cost a proposal more than anything else it writes, and a savepoint
    around it to catch a `client_id` taken by a concurrent request two statements more: ON CONFLICT DO NOTHING
    answers that without an error (on PostgreSQL the insert waits for the other transaction's end, as before)."""
    db.session.flush()  # whatever the session holds goes first (its rows may be named by this one)
    connection = db.session.connection()
    dialect = connection.dialect.name

    def build():
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        table = Input.__table__
        return insert(table).on_conflict_do_nothing(index_elements=[table.c.event_id, table.c.client_id])\
            .returning(table.c.id)

    query = prepared.statement(("new input", dialect), build)
    new_id = connection.execute(query, {key: getattr(item, key) for key in _INPUT_COLUMNS}).scalar()
    if new_id is None:
        return False
    item.id = new_id
    make_transient_to_detached(item)  # every column is set: the object is the row as stored, nothing to load
    db.session.add(item)
    return True


def _first_history_row(item: Input, user, participant: Participant | None) -> None:
    """The history's "submitted" row, written at once by a statement kept per process: as an object it cost a second
    flush of the unit of work (or, in the input's own flush, the relationship's bookkeeping), more than the insert."""
    query = prepared.statement("first history row of an input", lambda: InputHistory.__table__.insert().values(
        input_id=bindparam("input_id"), user_id=bindparam("user_id"), action="submitted",
        changes=bindparam("changes", type_=InputHistory.__table__.c.changes.type)))
    db.session.connection().execute(query, {"input_id": item.id, "user_id": getattr(user, "id", None),
                                            "changes": {"by": participant.name if participant else None}})


def _pairs_of(input_id: int, pairs: list[dict]) -> tuple[dict, ...]:
    """A brand-new input's overlaps as `overlaps_of` reads them back (the pairs it was just given are all it has),
    so that the views of it need not read them again after the commit."""
    return tuple(_sorted_overlaps([_overlap_of(pair["input_b_id"] if pair["input_a_id"] == input_id
                                               else pair["input_a_id"], pair["score"], pair["reasons"])
                                   for pair in pairs]))


def _overlap_of(other_id: int, score: float, reasons) -> dict:
    return {"input_id": other_id, "score": score, "reasons": list(reasons)}


def _sorted_overlaps(overlaps: list[dict]) -> list[dict]:
    """Highest score first (ties as stored)."""
    overlaps.sort(key=lambda o: -o["score"])
    return overlaps


def _signature(item: Input) -> str:
    """The proposal's analysed texts (services/overlap/), kept in `match_text` so that a new proposal is
    compared with thousands of earlier ones without analysing them again."""
    return overlap_signatures.of_proposal(item)


def _read(item: Input) -> None:
    """The proposal's place for the detector (its location, or the place its texts name: `place_*`) and its
    signature, read again."""
    overlap_signatures.read_proposal(item)


def _as_proposal(item: Input) -> overlap.Item:
    return _proposal_item(item.id, item.agency_id, item.place_regency, item.place_district, item.place_village,
                          item.match_text)


def _proposal_item(input_id: int, agency_id, regency: str, district: str, village: str, match_text: str):
    """A proposal for the detector, kept per process while unchanged (its signature read once, not at every
    proposal that meets it: plan_overlaps.kept_item)."""
    return plan_overlaps.kept_item(input_id, agency_id, ((regency, district, village),), match_text)


def refresh_overlaps(event: Event, item: Input, *, just_created: bool = False) -> list[dict]:
    """Find (again) the other agencies' proposals that look like the same work as `item`.

    `just_created`: `item` was inserted in this transaction, so no pair and no dismissal names it yet (two
    statements fewer on the busiest write of a session).

    Only proposals of the same regency and sub-district (or without one) that share a broad kind of work with
    it (or have none) are loaded: the detector never flags two different sub-districts nor two different kinds
    of work, so the database makes the first cut, and the stored signatures (`match_text`) spare analysing
    the others again — but those another version of the analysis wrote, which are loaded whatever their kinds,
    analysed again and stored (services/overlap_signatures.py)."""
    if not just_created:
        db.session.execute(InputOverlap.__table__.delete().where(
            or_(InputOverlap.input_a_id == item.id, InputOverlap.input_b_id == item.id)))
    plan_overlaps.refresh_input(item, just_created=just_created)  # and its pairs with the forum's plan rows
    if item.kind != InputKind.proposal.value or item.status in (InputStatus.merged.value, InputStatus.rejected.value):
        return []
    overlap_signatures.ensure_current(item)
    if not item.place_regency:  # no place, no overlap: "the same work in the same place"
        return []
    new = _as_proposal(item)
    rows = db.session.connection().execute(*_candidate_proposals(item, new)).all()
    signed = overlap_signatures.current_proposals(rows)
    moved = overlap_signatures.placed_again([r.id for r in rows if r.id in signed and not r.regency])
    places = {r.id: moved.get(r.id, (r.place_regency, r.place_district, r.place_village)) for r in rows}
    places[item.id] = (item.place_regency, item.place_district, item.place_village)
    existing = [_proposal_item(r.id, r.agency_id, *places[r.id], signed.get(r.id, r.match_text)) for r in rows]
    read_from_text = {r.id for r in rows if not r.regency and places[r.id][0]}
    read_from_text |= {item.id} if item.place_read_from_text else set()
    dismissed = set() if just_created else _dismissed_with(item.id)
    found = []
    for other_id, match in overlap.candidates(new, existing):
        if other_id in dismissed:
            continue
        a, b = sorted((item.id, other_id))
        reasons = match.reasons + [overlap.place_read(i, places[i]) for i in (a, b) if i in read_from_text]
        found.append({"event_id": event.id, "input_a_id": a, "input_b_id": b, "score": match.score,
                      "reasons": reasons})
    if found:  # rows, not objects: nothing in the request that found them reads them back as objects
        db.session.connection().execute(InputOverlap.__table__.insert(), found)
    return found


def _candidate_proposals(item: Input, new: overlap.Item) -> tuple[object, dict]:
    """The query of `refresh_overlaps`'s first cut as (statement, values): the other live proposals compared in the
    same regency and sub-district (or none) — at their location, or at the place their texts name (`place_*`) —
    or without a location and read by another version, of another agency (or none), sharing a topic the detector
    meets it under (overlap.topics: "^road") or of no known kind or of another version. Built once per shape
    (prepared.py): whether the item is placed in a sub-district and has an agency, its topics
    (plan_overlaps.topic_key), the signatures' version."""
    district, agency = bool(item.place_district), item.agency_id is not None

    def build():
        unread = and_(Input.regency == "", Input.place_regency == "", overlap_signatures.stale(Input.match_text))
        query = select(Input.id, Input.agency_id, Input.regency, Input.place_regency, Input.place_district,
                       Input.place_village, Input.match_text)\
            .where(Input.event_id == bindparam("event_id"), Input.kind == InputKind.proposal.value,
                   Input.id != bindparam("input_id"),
                   Input.status.not_in((InputStatus.merged.value, InputStatus.rejected.value)),
                   or_(Input.place_regency == bindparam("regency"), unread))
        if district:
            query = query.where(or_(Input.place_district == bindparam("district"), Input.place_district == ""))
        if agency:
            query = query.where(or_(Input.agency_id != bindparam("agency_id"), Input.agency_id.is_(None)))
        topic = plan_overlaps.topic_condition(Input.match_text, None, new)  # the same broad kind of work ("^road")
        return query.where(topic) if topic is not None else query

    key = ("proposals near a proposal", district, agency, plan_overlaps.topic_key(new),
           overlap_signatures.version_prefix())
    values = {"event_id": item.event_id, "input_id": item.id, "regency": item.place_regency}
    values |= {"district": item.place_district} if district else {}
    values |= {"agency_id": item.agency_id} if agency else {}
    return prepared.statement(key, build), values


def _dismissed_with(input_id: int) -> set[int]:
    rows = db.session.execute(select(OverlapDismissal.input_a_id, OverlapDismissal.input_b_id).where(
        or_(OverlapDismissal.input_a_id == input_id, OverlapDismissal.input_b_id == input_id)))
    return {b if a == input_id else a for a, b in rows}


def overlaps_of(input_ids: list[int]) -> dict[int, list[dict]]:
    """{input id: [{"input_id", "score", "reasons"}]} for a page of inputs, in one query.

    `reasons` are structured ({"code": "same_village", "name": …}); `overlap.describe` words them."""
    out: dict[int, list[dict]] = {i: [] for i in input_ids}
    if not input_ids:
        return out
    def build():
        ids = bindparam("ids", expanding=True)
        return select(InputOverlap).where(or_(InputOverlap.input_a_id.in_(ids), InputOverlap.input_b_id.in_(ids)))

    query = prepared.statement("overlaps of inputs", build)
    rows = db.session.scalars(query, {"ids": list(input_ids)})
    for pair in rows:
        for mine, other in ((pair.input_a_id, pair.input_b_id), (pair.input_b_id, pair.input_a_id)):
            if mine in out:
                out[mine].append(_overlap_of(other, pair.score, pair.reasons))
    for items in out.values():
        _sorted_overlaps(items)
    return out


def dismiss_overlap(event: Event, item: Input, other: Input, *, user=None) -> None:
    """The moderator's "not the same": the pair is never flagged again."""
    a, b = sorted((item.id, other.id))
    db.session.execute(InputOverlap.__table__.delete().where(InputOverlap.input_a_id == a,
                                                             InputOverlap.input_b_id == b))
    try:
        with db.session.begin_nested():
            db.session.add(OverlapDismissal(input_a_id=a, input_b_id=b, user_id=getattr(user, "id", None)))
    except IntegrityError:
        pass  # dismissed already
    db.session.add(InputHistory(input_id=item.id, user_id=getattr(user, "id", None), action="overlap_dismissed",
                                changes={"other": other.id}))
    audit.record("input.overlap_dismissed", event=event, user=user, target=item, other=other.id)
    record(InputChanged(event.id, input_id=item.id))
    record(InputChanged(event.id, input_id=other.id))


# --- moderation -----------------------------------------------------------------------------

def _ensure_not_finalised(event: Event) -> None:
    query = prepared.statement("when the minutes of a forum were finalised", lambda: select(Minutes.finalised_at)
                               .where(Minutes.event_id == bindparam("event_id")))
    if db.session.connection().execute(query, {"event_id": event.id}).scalar() is not None:
        raise DomainError("minutes_finalised", _("The minutes of this forum are final; decisions can no longer "
                                                 "change."))


@dataclass(frozen=True)
class Moderation(PartialCommand):
    """The command "moderate an input": a decision (`status`, with `merged_into` for a merge), a `note`, the
    `pinned` and `answered` flags, the fields `changes` ("accept with changes"); each value as sent, `UNSET`
    when not sent (forum/contract/requests.py::read_moderation, or the board's forms). `moderate` judges them."""

    status: object
    merged_into: object
    note: object
    pinned: object
    answered: object
    changes: object


FLAGS = ("pinned", "answered")


@dataclass
class _Decision:
    """What a moderator asked for, validated: the new status, note, edited fields, merge target and flags."""

    status: str | None
    note: str | None
    edits: dict
    target: Input | None
    flags: dict


def _merge_target(event: Event, item: Input, target_id, errors: FieldErrors) -> Input | None:
    if target_id is UNSET or target_id is None:
        errors.add("merged_into", _("Choose the input to merge into."))
        return None
    try:
        target = get_input(event, target_id)
    except NotFound:
        errors.add("merged_into", _("No such input in this forum."))
        return None
    if target.id == item.id or target.merged_into_id == item.id:
        errors.add("merged_into", _("An input cannot be merged into itself."))
    return target


def _decision(event: Event, item: Input, command: Moderation) -> _Decision:
    """`command` checked as a whole; every problem is reported at once."""
    errors = FieldErrors()
    status = command.status if command.is_sent("status") else None
    if status is not None and (not isinstance(status, str) or status not in DECISIONS):
        errors.add("status", _("Status must be one of accepted, rejected, deferred, merged, discussed."))
    note = None
    if command.is_sent("note"):
        note = errors.check("note", clean_text, command.note, max_length=2000, multiline=True)
    flags = {flag: getattr(command, flag) for flag in FLAGS if command.is_sent(flag)}
    for flag, value in flags.items():
        if not isinstance(value, bool):
            errors.add(flag, _("Must be true or false."))
    edits = {}
    if isinstance(command.changes, dict):
        edits = _clean_fields({k: v for k, v in command.changes.items() if k in EDITABLE}, errors, partial=True)
    elif command.is_sent("changes"):
        errors.add("changes", _("Must be an object of the fields to change."))
    target = _merge_target(event, item, command.merged_into, errors) if status == InputStatus.merged.value else None
    if status == InputStatus.rejected.value and not (note or item.note):
        errors.add("note", _("Give the reason for rejecting."))
    errors.raise_if_any()
    return _Decision(status, note, edits, target, flags)


def _change(item: Input, key: str, value, changes: dict) -> None:
    if getattr(item, key) != value:
        changes[key] = [getattr(item, key), value]
        setattr(item, key, value)


def _apply_decision(item: Input, decision: _Decision) -> dict:
    """Make the changes on `item`; returns them as {field: [old, new]} for the history."""
    changes: dict = {}
    for key, value in decision.edits.items():
        _change(item, key, value, changes)
    if decision.status is not None:
        _change(item, "status", decision.status, changes)
    unmerged = decision.status is not None and decision.status != InputStatus.merged.value
    if decision.target is not None or (unmerged and item.merged_into_id):
        new_target = decision.target.id if decision.target is not None else None
        changes["merged_into"] = [item.merged_into_id, new_target]
        item.merged_into_id = new_target
    if decision.note is not None:
        _change(item, "note", decision.note, changes)
    for flag, value in decision.flags.items():
        _change(item, flag, value, changes)
    return changes


def _history_action(decision: _Decision) -> str:
    if decision.edits and decision.status == InputStatus.accepted.value:
        return "accepted_with_changes"
    return "edited" if decision.edits and decision.status is None else (decision.status or "updated")


def moderate(event: Event, item: Input, command: Moderation, *, user) -> Input:
    """Decide, annotate, pin or edit ('accept with changes'); every change goes into the history.

    Records `InputChanged` (also when nothing changed: the moderators' views are refreshed), then
    `InputWithdrawn` when the input stops being public, then `InputChanged` for the input it was merged
    into (its co-proposers changed)."""
    decision = _decision(event, item, command)
    if decision.status is not None or decision.edits or command.is_sent("merged_into"):
        _ensure_not_finalised(event)
    was_public = is_visible(item, None)
    changes = _apply_decision(item, decision)
    if changes:
        _keep_history(event, item, decision, changes, user)
    record(InputChanged(event.id, input_id=item.id, moderated=True))
    if was_public and not is_visible(item, None):
        record(InputWithdrawn(event.id, input_id=item.id))
    if decision.status == InputStatus.merged.value and item.merged_into_id:
        record(InputChanged(event.id, input_id=item.merged_into_id))
    return item


def _keep_history(event: Event, item: Input, decision: _Decision, changes: dict, user) -> None:
    """The history entry and the audit line; the overlap flags found again when the proposal changed."""
    db.session.add(InputHistory(input_id=item.id, user_id=user.id, action=_history_action(decision),
                                changes=changes))
    audit.record("input.moderated", event=event, user=user, target=item, changes=list(changes))
    edits = decision.edits
    if edits and any(k in edits for k in ("title", "body", "program", "activity", "sub_activity", "problem",
                                          "regency", "district", "village")):
        _read(item)  # a location given now wins over the place read from the texts
    if item.kind == InputKind.proposal.value and ("status" in changes or "match_text" in changes or edits):
        refresh_overlaps(event, item)
    db.session.flush()


def support(event: Event, item: Input, participant: Participant) -> bool:
    """One support per agency per input; False when the agency had supported it already."""
    if participant.agency_id is None:
        raise DomainError("no_agency", _("Only participants of an agency can support an input."))
    if participant.agency_id == item.agency_id:
        raise DomainError("own_input", _("An agency cannot support its own input."))
    try:
        with db.session.begin_nested():
            db.session.add(InputSupport(input_id=item.id, agency_id=participant.agency_id,
                                        participant_id=participant.id))
    except IntegrityError:
        return False
    record(InputChanged(event.id, input_id=item.id))
    return True


def vote(event: Event, item: Input, participant: Participant) -> bool:
    """A question's upvote, one per participant; False when already given."""
    if item.kind != InputKind.question.value:
        raise DomainError("not_a_question", _("Only questions can be upvoted; support proposals instead."))
    try:
        with db.session.begin_nested():
            db.session.add(InputVote(input_id=item.id, participant_id=participant.id))
    except IntegrityError:
        return False
    record(InputChanged(event.id, input_id=item.id))
    return True


def withdraw_support(event: Event, item: Input, participant: Participant) -> bool:
    """The agency's support taken back (by any of its delegates: the support is the agency's); False when
    there was none."""
    if participant.agency_id is None:
        raise DomainError("no_agency", _("Only participants of an agency can support an input."))
    removed = db.session.execute(delete(InputSupport).where(
        InputSupport.input_id == item.id, InputSupport.agency_id == participant.agency_id)).rowcount
    if removed:
        record(InputChanged(event.id, input_id=item.id))
    return bool(removed)


def withdraw_vote(event: Event, item: Input, participant: Participant) -> bool:
    """The participant's upvote taken back; False when there was none."""
    removed = db.session.execute(delete(InputVote).where(
        InputVote.input_id == item.id, InputVote.participant_id == participant.id)).rowcount
    if removed:
        record(InputChanged(event.id, input_id=item.id))
    return bool(removed)


def counts(input_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """(supports, votes) per input, in two queries."""
    if not input_ids:
        return {}, {}
    supports = dict(db.session.execute(select(InputSupport.input_id, func.count()).where(
        InputSupport.input_id.in_(input_ids)).group_by(InputSupport.input_id)).all())
    votes = dict(db.session.execute(select(InputVote.input_id, func.count()).where(
        InputVote.input_id.in_(input_ids)).group_by(InputVote.input_id)).all())
    return supports, votes


def co_proposers(input_ids: list[int]) -> dict[int, list[Agency]]:
    """The agencies of inputs merged into each of these inputs."""
    out: dict[int, list[Agency]] = {i: [] for i in input_ids}
    if not input_ids:
        return out
    rows = db.session.execute(select(Input.merged_into_id, Agency).join(Agency, Input.agency_id == Agency.id)
                              .where(Input.merged_into_id.in_(input_ids), Input.status == InputStatus.merged.value))
    for target_id, agency in rows:
        if all(a.id != agency.id for a in out[target_id]):
            out[target_id].append(agency)
    return out


def list_inputs(event: Event, *, session_id=None, status=None, kind=None, agency_id=None, regency=None,
                visible_to: Participant | None = None, staff: bool = False, sort: str = "time") -> list[Input]:
    query = select(Input).where(Input.event_id == event.id)
    query = where_given(query, (Input.session_id, session_id), (Input.status, status), (Input.kind, kind),
                        (Input.agency_id, agency_id), (Input.regency, regency))
    if not staff:
        # participants see accepted or pinned inputs, and their own
        visible = Input.is_public
        if visible_to is not None:
            visible = or_(visible, Input.participant_id == visible_to.id)
        query = query.where(visible)
    query = query.order_by(Input.created_at, Input.id)
    items = list(db.session.scalars(query))
    if sort == "supports":
        supports, votes = counts([i.id for i in items])
        items.sort(key=lambda i: -(supports.get(i.id, 0) + votes.get(i.id, 0)))
    return items


def visible_ids(input_ids, participant: Participant | None) -> set[int]:
    """Which of these inputs a participant (None: the public) may see: accepted or pinned ones, and their own."""
    if not input_ids:
        return set()
    def build():
        visible = Input.is_public
        if participant is not None:
            visible = or_(visible, Input.participant_id == bindparam("participant_id"))
        return select(Input.id).where(Input.id.in_(bindparam("ids", expanding=True)), visible)

    query = prepared.statement(("visible inputs", participant is not None), build)
    values = {"ids": list(set(input_ids))} | ({"participant_id": participant.id} if participant is not None else {})
    return set(db.session.scalars(query, values))


def title_of(input_id: int) -> str | None:
    return db.session.scalar(select(Input.title).where(Input.id == input_id))


def is_visible(item: Input, participant: Participant | None) -> bool:
    return item.is_public or (
        participant is not None and item.participant_id == participant.id)


