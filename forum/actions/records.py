"""Records of the forum's data: erasing contact details after the retention period, and the audit entries
of documents handed out (exports, badge sheets), each in a short write transaction of its own."""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.db import read_only_transactions
from forum.extensions import db
from forum.models import AuditEntry, Event
from forum.services import audit, retention


def erase_contacts(event: Event, *, user=None, force: bool = False, via: str = "web") -> int:
    """Erase the forum's contact details (UU PDP); returns how many people's. After the commit no copy of
    the erased values is left beside the rows (pending uploads, SQLite's free pages and log)."""
    with unit_of_work():
        erased = retention.erase_contacts(event, user=user, force=force, via=via)
    if erased:
        retention.purge_remnants(event)
    return erased


def handed_out(action: str, *, event: Event, user=None, label: str = "", **details) -> AuditEntry:
    """Log what a GET handed out (contact details, an export, a badge sheet) once it is ready.

    The answer was built in a read-only (DEFERRED) transaction, so that a long export never holds
    SQLite's write lock while the door checks people in; that transaction ends here, and the entry is
    written in a short IMMEDIATE one (forum.db), before the answer is sent. Serialise what the answer
    holds before calling this: the first commit expires the loaded rows."""
    db.session.commit()  # end the read transaction: on SQLite a write must start with BEGIN IMMEDIATE
    token = read_only_transactions.set(False)
    try:
        with unit_of_work():
            entry = audit.record(action, event=event, user=user, **details)
            if label:
                entry.actor_label = label
    finally:
        read_only_transactions.reset(token)
    return entry


def load_demo() -> str:
    """The demo forum (idempotent); a report of what to log in with."""
    from forum.services.demo import load_demo as load

    with unit_of_work():
        return load()
