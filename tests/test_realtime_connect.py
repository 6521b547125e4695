"""What opening a live page costs: the agenda sent to a newcomer is shared, and stays shared with Redis."""
import json
import threading
import time

import pytest
from flask_socketio.test_client import SocketIOTestClient
from sqlalchemy import create_engine, select, text
from sqlalchemy import event as sa_event

from bench.connect_cost import Polling
from forum.extensions import db, socketio
from forum.models import Event
from forum.realtime import emit
from tests.cluster import REDIS_URL


def open_page(app, auth: dict) -> dict:
    """A live page opened over Engine.IO polling, through the app's whole WSGI stack (Flask-SocketIO's test client
    refuses an app with a message queue); its first `agenda`."""
    socketio.server.eio.async_handlers = False  # (as the test client: the connect handler runs inline)
    packets = Polling(app.wsgi_app).connect(auth)
    return next(json.loads(p.split(",", 1)[1])[1] for p in packets if p.startswith('42/live,["agenda"'))


@pytest.mark.config(REDIS_URL=REDIS_URL)
def test_with_redis_a_newcomers_agenda_is_not_taken_for_a_change(app, make):
    """The agenda sent to the page being opened stays on this process: through Redis every process would receive
    it and drop the agenda it keeps for the next newcomers, which would then be built again for every page."""
    slug = make.event()
    person = make.participant(slug, attendance="online")
    first = open_page(app, {"event": slug, "token": person["access_token"]})
    kept = emit._newcomers_agenda()
    generation, entries = kept.generation, dict(kept.entries)
    assert entries  # the payload built for the first page is kept for the next ones
    assert open_page(app, {"event": slug})["sessions"] == first["sessions"]
    assert kept.generation == generation and kept.entries == entries


def connect(app, auth: dict) -> SocketIOTestClient:
    return socketio.test_client(app, namespace="/live", auth=auth, flask_test_client=app.test_client())


@pytest.mark.both_dbs
@pytest.mark.parametrize("status", ["revoked", "cancelled"])
def test_a_personal_link_stops_opening_live_pages_as_soon_as_it_is_revoked(app, make, backend, status):
    slug = make.event()
    person = make.participant(slug, attendance="online")
    auth = {"event": slug, "token": person["access_token"]}
    assert connect(app, auth).is_connected("/live")
    answer = app.test_client().patch(f"/api/v1/events/{slug}/participants/{person['id']}", json={"status": status},
                                     headers=make.headers("organiser"))
    assert answer.status_code == 200, answer.json
    assert not connect(app, auth).is_connected("/live")


@pytest.mark.both_dbs
def test_a_personal_link_opens_only_its_own_forums_live_page(app, make, backend):
    mine, other = make.event(), make.event()
    person = make.participant(mine, attendance="online")
    assert connect(app, {"event": mine, "token": person["access_token"]}).is_connected("/live")
    assert not connect(app, {"event": other, "token": person["access_token"]}).is_connected("/live")


@pytest.mark.postgresql_only
def test_pages_opening_together_wait_for_one_agenda_being_built(app, make, backend):
    """In a storm, the pages that find the newcomers' agenda stale wait for the one build under way instead of each
    building their own (here the build is held up by a lock on the sessions table while five pages ask)."""
    slug = make.event()
    make.live_session(slug)
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
    statements: list[str] = []

    def payload(kept: emit.NewcomersAgenda, into: list) -> None:
        with app.test_request_context():
            into.append(kept.payload(db.session.get(Event, event_id), False))
            db.session.remove()

    with app.app_context():
        sa_event.listen(db.engine, "before_cursor_execute", lambda _c, _cur, sql, *_a: statements.append(sql))
    payload(emit.NewcomersAgenda(), [])
    one_build = len(statements) - 1  # (the forum's own row apart)
    statements.clear()
    kept, answers = emit.NewcomersAgenda(), []
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as held:
        held.execute(text("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE"))
        pages = [threading.Thread(target=payload, args=(kept, answers)) for _ in range(5)]
        for page in pages:
            page.start()
        time.sleep(0.3)
        held.commit()
    for page in pages:
        page.join(10)
    engine.dispose()
    assert len(answers) == 5 and all(a["sessions"] == answers[0]["sessions"] for a in answers)
    assert len(statements) - 5 == one_build
