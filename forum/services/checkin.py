"""Every rule of door check-in, in one place (used by the API, the scanner page, the batch sync
and the confirm page behind `/c/<code>`).

The decision order follows pretix's perform_checkin: an idempotent retry first, then the code
(unknown / another forum / revoked), then "already checked in", then the check-in itself. The
database guarantees exactly one check-in per participant (unique `checkins.participant_id`) and one
answer per `client_id` (unique per forum), so two desks scanning the same person at the same
moment cannot both win, on SQLite and on PostgreSQL alike. A request with a `client_id` claims it
(inserts its scan row) before doing anything else, so that identical retries arriving together wait
for the first on the unique index and then repeat its answer instead of acting a second time.

A scan's own time (`scanned_at`, from an offline device) is believed only inside a window around the
forum: from CHECKIN_OPENS before its start up to now (a later time is clamped to now, as the contract
says). Only an offline scan may move a recorded check-in earlier, and that move is audited with the
old and the new time and desk.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from forum import domain_events
from forum.db import in_one_transaction, statements_on_their_own, utcnow
from forum.domain_events import AttendanceChanged, ParticipantCheckedIn
from forum.extensions import db
from forum.models import Agency, Attendance, AuditEntry, Checkin, CheckinScan, Event, Participant, RetiredCode
from forum.serialise import iso, participant_json
from forum.services import audit, prepared, tickets
from forum.services import stamp as staff_stamp

MAX_CLIENT_ID = 64
MAX_BATCH = 1000  # scans in one offline device's batch
# An offline device's clock may be a little ahead; anything later than now is clamped to now.
FUTURE_TOLERANCE = timedelta(seconds=0)
# The earliest believable scan time, before the forum's start: desks open early and hand out badges the
# evening before. Anything earlier is a wrong device clock or an attempt to rewrite who came when.
CHECKIN_OPENS = timedelta(hours=12)


@dataclass(frozen=True)
class Scan:
    """The command "check in": a scanned code (a QR payload or a bare code), or a participant picked by name
    at the desk; the desk, the device's id for this scan (`client_id`) and, from an offline device, when it
    scanned. Built by the web layer from the declared request shape (forum/contract/requests.py)."""

    code: str | None = None
    participant_id: int | None = None
    desk: str = ""
    client_id: str | None = None
    scanned_at: datetime | None = None


REFUSALS = ("unknown_code", "unknown_participant", "wrong_event", "revoked")


@dataclass
class Outcome:
    """What one scan did, as a machine code (`checked_in`, `already_checked_in`, or a refusal's code from
    REFUSALS, as pretix's perform_checkin raises a coded error) with the contract's body of the answer,
    stored for its `client_id` so that a retry gets the same answer. The web layer chooses the HTTP status
    from `result` (forum/api/answers.py)."""

    result: str
    body: dict
    participant: Participant | None = None
    new_checkin: bool = False
    moved_earlier: bool = False
    logged: bool = False  # its scan-log row written with the check-in (PostgreSQL: one statement)

    @property
    def refused(self) -> bool:
        return self.result in REFUSALS


REVOKED_MESSAGES = {
    "replaced": lambda: _("This QR code was replaced by a newer one: ask for the newest QR code (on the "
                          "personal page), or find the name with the search."),
    "cancelled": lambda: _("This registration was cancelled: send the person to the organisers."),
    "revoked": lambda: _("This registration was revoked: send the person to the organisers."),
}


def _refusal(code: str, message: str) -> Outcome:
    return Outcome(code, {"result": code, "error": {"code": code, "message": message}})


# The statements of a scan, built once: a select() built anew is keyed again on every execution, and that
# costs more than the SQL (docs/PERFORMANCE.md, "Door check-in: where a first scan's CPU goes").
# The holder of a code, or the participant picked by id, with their check-in if any: one statement.
_HOLDER = (select(Participant, Checkin).outerjoin(Checkin, Checkin.participant_id == Participant.id)
           .options(joinedload(Participant.agency)))
_HOLDER_BY_CODE = _HOLDER.where(Participant.checkin_code == bindparam("code"))
_HOLDER_BY_ID = _HOLDER.where(Participant.id == bindparam("id"))
_RETIRED = select(RetiredCode).where(RetiredCode.code == bindparam("code"))
_CHECKIN_OF = select(Checkin).where(Checkin.participant_id == bindparam("participant_id"))
_STORED = select(CheckinScan).where(CheckinScan.event_id == bindparam("event_id"),
                                    CheckinScan.client_id == bindparam("client_id"))
_SCANS, _CHECKINS = CheckinScan.__table__, Checkin.__table__
_LOG_INTO_CLAIM = update(_SCANS).where(_SCANS.c.id == bindparam("claim_id"))
# A scanned code's holder as plain columns: the usual scan (an active registration of this forum, in or not yet)
# is decided from them alone, without building mapped objects (three times the statement's own cost); any
# other case loads the holder as above. The staff stamp comes with it: a desk's staff user and forum, kept by the
# process, are confirmed current by it (services/stamp.py: on_trust) instead of by a statement of their own.
_PEOPLE, _AGENCIES = Participant.__table__, Agency.__table__
_HOLDER_ROW = (select(_PEOPLE.c.id, _PEOPLE.c.event_id, _PEOPLE.c.name, _PEOPLE.c.position, _PEOPLE.c.attendance,
                      _PEOPLE.c.role, _PEOPLE.c.status, _PEOPLE.c.deputy_for, _PEOPLE.c.represents_id,
                      Participant.is_active.label("is_active"), _AGENCIES.c.id.label("agency_id"),
                      _AGENCIES.c.name.label("agency_name"), _AGENCIES.c.short_name.label("agency_short_name"),
                      _AGENCIES.c.verified.label("agency_verified"), _CHECKINS.c.id.label("checkin_id"),
                      _CHECKINS.c.checked_in_at, _CHECKINS.c.desk, _CHECKINS.c.note, staff_stamp.COLUMN)
               .select_from(_PEOPLE.outerjoin(_AGENCIES, _AGENCIES.c.id == _PEOPLE.c.agency_id)
                            .outerjoin(_CHECKINS, _CHECKINS.c.participant_id == _PEOPLE.c.id))
               .where(_PEOPLE.c.checkin_code == bindparam("code")))
_CHECKIN_COLUMNS = ("event_id", "participant_id", "checked_in_at", "desk", "user_id", "note", "created_at")
_AUDIT_COLUMNS = ("action", "event_id", "actor_user_id", "actor_participant_id", "actor_label", "target_type",
                  "target_id", "details", "at")
_SCAN_COLUMNS = ("event_id", "client_id", "participant_id", "result", "http_status", "response", "desk", "user_id",
                 "scanned_at", "received_at", "offline")
_LOGGED_COLUMNS = ("participant_id", "result", "http_status", "response", "desk", "user_id", "scanned_at", "offline")
_ALONE = "forum_checkin_alone"  # Session.info: check_in()'s scan may be the usual one, its statements each alone


def _upsert(dialect: str):
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


# The scan's writes, kept per process under (dialect, name) (prepared.py). A check-in or a claimed `client_id` that
# another desk's transaction holds is not an error but no row (ON CONFLICT DO NOTHING, which on PostgreSQL waits for
# that transaction): the caller then reads the winner's row, with no savepoint around the insert.
_BUILDERS = {
    "checkin": lambda d: _upsert(d)(_CHECKINS).on_conflict_do_nothing(index_elements=["participant_id"])
    .returning(_CHECKINS.c.id),
    "claim": lambda d: _upsert(d)(_SCANS).on_conflict_do_nothing(index_elements=["event_id", "client_id"])
    .returning(_SCANS.c.id),
    "scan": lambda d: _upsert(d)(_SCANS),
    "audit": lambda d: _upsert(d)(AuditEntry.__table__),
    # PostgreSQL only (data-modifying WITH): see _checkin_audited_logged
    "checkin audited logged": lambda d: _checkin_audited_logged(claimed=False),
    "checkin audited logged into claim": lambda d: _checkin_audited_logged(claimed=True),
}


def _statement(name: str):
    """The scan's statement `name` for the request's database, built once per process."""
    dialect = db.session.get_bind().dialect.name
    return prepared.statement((dialect, name), lambda: _BUILDERS[name](dialect))


def _won_and_audited():
    """PostgreSQL: the check-in inserted unless another desk's came first (`won`, a row only if this scan's was
    written), and the audit entry inserted from `won` (so only with it)."""
    entries = AuditEntry.__table__
    won = (postgresql.insert(_CHECKINS)
           .values({name: bindparam(f"c_{name}", type_=_CHECKINS.c[name].type) for name in _CHECKIN_COLUMNS})
           .on_conflict_do_nothing(index_elements=["participant_id"]).returning(_CHECKINS.c.id).cte("won"))
    entry = select(*(bindparam(f"a_{name}", type_=entries.c[name].type) for name in _AUDIT_COLUMNS)).select_from(won)
    return won, insert(entries).from_select(list(_AUDIT_COLUMNS), entry)


def _checkin_audited_logged(claimed: bool):
    """PostgreSQL: the check-in, its audit entry and the scan-log row with the answer of a new check-in (a new row,
    or with `claimed` the row claimed for the scan's `client_id`) in one statement, one round trip instead of three.
    The entry and the row are written only with the check-in: a row comes back if this scan's check-in was written;
    none, and another desk's came first and nothing was (the scan is then logged as a repeat)."""
    won, audited = _won_and_audited()
    audited = audited.cte("audited")
    if claimed:
        logged = (update(_SCANS).values({name: bindparam(f"s_{name}", type_=_SCANS.c[name].type)
                                         for name in _LOGGED_COLUMNS})
                  .where(_SCANS.c.id == bindparam("claim_id"), select(won.c.id).exists()))
    else:
        logged = insert(_SCANS).from_select(
            list(_SCAN_COLUMNS),
            select(*(bindparam(f"s_{name}", type_=_SCANS.c[name].type) for name in _SCAN_COLUMNS)).select_from(won))
    return logged.add_cte(audited).returning(_SCANS.c.id)


def _insert_checkin(values: dict, entry: dict, scan: dict) -> tuple[bool, bool]:
    """Insert the check-in and, if it was inserted (no other desk's came first), its audit entry: (whether it was,
    whether its scan-log row `scan` was written too). On PostgreSQL all three are one statement and the row is
    written exactly when the check-in is; SQLite (no data-modifying WITH, and no round trip to save) writes the
    check-in and its audit entry, and the caller logs the scan."""
    if db.session.get_bind().dialect.name != "postgresql":
        if _write("checkin", values).scalar() is None:
            return False, False
        _write("audit", entry)
        return True, False
    params = {**{f"c_{k}": v for k, v in values.items()}, **{f"a_{k}": v for k, v in entry.items()},
              **{(k if k == "claim_id" else f"s_{k}"): v for k, v in scan.items()}}
    name = "checkin audited logged into claim" if "claim_id" in scan else "checkin audited logged"
    won = db.session.connection().execute(_statement(name), params).first() is not None
    return won, won


def _write(name: str, values: dict):
    return db.session.connection().execute(_statement(name), values)


@dataclass(frozen=True, slots=True)
class _AgencyRow:
    id: int
    name: str
    short_name: str
    verified: bool


@dataclass(frozen=True, slots=True)
class _HolderRow:
    """An active holder of a code as _HOLDER_ROW read them: what the answer (participant_json) and the decision
    read of a Participant, under the same names."""

    id: int
    event_id: int
    name: str
    position: str
    attendance: str
    role: str
    status: str
    deputy_for: str
    represents_id: int | None
    agency: _AgencyRow | None
    is_active: bool = True


def _usual_holder(event: Event, code: str, may_move: bool):
    """(holder, their check-in's values or None) from plain columns, or None when the scan is not the usual one:
    an unknown or retired code, another forum's, an inactive registration, or a check-in this scan may move."""
    session = db.session()
    # The usual scan of check_in(): its holder read, then one write (the check-in with its audit entry and scan-log
    # row, or a repeat's scan-log row), each on its own on PostgreSQL; anything else in one transaction.
    alone = session.info.pop(_ALONE, False) and statements_on_their_own(session)
    row = session.connection().execute(_HOLDER_ROW, {"code": code}).first()
    if row is not None:
        staff_stamp.confirm(row.staff_stamp, session)  # before anything is written or answered
    if row is None or row.event_id != event.id or not row.is_active or (may_move and row.checkin_id is not None):
        if alone:
            in_one_transaction(session)
        return None
    agency = (_AgencyRow(row.agency_id, row.agency_name, row.agency_short_name, row.agency_verified)
              if row.agency_id is not None else None)
    holder = _HolderRow(row.id, row.event_id, row.name, row.position, row.attendance, row.role, row.status,
                        row.deputy_for, row.represents_id, agency)
    existing = ({"checked_in_at": row.checked_in_at, "desk": row.desk, "note": row.note}
                if row.checkin_id is not None else None)
    return holder, existing


def find_participant_by_code(code: str) -> tuple[Participant | None, bool]:
    """(participant, retired): the holder of a current code, or of a code replaced by a newer one."""
    participant, _checkin, retired = _holder_by_code(code)
    return participant, retired


def _holder_by_code(code: str) -> tuple[Participant | None, Checkin | None, bool]:
    """(participant, their check-in, retired) for a code; the check-in is read with the holder of a current code."""
    row = db.session.execute(_HOLDER_BY_CODE, {"code": code}).first()
    if row is not None:
        return row[0], row[1], False
    retired = db.session.scalar(_RETIRED, {"code": code})
    if retired is not None:
        return retired.participant, None, True  # refused before its check-in is needed
    return None, None, False


def checkins_by_participant(event: Event, participant_ids: list[int]) -> dict[int, Checkin]:
    if not participant_ids:
        return {}
    rows = db.session.scalars(select(Checkin).where(Checkin.event_id == event.id,
                                                    Checkin.participant_id.in_(participant_ids)))
    return {c.participant_id: c for c in rows}


def checkin_of(participant: Participant) -> Checkin | None:
    return db.session.scalar(_CHECKIN_OF, {"participant_id": participant.id})


def _body(result: str, event: Event, participant, checkin: Checkin | dict, serialize) -> dict:
    """The answer about `participant`'s check-in (the row, or its values)."""
    if isinstance(checkin, dict):
        checked_in_at, desk, note = checkin["checked_in_at"], checkin["desk"], checkin["note"]
    else:
        checked_in_at, desk, note = checkin.checked_in_at, checkin.desk, checkin.note
    body = {"result": result, "participant": serialize(participant),
            "checked_in_at": iso(checked_in_at, event.timezone), "desk": desk}
    if note:
        body["note"] = note
    if participant.deputy_for:
        body["deputy_for"] = participant.deputy_for
    return body


def earliest_scan_time(event: Event) -> datetime:
    """The earliest `scanned_at` believed for this forum (later ones are clamped to now)."""
    return event.starts_at - CHECKIN_OPENS


def check_in(event: Event, scan: Scan, *, user=None, offline: bool = False, serialize=None,
             claim: int | None = None) -> Outcome:
    """Check in the holder of `scan.code` (a scanned QR payload or a bare code) at `event`, or the
    participant `scan.participant_id` picked by name at the desk (no QR at hand). `claim`: the id of the scan
    row a caller already claimed for `scan.client_id` (a walk-in claims it before registering anyone)."""
    session = db.session()
    # a scanned code, no client_id: the usual scan's statements may each commit on their own (_usual_holder)
    session.info[_ALONE] = scan.code is not None and not scan.client_id and claim is None
    try:
        outcome = _check_in(event, scan, user=user, offline=offline, serialize=serialize, claim=claim)
    finally:
        session.info.pop(_ALONE, None)
        in_one_transaction(session)
    _record_checkins(event, [outcome])
    return outcome


def _record_checkins(event: Event, outcomes: list[Outcome]) -> None:
    """The domain events of these scans: each new (or moved) check-in, then the counts once."""
    changed = [o for o in outcomes if o.new_checkin or o.moved_earlier]
    for outcome in changed:
        domain_events.record(ParticipantCheckedIn(event.id, participant_id=outcome.participant.id, body=outcome.body))
    if changed:
        domain_events.record(AttendanceChanged(event.id))


def _check_in(event: Event, scan: Scan, *, user=None, offline: bool = False, serialize=None,
              claim: int | None = None) -> Outcome:
    serialize = serialize or _default_serialize
    payload, desk, scanned_at = scan.code, scan.desk, scan.scanned_at
    if claim is None and scan.client_id:
        claimed = claim_client_id(event, scan.client_id)
        if isinstance(claimed, Outcome):
            return claimed
        claim = claimed
    now = utcnow()
    when = min(scanned_at, now + FUTURE_TOLERANCE) if scanned_at else now
    outcome = _decide(event, payload, desk=desk, when=when, explicit_time=scanned_at is not None, offline=offline,
                      user=user, serialize=serialize, participant_id=scan.participant_id, claim=claim)
    if not outcome.logged:
        _log_scan(event, outcome, claim=claim, desk=desk, when=when, user=user, offline=offline)
    return outcome


def claim_client_id(event: Event, client_id: str) -> int | Outcome:
    """Reserve `client_id` for this request (the id of its scan row), or the answer already given to it.

    The scan row is inserted first (its answer is filled in by `_log_scan`), so the unique
    (event, client_id) index serialises identical requests: on PostgreSQL a twin's insert waits until
    the first request commits, inserts nothing, and the twin reads the first answer back. A check before
    the insert alone would let twenty retries sent together all act."""
    claimed = _write("claim", dict(event_id=event.id, client_id=client_id, result="pending", http_status=0,
                                   response={}, desk="", scanned_at=utcnow(), received_at=utcnow(), offline=False))
    claim_id = claimed.scalar()
    if claim_id is not None:
        return claim_id
    stored = stored_outcome(event, client_id)
    if stored is None:  # the twin's row went with its rollback between our insert and this read: unlikely
        raise RuntimeError(f"client_id {client_id!r} neither claimed nor answered")
    return stored


def _holder(event, payload, participant_id, may_move: bool) -> tuple:
    """(participant, their check-in, retired) for a scanned code or a participant picked by id. The usual
    scan's holder is a _HolderRow and their check-in its values (a dict); `may_move`: this scan may move an
    earlier check-in (it needs the mapped rows)."""
    if participant_id is not None:
        if not 1 <= participant_id < 2**31:
            return None, None, False
        row = db.session.execute(_HOLDER_BY_ID, {"id": participant_id}).first()
        # picked by id: someone of another forum simply does not exist here
        return (row[0], row[1], False) if row is not None and row[0].event_id == event.id else (None, None, False)
    code = tickets.parse_scanned_code(payload)
    if code is None:
        return None, None, False
    usual = _usual_holder(event, code, may_move)
    if usual is not None:
        return usual[0], usual[1], False
    return _holder_by_code(code)


def _decide(event, payload, *, desk, when, explicit_time, offline, user, serialize, participant_id=None,
            claim: int | None = None) -> Outcome:
    participant, existing, retired = _holder(event, payload, participant_id, offline and explicit_time)
    if participant is None and participant_id is not None:
        return _refusal("unknown_participant", _("No such participant in this forum."))
    if participant is None:
        return _refusal("unknown_code", _("This code is not a Forum check-in code."))
    if participant.event_id != event.id:
        return _refusal("wrong_event", _("This code belongs to another forum."))
    if retired or not participant.is_active:
        # Which one it is says what the desk does next (an extension: `reason`): a replaced code's holder shows
        # the newest QR from their personal link; a cancelled registration goes to the organisers.
        reason = "replaced" if retired and participant.is_active else str(participant.status)
        outcome = _refusal("revoked", REVOKED_MESSAGES[reason]())
        outcome.participant = participant
        outcome.body["participant"] = serialize(participant)
        outcome.body["reason"] = reason
        return outcome
    note = "registered_online" if participant.attendance == Attendance.online.value else ""
    values = dict(event_id=event.id, participant_id=participant.id, checked_in_at=when, desk=desk,
                  user_id=getattr(user, "id", None), note=note, created_at=utcnow())
    # A time the device gave (an offline queue, or a desk's own clock) is logged with the check-in, so a
    # backdated scan shows as such beside the moment it was recorded.
    details = {"scanned_at": iso(when, event.timezone), "offline": offline} if explicit_time else {}
    entry = audit.entry_values("checkin.created", event=event, user=user, target=participant, desk=desk, **details)
    entry = dict(entry, target_type=Participant.__name__, at=utcnow())  # a _HolderRow stands for a Participant
    if existing is None:
        body = _body("checked_in", event, participant, values, serialize)
        won, logged = _insert_checkin(values, entry, _scan_row(event, participant.id, "checked_in", body, claim=claim,
                                                               desk=desk, when=when, user=user, offline=offline))
        if won:
            return Outcome("checked_in", body, participant, new_checkin=True, logged=logged)
        # Lost a race: another desk checked this person in at the same moment (its transaction committed
        # while ours waited on the unique index). Decide as for a repeated scan, now seeing its check-in.
        in_one_transaction(db.session())  # it may move that check-in (several statements)
        existing = checkin_of(participant)
    if existing is not None:
        if offline and explicit_time and when < existing.checked_in_at:  # the mapped rows (see _holder)
            participant = db.session.get(Participant, participant.id)  # the same object if it is one
            # An offline scan that happened earlier than the recorded check-in: the earliest scan
            # is the check-in (still one row), the later one becomes a conflict to review. Never
            # silently: the log keeps what it replaced.
            tz = event.timezone
            audit.record("checkin.moved_earlier", event=event, user=user, target=participant,
                         old_at=iso(existing.checked_in_at, tz), old_desk=existing.desk,
                         new_at=iso(when, tz), new_desk=desk)
            existing.checked_in_at, existing.desk = when, desk
            existing.user_id = getattr(user, "id", None)
            return Outcome("checked_in", _body("checked_in", event, participant, existing, serialize), participant,
                           moved_earlier=True)
    return Outcome("already_checked_in", _body("already_checked_in", event, participant, existing, serialize),
                   participant)


def _log_scan(event, outcome: Outcome, *, claim: int | None, desk, when, user, offline) -> None:
    """The scan and its answer: into the row claimed for its `client_id`, else a new row."""
    values = _scan_row(event, getattr(outcome.participant, "id", None), outcome.result, outcome.body, claim=claim,
                       desk=desk, when=when, user=user, offline=offline)
    if claim is not None:
        db.session.connection().execute(_LOG_INTO_CLAIM, values)
    else:
        _write("scan", values)


def _scan_row(event, participant_id, result: str, body: dict, *, claim: int | None, desk, when, user,
              offline) -> dict:
    """A scan-log row's values: those of the row claimed for its `client_id` (`claim_id`), else a new row's."""
    # `http_status` is no longer the service's to know: an answer's status follows from `result`
    # (forum/api/answers.py), on a replay as on the first answer; rows from before hold it, new ones 0.
    values = dict(participant_id=participant_id, result=result, http_status=0, response=body, desk=desk,
                  user_id=getattr(user, "id", None), scanned_at=when, offline=offline)
    if claim is not None:
        values["claim_id"] = claim
    else:
        values.update(event_id=event.id, client_id=None, received_at=utcnow())
    return values


def stored_outcome(event, client_id) -> Outcome | None:
    scan = db.session.scalar(_STORED, {"event_id": event.id, "client_id": client_id})
    if scan is None:
        return None
    participant = db.session.get(Participant, scan.participant_id) if scan.participant_id else None
    return Outcome(scan.result, dict(scan.response), participant)


def _default_serialize(participant):
    return participant_json(participant)


def check_in_batch(event: Event, scans: list[Scan], *, user=None, serialize=None) -> list[Outcome]:
    """Apply an offline device's queue in `scanned_at` order (so the earliest scan becomes the
    check-in), answering in the order given."""
    order = sorted(range(len(scans)), key=lambda i: (scans[i].scanned_at or utcnow(), i))
    results: list[Outcome | None] = [None] * len(scans)
    for i in order:
        results[i] = _check_in(event, scans[i], user=user, offline=True, serialize=serialize)
    _record_checkins(event, results)  # type: ignore[arg-type]
    return results  # type: ignore[return-value]


def conflicts(event: Event) -> list[dict]:
    """People scanned at two or more desks where at least one scan came from an offline queue.

    The organisers review them; the earliest scan is the check-in and nothing was counted twice.
    """
    scans = db.session.scalars(
        select(CheckinScan).where(CheckinScan.event_id == event.id, CheckinScan.participant_id.is_not(None),
                                  CheckinScan.result.in_(("checked_in", "already_checked_in")))
        .order_by(CheckinScan.participant_id, CheckinScan.scanned_at, CheckinScan.id)).all()
    by_person: dict[int, list[CheckinScan]] = {}
    for scan in scans:
        by_person.setdefault(scan.participant_id, []).append(scan)
    out = []
    for participant_id, group in by_person.items():
        if len({s.desk for s in group}) < 2 or not any(s.offline for s in group):
            continue
        participant = db.session.get(Participant, participant_id)
        out.append({"participant": participant, "checkin": checkin_of(participant), "scans": group})
    return out


def checkin_data(event: Event) -> dict:
    """What a scanner needs offline: code hashes (never raw codes), names, agencies, who is in."""
    rows = db.session.execute(
        select(Participant, Checkin.checked_in_at, Checkin.desk)
        .outerjoin(Checkin, Checkin.participant_id == Participant.id)
        .where(Participant.event_id == event.id)
        .order_by(Participant.id)).all()
    retired = db.session.execute(
        select(RetiredCode.code, RetiredCode.participant_id).join(Participant)
        .where(Participant.event_id == event.id)).all()
    participants = []
    for p, checked_in_at, desk in rows:
        participants.append({
            "id": p.id, "code_hash": tickets.code_hash(p.checkin_code), "name": p.name,
            "agency": p.agency.name if p.agency else "", "position": p.position, "role": p.role,
            "attendance": p.attendance, "status": p.status,
            "checked_in_at": checked_in_at.isoformat() if checked_in_at else None, "desk": desk,
        })
    version = tickets.code_hash(repr([(d["id"], d["code_hash"], d["status"], d["name"], d["checked_in_at"])
                                       for d in participants]) + repr(sorted(r[0] for r in retired)))[:16]
    return {"event": event.slug, "version": version, "hash": "sha256", "generated_at": utcnow().isoformat(),
            "participants": participants,
            "retired_code_hashes": [tickets.code_hash(code) for code, _pid in retired]}
