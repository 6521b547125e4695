"""Scale-out: several `python wsgi.py` processes on one PostgreSQL and one Redis, for real.

Clients connect to each process directly (no load balancer here), as behind nginx with ip_hash.
"""
import os
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests
import socketio
from sqlalchemy import create_engine, text

from tests.conftest import PG_ADMIN_URL, ROOT, free_port

REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class Cluster:
    def __init__(self, tmp, n=2):
        self.name = f"forum_scale_{uuid.uuid4().hex[:8]}"
        self.admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.env = {**os.environ, "DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.name}",
                    "REDIS_URL": REDIS_URL, "SECRET_KEY": uuid.uuid4().hex, "FORUM_INSTANCE_PATH": str(tmp),
                    "FORUM_RATELIMIT": "1", "FORUM_REGISTRATION_LIMIT": "5 per minute", "PYTHONUNBUFFERED": "1"}
        self.tmp = tmp
        self.cli("init")
        self.procs, self.urls = [], []
        for i in range(n):
            port = free_port()
            log = open(tmp / f"server{i}.log", "w")
            proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env={**self.env, "PORT": str(port)},
                                    stdout=log, stderr=subprocess.STDOUT)
            self.procs.append(proc)
            self.urls.append(f"http://127.0.0.1:{port}")
        for url in self.urls:
            deadline = time.time() + 30
            while True:
                try:
                    if requests.get(f"{url}/readyz", timeout=1).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                if time.time() > deadline:
                    raise RuntimeError((tmp / "server0.log").read_text())
                time.sleep(0.2)

    def cli(self, *args):
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "forum", *args], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def token(self, role):
        email = f"{role}-{uuid.uuid4().hex[:6]}@scale.example.id"
        self.cli("create-user", "--email", email, "--name", role, "--role", role, "--password", "long enough password")
        return self.cli("create-token", "--email", email).strip().splitlines()[-1]

    def stop(self):
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("cluster"), n=2)
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
                          json={"name": f"Tamu {i}", "agency": "Umum", "position": "", "attendance": "online",
                                "consent": True})
        statuses.append(r.status_code)
    # 5 per minute for this client address across both processes together
    assert statuses.count(201) <= 5 and 429 in statuses


def test_online_presence_is_counted_once_across_processes(cluster):
    person = requests.post(f"{cluster.urls[0]}/api/v1/events/{cluster.slug}/registrations",
                           json={"name": "Sari", "agency": "Dinkes", "position": "", "attendance": "online",
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
