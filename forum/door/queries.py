"""Read-only figures for the live door view: expected vs arrived, the latest arrivals, who is still
missing, and the offline-sync conflicts (no rules live here; the check-in rules are in
forum.services.checkin and the counts of the contract's `summary` in forum.services.attendance)."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased, contains_eager

from forum.extensions import db
from forum.models import Agency, Attendance, Checkin, CheckinScan, Event, Participant
from forum.services import checkin as checkin_service

IN_PERSON = Attendance.in_person.value
LATEST = 20  # arrivals shown in the "latest" list
NOT_ARRIVED_SHOWN = 500  # rows of the "not arrived yet" list rendered at once (filter by agency for more)


def _active(event: Event):
    return Participant.active_in(event)


def _expected():
    return case((Participant.attendance == IN_PERSON, 1), else_=0)


def _missing():
    return case(((Participant.attendance == IN_PERSON) & Checkin.id.is_(None), 1), else_=0)


@dataclass(frozen=True, slots=True)
class Tally:
    """Active registrations of one group: how many, how many were expected at the door (registered in
    person), how many arrived (checked in, whatever their mode) and how many expected ones are missing."""

    registered: int
    expected: int
    arrived: int
    missing: int


@dataclass(frozen=True, slots=True)
class AgencyTally:
    agency: Agency | None
    tally: Tally


def by_mode(event: Event) -> dict[str, Tally]:
    """Per attendance mode (in person / online), with "arrived" counting online registrants who came anyway."""
    rows = db.session.execute(
        select(Participant.attendance, func.count(Participant.id), func.sum(_expected()), func.count(Checkin.id),
               func.sum(_missing()))
        .outerjoin(Checkin, Checkin.participant_id == Participant.id)
        .where(_active(event)).group_by(Participant.attendance))
    tallies = {mode.value: Tally(0, 0, 0, 0) for mode in Attendance}
    for mode, registered, expected, arrived, missing in rows:
        tallies[mode] = Tally(registered, expected or 0, arrived, missing or 0)
    return tallies


def overall(modes: dict[str, Tally]) -> Tally:
    return Tally(*(sum(getattr(t, f.name) for t in modes.values()) for f in fields(Tally)))


def by_agency(event: Event) -> list[AgencyTally]:
    """Per agency (by name; people without an agency last), only agencies with active registrations."""
    counts = db.session.execute(
        select(Participant.agency_id, func.count(Participant.id), func.sum(_expected()), func.count(Checkin.id),
               func.sum(_missing()))
        .outerjoin(Checkin, Checkin.participant_id == Participant.id)
        .where(_active(event)).group_by(Participant.agency_id)).all()
    agencies = {a.id: a for a in db.session.scalars(select(Agency).where(Agency.event_id == event.id))}
    rows = [AgencyTally(agencies.get(agency_id), Tally(registered, expected or 0, arrived, missing or 0))
            for agency_id, registered, expected, arrived, missing in counts]
    return sorted(rows, key=lambda r: (r.agency is None, (r.agency.name.lower() if r.agency else ""),
                                       getattr(r.agency, "id", 0)))


def latest_arrivals(event: Event, limit: int = LATEST) -> list[Checkin]:
    """The most recent check-ins (by check-in time), with their participant and agency loaded."""
    return list(db.session.scalars(
        select(Checkin).join(Participant, Checkin.participant_id == Participant.id)
        .options(contains_eager(Checkin.participant).joinedload(Participant.agency),
                 contains_eager(Checkin.participant).joinedload(Participant.represents))
        .where(Checkin.event_id == event.id, _active(event))
        .order_by(Checkin.checked_in_at.desc(), Checkin.id.desc()).limit(limit)))


def _not_arrived_query(event: Event, agency_id: int | None):
    query = (select(Participant).outerjoin(Checkin, Checkin.participant_id == Participant.id)
             .where(_active(event), Participant.attendance == IN_PERSON, Checkin.id.is_(None)))
    if agency_id is not None:
        query = query.where(Participant.agency_id == agency_id)
    return query


@dataclass
class Missing:
    """In-person registrants who have not arrived: the first `limit` of them (by agency, then name),
    how many there are in all, and the deputies who came in place of some of them."""

    people: list[Participant]
    total: int
    deputies: dict[int, Participant] = field(default_factory=dict)


def not_arrived(event: Event, *, agency_id: int | None = None, limit: int = NOT_ARRIVED_SHOWN) -> Missing:
    query = _not_arrived_query(event, agency_id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    people = list(db.session.scalars(
        query.outerjoin(Agency, Participant.agency_id == Agency.id).options(contains_eager(Participant.agency))
        .order_by(Agency.name.is_(None), func.lower(Agency.name), func.lower(Participant.name), Participant.id)
        .limit(limit)))
    return Missing(people, total, deputies_of(event, [p.id for p in people]))


def not_arrived_ids(event: Event) -> list[int]:
    return list(db.session.scalars(_not_arrived_query(event, None).with_only_columns(Participant.id)
                                   .order_by(Participant.id)))


def deputies_of(event: Event, invited_ids: list[int]) -> dict[int, Participant]:
    """invited participant id -> the deputy who checked in in their place."""
    if not invited_ids:
        return {}
    deputy = aliased(Participant)
    rows = db.session.scalars(
        select(deputy).join(Checkin, Checkin.participant_id == deputy.id)
        .where(deputy.event_id == event.id, deputy.is_active, deputy.represents_id.in_(invited_ids))
        .order_by(Checkin.checked_in_at))
    found: dict[int, Participant] = {}
    for person in rows:
        found.setdefault(person.represents_id, person)
    return found


@dataclass(frozen=True, slots=True)
class Conflict:
    """One person scanned at several desks, one scan from an offline queue: the check-in kept (the
    earliest scan) and the other scans."""

    participant: Participant
    kept_at: datetime | None
    kept_desk: str
    others: list[CheckinScan]


def conflicts(event: Event) -> list[Conflict]:
    # Without any scan from an offline queue there is nothing to review: skip reading the whole scan
    # log (the usual case during an online rush, and door.json asks again after every burst of scans).
    any_offline = db.session.scalar(select(CheckinScan.id).where(CheckinScan.event_id == event.id,
                                                                 CheckinScan.offline.is_(True)).limit(1))
    if any_offline is None:
        return []
    out = []
    for item in checkin_service.conflicts(event):
        kept, scans = item["checkin"], list(item["scans"])
        kept_at, kept_desk = (kept.checked_in_at, kept.desk) if kept is not None else (None, "")
        # the kept scan is the one that matches the check-in (normally the earliest); the rest are "others"
        match = next((s for s in scans if s.scanned_at == kept_at and s.desk == kept_desk), scans[0] if scans else None)
        out.append(Conflict(item["participant"], kept_at, kept_desk, [s for s in scans if s is not match]))
    out.sort(key=lambda c: c.participant.name.lower())
    return out


def agency_choices(event: Event) -> list[tuple[Agency, int]]:
    """The forum's agencies that have in-person registrants, with their number (for filters and badges)."""
    rows = db.session.execute(
        select(Agency, func.count(Participant.id)).join(Participant, Participant.agency_id == Agency.id)
        .where(Agency.event_id == event.id, _active(event), Participant.attendance == IN_PERSON)
        .group_by(Agency.id).order_by(func.lower(Agency.name)))
    return [(agency, n) for agency, n in rows]


def get_agency(event: Event, agency_id: int | None) -> Agency | None:
    if agency_id is None:
        return None
    return db.session.scalar(select(Agency).where(Agency.id == agency_id, Agency.event_id == event.id))

