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
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from forum import domain_events
from forum.db import utcnow
from forum.domain_events import AttendanceChanged, ParticipantCheckedIn
from forum.extensions import db
from forum.models import Attendance, Checkin, CheckinScan, Event, Participant, RetiredCode
from forum.serialise import iso, participant_json
from forum.services import audit, tickets

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


def find_participant_by_code(code: str) -> tuple[Participant | None, bool]:
    """(participant, retired): the holder of a current code, or of a code replaced by a newer one."""
    participant = db.session.scalar(select(Participant).options(joinedload(Participant.agency))
                                    .where(Participant.checkin_code == code))
    if participant is not None:
        return participant, False
    retired = db.session.scalar(select(RetiredCode).where(RetiredCode.code == code))
    if retired is not None:
        return retired.participant, True
    return None, False


def checkins_by_participant(event: Event, participant_ids: list[int]) -> dict[int, Checkin]:
    if not participant_ids:
        return {}
    rows = db.session.scalars(select(Checkin).where(Checkin.event_id == event.id,
                                                    Checkin.participant_id.in_(participant_ids)))
    return {c.participant_id: c for c in rows}


def checkin_of(participant: Participant) -> Checkin | None:
    return db.session.scalar(select(Checkin).where(Checkin.participant_id == participant.id))


def _body(result: str, participant: Participant, checkin: Checkin, serialize) -> dict:
    body = {"result": result, "participant": serialize(participant),
            "checked_in_at": iso(checkin.checked_in_at, participant.event.timezone), "desk": checkin.desk}
    if checkin.note:
        body["note"] = checkin.note
    if participant.deputy_for:
        body["deputy_for"] = participant.deputy_for
    return body


def earliest_scan_time(event: Event) -> datetime:
    """The earliest `scanned_at` believed for this forum (later ones are clamped to now)."""
    return event.starts_at - CHECKIN_OPENS


def check_in(event: Event, scan: Scan, *, user=None, offline: bool = False, serialize=None,
             claim: CheckinScan | None = None) -> Outcome:
    """Check in the holder of `scan.code` (a scanned QR payload or a bare code) at `event`, or the
    participant `scan.participant_id` picked by name at the desk (no QR at hand). `claim`: the scan row a
    caller already claimed for `scan.client_id` (a walk-in claims it before registering anyone)."""
    outcome = _check_in(event, scan, user=user, offline=offline, serialize=serialize, claim=claim)
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
              claim: CheckinScan | None = None) -> Outcome:
    serialize = serialize or _default_serialize
    payload, desk, scanned_at = scan.code, scan.desk, scan.scanned_at
    if claim is None and scan.client_id:
        claimed = claim_client_id(event, scan.client_id)
        if isinstance(claimed, Outcome):
            return claimed
        claim = claimed
    now = utcnow()
    when = min(scanned_at, now + FUTURE_TOLERANCE) if scanned_at else now
    decide = dict(desk=desk, when=when, explicit_time=scanned_at is not None, offline=offline, user=user,
                  serialize=serialize, participant_id=scan.participant_id)
    try:
        with db.session.begin_nested():
            outcome = _decide(event, payload, **decide)
    except IntegrityError:
        # Lost a race: another desk checked this person in at the same moment. The savepoint is
        # gone; decide again, now seeing the winner's check-in.
        with db.session.begin_nested():
            outcome = _decide(event, payload, **decide)
    _log_scan(event, outcome, claim=claim, desk=desk, when=when, user=user, offline=offline)
    return outcome


def claim_client_id(event: Event, client_id: str) -> CheckinScan | Outcome:
    """Reserve `client_id` for this request, or the answer already given to it.

    The scan row is inserted first (its answer is filled in by `_log_scan`), so the unique
    (event, client_id) index serialises identical requests: on PostgreSQL a twin's insert waits until
    the first request commits, fails, and the twin reads the first answer back. A check before the
    insert alone would let twenty retries sent together all act."""
    stored = stored_outcome(event, client_id)
    if stored is not None:
        return stored
    scan = CheckinScan(event_id=event.id, client_id=client_id, result="pending", http_status=0, response={},
                       scanned_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(scan)
    except IntegrityError:
        stored = stored_outcome(event, client_id)
        if stored is None:
            raise
        return stored
    return scan


def _holder(event, payload, participant_id) -> tuple[Participant | None, bool]:
    if participant_id is not None:
        if not 1 <= participant_id < 2**31:
            return None, False
        participant = db.session.get(Participant, participant_id)
        # picked by id: someone of another forum simply does not exist here
        return (participant if participant and participant.event_id == event.id else None), False
    code = tickets.parse_scanned_code(payload)
    return find_participant_by_code(code) if code is not None else (None, False)


def _decide(event, payload, *, desk, when, explicit_time, offline, user, serialize, participant_id=None) -> Outcome:
    participant, retired = _holder(event, payload, participant_id)
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
    existing = checkin_of(participant)
    if existing is not None:
        if offline and explicit_time and when < existing.checked_in_at:
            # An offline scan that happened earlier than the recorded check-in: the earliest scan
            # is the check-in (still one row), the later one becomes a conflict to review. Never
            # silently: the log keeps what it replaced.
            tz = event.timezone
            audit.record("checkin.moved_earlier", event=event, user=user, target=participant,
                         old_at=iso(existing.checked_in_at, tz), old_desk=existing.desk,
                         new_at=iso(when, tz), new_desk=desk)
            existing.checked_in_at, existing.desk = when, desk
            existing.user_id = getattr(user, "id", None)
            return Outcome("checked_in", _body("checked_in", participant, existing, serialize), participant,
                           moved_earlier=True)
        return Outcome("already_checked_in", _body("already_checked_in", participant, existing, serialize), participant)
    note = "registered_online" if participant.attendance == Attendance.online.value else ""
    checkin = Checkin(event_id=event.id, participant_id=participant.id, checked_in_at=when, desk=desk,
                      user_id=getattr(user, "id", None), note=note)
    db.session.add(checkin)
    db.session.flush()  # the unique index decides a race here
    # A time the device gave (an offline queue, or a desk's own clock) is logged with the check-in, so a
    # backdated scan shows as such beside the moment it was recorded.
    details = {"scanned_at": iso(when, event.timezone), "offline": offline} if explicit_time else {}
    audit.record("checkin.created", event=event, user=user, target=participant, desk=desk, **details)
    return Outcome("checked_in", _body("checked_in", participant, checkin, serialize), participant, new_checkin=True)


def _log_scan(event, outcome: Outcome, *, claim: CheckinScan | None, desk, when, user, offline) -> None:
    """The scan and its answer: into the row claimed for its `client_id`, else a new row."""
    scan = claim if claim is not None else CheckinScan(event_id=event.id, client_id=None)
    scan.participant_id = getattr(outcome.participant, "id", None)
    # `http_status` is no longer the service's to know: an answer's status follows from `result`
    # (forum/api/answers.py), on a replay as on the first answer; rows from before hold it, new ones 0.
    scan.result, scan.http_status, scan.response = outcome.result, 0, outcome.body
    scan.desk, scan.user_id, scan.scanned_at, scan.offline = desk, getattr(user, "id", None), when, offline
    db.session.add(scan)
    db.session.flush()


def stored_outcome(event, client_id) -> Outcome | None:
    scan = db.session.scalar(select(CheckinScan).where(CheckinScan.event_id == event.id,
                                                       CheckinScan.client_id == client_id))
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
