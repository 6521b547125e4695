"""The JSON shapes of the contract, in one place (the API and Socket.IO both use them)."""
from __future__ import annotations

from forum.i18n import to_local
from forum.services.overlap import describe as describe_overlap


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
        "presence_min_minutes": event.presence_min_minutes, "retention_days": event.retention_days,
    }


def agency_json(agency) -> dict | None:
    if agency is None:
        return None
    return {"id": agency.id, "name": agency.name, "short_name": agency.short_name}


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
                    source=participant.source, notes=participant.notes,
                    created_at=iso(participant.created_at, participant.event.timezone))
    return data


def material_json(material) -> dict:
    from flask import url_for

    return {
        "id": material.id, "title": material.title, "filename": material.filename, "mime": material.mime,
        "size": material.size, "published": material.published,
        "url": url_for("live.material_file", slug=material.event.slug, material_id=material.id, _external=True),
        # extensions
        "publish_on_start": material.publish_on_start, "replaces_id": material.replaces_id,
    }


def session_json(session, tz: str, *, staff: bool = False) -> dict:
    materials = [m for m in session.materials if not m.superseded and (staff or m.published)]
    return {
        "id": session.id, "title": session.title, "starts_at": iso(session.starts_at, tz),
        "ends_at": iso(session.ends_at, tz), "room": session.room, "state": session.state,
        "input_open": session.input_open,
        "speakers": [{"name": p.name, "agency": p.agency.name if p.agency else ""} for p in session.speakers],
        "materials": [material_json(m) for m in materials],
        # extensions
        "description": session.description, "position": session.position,
        "actual_start": iso(session.actual_start, tz), "actual_end": iso(session.actual_end, tz),
        "stream_url": session.stream_url,
    }


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


def inputs_json(items, tz: str, *, with_history: bool = False, just_created: bool = False) -> list[dict]:
    """Serialise a page of inputs with their counts, overlaps and co-proposers in a few queries.

    `just_created`: the inputs were created by this request, so nothing supports, votes for or was merged
    into them yet; only their overlaps (found on arrival) are read."""
    from forum.services import inputs as service

    ids = [i.id for i in items]
    supports, votes = service.counts(ids) if not just_created else ({}, {})
    overlaps = service.overlaps_of(ids)
    merged = service.co_proposers(ids) if not just_created else {i: [] for i in ids}
    return [input_json(i, tz, supports=supports.get(i.id, 0), votes=votes.get(i.id, 0), overlaps=overlaps[i.id],
                       co_proposers=merged[i.id], history=i.history if with_history else None) for i in items]


def inputs_seen_by(bodies: list[dict], participant) -> list[dict]:
    """Input JSON as a participant (None: the public audience) may see it: overlaps only with inputs they may
    see themselves (accepted or pinned ones, and their own), and no moderation history. Staff get the bodies
    of `inputs_json` as they are."""
    from forum.services import inputs as service

    visible = service.visible_ids({o["input_id"] for b in bodies for o in b["overlaps"]}, participant)
    return [{**{k: v for k, v in b.items() if k != "history"},
             "overlaps": [o for o in b["overlaps"] if o["input_id"] in visible]} for b in bodies]
