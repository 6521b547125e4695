"""What a process keeps for one app never reaches another app of the same process.

The suite makes an app per test in one worker process, each on a fresh database whose ids start again at 1; a
process serving after its database was re-created is in the same place. Whatever is kept beyond a request (live
connections, the plans' view index, a context variable) is therefore kept per app, or given back after the
request: a later app's forum 1 is another forum."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum import create_app, lifecycle
from forum.db import utcnow
from forum.extensions import db, socketio
from forum.models import OnlinePresence, ServerProcess
from tests.conftest import Factory, _test_config


def another_app(folder):
    """A second app of this process on a database of its own (ids from 1 again), as the next test's would be."""
    folder.mkdir()
    app = create_app(_test_config(folder, f"sqlite:///{folder / 'forum.db'}"))
    with app.app_context():
        db.create_all()
    return app


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
