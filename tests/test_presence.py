"""Online attendance from live-page connections: tabs and reconnects merged, never double-counted."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.extensions import db, socketio
from forum.models import OnlinePresence
from tests.conftest import counts_sent

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(app, make, backend):
    slug = make.event()
    return {"slug": slug, "make": make, "person": make.participant(slug, attendance="online")}


def connect(app, slug, token):
    return socketio.test_client(app, namespace="/live", auth={"event": slug, "token": token},
                                flask_test_client=app.test_client())


def summary(app, client, forum):
    return client.get(f"/api/v1/events/{forum['slug']}/attendance", headers=forum["make"].headers()).json["summary"]


def test_a_connection_is_an_interval(app, client, forum):
    tab = connect(app, forum["slug"], forum["person"]["access_token"])
    with app.app_context():
        rows = db.session.scalars(select(OnlinePresence)).all()
        assert len(rows) == 1 and rows[0].left_at is None
    assert summary(app, client, forum)["online_now"] == 1
    tab.disconnect("/live")
    with app.app_context():
        assert db.session.scalar(select(OnlinePresence)).left_at is not None
    counts = summary(app, client, forum)
    assert counts["online_now"] == 0 and counts["online_joined"] == 1


def test_two_tabs_count_once(app, client, forum):
    tabs = [connect(app, forum["slug"], forum["person"]["access_token"]) for _ in range(2)]
    counts = summary(app, client, forum)
    assert counts["online_now"] == 1 and counts["online_joined"] == 1
    tabs[0].disconnect("/live")
    assert summary(app, client, forum)["online_now"] == 1
    tabs[1].disconnect("/live")
    assert summary(app, client, forum)["online_now"] == 0


def test_staff_see_attendance_change_when_someone_joins(app, client, forum):
    staff = socketio.test_client(app, namespace="/live",
                                 auth={"event": forum["slug"], "token": forum["make"].token("organiser")},
                                 flask_test_client=app.test_client())
    staff.get_received("/live")
    connect(app, forum["slug"], forum["person"]["access_token"])
    counts_sent(app)
    updates = [r["args"][0] for r in staff.get_received("/live") if r["name"] == "attendance"]
    assert updates and updates[-1]["online_now"] == 1


def test_minutes_of_overlapping_tabs_are_merged(app, client, forum):
    now = utcnow()
    with app.app_context():
        for start, end in ((60, 30), (45, 20), (10, None)):  # minutes ago: 60→20 merged = 40, plus 10 open
            db.session.add(OnlinePresence(event_id=1, participant_id=forum["person"]["id"], connection_id=f"c{start}",
                                          joined_at=now - timedelta(minutes=start),
                                          left_at=None if end is None else now - timedelta(minutes=end)))
        db.session.commit()
    rows = client.get(f"/api/v1/events/{forum['slug']}/attendance", headers=forum["make"].headers()).json["rows"]
    row = next(r for r in rows if r["participant"]["id"] == forum["person"]["id"])
    assert 49 <= row["online_minutes"] <= 51
    assert row["present"] is True


def test_a_connection_has_one_interval_however_often_it_joins(app, forum):
    """Whatever reaches the connect handler twice for one connection, its presence is one interval."""
    from forum.services import presence

    with app.app_context():
        for _ in range(3):
            presence.joined(1, forum["person"]["id"], "sid-once")
            db.session.commit()
        assert len(db.session.scalars(select(OnlinePresence)).all()) == 1
