"""Socket.IO `/live`: who may connect, and the door events reaching staff only."""
import time

import pytest

from forum.extensions import db, socketio
from forum.realtime import emit
from tests.conftest import counts_sent


@pytest.fixture
def forum(app, make):
    slug = make.event()
    return {"slug": slug, "person": make.participant(slug, name="Yohanes Lim"), "make": make}


def connect(app, client, slug, token=None):
    auth = {"event": slug}
    if token is not None:
        auth["token"] = token
    return socketio.test_client(app, namespace="/live", auth=auth, flask_test_client=client)


def event_id(app, slug):
    from forum.models import Event
    with app.app_context():
        return db.session.execute(db.select(Event.id).filter_by(slug=slug)).scalar_one()


def names(received):
    return [r["name"] for r in received]


def test_connect_sends_the_agenda_at_once(app, client, forum):
    sio = connect(app, client, forum["slug"])
    assert sio.is_connected("/live")
    received = sio.get_received("/live")
    assert names(received) == ["agenda"]
    assert set(received[0]["args"][0]) >= {"sessions", "current_session_id", "server_time"}


@pytest.mark.parametrize("auth", [{"event": "no-such-forum"}, {}, {"event": 42}])
def test_unknown_forum_is_refused(app, client, forum, auth):
    sio = socketio.test_client(app, namespace="/live", auth=auth, flask_test_client=client)
    assert not sio.is_connected("/live")


@pytest.mark.parametrize("token", ["not-a-token", "fst_forged", 123])
def test_bad_token_is_refused(app, client, forum, token):
    assert not connect(app, client, forum["slug"], token).is_connected("/live")


def test_participant_of_another_forum_is_refused(app, client, forum):
    other = forum["make"].event(title="Forum lain")
    stranger = forum["make"].participant(other)
    assert not connect(app, client, forum["slug"], stranger["access_token"]).is_connected("/live")


def test_a_checkin_reaches_staff_but_not_participants(app, client, forum):
    staff_token = forum["make"].token("organiser")
    staff = connect(app, client, forum["slug"], staff_token)
    participant = connect(app, app.test_client(), forum["slug"], forum["person"]["access_token"])
    staff.get_received("/live"), participant.get_received("/live")
    response = client.post(f"/api/v1/events/{forum['slug']}/checkins",
                           json={"code": forum["person"]["checkin_code"], "desk": "Meja 1"},
                           headers={"Authorization": f"Bearer {forum['make'].token('checkin')}"})
    assert response.status_code == 201
    received = staff.get_received("/live")
    # The counts are read and sent by a background task, coalesced with the participant's join a moment ago (whose
    # counts may arrive before or after the check-in), up to ATTENDANCE_INTERVAL later, later still on a busy
    # machine: the last counts sent are the check-in's. Waited for (the loop ends as soon as they come), not timed.
    deadline = time.time() + emit.ATTENDANCE_INTERVAL + 15
    while not (received and received[-1]["name"] == "attendance" and received[-1]["args"][0]["checked_in"] == 1) \
            and time.time() < deadline:
        time.sleep(0.05)
        received += staff.get_received("/live")
    assert names(received).count("checkin") == 1 and set(names(received)) == {"checkin", "attendance"}
    checkin = next(r for r in received if r["name"] == "checkin")["args"][0]
    assert checkin["participant"]["name"] == "Yohanes Lim" and checkin["desk"] == "Meja 1"
    assert checkin["checked_in_at"] == response.json["checked_in_at"]
    assert received[-1]["args"][0]["checked_in"] == 1
    assert participant.get_received("/live") == []


def test_a_repeat_scan_sends_nothing(app, client, forum):
    headers = {"Authorization": f"Bearer {forum['make'].token('checkin')}"}
    url = f"/api/v1/events/{forum['slug']}/checkins"
    client.post(url, json={"code": forum["person"]["checkin_code"]}, headers=headers)
    counts_sent(app)  # the first scan's counts, sent by a background task, before the staff page opens
    staff = connect(app, client, forum["slug"], forum["make"].token("moderator"))
    staff.get_received("/live")
    assert client.post(url, json={"code": forum["person"]["checkin_code"]}, headers=headers).status_code == 200
    assert not emit.pending_attendance(app)
    assert staff.get_received("/live") == []


def test_a_burst_of_checkins_sends_coalesced_counts_ending_with_the_final_one(app, client, forum):
    people = [forum["make"].participant(forum["slug"]) for _ in range(5)]
    staff = connect(app, client, forum["slug"], forum["make"].token("organiser"))
    staff.get_received("/live")
    headers = {"Authorization": f"Bearer {forum['make'].token('checkin')}"}
    for person in people:
        client.post(f"/api/v1/events/{forum['slug']}/checkins", json={"code": person["checkin_code"]}, headers=headers)
    received, deadline = [], time.time() + emit.ATTENDANCE_INTERVAL + 15
    while time.time() < deadline and not (received and received[-1]["name"] == "attendance"
                                          and received[-1]["args"][0]["checked_in"] == 5):
        time.sleep(0.05)
        received += staff.get_received("/live")
    assert names(received).count("checkin") == 5
    counts = [r["args"][0]["checked_in"] for r in received if r["name"] == "attendance"]
    assert 1 <= len(counts) < 5 and counts[-1] == 5


def test_a_coalesced_summary_goes_through_the_server_of_the_app_that_asked(app, client, forum, tmp_path):
    """Tests make many apps in one process and the one `socketio` is bound to the latest: a summary coalesced
    for later by one app must not reach the staff of the next app's forum of the same id (CI saw another
    test's counts arrive this way)."""
    from forum import create_app
    from tests.conftest import Factory, _test_config

    url = f"/api/v1/events/{forum['slug']}/checkins"
    headers = {"Authorization": f"Bearer {forum['make'].token('checkin')}"}
    second = forum["make"].participant(forum["slug"], name="Rina Sari")
    for person in (forum["person"], second):  # the second summary is coalesced for later
        assert client.post(url, json={"code": person["checkin_code"]}, headers=headers).status_code == 201
    assert emit.pending_attendance(app)

    (tmp_path / "next").mkdir()
    next_app = create_app(_test_config(tmp_path / "next", f"sqlite:///{tmp_path / 'next' / 'forum.db'}"))
    with next_app.app_context():
        db.create_all()
    make = Factory(next_app)
    slug = make.event()
    assert event_id(next_app, slug) == event_id(app, forum["slug"])  # another forum, the same id
    staff = connect(next_app, next_app.test_client(), slug, make.token("organiser"))
    staff.get_received("/live")
    deadline = time.monotonic() + emit.ATTENDANCE_INTERVAL + 15
    while emit.pending_attendance(app) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not emit.pending_attendance(app)
    assert "attendance" not in names(staff.get_received("/live"))
    with next_app.app_context():
        db.engine.dispose()
