"""The staff stamp (models/people.py: StaffStamp) as a request reads it: once per transaction.

A process keeps what every request would otherwise load again — the staff user behind an API token
(services/accounts.py) and a forum by its address (services/events.py) — together with the stamp read when
it was loaded, and trusts it while the stamp is unchanged. Any change to an account, a role, a token or a
forum moves the stamp on in the transaction of the change (a forum's here, the others in models/people.py),
so the change counts on the next request in every process.

A transaction that itself changed any of these neither uses nor keeps anything under the stamp
(`current()` is None): what it loads may not be committed, and a rollback would give its stamp value to
another change.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.models import ApiToken, Event, ForumStaff, User
from forum.models.people import StaffStamp, bump_staff_stamp

_STAMP = select(StaffStamp.value).where(StaffStamp.id == 1)
_READ = "forum_stamp"  # Session.info: the stamp this transaction read
_CHANGED = "forum_stamp_changed"  # Session.info: this transaction changed staff or a forum
_KEPT_KINDS = (User, ForumStaff, ApiToken, Event)
KEPT_SIZE = 1000  # entries per store; a full store starts again
T = TypeVar("T")


def current(session: Session | None = None) -> int | None:
    """The stamp as this request's transaction sees it (read at its first call in the transaction), or
    None if the transaction changed an account, a role, a token or a forum. `session`: the request's (db.session)."""
    session = session if session is not None else db.session()
    session.flush()  # a change this session holds moves the stamp on (and marks the transaction) first
    if session.info.get(_CHANGED):
        return None
    stamp = session.info.get(_READ)
    if stamp is None:
        stamp = session.info[_READ] = session.connection().execute(_STAMP).scalar() or 0
    return stamp


def kept(store: str, key: Hashable, load: Callable[[Session], T | None]) -> T | None:
    """What `load(session)` finds (a mapped object, or None), kept by this process in the app's `store` under
    `key` while the stamp is unchanged; the copy returned belongs to this request's session."""
    session = db.session()  # the request's, looked up once (each db.session.… looks it up again)
    stamp = current(session)
    if stamp is None:  # this transaction changed what is kept: loaded here, and not kept
        return load(session)
    entries = current_app.extensions.setdefault(store, {})
    entry = entries.get(key)
    if entry is None or entry[0] != stamp:
        # loaded by a session of its own (in this request's transaction), so that the kept copy belongs to no
        # session; each request gets its own copy below
        with Session(bind=session.connection()) as loader:
            found = load(loader)
        if found is None:
            entries.pop(key, None)
            return None
        if len(entries) >= KEPT_SIZE:
            entries.clear()
        entry = entries[key] = (stamp, found, inspect(found).key)
    present = session.identity_map.get(entry[2])
    return present if present is not None else session.merge(entry[1], load=False)


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, _flush_context, _instances) -> None:
    """A forum added, changed or deleted moves the stamp on (in its transaction); any change to what a
    process keeps under the stamp marks the transaction."""
    touched = [o for o in (*session.new, *session.dirty, *session.deleted) if isinstance(o, _KEPT_KINDS)]
    if not touched:
        return
    session.info[_CHANGED] = True
    if any(isinstance(o, Event) and (o not in session.dirty or session.is_modified(o)) for o in touched):
        bump_staff_stamp(session.connection())


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction) -> None:
    if transaction.parent is None and not transaction.nested:
        session.info.pop(_READ, None)
        session.info.pop(_CHANGED, None)
