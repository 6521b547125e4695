"""Personal data after the forum (UU PDP): contact details are erased once the forum's retention period is over.

What goes: email, phone, NIP and the organisers' free-text notes, and the two secrets (the personal
link and the QR code are replaced, so old links and badges stop working). What stays: names, agencies,
positions, check-ins, online presence and inputs, so the signed attendance list and every count
remain as they were.

Erased means gone everywhere, not only from the participant rows: contact values left in the forum's
audit entries are redacted (forum.services.audit.redact_contacts), and once the erasure is committed
`purge_remnants` drops the forum's invitation uploads awaiting confirmation and, on SQLite, rebuilds the
database file and empties its write-ahead log, where the old bytes would otherwise survive in free pages.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select, text

from forum.db import utcnow
from forum.errors import DomainError
from forum.extensions import db
from forum.i18n import format_long_date
from forum.models import Event, Participant
from forum.services import audit, imports, tickets
from forum.services.registration import _replace_code

ERASED_FIELDS = audit.CONTACT_FIELDS
log = logging.getLogger(__name__)


def erasable_from(event: Event) -> datetime | None:
    """When the contact details may be erased: `retention_days` after the forum's end (None: not set)."""
    if event.retention_days is None:
        return None
    return event.ends_at + timedelta(days=event.retention_days)


def pending_count(event: Event) -> int:
    """Participants whose contact details have not been erased yet."""
    return db.session.scalar(select(func.count()).select_from(Participant).where(
        Participant.event_id == event.id, Participant.contact_erased_at.is_(None))) or 0


def check_due(event: Event, now: datetime | None = None) -> None:
    """Raises a DomainError while the retention period is not over (or not set)."""
    due = erasable_from(event)
    if due is None:
        raise DomainError("retention_not_set", _(
            "This forum has no retention period for contact details yet; set one in the forum's settings."))
    if (now or utcnow()) < due:
        raise DomainError("retention_not_over", ngettext(
            "Contact details are kept until %(date)s (%(num)d day after the forum); they cannot be erased before.",
            "Contact details are kept until %(date)s (%(num)d days after the forum); they cannot be erased before.",
            event.retention_days, date=format_long_date(due, event.timezone)))


def erase_contacts(event: Event, *, user=None, force: bool = False, via: str = "web",
                   now: datetime | None = None) -> int:
    """Erases the contact details of every participant of the forum not erased yet; returns how many.

    Refuses before the retention period is over unless `force`. Running it again erases nobody twice.
    """
    now = now or utcnow()
    if not force:
        check_due(event, now)
    people = db.session.scalars(select(Participant).where(Participant.event_id == event.id,
                                                          Participant.contact_erased_at.is_(None))
                                .order_by(Participant.id)).all()
    if people and db.session.get_bind().dialect.name == "sqlite":
        # Overwrite deleted bytes with zeros in this transaction's pages (this connection only).
        db.session.execute(text("PRAGMA secure_delete=ON"))
    values = {getattr(person, name) for person in people for name in ERASED_FIELDS} - {None, ""}
    for person in people:
        person.email = person.phone = person.nip = None
        person.notes = ""
        person.access_token = tickets.new_access_token()
        _replace_code(person)  # the old QR then reads "revoked", not "unknown"
        person.contact_erased_at = now
    if people:
        entry = audit.record("contacts.erased", event=event, user=user, count=len(people), forced=force, via=via,
                             fields=list(ERASED_FIELDS))
        if user is None:
            entry.actor_label = via
        db.session.flush()
        audit.redact_contacts(event.id, values, [person.id for person in people])
    return len(people)


def purge_remnants(event: Event) -> bool:
    """After an erasure is committed: no copy of the erased values left beside the rows.

    Drops the forum's invitation uploads awaiting confirmation (they hold the list's contacts). On SQLite,
    VACUUM rebuilds the file without its free pages and a TRUNCATE checkpoint moves the write-ahead log into
    it and empties it (old page versions live there too). Returns False when the log could not be emptied
    (another process kept reading for seconds); the erasure itself is done either way, and the next
    erasure or checkpoint finishes the job. PostgreSQL keeps old row versions until autovacuum reuses their
    space; they are unreachable through SQL and a backup (pg_dump) holds only live rows.
    """
    slug = event.slug
    imports.drop_pending(imports.pending_dir(), event)
    if db.engine.dialect.name != "sqlite":
        return True
    # End the transaction that reloaded the forum after the caller's commit: it may hold the write lock
    # (BEGIN IMMEDIATE, forum.db), which VACUUM on its own connection must take.
    db.session.rollback()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("VACUUM")
        for _attempt in range(20):
            busy, _log_pages, _moved = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return True
            time.sleep(0.25)
        log.warning("erasure of %s: the write-ahead log could not be emptied (readers kept it busy)", slug)
        return False
    finally:
        raw.close()
