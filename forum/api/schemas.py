"""The JSON shapes of the contract, in one place (the API and Socket.IO both use them)."""
from __future__ import annotations

from forum.i18n import to_local


def iso(dt, tz: str | None = None) -> str | None:
    """ISO 8601 with an offset, in the forum's time zone when given."""
    if dt is None:
        return None
    return (to_local(dt, tz) if tz else dt).isoformat()


def event_json(event) -> dict:
    return {
        "slug": event.slug, "title": event.title, "theme": event.theme, "venue": event.venue,
        "starts_at": iso(event.starts_at, event.timezone), "ends_at": iso(event.ends_at, event.timezone),
        "timezone": event.timezone, "stream_url": event.stream_url, "registration_open": event.registration_open,
        # extensions (documented in the OpenAPI document)
        "presence_min_minutes": event.presence_min_minutes,
    }


def agency_json(agency) -> dict | None:
    if agency is None:
        return None
    return {"id": agency.id, "name": agency.name, "short_name": agency.short_name}


def participant_json(participant, *, contact: bool = False) -> dict:
    """The contract's Participant; `contact` adds email, phone and NIP (organisers only)."""
    data = {
        "id": participant.id, "name": participant.name, "agency": agency_json(participant.agency),
        "position": participant.position, "attendance": participant.attendance, "role": participant.role,
        "status": participant.status, "deputy_for": participant.deputy_for,
    }
    if contact:
        data.update(email=participant.email, phone=participant.phone, nip=participant.nip,
                    source=participant.source, created_at=iso(participant.created_at, participant.event.timezone))
    return data
