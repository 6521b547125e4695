"""What opening a live page costs: the agenda sent to a newcomer is shared, and stays shared with Redis."""
import json

import pytest
from flask_socketio.test_client import SocketIOTestClient

from bench.connect_cost import Polling
from forum.extensions import socketio
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
