"""Rate limits on check-in, agency input, supports and uploads: per staff user or participant (not per
address), shared by the page and the API doing the same thing, 429 with `Retry-After` (the API's JSON
error, a readable page for forms), off with FORUM_RATELIMIT=0, and counted in Redis across processes."""
import io
import json
import os
import subprocess
import sys
import threading
import time
import uuid

import pytest
import redis

from forum import create_app
from forum.extensions import db
from tests.conftest import ROOT, _test_config

API = "/api/v1"
REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LOW_LIMITS = {"RATELIMIT_ENABLED": True, "FORUM_CHECKIN_LIMIT": "3 per minute", "FORUM_INPUT_LIMIT": "3 per minute",
              "FORUM_SUPPORT_LIMIT": "3 per minute", "FORUM_UPLOAD_LIMIT": "2 per minute"}
limited = pytest.mark.config(**LOW_LIMITS)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def scan(client, slug, make, token, **extra):
    body = {"code": make.participant(slug)["checkin_code"], **extra}
    return client.post(f"{API}/events/{slug}/checkins", json=body, headers=bearer(token))


def assert_rate_limited(response):
    """The API's one error shape, and when to come back."""
    assert response.status_code == 429
    assert response.json == {"error": {"code": "rate_limited", "message": response.json["error"]["message"]}}
    assert response.json["error"]["message"]
    assert 0 < int(response.headers["Retry-After"]) <= 60


def assert_limited_page(response):
    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert "Too many requests; please wait a moment and try again." in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0


# --- check-in ---------------------------------------------------------------------------------

@limited
def test_fourth_scan_in_a_minute_by_one_desk_user_is_a_429(client, make):
    slug, desk = make.event(), make.token("checkin")
    for _ in range(3):
        assert scan(client, slug, make, desk).status_code == 201
    assert_rate_limited(scan(client, slug, make, desk))


@limited
def test_another_desk_behind_the_same_address_is_not_blocked(client, make):
    slug, desk, other_desk = make.event(), make.token("checkin"), make.token("checkin")
    for _ in range(3):
        scan(client, slug, make, desk)
    assert scan(client, slug, make, desk).status_code == 429
    assert scan(client, slug, make, other_desk).status_code == 201


@limited
def test_scans_batches_and_walk_ins_share_one_budget(client, make):
    slug, desk = make.event(), make.token("checkin")
    assert scan(client, slug, make, desk).status_code == 201
    batch = {"scans": [{"code": make.participant(slug)["checkin_code"], "client_id": uuid.uuid4().hex}]}
    assert client.post(f"{API}/events/{slug}/checkins/batch", json=batch, headers=bearer(desk)).status_code == 200
    walk_in = {"name": "Tamu Baru", "agency": "Bappeda", "position": "Staf", "consent": True}
    assert client.post(f"{API}/events/{slug}/walkins", json=walk_in, headers=bearer(desk)).status_code == 201
    assert_rate_limited(client.post(f"{API}/events/{slug}/checkins/batch", json=batch, headers=bearer(desk)))


@pytest.mark.config(RATELIMIT_ENABLED=True, FORUM_CHECKIN_LIMIT="1 per minute")
def test_an_offline_queue_synced_as_one_batch_counts_once(client, make):
    slug, desk = make.event(), make.token("checkin")
    scans = [{"code": make.participant(slug)["checkin_code"], "client_id": uuid.uuid4().hex} for _ in range(40)]
    response = client.post(f"{API}/events/{slug}/checkins/batch", json={"scans": scans}, headers=bearer(desk))
    assert response.status_code == 200
    assert [r["status"] for r in response.json["results"]] == [201] * 40


@limited
def test_confirm_page_of_a_scanned_qr_is_limited_with_a_readable_page(client, make, login_as):
    slug = make.event()
    login_as("checkin")
    for _ in range(3):
        code = make.participant(slug)["checkin_code"]
        assert client.post(f"/checkin/confirm/{code}", data={"desk": "Meja 1"}).status_code == 200
    code = make.participant(slug)["checkin_code"]
    response = client.post(f"/checkin/confirm/{code}", data={"desk": "Meja 1"})
    assert_limited_page(response)
    indonesian = client.post(f"/checkin/confirm/{code}", data={"desk": "Meja 1"}, headers={"Accept-Language": "id"})
    assert "Terlalu banyak permintaan" in indonesian.get_data(as_text=True)
    assert client.get(f"/c/{code}").status_code == 200  # opening the confirm page is not limited


def test_forum_ratelimit_0_switches_the_limits_off(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_RATELIMIT", "0")
    config = _test_config(tmp_path, f"sqlite:///{tmp_path / 'off.db'}")
    del config["RATELIMIT_ENABLED"]  # from the environment, as a benchmark's server reads it
    app = create_app({**config, "FORUM_CHECKIN_LIMIT": "1 per minute"})
    with app.app_context():
        db.create_all()
    from tests.conftest import Factory

    make = Factory(app)
    slug, desk = make.event(), make.token("checkin")
    client = app.test_client()
    assert [scan(client, slug, make, desk).status_code for _ in range(5)] == [201] * 5


@limited
def test_scans_counted_in_memory_start_no_timer_thread(client, make, app, monkeypatch):
    """limits' own memory storage starts a timer thread on a hit whenever the last one has ended (a thread per
    10 ms at a busy desk); Forum's (forum/extensions.py) sweeps expired counters in the request instead."""
    from forum.extensions import SweptMemoryStorage, limiter

    with app.app_context():
        assert isinstance(limiter.storage, SweptMemoryStorage)
    slug, desk = make.event(), make.token("checkin")
    timers, start = [], threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start",
                        lambda thread: (isinstance(thread, threading.Timer) and timers.append(thread), start(thread)))
    for _ in range(3):
        assert scan(client, slug, make, desk).status_code == 201
    assert_rate_limited(scan(client, slug, make, desk))
    assert timers == []


def test_expired_counters_are_swept_by_a_later_hit():
    from forum.extensions import SweptMemoryStorage

    storage = SweptMemoryStorage("forum-memory://")
    storage.SWEEP_EVERY = 0
    storage.incr("desk-1", expiry=0.01)
    time.sleep(0.02)
    assert storage.incr("desk-2", expiry=60) == 1
    assert "desk-1" not in storage.storage and "desk-1" not in storage.expirations
    assert storage.incr("desk-2", expiry=60) == 2


# --- agency input -----------------------------------------------------------------------------

@pytest.fixture
def forum(client, make):
    """A forum with one session open for input, and participants of two agencies."""
    slug = make.event()
    admin = bearer(make.token("admin"))
    session = client.post(f"{API}/events/{slug}/sessions", headers=admin, json={
        "title": "Diskusi", "starts_at": "2021-02-25T09:00", "ends_at": "2021-02-25T12:00"}).json["id"]
    client.post(f"{API}/events/{slug}/sessions/{session}/state", json={"input_open": True}, headers=admin)
    people = [make.participant(slug, agency=agency) for agency in ("Dinas PUPR", "Dinas PUPR", "DPMD")]
    return {"slug": slug, "session": session, "admin": admin, "people": people}


def submit(client, forum, person, n=0, headers=None, **fields):
    return client.post(f"{API}/events/{forum['slug']}/sessions/{forum['session']}/inputs",
                       headers=headers or bearer(person["access_token"]),
                       json={"kind": "proposal", "title": f"Jalan desa {n}", "body": "Akses jalan", **fields})


@limited
def test_fourth_input_in_a_minute_from_one_participant_is_a_429(client, forum):
    budi, siti = forum["people"][0], forum["people"][2]
    for n in range(3):
        assert submit(client, forum, budi, n).status_code == 201
    assert_rate_limited(submit(client, forum, budi, 3))
    assert submit(client, forum, siti).status_code == 201  # the next participant is not blocked


@limited
def test_a_colleague_of_the_same_agency_is_not_blocked(client, forum):
    budi, ani = forum["people"][0], forum["people"][1]
    for n in range(3):
        submit(client, forum, budi, n)
    assert submit(client, forum, ani).status_code == 201


@limited
def test_the_live_page_form_and_the_api_share_one_budget(client, forum):
    budi = forum["people"][0]
    for n in range(2):
        assert submit(client, forum, budi, n).status_code == 201
    client.get(f"/p/{budi['access_token']}")  # this browser acts for Budi from now on
    form = {"kind": "proposal", "title": "Irigasi", "session_id": str(forum["session"])}
    assert client.post(f"/events/{forum['slug']}/live/inputs", data=form).status_code == 303
    assert_limited_page(client.post(f"/events/{forum['slug']}/live/inputs", data={**form, "title": "Lagi"}))


@limited
def test_staff_entering_input_for_participants_are_not_limited(client, forum):
    for n in range(6):
        assert submit(client, forum, None, n, headers=forum["admin"], agency="Bappeda").status_code == 201


@limited
def test_supports_and_votes_are_limited_per_participant(client, forum):
    slug, admin = forum["slug"], forum["admin"]
    road = submit(client, forum, forum["people"][0]).json["id"]
    client.patch(f"{API}/events/{slug}/inputs/{road}", json={"status": "accepted"}, headers=admin)
    siti, ani = forum["people"][2], forum["people"][1]
    support = f"{API}/events/{slug}/inputs/{road}/support"
    for _ in range(2):
        assert client.post(support, headers=bearer(siti["access_token"])).status_code == 200
    vote = f"{API}/events/{slug}/inputs/{road}/vote"  # not a question: refused, and counted all the same
    assert client.post(vote, headers=bearer(siti["access_token"])).status_code == 422
    assert_rate_limited(client.post(support, headers=bearer(siti["access_token"])))
    assert client.post(support, headers=bearer(ani["access_token"])).status_code != 429


# --- uploads ----------------------------------------------------------------------------------

def upload(client, forum, headers):
    return client.post(f"{API}/events/{forum['slug']}/sessions/{forum['session']}/materials", headers=headers,
                       data={"file": (io.BytesIO(PDF), "paparan.pdf")}, content_type="multipart/form-data")


@limited
def test_third_upload_in_a_minute_by_one_user_is_a_429(client, make, forum):
    moderator = bearer(make.token("moderator"))
    for _ in range(2):
        assert upload(client, forum, moderator).status_code == 201
    assert_rate_limited(upload(client, forum, moderator))
    assert upload(client, forum, bearer(make.token("moderator"))).status_code == 201


@limited
def test_control_panel_uploads_and_imports_share_the_upload_budget(client, make, forum, login_as):
    login_as("organiser")
    slug = forum["slug"]
    response = client.post(f"/admin/{slug}/control/sessions/{forum['session']}/materials",
                           data={"file": (io.BytesIO(PDF), "paparan.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 303
    invitations = b"nama;instansi;jabatan;email\nBudi;Bappeda;Kabid;budi@example.id\n"
    response = client.post(f"/admin/{slug}/import", data={"file": (io.BytesIO(invitations), "undangan.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert client.get(f"/admin/{slug}/import").status_code == 200  # reading the form is not limited
    assert_limited_page(client.post(f"/admin/{slug}/import", data={"file": (io.BytesIO(invitations), "u.csv")},
                                    content_type="multipart/form-data"))


# --- shared between processes ---------------------------------------------------------------

PREFIX = f"forum-test-{uuid.uuid4().hex[:12]}"
REDIS_LIMITS = {**LOW_LIMITS, "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": PREFIX}

# Another process: its own app on the same database and the same Redis, scanning with the given tokens.
OTHER_PROCESS = """
import json, sys
from forum import create_app
config, slug, scans = json.loads(sys.argv[1])
client = create_app(config).test_client()
print(json.dumps([client.post(f"/api/v1/events/{slug}/checkins", json={"code": code},
                              headers={"Authorization": f"Bearer {token}"}).status_code for token, code in scans]))
"""


@pytest.fixture
def redis_keys():
    store = redis.Redis.from_url(REDIS_URL)
    yield store
    for key in store.scan_iter(match=f"*{PREFIX}*"):
        store.delete(key)


@pytest.mark.config(**REDIS_LIMITS)
def test_the_limit_is_shared_by_processes_through_redis(app, client, make, tmp_path, redis_keys):
    slug, desk, other_desk = make.event(), make.token("checkin"), make.token("checkin")
    for _ in range(3):
        assert scan(client, slug, make, desk).status_code == 201
    assert any(PREFIX in key.decode() for key in redis_keys.scan_iter(match=f"*{PREFIX}*"))
    config = {key: value for key, value in app.config.items() if key in {*REDIS_LIMITS, *_test_config(tmp_path, "")}}
    scans = [(desk, make.participant(slug)["checkin_code"]), (other_desk, make.participant(slug)["checkin_code"])]
    result = subprocess.run([sys.executable, "-c", OTHER_PROCESS, json.dumps([config, slug, scans])], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # This desk's three scans were counted here; the other process refuses its fourth; the other desk goes on.
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [429, 201]
