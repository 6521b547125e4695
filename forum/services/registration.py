"""Registering participants, and the organiser's changes to a registration."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from forum.db import utcnow, where_given
from forum.errors import DomainError, NotFound
from forum.extensions import db
from forum.models import Agency, Attendance, Event, Participant, ParticipantRole, ParticipantStatus, RetiredCode
from forum.services import audit, identity, prepared, tickets
from forum.services.agencies import agency_for_name
from forum.services.commands import PartialCommand
from forum.services.validation import FieldErrors, clean_text, normalize_email, normalize_phone, parse_nip

ATTENDANCE_VALUES = {a.value for a in Attendance}
ROLE_VALUES = {r.value for r in ParticipantRole}
STATUS_VALUES = {s.value for s in ParticipantStatus}
NIP_LENGTH = 18


def _one_of(value, allowed: set[str]) -> bool:
    """True for one of the allowed strings (a JSON list or object is simply not one)."""
    return isinstance(value, str) and value in allowed


def _validate_person(data: dict, errors: FieldErrors, *, partial: bool) -> dict:
    """The person fields shared by registration, import and the organiser's edits."""
    out: dict = {}
    # The position (jabatan) is required: the daftar hadir has a Jabatan column.
    for name, limit, required in (("name", 200, True), ("agency", 200, True), ("position", 200, True),
                                  ("deputy_for", 300, False)):
        if name in data or not partial:
            value = errors.check(name, clean_text, data.get(name), max_length=limit, required=required)
            if value is not None:
                out[name] = value
    for name, parser in (("email", normalize_email), ("phone", normalize_phone), ("nip", parse_nip)):
        if name in data or not partial:
            if name not in data or data[name] is None:
                out[name] = None
            else:
                value = errors.check(name, parser, data[name])
                if name not in errors.errors:
                    out[name] = value
    if "attendance" in data or not partial:
        if not _one_of(data.get("attendance"), ATTENDANCE_VALUES):
            errors.add("attendance", _("Choose in person or online."))
        else:
            out["attendance"] = data["attendance"]
    return out


def validate_person(data: dict, *, partial: bool = False) -> dict:
    """The person fields checked and normalised as registration does; raises ValidationFailed."""
    errors = FieldErrors()
    person = _validate_person(data, errors, partial=partial)
    errors.raise_if_any()
    return person


UNIQUE_PER_FORUM = ("email", "phone", "nip")  # each held by one registration of a forum (the unique indexes)


def _held_elsewhere(event: Event, values: dict, exclude_id: int | None = None) -> dict:
    """Of `values` (email, phone, NIP: those given), the ones another registration of this forum holds."""
    given = {name: values[name] for name in UNIQUE_PER_FORUM if values.get(name)}
    if not given:
        return {}
    query = select(Participant.email, Participant.phone, Participant.nip).where(
        Participant.event_id == event.id, or_(*[getattr(Participant, name) == value for name, value in given.items()]))
    if exclude_id is not None:
        query = query.where(Participant.id != exclude_id)
    held = db.session.execute(query).all()
    return {name: value for name, value in given.items() if any(getattr(row, name) == value for row in held)}


def _refused_by_the_database(event: Event, values: dict, *, public: bool,
                             exclude_id: int | None = None) -> DomainError:
    """The answer when a unique index refused a write the checks let through: another registration with the same
    email, phone or NIP landed at the same moment (it is committed by now: the index waited for it). It is the
    checks' own answer: every field given for the public, the one that clashed for the organisers."""
    held = {} if public else _held_elsewhere(event, values, exclude_id)
    return _refusal(values, held or values, public=public)


def _refusal(values: dict, held: dict, *, public: bool) -> DomainError:
    """`already_registered` for a registration whose `held` values someone else has: for the public every email,
    phone and NIP it gave is marked, for the organisers and the desk only those held."""
    shown = values if public else held
    return already_registered(**{name: shown.get(name) for name in UNIQUE_PER_FORUM}, public=public)


def already_registered(email: str | None = None, phone: str | None = None, nip: str | None = None, *,
                       public: bool = True) -> DomainError:
    """The refusal of a registration with a contact or a NIP that someone in the forum already has; it marks
    every one it is given. Self-registration gives all three, whichever matched, so that its answer tells
    nobody which of them belongs to someone, nor who that is (docs/SECURITY.md); the organisers' edits and
    imports, and the desk, give only the one that clashed (`public=False`), and are told what to do instead."""
    fields = {name: _("Already registered for this forum.")
              for name, value in (("email", email), ("phone", phone), ("nip", nip)) if value}
    if not public:
        return DomainError(
            "already_registered",
            _("Another registration of this forum already has the value marked: a NIP, an email address or a "
              "phone number belongs to one person, who cannot be registered twice, even as another person. Find "
              "that registration (search for the value) and check that person in or merge the records instead."),
            fields=fields)
    return DomainError(
        "already_registered",
        _("Someone is already registered for this forum with this email, phone number or NIP. "
          "Open the personal link you received, or ask the organisers to send it again to the "
          "email or phone number they have."),
        fields=fields)


def likely_registered() -> DomainError:
    """The public form's question when someone of the same agency with a matching name is registered: it names
    nobody (the person answers that they are someone else, or uses the link they have)."""
    return DomainError(
        "likely_duplicate",
        _("Someone with a name like this from the same agency is already registered for this forum. If that is "
          "you, you need not register again: open the personal link you received, or ask the organisers to "
          "send it again. If you are another person, confirm it and register."),
        fields={"name": _("Already registered? Confirm that you are another person.")})


# Who may write an agency nobody listed and have it count as listed: the organisers (by hand or in an import).
TRUSTED_SOURCES = frozenset({"staff", "import"})


@dataclass(frozen=True)
class Registration:
    """The command "register me": the public form or the API's body, each value as sent. `register_self`
    judges them after the forum's state (409 `registration_closed` comes before any field), by the same
    rules as an import or a walk-in. `not_duplicate`: the person answered the form's question about a likely
    duplicate ("I am another person"). Built by the web layer (forum/contract/requests.py)."""

    name: object = None
    agency: object = None
    position: object = None
    nip: object = None
    phone: object = None
    email: object = None
    attendance: object = None
    deputy_for: object = None
    consent: object = None
    not_duplicate: object = None


REGISTRATION_RESULTS = ("created", "flagged")


@dataclass(frozen=True)
class Registered:
    """What a registration did: `created`, or `flagged` (created, and marked for the organisers as likely the
    same person as an earlier registration). The web layer gives the HTTP status (forum/api/answers.py)."""

    result: str
    participant: Participant


def register_self(event: Event, command: Registration, *, ask_if_duplicate: bool = False) -> Registered:
    """Someone registers themselves; with `ask_if_duplicate` a likely duplicate is refused with a question
    (409 `likely_duplicate`) unless they said they are another person."""
    participant = register(event, asdict(command), ask_if_duplicate=ask_if_duplicate)
    return Registered("created" if participant.duplicate_of is None else "flagged", participant)


def register(event: Event, data: dict, *, source: str = "registration", require_consent: bool = True,
             check_open: bool = True, actor=None, invited: bool = False, ask_if_duplicate: bool = False) -> Participant:
    """Create a registration; refuses a second one with the same email, phone or NIP in the forum. A likely
    duplicate by name and agency (services/identity.py) is flagged for the organisers (`duplicate_of`); with
    `ask_if_duplicate` it is refused (409 `likely_duplicate`) unless `data["not_duplicate"]` is true."""
    if not isinstance(data, dict):
        raise DomainError("malformed", _("The request body must be a JSON object."))
    if check_open and not event.registration_open:
        raise DomainError("registration_closed", _("Registration for this forum is closed."))
    errors = FieldErrors()
    person = _validate_person(data, errors, partial=False)
    if require_consent and data.get("consent") is not True:
        errors.add("consent", _("Registration needs your consent to the personal-data statement."))
    errors.raise_if_any()
    held = _held_elsewhere(event, {"email": person["email"], "phone": person["phone"]})
    if held:
        raise _refusal(person, held, public=actor is None)
    agency = agency_for_name(event, person["agency"], verified=source in TRUSTED_SOURCES)
    duplicate = _likely_duplicate(event, person, agency, source=source, actor=actor,
                                  ask=ask_if_duplicate and data.get("not_duplicate") is not True)
    participant = Participant(
        event_id=event.id,
        name=person["name"], position=person.get("position", ""), nip=person["nip"], email=person["email"],
        phone=person["phone"], attendance=person["attendance"], deputy_for=person.get("deputy_for", ""),
        role=ParticipantRole.participant.value, status=ParticipantStatus.registered.value,
        access_token=tickets.new_access_token(), checkin_code=tickets.new_checkin_code(),
        source=source, invited=invited, consent_at=utcnow() if data.get("consent") is True else None,
    )
    participant.agency, participant.duplicate_of = agency, duplicate
    try:
        # The unique indexes decide a race between two registrations with the same email, phone or NIP.
        with db.session.begin_nested():
            db.session.add(participant)
    except IntegrityError:
        raise _refused_by_the_database(event, person, public=actor is None) from None
    if actor is not None:
        audit.record("participant.created", event=event, user=actor, target=participant, source=source)
    return participant


def _likely_duplicate(event: Event, person: dict, agency: Agency, *, source: str, actor, ask: bool):
    """The registration this one likely repeats, if any: the same NIP is refused as the same contact is; a
    matching name in the same agency is refused with a question when `ask`, else returned to be flagged."""
    found = identity.likely_duplicates(event, name=person["name"], agency_id=agency.id, nip=person["nip"])
    if not found:
        return None
    if found[0].reason == "nip":
        raise _refusal(person, {"nip": person["nip"]}, public=actor is None)
    if ask:
        raise likely_registered()
    return found[0].participant


@dataclass(frozen=True)
class ParticipantEdit(PartialCommand):
    """The command "edit a registration": the person's fields, `role`, `status` and the organisers' `notes`,
    each as sent, `UNSET` when left out (read by forum/contract/requests.py::read_participant_edit, built by
    the back office's form, an invitation list's update and a participant added by hand); `update_participant`
    judges them."""

    name: object
    agency: object
    position: object
    deputy_for: object
    email: object
    phone: object
    nip: object
    attendance: object
    role: object
    status: object
    notes: object


def update_participant(participant: Participant, edit: ParticipantEdit, *, actor=None) -> Participant:
    """An organiser's edit: person fields, role, status and attendance mode."""
    data = edit.values()
    errors = FieldErrors()
    person = _validate_person(data, errors, partial=True)
    if "role" in data and not _one_of(data["role"], ROLE_VALUES):
        errors.add("role", _("Role must be one of participant, speaker, moderator, organiser."))
    if "status" in data and not _one_of(data["status"], STATUS_VALUES):
        errors.add("status", _("Status must be one of registered, cancelled, revoked."))
    if "notes" in data:
        notes = errors.check("notes", clean_text, data["notes"], max_length=4000, multiline=True)
        if notes is not None:
            person["notes"] = notes
    errors.raise_if_any()
    if "status" in data:
        check_transition(participant.status, data["status"])  # before anything changes
    event = participant.event
    # Only a value this edit changes can clash: a record the upgrade to one NIP per forum found sharing its NIP
    # (`nip_shared`) stays editable as it is.
    written = {name: person[name] for name in UNIQUE_PER_FORUM
               if person.get(name) and person[name] != getattr(participant, name)}
    held = _held_elsewhere(event, written, exclude_id=participant.id)
    if held:
        raise already_registered(**held, public=False)
    try:
        # The changes are made inside the savepoint (opening one flushes what is pending): a unique index refusing
        # them at the flush leaves the person as they were, and the session usable.
        with db.session.begin_nested():
            if "nip" in written:
                participant.nip_shared = False  # a NIP of its own now: the unique index covers it
            changes = _apply_person(participant, person)
            if "role" in data and data["role"] != participant.role:
                changes["role"] = [participant.role, data["role"]]
                participant.role = data["role"]
            if "status" in data and data["status"] != participant.status:
                set_status(participant, data["status"], actor=actor)
            if changes and actor is not None:
                audit.record("participant.updated", event=event, user=actor, target=participant, changes=changes)
    except IntegrityError:
        raise _refused_by_the_database(event, written, public=False, exclude_id=participant.id) from None
    return participant


def _apply_person(participant: Participant, person: dict) -> dict:
    """Sets the validated person fields; returns what changed, for the audit log."""
    changes = {}
    for key, value in person.items():
        if key == "agency":
            agency = agency_for_name(participant.event, value, verified=True)  # the organisers wrote it
            if participant.agency_id != agency.id:
                changes["agency"] = [participant.agency.name if participant.agency else None, agency.name]
                participant.agency = agency
        elif getattr(participant, key) != value:
            changes[key] = audit.change(key, getattr(participant, key), value)  # a contact: its name only
            setattr(participant, key, value)
    return changes


# The status changes a registration may go through: cancel, revoke, restore. A revoked registration
# may only be restored (with a new check-in code), never merely cancelled: a cancelled one is restored
# with its code, which would bring the revoked code back to the door.
TRANSITIONS: dict[ParticipantStatus, frozenset[ParticipantStatus]] = {
    ParticipantStatus.registered: frozenset({ParticipantStatus.cancelled, ParticipantStatus.revoked}),
    ParticipantStatus.cancelled: frozenset({ParticipantStatus.registered, ParticipantStatus.revoked}),
    ParticipantStatus.revoked: frozenset({ParticipantStatus.registered}),
}


def may_change_status(old: str, new: str) -> bool:
    """True when a registration that is `old` may become `new` (the one table of status changes)."""
    return old == new or ParticipantStatus(new) in TRANSITIONS[ParticipantStatus(old)]


def check_transition(old: str, new: str) -> None:
    """Refuse a status change the table does not allow (409 `invalid_transition`)."""
    if not may_change_status(old, new):
        raise DomainError("invalid_transition",
                          _("The status of a registration that is %(old)s cannot be changed to %(new)s.",
                            old=old, new=new))


def set_status(participant: Participant, status: str, *, actor=None) -> None:
    """Cancel, revoke or restore a registration. A revoked code never works again: restoring a
    revoked registration issues a new check-in code."""
    old = participant.status
    check_transition(old, status)
    if old == status:
        return
    if old == ParticipantStatus.revoked.value and status == ParticipantStatus.registered.value:
        _replace_code(participant)
    participant.status = status
    audit.record("participant.status", event=participant.event, user=actor, target=participant,
                 old=old, new=status)


def reissue_code(participant: Participant, *, actor=None) -> str:
    """A new QR for the participant; the old code is retired (scanning it says 'revoked')."""
    _replace_code(participant)
    if participant.status == ParticipantStatus.revoked.value:
        participant.status = ParticipantStatus.registered.value
    audit.record("participant.code_reissued", event=participant.event, user=actor, target=participant)
    return participant.checkin_code


def _replace_code(participant: Participant) -> None:
    db.session.add(RetiredCode(participant_id=participant.id, code=participant.checkin_code))
    participant.checkin_code = tickets.new_checkin_code()


def get_participant(event: Event, participant_id) -> Participant:
    participant = None
    # Ids beyond the integer column's range are simply unknown (the database would refuse them).
    if isinstance(participant_id, int) and not isinstance(participant_id, bool) and 0 < participant_id < 2**31:
        participant = db.session.scalar(select(Participant).where(
            Participant.id == participant_id, Participant.event_id == event.id))
    if participant is None:
        raise NotFound("participant_not_found", _("No such participant in this forum."))
    return participant


def participant_for_access_token(token) -> Participant | None:
    if not isinstance(token, str) or not tickets.CODE_RE.match(token):
        return None
    # the agency too: input, support and the live page all name it. The statement is kept per process (prepared.py:
    # every participant's request asks); the row is read each time, so a revoked or rotated token fails at once.
    query = prepared.statement("participant by access token", lambda: select(Participant).options(
        joinedload(Participant.event), joinedload(Participant.agency))
        .where(Participant.access_token == bindparam("token")))
    return db.session.scalar(query, {"token": token})


def participant_for_checkin_code(code) -> Participant | None:
    """The participant whose current QR carries `code` (retired codes find no one)."""
    if not isinstance(code, str) or not tickets.CODE_RE.match(code):
        return None
    return db.session.scalar(select(Participant).where(Participant.checkin_code == code))


def search_participants(event: Event, *, q: str = "", attendance: str = "", status: str = "",
                        agency_id: int | None = None, role: str = "", limit: int | None = None,
                        contacts: bool = False):
    query = participant_query(event, q=q, attendance=attendance, status=status, agency_id=agency_id, role=role,
                              contacts=contacts)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def participant_query(event: Event, *, q: str = "", attendance: str = "", status: str = "",
                      agency_id: int | None = None, role: str = "", contacts: bool = False):
    """The participant search as a SELECT ordered by name, for callers that page through it.

    `q` matches names, agencies and positions. Email, phone and NIP are matched only with `contacts`, which
    a caller passes only when its user may read them (organisers): otherwise a search that finds someone by
    a fragment of their number would let the door or a moderator read it out one digit at a time. Without
    it, a whole NIP still finds its holder (someone who shows their NIP at the desk learns nothing new).
    `%` and `_` in `q` are plain characters, not wildcards."""
    query = (select(Participant).outerjoin(Agency, Participant.agency_id == Agency.id)
             .options(joinedload(Participant.agency))
             .where(Participant.event_id == event.id))
    q = q.replace("\x00", "").strip()
    if q:
        needle = q.lower()
        matches = [func.lower(column).contains(needle, autoescape=True)
                   for column in (Participant.name, Agency.name, Agency.short_name, Participant.position)]
        digits = re.sub(r"[\s.\-()]", "", q)
        if contacts:
            matches += [func.lower(Participant.email).contains(needle, autoescape=True),
                        Participant.phone.contains(q, autoescape=True), Participant.nip.contains(q, autoescape=True)]
            if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
                # stored +62…, typed 08…
                matches.append(Participant.phone.contains(f"+62{digits[1:]}", autoescape=True))
        elif len(digits) == NIP_LENGTH and digits.isascii() and digits.isdigit():
            matches.append(Participant.nip == digits)
        query = query.where(or_(*matches))
    query = where_given(query, (Participant.attendance, attendance), (Participant.status, status),
                        (Participant.role, role), (Participant.agency_id, agency_id))
    return query.order_by(func.lower(Participant.name), Participant.id)
