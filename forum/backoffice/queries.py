"""Read-only counts and lookups for the back-office pages (no rules live here)."""
from __future__ import annotations

from sqlalchemy import and_, func, select

from forum.extensions import db
from forum.models import Agency, Checkin, Event, Participant, ParticipantStatus


def participant_counts(event: Event) -> dict[str, int]:
    """Registrations by status, active ones by attendance mode, and door check-ins."""
    counts = {"total": 0, "registered": 0, "in_person": 0, "online": 0, "cancelled": 0, "revoked": 0,
              "checked_in": 0}
    rows = db.session.execute(
        select(Participant.status, Participant.attendance, func.count())
        .where(Participant.event_id == event.id)
        .group_by(Participant.status, Participant.attendance))
    for status, attendance, n in rows:
        counts["total"] += n
        counts[status] = counts.get(status, 0) + n
        if status == ParticipantStatus.registered:
            counts[attendance] = counts.get(attendance, 0) + n
    counts["checked_in"] = db.session.scalar(
        select(func.count()).select_from(Checkin).join(Participant, Checkin.participant_id == Participant.id)
        .where(Checkin.event_id == event.id, Participant.is_active)) or 0
    return counts


def registered_per_event() -> dict[int, int]:
    rows = db.session.execute(select(Participant.event_id, func.count()).where(Participant.is_active)
                              .group_by(Participant.event_id))
    return dict(rows.all())


def agencies_with_counts(event: Event) -> list[tuple[Agency, int]]:
    """The forum's agencies by name, each with its number of active registrations."""
    rows = db.session.execute(
        select(Agency, func.count(Participant.id))
        .outerjoin(Participant, and_(Participant.agency_id == Agency.id, Participant.is_active))
        .where(Agency.event_id == event.id)
        .group_by(Agency.id)
        .order_by(func.lower(Agency.name)))
    return [(agency, n) for agency, n in rows]


def get_agency(event: Event, agency_id: int) -> Agency | None:
    return db.session.scalar(select(Agency).where(Agency.id == agency_id, Agency.event_id == event.id))


def checkin_of(participant: Participant) -> Checkin | None:
    return db.session.scalar(select(Checkin).where(Checkin.participant_id == participant.id))


def checkin_times(participant_ids) -> dict[int, object]:
    """When each of these participants checked in at the door (absent: not checked in), in one query."""
    ids = list(participant_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Checkin.participant_id, Checkin.checked_in_at)
                              .where(Checkin.participant_id.in_(ids)))
    return dict(rows.all())
