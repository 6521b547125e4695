"""The JSON shapes of the contract (the API, Socket.IO and the pages' embedded data use them), built from
the models and explicit arguments only: no request, no URL map, so the services may use them too.
Inputs, whose answers need counts and overlaps from the database, are shaped in services/input_views.py."""
from __future__ import annotations

from flask import current_app, has_request_context
from flask.globals import request_ctx

from forum.i18n import to_local


def iso(dt, tz: str | None = None) -> str | None:
    """ISO 8601 with an offset, in the forum's time zone when given."""
    if dt is None:
        return None
    return (to_local(dt, tz) if tz else dt).isoformat()


def site_root() -> str:
    """Scheme, host and script root, as `url_for(..., _external=True)` starts its answer: from the request's
    URL adapter when there is a request (it prefers a configured SERVER_NAME to the Host header), else from
    the configured server name. The one place that reads them, for callers that pass `base_url` on."""
    adapter = request_ctx.url_adapter if has_request_context() else current_app.create_url_adapter(None)
    if adapter is None:  # as url_for would say
        raise RuntimeError("Unable to build URLs outside an active request without 'SERVER_NAME' configured.")
    return f"{adapter.url_scheme}://{adapter.server_name}{adapter.script_name.rstrip('/')}"


def event_json(event) -> dict:
    return {
        "slug": event.slug, "title": event.title, "theme": event.theme, "venue": event.venue,
        "starts_at": iso(event.starts_at, event.timezone), "ends_at": iso(event.ends_at, event.timezone),
        "timezone": event.timezone, "stream_url": event.stream_url, "registration_open": event.registration_open,
        # extensions (documented in the OpenAPI document)
        "presence_min_minutes": event.presence_min_minutes, "retention_days": event.retention_days,
    }


def agency_json(agency) -> dict | None:
    if agency is None:
        return None
    return {"id": agency.id, "name": agency.name, "short_name": agency.short_name, "verified": agency.verified}


def participant_json(participant, *, contact: bool = False) -> dict:
    """The contract's Participant; `contact` adds email, phone, NIP and notes (organisers only)."""
    data = {
        "id": participant.id, "name": participant.name, "agency": agency_json(participant.agency),
        "position": participant.position, "attendance": participant.attendance, "role": participant.role,
        "status": participant.status, "deputy_for": participant.deputy_for,
        "represents_id": participant.represents_id,
    }
    if contact:
        data.update(email=participant.email, phone=participant.phone, nip=participant.nip,
                    source=participant.source, notes=participant.notes, duplicate_of_id=participant.duplicate_of_id,
                    created_at=iso(participant.created_at, participant.event.timezone))
    return data


def material_url(material, base_url: str) -> str:
    """The material's file (the live blueprint's `material_file`)."""
    return f"{base_url}/events/{material.event.slug}/materials/{material.id}"


def material_json(material, base_url: str) -> dict:
    return {
        "id": material.id, "title": material.title, "filename": material.filename, "mime": material.mime,
        "size": material.size, "published": material.published, "url": material_url(material, base_url),
        # extensions
        "publish_on_start": material.publish_on_start, "replaces_id": material.replaces_id,
    }


def session_json(session, tz: str, *, base_url: str, staff: bool = False) -> dict:
    materials = [m for m in session.materials if not m.superseded and (staff or m.published)]
    return {
        "id": session.id, "title": session.title, "starts_at": iso(session.starts_at, tz),
        "ends_at": iso(session.ends_at, tz), "room": session.room, "state": session.state,
        "input_open": session.input_open,
        "speakers": [{"name": p.name, "agency": p.agency.name if p.agency else ""} for p in session.speakers],
        "materials": [material_json(m, base_url) for m in materials],
        # extensions
        "description": session.description, "position": session.position,
        "actual_start": iso(session.actual_start, tz), "actual_end": iso(session.actual_end, tz),
        "stream_url": session.stream_url,
    }
