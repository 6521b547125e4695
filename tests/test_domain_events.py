"""Domain events go out after the commit that made them true, and never after a rollback."""
from __future__ import annotations

import pytest

from forum import domain_events
from forum.actions import unit_of_work
from forum.domain_events import AgendaChanged, DomainEvent, InputChanged
from forum.extensions import db
from forum.models import Event

pytestmark = pytest.mark.both_dbs


class Probe(DomainEvent):
    """A kind of event only these tests subscribe to."""


@pytest.fixture
def heard():
    seen: list = []

    def handler(fact):
        seen.append(fact)

    domain_events.on(Probe)(handler)
    domain_events.on(InputChanged)(handler)
    yield seen
    for handlers in domain_events._handlers.values():
        if handler in handlers:
            handlers.remove(handler)


def _a_forum(make) -> Event:
    slug = make.event()
    return db.session.query(Event).filter_by(slug=slug).one()


def test_events_go_out_after_the_commit_in_the_order_recorded(app, backend, make, heard):
    with app.test_request_context():
        forum = _a_forum(make)
        with unit_of_work():
            domain_events.record(Probe(forum.id))
            domain_events.record(InputChanged(forum.id, input_id=7))
            assert heard == []  # nothing before the commit
        assert heard == [Probe(forum.id), InputChanged(forum.id, input_id=7)]


def test_a_rollback_drops_what_was_recorded(app, backend, make, heard):
    with app.test_request_context():
        forum = _a_forum(make)
        with pytest.raises(RuntimeError), unit_of_work():
            domain_events.record(Probe(forum.id))
            raise RuntimeError("the action failed")
        with unit_of_work():
            pass
        assert heard == []


def test_a_failed_commit_sends_nothing(app, backend, make, heard):
    with app.test_request_context():
        forum = _a_forum(make)
        with pytest.raises(Exception), unit_of_work():  # noqa: B017  (the database's own integrity error)
            domain_events.record(Probe(forum.id))
            db.session.add(Event(slug=forum.slug, title="same slug", starts_at=forum.starts_at,
                                 ends_at=forum.ends_at))
        assert heard == []
        assert domain_events.pending(db.session()) == []


def test_a_savepoint_rolled_back_keeps_the_outer_transactions_events(app, backend, make, heard):
    with app.test_request_context():
        forum = _a_forum(make)
        with unit_of_work():
            domain_events.record(Probe(forum.id))
            savepoint = db.session.begin_nested()
            savepoint.rollback()
        assert heard == [Probe(forum.id)]


def test_a_failing_handler_does_not_stop_the_others(app, backend, make, heard):
    def broken(_fact):
        raise ValueError("a broken side effect")

    domain_events._handlers.setdefault(Probe, []).insert(0, broken)
    try:
        with app.test_request_context():
            forum = _a_forum(make)
            with unit_of_work():
                domain_events.record(Probe(forum.id))
            assert heard == [Probe(forum.id)]
    finally:
        domain_events._handlers[Probe].remove(broken)


def test_subclasses_reach_the_handlers_of_their_parent(app, backend, make):
    seen = []
    domain_events.on(AgendaChanged)(seen.append)
    try:
        with app.test_request_context():
            forum = _a_forum(make)
            with unit_of_work():
                domain_events.record(domain_events.SessionStateChanged(forum.id, session_id=1, old="scheduled",
                                                                       new="live"))
            assert [type(f).__name__ for f in seen] == ["SessionStateChanged"]
    finally:
        domain_events._handlers[AgendaChanged].remove(seen.append)
