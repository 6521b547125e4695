"""The agenda of a forum: its sessions in order, which one is live, and the payload everyone sees."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.db import utcnow
from forum.extensions import db
from forum.models import Event, Session, SessionState


def sessions_of(event: Event) -> list[Session]:
    return list(db.session.scalars(
        select(Session).where(Session.event_id == event.id)
        .options(selectinload(Session.speakers), selectinload(Session.materials))
        .order_by(Session.starts_at, Session.position, Session.id)))


def current_session(sessions: list[Session]) -> Session | None:
    """The live (or paused) session; when several, the one started last."""
    running = [s for s in sessions if s.state in (SessionState.live.value, SessionState.paused.value)]
    if not running:
        return None
    return max(running, key=lambda s: (s.actual_start or s.starts_at, s.id))


def agenda_payload(event: Event, *, staff: bool = False) -> dict:
    from forum.api.schemas import iso, session_json

    sessions = sessions_of(event)
    current = current_session(sessions)
    return {
        "sessions": [session_json(s, event.timezone, staff=staff) for s in sessions],
        "current_session_id": current.id if current else None,
        "server_time": iso(utcnow(), event.timezone),
    }
