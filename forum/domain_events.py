"""Domain events: facts in the domain's words, recorded by the services on the unit of work and sent on
only after the transaction that made them true has committed.

A service that changes something others must hear about records an event (`record(InputChanged(...))`);
it never emits anything itself. The events wait in the database session's `info` until the action that
runs the services commits (`forum.actions.unit_of_work`), and are then handed, in the order they were
recorded, to every handler subscribed to their kind (`on(InputChanged)`): the Socket.IO broadcaster in
`forum/realtime/broadcast.py` today, anything else tomorrow. A rollback drops them: what did not happen
is never announced. This is how pretix's signals and Indico's `signals.*` keep side effects out of the
request code.

Events carry ids and what changed, never HTTP or Socket.IO details, and never whole ORM objects (a
handler reads what it needs after the commit).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import event as sa_event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

PENDING = "forum_domain_events"  # Session.info key: recorded in the open transaction
COMMITTED = "forum_domain_events_committed"  # Session.info key: their transaction committed, not yet sent


@dataclass(frozen=True)
class DomainEvent:
    """Something that happened in one forum (`forum_id`)."""

    forum_id: int


@dataclass(frozen=True)
class ParticipantCheckedIn(DomainEvent):
    """A check-in was recorded, or an offline scan moved one earlier. `body` is the check-in's answer as the
    contract words it (participant, time, desk, note), kept so that the door views see exactly what the desk saw."""

    participant_id: int
    body: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class AttendanceChanged(DomainEvent):
    """The forum's attendance counts may have changed (a check-in, an online join or leave). `process_stopping`:
    the process that held the connections is leaving, with no time left for a later summary."""

    process_stopping: bool = False


@dataclass(frozen=True)
class AgendaChanged(DomainEvent):
    """Sessions were added, edited, moved or their state changed."""


@dataclass(frozen=True)
class SessionStateChanged(AgendaChanged):
    """A session started, paused, ended or opened or closed its input."""

    session_id: int = 0
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class MaterialPublished(DomainEvent):
    """A material became public (published by hand, or when its session started)."""

    material_id: int


@dataclass(frozen=True)
class MaterialChanged(DomainEvent):
    """A material was uploaded or edited; `published` says whether the audience may see it now, `uploaded`
    that it is new (the moderators hear of it even while it is unpublished)."""

    material_id: int
    published: bool
    was_published: bool = False
    uploaded: bool = False


@dataclass(frozen=True)
class AnnouncementMade(DomainEvent):
    announcement_id: int


@dataclass(frozen=True)
class InputChanged(DomainEvent):
    """An agency input was submitted, moderated, supported or edited."""

    input_id: int
    just_created: bool = False
    moderated: bool = False  # a moderator's decision or edit: the staff views show the history with it
    # A new input's overlaps as found on arrival ({"input_id", "score", "reasons"}, highest score first): all it has,
    # so its views need not read them back. None: read them.
    overlaps: tuple[dict, ...] | None = field(default=None, hash=False, compare=False)


@dataclass(frozen=True)
class InputWithdrawn(DomainEvent):
    """An input that was public (accepted or pinned) stopped being public."""

    input_id: int


@dataclass(frozen=True)
class PlanItemChanged(DomainEvent):
    """A plan row was decided on (kept, changed, moved, merged, deferred, dropped), made from a proposal, or had a
    flagged pair dismissed. `agency_ids`: the agencies whose delegates see it (its own, the one whose plan it came
    from, the one it moved away from)."""

    item_id: int
    agency_ids: tuple[int, ...] = ()


Handler = Callable[[DomainEvent], None]
_handlers: dict[type[DomainEvent], list[Handler]] = {}


def on(kind: type[DomainEvent]) -> Callable[[Handler], Handler]:
    """Subscribe a handler to `kind` (and its subclasses)."""

    def register(handler: Handler) -> Handler:
        _handlers.setdefault(kind, [])
        if handler not in _handlers[kind]:
            _handlers[kind].append(handler)
        return handler

    return register


def record(fact: DomainEvent, session: Session | None = None) -> None:
    """Note `fact` on the unit of work; it is sent only if and after the transaction commits."""
    if session is None:
        from forum.extensions import db

        session = db.session()
    session.info.setdefault(PENDING, []).append(fact)


def pending(session: Session) -> list[DomainEvent]:
    """What the open transaction recorded so far (for tests and for services that look back)."""
    return list(session.info.get(PENDING, ()))


@sa_event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    facts = session.info.pop(PENDING, None)
    if facts:
        session.info.setdefault(COMMITTED, []).extend(facts)


@sa_event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction) -> None:
    """The outermost transaction ended: what it recorded and did not commit (a rollback, a failed commit)
    did not happen. A savepoint's end changes nothing (the outer transaction may still commit)."""
    if transaction.parent is None and not transaction.nested:
        session.info.pop(PENDING, None)


def dispatch(session: Session) -> list[DomainEvent]:
    """Hand every committed, unsent event to its handlers, in the order recorded; returns them. A failing
    handler is logged and does not stop the others: the facts are already true in the database."""
    facts = session.info.pop(COMMITTED, None) or []
    for fact in facts:
        for kind, handlers in list(_handlers.items()):
            if isinstance(fact, kind):
                for handler in list(handlers):
                    try:
                        handler(fact)
                    except OperationalError as exc:  # the database went away since the commit (an outage)
                        log.warning("handler %s for %s skipped, the database is unavailable: %s",
                                    getattr(handler, "__name__", handler), fact, str(exc.orig or exc).strip()[:200])
                    except Exception:  # noqa: BLE001  (a side effect must not undo or hide the action's answer)
                        log.exception("handler %s for %s failed", getattr(handler, "__name__", handler), fact)
    return facts


@dataclass(frozen=True)
class PlanPairLinked(PlanItemChanged):
    """A moderator marked a plan row (`item_id`) and a live proposal (`input_id`) as the same work (`linked`), or
    undid that (`linked` false); the stored pair is `pair_id`. A change of the row as well: its screens update as
    for any (the `plan` message)."""

    input_id: int = 0
    pair_id: int = 0
    linked: bool = True
