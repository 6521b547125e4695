"""Writing the audit log (append-only: nothing in Forum updates or deletes its rows)."""
from __future__ import annotations

from forum.extensions import db
from forum.models import AuditEntry


def record(action: str, *, event=None, user=None, participant=None, target=None, **details) -> AuditEntry:
    label = ""
    if user is not None:
        label = f"{user.name} <{user.email}>"
    elif participant is not None:
        label = participant.name
    entry = AuditEntry(
        action=action,
        event_id=getattr(event, "id", None),
        actor_user_id=getattr(user, "id", None),
        actor_participant_id=getattr(participant, "id", None),
        actor_label=label,
        target_type=type(target).__name__ if target is not None else "",
        target_id=getattr(target, "id", None),
        details=details,
    )
    db.session.add(entry)
    return entry
