"""Forums: the organisers create one or change its settings (the back office and the API alike)."""
from __future__ import annotations

from datetime import datetime

from forum.actions import unit_of_work
from forum.models import Event
from forum.services import accounts, audit, events
from forum.services.events import ForumSettings


def create_forum(command: ForumSettings, *, actor) -> Event:
    """A new forum; whoever created it (if not an administrator) becomes its organiser."""
    with unit_of_work():
        event = events.create_event(command)
        accounts.make_organiser_of_new_forum(actor, event)
        audit.record("event.created", event=event, user=actor, target=event)
    return event


def update_forum(event: Event, command: ForumSettings, *, actor) -> dict:
    """Change a forum's settings; returns what changed (`{field: [old, new]}`), also kept in the audit log."""
    before = _snapshot(event)
    with unit_of_work():
        events.update_event(event, command)
        after = _snapshot(event)
        changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
        if changes:
            audit.record("event.updated", event=event, user=actor, target=event, changes=changes)
    return changes


def _snapshot(event: Event) -> dict:
    """The editable fields as JSON-friendly values, to log what an edit changed."""
    values = {}
    for name in events.EVENT_FIELDS:
        value = getattr(event, name)
        values[name] = value.isoformat() if isinstance(value, datetime) else value
    return values
