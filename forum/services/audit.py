"""Writing the audit log (append-only: nothing in Forum updates or deletes its rows, with one exception below).

The log says who did what, never a participant's contact details: a change of email, phone, NIP or
notes is recorded as the field's name (`"email": "changed"`), not its old and new value, so that
erasing contact details after the forum (forum.services.retention) leaves the log as it was.

The one exception to append-only is `redact_contacts`: the erasure's removal of contact values that
entries written before this rule (or typed into a free-text detail) still hold. It replaces those values
with a marker and changes nothing else. The other is `reassign_participant`: when two participant records
of one person are merged, the entries naming the record that goes (as actor or as target) name the kept one,
so that the person's history stays whole (the merge's own entry keeps both ids and names). No other code
writes to existing entries.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select, update

from forum.extensions import db
from forum.models import AuditEntry

# A participant's contact details: what erasure removes and what the log never holds.
CONTACT_FIELDS = ("email", "phone", "nip", "notes")
CHANGED = "changed"  # a contact field's value in a change record: that it changed, not to what
ERASED = "erased"  # what `redact_contacts` leaves where a contact value was
MIN_SEARCHED = 6


def record(action: str, *, event=None, user=None, participant=None, target=None, **details) -> AuditEntry:
    entry = AuditEntry(**entry_values(action, event=event, user=user, participant=participant, target=target,
                                      **details))
    db.session.add(entry)
    return entry


def entry_values(action: str, *, event=None, user=None, participant=None, target=None, **details) -> dict:
    """An entry's columns, for a caller that writes the row itself (the check-in's one insert per table)."""
    label = ""
    if user is not None:
        label = f"{user.name} <{user.email}>"
    elif participant is not None:
        label = participant.name
    return dict(
        action=action,
        event_id=getattr(event, "id", None),
        actor_user_id=getattr(user, "id", None),
        actor_participant_id=getattr(participant, "id", None),
        actor_label=label,
        target_type=type(target).__name__ if target is not None else "",
        target_id=getattr(target, "id", None),
        details=details,
    )


def change(field: str, old, new):
    """What a change record keeps of one field: old and new value, or only that it changed for a contact."""
    return CHANGED if field in CONTACT_FIELDS else [old, new]


def reassign_participant(event_id: int, gone_id: int, kept_id: int) -> None:
    """The forum's entries about participant `gone_id` (as actor or as target) name `kept_id` instead."""
    table = AuditEntry.__table__  # Core statements: the ORM refuses to change entries (models/audit.py)
    db.session.execute(update(table).where(table.c.actor_participant_id == gone_id)
                       .values(actor_participant_id=kept_id))
    db.session.execute(update(table).where(table.c.event_id == event_id, table.c.target_type == "Participant",
                                           table.c.target_id == gone_id).values(target_id=kept_id))


def redact_contacts(event_id: int, values: Iterable[str], participant_ids: Iterable[int]) -> int:
    """Removes contact values from the forum's audit entries; returns how many entries changed.

    In the entries about the given participants, every contact field of a change record becomes ERASED
    (whatever value it held, even one the person no longer had). In every entry of the forum, an email, phone
    number or NIP among `values` (or found in those change records) becomes ERASED wherever it stands in a
    text, a phone also as typed (08…, 62…, with spaces, dots or dashes). Texts are scanned once for things
    that look like an email or a number, each looked up in a set: the time grows with the log, not with
    log × people. Entries are read and written by id through the table, not the ORM, which refuses to
    change them.
    """
    table = AuditEntry.__table__
    participant_ids = set(participant_ids)
    rows = db.session.execute(select(table.c.id, table.c.target_type, table.c.target_id, table.c.details)
                              .where(table.c.event_id == event_id).order_by(table.c.id)).all()
    found = set(values)
    for row in rows:  # contact values recorded in change records about these people are searched for too
        if row.target_type == "Participant" and row.target_id in participant_ids:
            found.update(_contact_values(row.details))
    keys = {key for key in map(_key, found) if len(key) >= MIN_SEARCHED}
    changed = 0
    for row in rows:
        about_them = row.target_type == "Participant" and row.target_id in participant_ids
        details = _redacted(row.details, keys, about_them)
        if details != row.details:
            db.session.execute(update(table).where(table.c.id == row.id).values(details=details))
            changed += 1
    return changed


def _contact_values(details) -> set[str]:
    changes = details.get("changes") if isinstance(details, dict) else None
    if not isinstance(changes, dict):
        return set()
    found = set()
    for name in ("email", "phone", "nip"):  # notes are free text: redacted in change records only
        value = changes.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item not in (CHANGED, ERASED):
                found.add(item)
    return found


EMAIL_RE = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+")
NUMBER_RE = re.compile(r"\+?\d[\d\s.\-()]*\d")  # a phone or NIP as typed, with separators
SEPARATED = re.compile(r"[^\s]+")


def _key(text: str) -> str:
    """One spelling of a contact value: an email in lower case, a number as its digits after 0 / 62."""
    text = text.strip()
    if "@" in text:
        return text.rstrip(".").lower()
    digits = re.sub(r"\D", "", text)
    if digits.startswith("62"):
        return digits[2:]
    return digits[1:] if digits.startswith("0") else digits


def _redact_text(text: str, keys: set[str]) -> str:
    spans = []
    for match in EMAIL_RE.finditer(text):
        email = match.group().rstrip(".")
        if _key(email) in keys:
            spans.append((match.start(), match.start() + len(email)))
    for match in NUMBER_RE.finditer(text):
        # "0813 5555 0001 / 1980…" reads as one run: try the longest run of space-separated groups first.
        groups = list(SEPARATED.finditer(match.group()))
        i = 0
        while i < len(groups):
            for j in range(len(groups), i, -1):
                piece = match.group()[groups[i].start():groups[j - 1].end()]
                if _key(piece) in keys:
                    spans.append((match.start() + groups[i].start(), match.start() + groups[j - 1].end()))
                    i = j - 1
                    break
            i += 1
    kept, last_end = [], -1
    for start, end in sorted(spans):  # an email's digits may also read as a number: the email wins
        if start >= last_end:
            kept.append((start, end))
            last_end = end
    for start, end in reversed(kept):
        text = text[:start] + ERASED + text[end:]
    return text


def _redacted(value, keys: set[str], about_them: bool, key: str | None = None):
    if isinstance(value, dict):
        return {k: (ERASED if about_them and key == "changes" and k in CONTACT_FIELDS and v != CHANGED
                    else _redacted(v, keys, about_them, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v, keys, about_them) for v in value]
    if isinstance(value, str) and keys and ("@" in value or any(c.isdigit() for c in value)):
        return _redact_text(value, keys)
    return value
