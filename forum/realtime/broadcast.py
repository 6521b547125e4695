"""The Socket.IO side of the domain events: each handler turns one kind of committed fact into the
messages the contract promises, to the rooms that may see them (`forum/realtime/emit.py` sends).

Handlers run after the action's commit (`forum.actions.unit_of_work`), never after a rollback; they read
what they need from the database themselves. Imported once when the app is built (`create_app`).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from forum import domain_events
from forum.domain_events import (
    AgendaChanged,
    AnnouncementMade,
    AttendanceChanged,
    InputChanged,
    InputWithdrawn,
    MaterialChanged,
    MaterialPublished,
    ParticipantCheckedIn,
    PlanItemChanged,
)
from forum.extensions import db
from forum.models import Announcement, Event, Input, Material, PlanItem
from forum.realtime import emit

T = TypeVar("T")


def _forum(fact: domain_events.DomainEvent) -> Event | None:
    return db.session.get(Event, fact.forum_id)  # already loaded by the action: no query


def _forum_and(fact: domain_events.DomainEvent, model: type[T], record_id: int) -> tuple[Event, T] | None:
    """The fact's forum and the record it names, or None when either is gone by now."""
    event, item = _forum(fact), db.session.get(model, record_id)
    return (event, item) if event is not None and item is not None else None


# --- the door: check-in and attendance ----------------------------------------------------------------

def _in_forum(fact_type: type, send: Callable) -> Callable:
    """A handler that finds the fact's forum and sends one message from the fact itself."""
    def handler(fact) -> None:
        event = _forum(fact)
        if event is not None:
            send(event, fact)
    return domain_events.on(fact_type)(handler)


# The door views of the forum's staff see the check-in as the desk saw it.
checked_in = _in_forum(ParticipantCheckedIn, lambda event, fact: emit.checkin(event, fact.body))


@domain_events.on(AttendanceChanged)
def attendance_changed(fact: AttendanceChanged) -> None:
    """The counts to staff, coalesced during a burst (the throttle lives in `emit.attendance`); at once from a
    process that is stopping."""
    event = _forum(fact)
    if event is not None:
        emit.attendance(event, at_once=fact.process_stopping)


# --- the live forum: agenda, materials, announcements, inputs -----------------------------------------

_AGENDA_SENT = "forum_agenda_sent"  # Session.info: forums whose agenda went out for the last commit
_INPUT_BODIES = "forum_input_bodies"  # Session.info: the inputs' staff bodies sent since the last write


@sa_event.listens_for(Session, "after_commit")
def _new_commit(session: Session) -> None:
    session.info.pop(_AGENDA_SENT, None)
    session.info.pop(_INPUT_BODIES, None)


@sa_event.listens_for(Session, "after_flush")
def _written(session: Session, _flush_context) -> None:
    session.info.pop(_INPUT_BODIES, None)  # what was sent may no longer be what the database holds


def _send_agenda(event: Event) -> None:
    """The agenda once per commit, however many of its changes were recorded (ending one session and
    starting the next is one new agenda)."""
    sent = db.session().info.setdefault(_AGENDA_SENT, set())
    if event.id not in sent:
        sent.add(event.id)
        emit.agenda(event)


@domain_events.on(AgendaChanged)
def agenda_changed(fact: AgendaChanged) -> None:
    """Sessions added, edited, moved, started, ended…: the agenda to every view of the forum."""
    event = _forum(fact)
    if event is not None:
        _send_agenda(event)


@domain_events.on(MaterialChanged)
def material_changed(fact: MaterialChanged) -> None:
    """An upload (to the moderators while unpublished), or an edit of one that is or was public; then the
    agenda, which lists the materials."""
    found = _forum_and(fact, Material, fact.material_id)
    if found is None:
        return
    event, item = found
    if fact.uploaded or fact.published or fact.published != fact.was_published:
        emit.material(event, item)
    _send_agenda(event)


def _forward(fact_type: type, model: type, id_of: Callable, send: Callable) -> Callable:
    """A handler that only finds the fact's forum and object and sends one message about them."""
    def handler(fact) -> None:
        found = _forum_and(fact, model, id_of(fact))
        if found is not None:
            send(*found)
    return domain_events.on(fact_type)(handler)


# Published when its session started: `material` to everyone. An announcement: to everyone.
material_published = _forward(MaterialPublished, Material, lambda fact: fact.material_id,
                              lambda event, item: emit.material(event, item))
announcement_made = _forward(AnnouncementMade, Announcement, lambda fact: fact.announcement_id,
                             lambda event, item: emit.announcement(event, item))


@domain_events.on(InputChanged)
def input_changed(fact: InputChanged) -> None:
    """The input as staff see it (with its history after a moderator's decision) to the moderators, and
    as the public sees it to the audience when it is public (`emit.input_changed` decides)."""
    from forum.services.input_views import inputs_json

    found = _forum_and(fact, Input, fact.input_id)
    if found is None:
        return
    event, item = found
    body = inputs_json([item], event.timezone, with_history=fact.moderated, just_created=fact.just_created,
                       overlaps=fact.overlaps)[0]
    db.session().info.setdefault(_INPUT_BODIES, {})[(item.id, fact.moderated, fact.just_created)] = body
    emit.input_changed(event, item, body)


def input_body(event: Event, item: Input, *, with_history: bool = False, just_created: bool = False) -> dict:
    """The input as staff see it (`inputs_json`). The API answers an action with the body the moderators
    were just sent when there is one (nothing was written since): a submission is not serialised twice."""
    from forum.services.input_views import inputs_json

    sent = db.session().info.get(_INPUT_BODIES, {}).get((item.id, with_history, just_created))
    if sent is not None:
        return sent
    return inputs_json([item], event.timezone, with_history=with_history, just_created=just_created)[0]


input_withdrawn = _in_forum(InputWithdrawn, lambda event, fact: emit.input_withdrawn(event, fact.input_id))


# --- plans ------------------------------------------------------------------------------------------------

@domain_events.on(PlanItemChanged)
def plan_item_changed(fact: PlanItemChanged) -> None:
    """The row as decided to the moderators and to the delegates of the agencies concerned."""
    from forum.services.plan_views import items_json

    found = _forum_and(fact, PlanItem, fact.item_id)
    if found is not None:
        event, item = found
        emit.plan(event, items_json([item], event.timezone)[0], fact.agency_ids)
