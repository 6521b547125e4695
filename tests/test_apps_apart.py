"""What a process keeps for one app never reaches another app of the same process.

The suite makes an app per test in one worker process, each on a fresh database whose ids start again at 1; a
process serving after its database was re-created is in the same place. Whatever is kept beyond a request (live
connections, the plans' view index, a context variable) is therefore kept per app, or given back after the
request: a later app's forum 1 is another forum."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from forum import create_app, lifecycle
from forum.db import utcnow
from forum.extensions import db, socketio
from forum.models import OnlinePresence, ServerProcess
from forum.services import events, plan_sync
from tests.conftest import Factory, _test_config


def another_app(folder):
    """A second app of this process on a database of its own (ids from 1 again), as the next test's would be."""
    folder.mkdir(exist_ok=True)
    app = create_app(_test_config(folder, f"sqlite:///{folder / 'forum.db'}"))
    with app.app_context():
        db.create_all()
    return app


def database_made_again(app, folder):
    """The database of `app` (made by `another_app(folder)`) deleted, and a new app on a new one at the same
    address: as the next test on the suite's PostgreSQL database (one per worker, emptied) or a process serving
    after its database was made again."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    for leftover in folder.glob("forum.db*"):
        leftover.unlink()
    return another_app(folder)


def test_a_heartbeat_reopens_only_the_connections_of_its_own_app(app, make, tmp_path, monkeypatch):
    """A live page left open on one app is no connection of another: a heartbeat of the later app that finds its
    process taken for dead reopens its own connections only (before, every app's: the earlier app's participant 1
    came back online in the later app's forum 1)."""
    monkeypatch.setattr(lifecycle, "_process", {"pid": None})  # a process state of this test's own
    slug = make.event()
    person = make.participant(slug, attendance="online")
    page = socketio.test_client(app, namespace="/live", auth={"event": slug, "token": person["access_token"]},
                                flask_test_client=app.test_client())
    assert page.is_connected("/live")

    later = another_app(tmp_path / "later")
    later_make = Factory(later)
    later_person = later_make.participant(later_make.event(), attendance="online")
    assert later_person["id"] == person["id"]  # another person, the same id
    heartbeat = lifecycle.Heartbeat(later, interval=1.0)
    now = utcnow()
    assert heartbeat.beat(now)
    with later.app_context():  # another process's sweep took this one for dead
        db.session.execute(db.delete(ServerProcess))
        db.session.commit()
    assert heartbeat.beat(now + timedelta(seconds=1))
    with later.app_context():
        assert db.session.scalars(select(OnlinePresence)).all() == []
        db.engine.dispose()


def forum_with_agencies(app) -> str:
    slug = Factory(app).event()
    with app.app_context():
        event = events.get_event(slug)
        for name in ("Bappeda", "DPMD"):
            events.save_agency(event, {"name": name, "short_name": name})
        db.session.commit()
    return slug


def test_the_plans_view_of_a_forum_is_not_another_databases_forum_of_the_same_id(tmp_path):
    """The synchronisation view's index is kept per app: a later app on a database at the same address (the suite's
    PostgreSQL) shows its own forum's rows, not the rows an earlier app's forum of the same id had (before: both
    kept under the database's address and the forum's id, and the earlier rows stayed in the later view)."""
    first = another_app(tmp_path / "site")
    slug = forum_with_agencies(first)
    Factory(first).flagged_plans(slug)  # two rows, Bappeda's and DPMD's
    with first.app_context():
        assert plan_sync.summary(events.get_event(slug))["rows"] == 2

    later = database_made_again(first, tmp_path / "site")
    slug = forum_with_agencies(later)  # the same forum and agencies, the same ids, no rows yet
    with later.app_context():
        event = events.get_event(slug)
        assert plan_sync.summary(event)["rows"] == 0
        assert plan_sync.sync_page(event, plan_sync.SyncFilters()).total == 0
        db.engine.dispose()


def first_write_begins(app, write) -> str:
    """How the first transaction of `write()` (run in this thread) begins on SQLite."""
    begun: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        if statement.startswith("BEGIN"):
            begun.append(statement)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        write()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return begun[0]


@pytest.mark.parametrize("visit", ["page", "live page", "download", "command"])
def test_nothing_done_leaves_its_transaction_mode_behind(app, client, make, runner, visit):
    """A GET (a live page's connect, a CSV streamed out, the writes after a command's commit) reads in DEFERRED
    transactions; what runs next in the same thread — the suite's next steps and tests all run in one — writes in
    an IMMEDIATE one again, behind the process's writer queue (before, the flag stayed set: the next write began
    DEFERRED, outside the queue, and could fail with "database is locked" beside another writer)."""
    slug = make.event()
    if visit == "page":
        assert client.get(f"/events/{slug}/live").status_code == 200
    elif visit == "live page":
        page = socketio.test_client(app, namespace="/live", auth={"event": slug}, flask_test_client=client)
        assert page.is_connected("/live")
    elif visit == "download":
        answer = client.get(f"/events/{slug}/exports/attendance.csv", headers=make.headers("organiser"))
        assert answer.status_code == 200 and answer.data
    else:
        result = runner.invoke(args=["forum", "create-user", "--email", "staf@forum.example.id", "--name", "Staf",
                                     "--role", "moderator", "--password", "correct horse battery"])
        assert result.exit_code == 0, result.output
    assert first_write_begins(app, make.event) == "BEGIN IMMEDIATE"
