"""A crash at the worst moment loses nothing: the real server (`python wsgi.py`, SQLite) is killed with
SIGKILL in the middle of a burst of check-ins and inputs from several desks and phones and restarted on
the same database (three times, each burst retrying what was not confirmed), and then

* every request the client saw confirmed (200/201) is in the database, exactly once;
* retrying every request with its `client_id` records nothing twice, and a confirmed one gets its first
  answer again;
* no answer during the burst was "database is locked" (or any 500/503): at this load the writer queue,
  not SQLite's busy handler, decides who writes.
"""
from __future__ import annotations

import queue
import random
import signal
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field

import pytest
import requests

from tests.conftest import LiveServer

PEOPLE = 48  # each checks in once and submits one input: 96 requests
THREADS = 8  # the check-in benchmark's concurrency
ROUNDS = 3  # burst, SIGKILL after a third of the pending requests were confirmed, restart; three times
PASSWORD = "correct horse battery"


@dataclass
class Job:
    kind: str  # "checkin" or "input"
    participant_id: int
    url: str
    body: dict
    token: str
    client_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: int | None = None  # what the client saw; None: no answer (connection lost)
    answer: dict | None = None

    def send(self, http: requests.Session, timeout: float = 10):
        body = {**self.body, "client_id": self.client_id}
        return http.post(self.url, json=body, headers={"Authorization": f"Bearer {self.token}"}, timeout=timeout)

    @property
    def confirmed(self) -> bool:
        return self.status in (200, 201)


def staff_token(server: LiveServer, role: str) -> str:
    email = f"{role}-{uuid.uuid4().hex[:6]}@forum.example.id"
    server.cli("create-user", "--email", email, "--name", f"Staff {role}", "--role", role, "--password", PASSWORD)
    return server.cli("create-token", "--email", email).strip().splitlines()[-1]


def database(server: LiveServer) -> sqlite3.Connection:
    return sqlite3.connect(server.tmp / "live.db", timeout=30)


@pytest.fixture
def server(tmp_path):
    server = LiveServer(tmp_path)
    server.cli("init")
    server.start()
    yield server
    server.stop()


def kill(server: LiveServer) -> str:
    """SIGKILL, as the kernel's OOM killer or a pulled plug of the process would; returns the log so far."""
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait(10)
    server.proc = None
    server.log.close()
    return (server.tmp / "server.log").read_text()


def build_jobs(server: LiveServer) -> list[Job]:
    desk = staff_token(server, "organiser")  # organisers run the desks too (one CLI call less to wait for)
    organiser = {"Authorization": f"Bearer {desk}"}
    api = f"{server.url}/api/v1"
    event = requests.post(f"{api}/events", headers=organiser, timeout=10, json={
        "title": "Forum OPD Uji Ketahanan", "starts_at": "2031-02-25T08:00", "ends_at": "2031-02-25T16:00"})
    assert event.status_code == 201, event.text
    slug = event.json()["slug"]
    session = requests.post(f"{api}/events/{slug}/sessions", headers=organiser, timeout=10, json={
        "title": "Diskusi Kelompok", "starts_at": "2031-02-25T09:00", "ends_at": "2031-02-25T12:00"}).json()
    opened = requests.post(f"{api}/events/{slug}/sessions/{session['id']}/state", headers=organiser, timeout=10,
                           json={"state": "live", "input_open": True})
    assert opened.status_code == 200, opened.text
    agencies = ["Dinas PUPR", "DPMD", "Bappeda", "Dinas Kesehatan", "Dinas Pendidikan", "BPBD"]
    access = {}
    for n in range(PEOPLE):
        person = requests.post(f"{api}/events/{slug}/registrations", headers=organiser, timeout=10, json={
            "name": f"Peserta {n}", "agency": agencies[n % len(agencies)], "position": "Analis",
            "attendance": "in_person", "consent": True, "email": f"peserta{n}@example.id"})
        assert person.status_code == 201, person.text
        access[person.json()["id"]] = person.json()["personal_url"].rsplit("/", 1)[1]
    with database(server) as db:
        codes = dict(db.execute("SELECT id, checkin_code FROM participants"))
    jobs = []
    for n, (pid, token) in enumerate(sorted(access.items())):
        jobs.append(Job("checkin", pid, f"{api}/events/{slug}/checkins", token=desk,
                        body={"code": f"{server.url}/c/{codes[pid]}", "desk": f"Meja {n % 4 + 1}"}))
        jobs.append(Job("input", pid, f"{api}/events/{slug}/sessions/{session['id']}/inputs", token=token,
                        body={"kind": ("proposal", "comment", "question")[n % 3],
                              "title": f"Usulan {n}: rehabilitasi jalan desa", "body": "Jalan rusak berat."}))
    random.Random(8).shuffle(jobs)
    return jobs


def burst(jobs: list[Job], server: LiveServer, kill_after: int) -> str:
    """Sends the jobs from THREADS threads and kills the server once `kill_after` were confirmed."""
    todo: queue.Queue[Job] = queue.Queue()
    for job in jobs:
        todo.put(job)
    confirmed = threading.Semaphore(0)

    def desk():
        with requests.Session() as http:
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    response = job.send(http)
                except requests.RequestException:
                    continue  # the server died under this request: unconfirmed
                job.status = response.status_code
                job.answer = response.json() if response.headers.get("Content-Type", "").startswith(
                    "application/json") else {"text": response.text}
                if job.confirmed:
                    confirmed.release()

    threads = [threading.Thread(target=desk) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    for _ in range(kill_after):
        assert confirmed.acquire(timeout=max(0.1, deadline - time.monotonic())), "the burst stalled"
    log = kill(server)
    for thread in threads:
        thread.join(30)
    return log


def counts(server: LiveServer, sql: str) -> dict:
    with database(server) as db:
        return dict(db.execute(sql))


def assert_confirmed_ones_stored_once(server: LiveServer, jobs: list[Job]) -> None:
    with database(server) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    scans = counts(server, "SELECT client_id, COUNT(*) FROM checkin_scans GROUP BY client_id")
    checkins = counts(server, "SELECT participant_id, COUNT(*) FROM checkins GROUP BY participant_id")
    inputs = counts(server, "SELECT client_id, COUNT(*) FROM inputs GROUP BY client_id")
    input_ids = counts(server, "SELECT client_id, id FROM inputs")
    authors = counts(server, "SELECT client_id, participant_id FROM inputs")
    for job in jobs:
        if not job.confirmed:
            continue
        if job.kind == "checkin":
            assert scans.get(job.client_id) == 1 and checkins.get(job.participant_id) == 1, job
        else:
            assert inputs.get(job.client_id) == 1 and input_ids[job.client_id] == job.answer["id"], job
            assert authors[job.client_id] == job.participant_id, job


def test_sigkill_during_a_burst_loses_no_confirmed_request_and_duplicates_nothing(server):
    jobs = build_jobs(server)
    for round_ in range(ROUNDS):
        pending = [job for job in jobs if not job.confirmed]  # a retry keeps its client_id
        log = burst(pending, server, kill_after=len(pending) // 3)

        # Every answer the burst got was a success; none was a lock timeout or a server error.
        answered = [job for job in pending if job.status is not None]
        assert all(job.confirmed for job in answered), [(j.kind, j.status, j.answer) for j in answered
                                                         if not j.confirmed]
        assert "database is locked" not in log and "database unavailable" not in log, log[-3000:]
        assert any(not job.confirmed for job in pending), "the kill must land in the middle of the burst"

        # After the crash: each request the client saw confirmed is there exactly once.
        assert_confirmed_ones_stored_once(server, jobs)
        server.start()  # on the same database

    # Retry everything with its client_id: the unconfirmed ones are done now, the confirmed ones
    # answer as the first time, and nothing is recorded twice.
    with requests.Session() as http:
        for job in jobs:
            response = job.send(http)
            assert response.status_code in (200, 201), (job.kind, response.status_code, response.text)
            if job.confirmed and job.kind == "checkin":
                assert (response.status_code, response.json()) == (job.status, job.answer)
            elif job.confirmed:
                assert response.json()["id"] == job.answer["id"]
            else:
                job.status, job.answer = response.status_code, response.json()
    assert_confirmed_ones_stored_once(server, jobs)
    scans = counts(server, "SELECT client_id, COUNT(*) FROM checkin_scans GROUP BY client_id")
    checkins = counts(server, "SELECT participant_id, COUNT(*) FROM checkins GROUP BY participant_id")
    inputs = counts(server, "SELECT client_id, COUNT(*) FROM inputs GROUP BY client_id")
    assert scans == {job.client_id: 1 for job in jobs if job.kind == "checkin"}
    assert checkins == {job.participant_id: 1 for job in jobs if job.kind == "checkin"}
    assert inputs == {job.client_id: 1 for job in jobs if job.kind == "input"}
