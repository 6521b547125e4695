"""The berita acara (minutes of agreement): its details, finalisation and content hash.

Finalising locks every decision on the forum's inputs (services/inputs.py refuses changes) and
keeps a SHA-256 of the minutes' content; the PDF prints it in its footer, and `verify()` recomputes
it, so a later change in the database is detectable.
"""
from __future__ import annotations

import hashlib
import json

from flask_babel import gettext as _
from sqlalchemy import select

from forum.db import utcnow
from forum.errors import DomainError
from forum.extensions import db
from forum.models import Event, Input, InputKind, Minutes, Signatory
from forum.services import audit
from forum.services.validation import FieldErrors, clean_text, parse_nip

MAX_POINTS = 50


def get_minutes(event: Event) -> Minutes:
    """The forum's minutes, created empty on first use."""
    minutes = db.session.scalar(select(Minutes).where(Minutes.event_id == event.id))
    if minutes is None:
        minutes = Minutes(event_id=event.id, number="", chair="", chair_position="", chair_nip="", points=[],
                          content_hash="")
        db.session.add(minutes)
        db.session.flush()
    return minutes


def peek_minutes(event: Event) -> Minutes | None:
    """The minutes if they exist (never writes: safe in read-only requests)."""
    return db.session.scalar(select(Minutes).where(Minutes.event_id == event.id))


def update(event: Event, data: dict, *, user=None) -> Minutes:
    minutes = get_minutes(event)
    if minutes.finalised_at is not None:
        raise DomainError("minutes_finalised", _("The minutes are final and can no longer change."))
    errors = FieldErrors()
    for name, limit in (("number", 100), ("chair", 200), ("chair_position", 200)):
        if name in data:
            value = errors.check(name, clean_text, data[name], max_length=limit)
            if value is not None:
                setattr(minutes, name, value)
    if "chair_nip" in data:
        nip = errors.check("chair_nip", parse_nip, data["chair_nip"])
        if "chair_nip" not in errors.errors:
            minutes.chair_nip = nip or ""
    if "points" in data:
        points = data["points"]
        if isinstance(points, str):
            points = [line for line in points.splitlines() if line.strip()]
        if not isinstance(points, list) or len(points) > MAX_POINTS:
            errors.add("points", _("At most %(n)d agreement points, one per line.", n=MAX_POINTS))
        else:
            cleaned = [errors.check("points", clean_text, p, max_length=2000) for p in points]
            if "points" not in errors.errors:
                minutes.points = [p for p in cleaned if p]
    errors.raise_if_any()
    audit.record("minutes.updated", event=event, user=user, target=minutes, fields=sorted(data))
    return minutes


def _decisions(event: Event) -> list[dict]:
    rows = db.session.scalars(select(Input).where(Input.event_id == event.id, Input.kind == InputKind.proposal.value)
                              .order_by(Input.id))
    return [{"id": i.id, "status": i.status, "title": i.title, "program": i.program, "activity": i.activity,
             "regency": i.regency, "district": i.district, "village": i.village, "target": i.target,
             "budget": i.budget, "agency_id": i.agency_id, "note": i.note, "merged_into": i.merged_into_id}
            for i in rows]


def content_hash(event: Event, minutes: Minutes) -> str:
    """SHA-256 over the minutes' details and every proposal's decision, in a canonical form."""
    content = {"event": event.slug, "title": event.title, "number": minutes.number, "chair": minutes.chair,
               "chair_position": minutes.chair_position, "points": minutes.points, "decisions": _decisions(event)}
    # Added later: only when set, so that minutes finalised before keep their hash.
    if minutes.chair_nip:
        content["chair_nip"] = minutes.chair_nip
    signers = db.session.execute(select(Signatory.participant_id, Signatory.rank).where(Signatory.event_id == event.id)
                                 .order_by(Signatory.rank, Signatory.id)).all()
    if signers:
        content["signatories"] = [participant_id for participant_id, _rank in signers]
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def finalise(event: Event, *, user) -> Minutes:
    minutes = get_minutes(event)
    if minutes.finalised_at is not None:
        raise DomainError("minutes_finalised", _("The minutes are final already."))
    minutes.content_hash = content_hash(event, minutes)
    minutes.finalised_at = utcnow()
    minutes.finalised_by_user_id = user.id
    audit.record("minutes.finalised", event=event, user=user, target=minutes, hash=minutes.content_hash)
    return minutes


def verify(event: Event) -> bool | None:
    """True when finalised minutes still match their hash, False when something changed, None
    when not finalised."""
    minutes = peek_minutes(event)
    if minutes is None or minutes.finalised_at is None:
        return None
    return content_hash(event, minutes) == minutes.content_hash
