"""What opening a live page costs: the agenda sent to a newcomer is shared, and stays shared with Redis."""
import json

import pytest

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
