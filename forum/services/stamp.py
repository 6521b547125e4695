"""The staff stamp (models/people.py: StaffStamp) as a request reads it: once per transaction.

A process keeps what every request would otherwise load again — the staff user behind an API token
(services/accounts.py) and a forum by its address (services/events.py) — together with the stamp read when
it was loaded, and trusts it while the stamp is unchanged. Any change to an account, a role, a token or a
forum moves the stamp on in the transaction of the change (a forum's here, the others in models/people.py),
so the change counts on the next request in every process.

A transaction that itself changed any of these neither uses nor keeps anything under the stamp
(`current()` is None): what it loads may not be committed, and a rollback would give its stamp value to
another change.

A route whose own first statement can read the stamp with its work (the door check-in: COLUMN in its holder read)
runs `on_trust()`: kept copies are used at the stamp they were kept with, before any statement, and that stamp is
confirmed by the route's statement (`confirm()`), else before its commit or its error answer; a stamp that moved
meanwhile rolls the request back and runs it again from the start, reading the stamp first as above. Nothing is
committed or answered on a stamp that was not confirmed, so a change counts as soon as without trust.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app, g
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.models import ApiToken, Event, ForumStaff, User
from forum.models.people import StaffStamp, bump_staff_stamp

_STAMP = select(StaffStamp.value).where(StaffStamp.id == 1)
_READ = "forum_stamp"  # Session.info: the stamp this transaction read
_CHANGED = "forum_stamp_changed"  # Session.info: this transaction changed staff or a forum
_TRUSTED = "forum_stamp_trusted"  # Session.info: kept copies may be used at their own stamp (on_trust)
_ASSUMED = "forum_stamp_assumed"  # Session.info: the stamp of the copies used on trust, not yet confirmed
# The stamp as a column of a route's own statement (on_trust: read with its work, then confirm()ed)
COLUMN = _STAMP.scalar_subquery().label("staff_stamp")
_KEPT_KINDS = (User, ForumStaff, ApiToken, Event)
KEPT_SIZE = 1000  # entries per store; a full store starts again
T = TypeVar("T")


def current(session: Session | None = None) -> int | None:
    """The stamp as this request's transaction sees it (read at its first call in the transaction), or
    None if the transaction changed an account, a role, a token or a forum. `session`: the request's (db.session)."""
    session = session if session is not None else db.session()
    session.flush()  # a change this session holds moves the stamp on (and marks the transaction) first
    info = session.info
    if info.get(_CHANGED):
        if _ASSUMED in info:  # changed after copies were used on trust: their stamp can no longer be confirmed
            raise Stale()
        return None
    stamp = info.get(_READ)
    if stamp is None:
        stamp = info[_READ] = session.connection().execute(_STAMP).scalar() or 0
        _settle_assumed(info)
    return stamp


class Stale(Exception):  # noqa: N818  (a signal to run the request again, not an error)
    """Copies used on trust were kept under a stamp that has moved on since: the request runs again (on_trust)."""


def _settle_assumed(info: dict) -> None:
    assumed = info.pop(_ASSUMED, None)
    if assumed is not None and assumed != info[_READ]:
        raise Stale()


def confirm(value: int | None, session: Session | None = None) -> None:
    """The stamp as a statement of this request's transaction read it with its own work (COLUMN): the stamp of
    the copies used on trust is confirmed by it (else Stale), and it is the transaction's stamp from now on."""
    info = (session if session is not None else db.session()).info
    if _READ in info or info.get(_CHANGED):
        return
    info[_READ] = value or 0
    _settle_assumed(info)


def on_trust(view: Callable[..., T], *args, **kwargs) -> T:
    """`view(*args, **kwargs)` with kept copies used at the stamp they were kept with (see the module's docstring):
    its statement confirms the stamp (confirm()), else it is read before its commit and before its answer or error
    leaves here. A stamp that moved: the request's transaction is rolled back (nothing was committed on trust) and
    the view runs again, this time reading the stamp first."""
    session = db.session()
    session.info[_TRUSTED] = True
    try:
        try:
            answer = view(*args, **kwargs)
        except Stale:
            raise
        except Exception:
            _settle_on_error(session)
            raise
        if _ASSUMED in session.info:
            current(session)
        return answer
    except Stale:
        pass
    finally:
        session.info.pop(_TRUSTED, None)
        session.info.pop(_ASSUMED, None)
    session.rollback()
    for name in ("_login_user", "auth_method", "request_forum", "participant"):  # who and where: found anew
        g.pop(name, None)
    return view(*args, **kwargs)


def _settle_on_error(session: Session) -> None:
    """Before an error answer leaves a request that used copies on trust: the stamp read (Stale if it moved, and
    the request runs again); if the database cannot tell, the error answers as it is."""
    if _ASSUMED not in session.info:
        return
    try:
        session.rollback()  # the error's transaction is not committed; the stamp is read in a new one
        stamp = session.connection().execute(_STAMP).scalar() or 0
    except Exception:  # noqa: BLE001  (the database's own failure: the original error answers)
        return
    if stamp != session.info[_ASSUMED]:
        raise Stale()


def kept(store: str, key: Hashable, load: Callable[[Session], T | None]) -> T | None:
    """What `load(session)` finds (a mapped object, or None), kept by this process in the app's `store` under
    `key` while the stamp is unchanged; the copy returned belongs to this request's session."""
    session = db.session()  # the request's, looked up once (each db.session.… looks it up again)
    info = session.info
    entries = current_app.extensions.setdefault(store, {})
    entry = entries.get(key)
    if entry is not None and info.get(_TRUSTED) and _READ not in info and not info.get(_CHANGED) \
            and info.setdefault(_ASSUMED, entry[0]) == entry[0]:
        return _copy(session, entry)  # on trust: its stamp is confirmed later (on_trust)
    stamp = current(session)
    if stamp is None:  # this transaction changed what is kept: loaded here, and not kept
        return load(session)
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
    return _copy(session, entry)


def _copy(session: Session, entry: tuple):
    """The kept object of `entry` as this request's session holds it."""
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


@event.listens_for(Session, "before_commit")
def _confirm_before_commit(session: Session) -> None:
    """Nothing is committed on a stamp not yet confirmed (on_trust); after a commit, nothing more is trusted."""
    if _ASSUMED in session.info:
        current(session)
    session.info.pop(_TRUSTED, None)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction) -> None:
    if transaction.parent is None and not transaction.nested:
        session.info.pop(_READ, None)
        session.info.pop(_CHANGED, None)
