"""Joining from the room: someone whose phone never opened their personal link asks for it again by the email
address or mobile number they registered with. The answer is the same whether or not anyone matched (it
tells nobody who is registered); a match is recorded for the organisers, who send the link to that
registered contact only (the participant's page in the back office: WhatsApp or email). docs/SECURITY.md."""
from __future__ import annotations

from sqlalchemy import or_, select

from forum.extensions import db
from forum.models import AuditEntry, Event, Participant
from forum.services import audit
from forum.services.validation import normalize_email, normalize_phone

ACTION = "participant.link_requested"


def _contact(text: str) -> tuple[str | None, str | None]:
    """(email, phone) from what was typed; (None, None) for what is neither."""
    try:
        if "@" in text:
            return normalize_email(text), None
        return None, normalize_phone(text)
    except ValueError:
        return None, None


def request_link(event: Event, typed: str) -> None:
    """Record the request against the active participant holding that contact, if any; nothing else."""
    email, phone = _contact((typed or "").strip()[:254])
    if not email and not phone:
        return
    participant = db.session.scalar(select(Participant).where(
        Participant.event_id == event.id, Participant.is_active,
        or_(Participant.email == email if email else False, Participant.phone == phone if phone else False)).limit(1))
    if participant is not None:
        audit.record(ACTION, event=event, participant=participant, target=participant)


def pending(event: Event, participant_ids) -> set[int]:
    """Which of these participants asked for their link again (the organisers' participants list marks them)."""
    ids = list(participant_ids)
    if not ids:
        return set()
    rows = db.session.scalars(select(AuditEntry.target_id).where(
        AuditEntry.event_id == event.id, AuditEntry.action == ACTION, AuditEntry.target_id.in_(ids)))
    return set(rows)
