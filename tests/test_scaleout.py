"""Scale-out: several Forum processes on one PostgreSQL and one Redis, for real: one `python wsgi.py` (threads),
one gunicorn in the scale-out's server mode (scripts/serve's; gevent by default), each reaching the other.

Clients connect to each process directly (no load balancer here), as behind nginx with ip_hash.
"""
import threading
import time

import pytest
import requests
import socketio

from tests.cluster import REDIS_URL, Cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("cluster"), n=2, gunicorn=(1,))
    c.organiser = c.token("organiser")
    c.desk = c.token("checkin")
    response = requests.post(f"{c.urls[0]}/api/v1/events", headers={"Authorization": f"Bearer {c.organiser}"},
                             json={"title": "Forum nasional", "starts_at": "2021-02-25T08:00",
                                   "ends_at": "2021-02-25T16:00"})
    c.slug = response.json()["slug"]
    yield c
    c.stop()


def listen(url, slug, token, names=("checkin", "attendance", "agenda")):
    received, ready = [], threading.Event()
    client = socketio.Client(reconnection=False)
    for name in names:
        client.on(name, (lambda n: lambda data: received.append((n, data)))(name), namespace="/live")
    client.connect(url, namespaces=["/live"], auth={"event": slug, "token": token}, transports=["websocket"],
                   wait_timeout=10)
    ready.set()
    return client, received


def wait_for(predicate, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_checkin_on_one_process_reaches_staff_on_another(cluster):
    person = requests.post(f"{cluster.urls[0]}/api/v1/events/{cluster.slug}/registrations",
                           json={"name": "Dewi", "agency": "Bappeda", "position": "Analis", "attendance": "in_person",
                                 "consent": True}, headers={"Authorization": f"Bearer {cluster.organiser}"}).json()
    client, received = listen(cluster.urls[1], cluster.slug, cluster.organiser)
    try:
        code = person["qr_png_url"].rsplit("/", 1)[-1].removesuffix(".png")
        response = requests.post(f"{cluster.urls[0]}/api/v1/events/{cluster.slug}/checkins", json={"code": code},
                                 headers={"Authorization": f"Bearer {cluster.desk}"})
        assert response.status_code == 201
        assert wait_for(lambda: any(n == "checkin" for n, _ in received)), received
        checkin = next(d for n, d in received if n == "checkin")
        assert checkin["participant"]["name"] == "Dewi"
    finally:
        client.disconnect()


def test_the_same_code_at_two_processes_checks_in_once(cluster):
    person = requests.post(f"{cluster.urls[0]}/api/v1/events/{cluster.slug}/registrations",
                           json={"name": "Joko", "agency": "DPMD", "position": "Staf", "attendance": "in_person",
                                 "consent": True}, headers={"Authorization": f"Bearer {cluster.organiser}"}).json()
    code = person["qr_png_url"].rsplit("/", 1)[-1].removesuffix(".png")
    statuses, barrier = [], threading.Barrier(8)

    def desk(i):
        barrier.wait()
        r = requests.post(f"{cluster.urls[i % 2]}/api/v1/events/{cluster.slug}/checkins", json={"code": code},
                          headers={"Authorization": f"Bearer {cluster.desk}"})
        statuses.append(r.status_code)

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200] * 7 + [201]


def test_rate_limits_are_shared_between_processes(cluster):
    statuses = []
    for i in range(8):
        r = requests.post(f"{cluster.urls[i % 2]}/api/v1/events/{cluster.slug}/registrations",
                          json={"name": f"Tamu {i}", "agency": "Umum", "position": "Staf", "attendance": "online",
                                "consent": True})
        statuses.append(r.status_code)
    # 5 per minute for this client address across both processes together
    assert statuses.count(201) <= 5 and 429 in statuses


def test_online_presence_is_counted_once_across_processes(cluster):
    person = requests.post(f"{cluster.urls[0]}/api/v1/events/{cluster.slug}/registrations",
                           json={"name": "Sari", "agency": "Dinkes", "position": "Staf", "attendance": "online",
                                 "consent": True}, headers={"Authorization": f"Bearer {cluster.organiser}"}).json()
    token = person["personal_url"].rsplit("/", 1)[-1]
    tabs = [listen(url, cluster.slug, token)[0] for url in cluster.urls]
    try:
        summary = requests.get(f"{cluster.urls[1]}/api/v1/events/{cluster.slug}/attendance",
                               headers={"Authorization": f"Bearer {cluster.organiser}"}).json()["summary"]
        assert summary["online_now"] == 1
    finally:
        for tab in tabs:
            tab.disconnect()


def test_a_page_opened_after_a_change_made_on_another_process_shows_it(cluster):
    """A process keeps the agenda it sends to the pages that open; a change made on another process drops it."""
    headers = {"Authorization": f"Bearer {cluster.organiser}"}
    session = requests.post(f"{cluster.urls[0]}/api/v1/events/{cluster.slug}/sessions", headers=headers,
                            json={"title": "Pleno", "starts_at": "2021-02-25T09:00",
                                  "ends_at": "2021-02-25T12:00"}).json()["id"]
    first, seen = listen(cluster.urls[1], cluster.slug, None, names=("agenda",))
    try:
        assert wait_for(lambda: seen)
        response = requests.post(f"{cluster.urls[0]}/api/v1/events/{cluster.slug}/sessions/{session}/state",
                                 headers=headers, json={"state": "live"})
        assert response.ok, response.text
        assert wait_for(lambda: any(data["current_session_id"] == session for _, data in seen)), seen
        newcomer, opened = listen(cluster.urls[1], cluster.slug, None, names=("agenda",))
        try:
            assert wait_for(lambda: opened)
            assert opened[0][1]["current_session_id"] == session
        finally:
            newcomer.disconnect()
    finally:
        first.disconnect()


def test_two_deployments_on_one_redis_never_see_each_others_events(app):
    """Redis pub/sub ignores the database number: each deployment gets its own channel, named after its
    database, while the processes of one deployment (same DATABASE_URL) share one."""
    from forum import socketio_channel

    production = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://forum:secret@db.internal:5432/forum"}
    staging = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://forum:secret@db.internal:5432/forum_staging"}
    same_db_other_password = {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://forum:rotated@db.internal:5432/forum"}
    assert socketio_channel(production) != socketio_channel(staging)
    assert socketio_channel(production) == socketio_channel(same_db_other_password)
    assert "secret" not in socketio_channel(production)
    assert socketio_channel({**staging, "FORUM_SOCKETIO_CHANNEL": "forum-kalbar"}) == "forum-kalbar"


def test_the_message_queue_listens_on_the_deployments_channel(tmp_path):
    from forum import create_app, socketio_channel
    from forum.extensions import socketio

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'forum.db'}", "REDIS_URL": REDIS_URL,
                      "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 32, "TESTING": True})
    assert socketio.server.manager.channel == socketio_channel(app.config)
    assert socketio.server.manager.channel.startswith("forum-")
