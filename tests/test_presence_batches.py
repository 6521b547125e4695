"""Presence intervals written in batches (forum/realtime/presence.py): what arrives while a write is under way
is written next, together, in order, with each change's own time."""
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.exc import OperationalError

from forum import lifecycle
from forum.db import utcnow
from forum.extensions import db, socketio
from forum.models import Event, OnlinePresence
from forum.realtime import presence
from forum.services.presence import Joined, Left

pytestmark = pytest.mark.postgresql_only  # (a write held up by a lock on the table)


@pytest.fixture
def forum(app, make, backend):
    slug = make.event()
    people = [make.participant(slug, attendance="online") for _ in range(6)]
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
    return {"slug": slug, "id": event_id, "people": people, "make": make}


class HeldTable:
    """Another connection holds `online_presence` locked: a write to it waits until `release()`."""

    def __init__(self, app):
        self.engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        self.conn = self.engine.connect()
        self.conn.execute(text("LOCK TABLE online_presence IN EXCLUSIVE MODE"))

    def release(self):
        self.conn.commit()
        self.conn.close()
        self.engine.dispose()


def write_in_thread(app, change) -> threading.Thread:
    def run():
        with app.app_context():
            try:
                presence.write(app, change)
            finally:
                db.session.remove()
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def intervals(app) -> dict[str, OnlinePresence]:
    with app.app_context():
        rows = db.session.scalars(select(OnlinePresence)).all()
        db.session.expunge_all()
        return {row.connection_id: row for row in rows}


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def inserts(app) -> list[str]:
    seen = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_a: seen.append(statement) if "INSERT INTO online" in statement
                     else None)
    return seen


def written_while_held(app, first, *changes) -> None:
    """`first` written while the table is held, then `changes` queued while that write waits: each of their
    handlers returns at once, and nothing is written before the table is released."""
    held = HeldTable(app)
    try:
        writing = write_in_thread(app, first)
        wait_for(lambda: presence._writer(app).writing)
        time.sleep(0.2)  # the first write waits on the lock
        for change in changes:
            thread = write_in_thread(app, change)
            thread.join(2)
            assert not thread.is_alive()
        assert intervals(app) == {}
    finally:
        held.release()
    writing.join(10)


def test_changes_queued_during_a_write_are_written_next_in_one_batch(app, forum):
    people, now = forum["people"], utcnow()
    written = inserts(app)
    written_while_held(app, *(Joined(f"tab-{i}", forum["id"], people[i]["id"], None, now + timedelta(seconds=i))
                              for i in range(6)))
    wait_for(lambda: len(intervals(app)) == 6)
    rows = intervals(app)
    assert {r.participant_id for r in rows.values()} == {p["id"] for p in people}
    assert all(r.left_at is None and r.joined_at == now + timedelta(seconds=int(c[4:])) for c, r in rows.items())
    assert len(written) == 2  # the first page's write, then the five others' together
    wait_for(lambda: not presence._writer(app).writing)


def test_a_leave_is_never_written_before_its_join(app, forum):
    """A page that closes while its join waits in the queue (or is being written) is closed at its own time."""
    people, now = forum["people"], utcnow()
    written_while_held(app, Joined("slow", forum["id"], people[0]["id"], None, now),
                       Left("slow", forum["id"], now + timedelta(seconds=3)),  # its join is being written
                       Joined("brief", forum["id"], people[1]["id"], None, now + timedelta(seconds=1)),
                       Left("brief", forum["id"], now + timedelta(seconds=2)))  # both in the next batch
    wait_for(lambda: not presence._writer(app).writing and len(intervals(app)) == 2)
    rows = intervals(app)
    assert rows["slow"].left_at == now + timedelta(seconds=3)
    assert (rows["brief"].joined_at, rows["brief"].left_at) == (now + timedelta(seconds=1), now + timedelta(seconds=2))


def test_staff_get_the_counts_of_a_batch(app, forum):
    """The counts after the batch reach the staff (one summary for the forum, not one per page)."""
    staff = socketio.test_client(app, namespace="/live",
                                 auth={"event": forum["slug"], "token": forum["make"].token("organiser")},
                                 flask_test_client=app.test_client())
    staff.get_received("/live")
    people, now = forum["people"], utcnow()
    written_while_held(app, *(Joined(f"tab-{i}", forum["id"], people[i]["id"], None, now) for i in range(6)))

    def counts():
        return [r["args"][0]["online_now"] for r in staff.get_received("/live") if r["name"] == "attendance"]
    seen: list[int] = []
    wait_for(lambda: seen.extend(counts()) or (seen and seen[-1] == 6))
    assert len(seen) <= 2


def test_a_drain_waits_for_the_write_under_way_and_leaves_no_interval_open(app, forum, monkeypatch):
    """SIGTERM while a batch is being written: the drain closes the intervals that batch and the one queued behind
    it open (before, the queued join was written after the drain had closed this process's intervals, and stayed
    open until another process's sweep); a page opening after the drain is not written at all."""
    monkeypatch.setattr(lifecycle, "_process", {"pid": None})  # a process state of this test's own (draining)
    me, people, now = lifecycle.server_id(), forum["people"], utcnow()
    held = HeldTable(app)
    try:
        writing = write_in_thread(app, Joined("first", forum["id"], people[0]["id"], me, now))
        wait_for(lambda: presence._writer(app).writing)
        time.sleep(0.2)  # the first write waits on the lock
        queued = write_in_thread(app, Joined("second", forum["id"], people[1]["id"], me, now))
        queued.join(2)
        draining = threading.Thread(target=lifecycle.drain, args=(app,), kwargs={"wait": 0})
        draining.start()
        time.sleep(0.3)
        assert draining.is_alive()  # waiting for the writes under way
    finally:
        held.release()
    writing.join(10)
    draining.join(10)
    late = write_in_thread(app, Joined("late", forum["id"], people[2]["id"], me, utcnow()))
    late.join(5)
    rows = intervals(app)
    assert set(rows) == {"first", "second"}
    assert all(row.left_at is not None for row in rows.values())


@pytest.mark.config(SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"options": "-c lock_timeout=300"}})
def test_with_the_database_away_a_leave_waits_for_the_next_write_and_a_refused_join_is_dropped(app, forum):
    """A write that fails (here: the table held beyond the lock timeout) keeps its leaves for the next write, at
    their own time; the join of a page whose connect failed with it is not written (that page was refused)."""
    people, now = forum["people"], utcnow()
    with app.app_context():
        presence.write(app, Joined("closing", forum["id"], people[0]["id"], None, now))
        db.session.remove()
    errors = []

    def failing(change):
        with app.app_context():
            try:
                presence.write(app, change)
            except Exception as exc:  # noqa: BLE001
                errors.append(type(exc).__name__)
            finally:
                db.session.remove()
    held = HeldTable(app)
    try:
        failing(Left("closing", forum["id"], now + timedelta(seconds=5)))
        failing(Joined("refused", forum["id"], people[1]["id"], None, now + timedelta(seconds=6)))
    finally:
        held.release()
    assert errors == ["OperationalError", "OperationalError"]
    assert intervals(app)["closing"].left_at is None
    with app.app_context():
        presence.write(app, Joined("next", forum["id"], people[2]["id"], None, now + timedelta(seconds=7)))
        db.session.remove()
    rows = intervals(app)
    assert rows["closing"].left_at == now + timedelta(seconds=5)
    assert "refused" not in rows and rows["next"].left_at is None


@pytest.mark.config(SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"options": "-c lock_timeout=300"}})
def test_a_leave_kept_while_the_database_was_away_is_written_by_the_next_heartbeat(app, forum, monkeypatch):
    """No page of this process need open or close again: the heartbeat that finds the database back writes it."""
    monkeypatch.setattr(lifecycle, "_process", {"pid": None})
    people, now = forum["people"], utcnow()
    with app.app_context():
        presence.write(app, Joined("closing", forum["id"], people[0]["id"], lifecycle.server_id(), now))
        db.session.remove()
    held = HeldTable(app)
    try:
        with app.app_context():
            with pytest.raises(OperationalError):
                presence.write(app, Left("closing", forum["id"], now + timedelta(seconds=5)))
            db.session.remove()
    finally:
        held.release()
    assert intervals(app)["closing"].left_at is None
    assert lifecycle.Heartbeat(app, 1.0).beat()
    assert intervals(app)["closing"].left_at == now + timedelta(seconds=5)
