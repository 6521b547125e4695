"""Every idempotent operation, retried 20 times at the same instant with the same request, records one
thing and gives every retry the first answer — on SQLite and on PostgreSQL, where the requests really
run side by side (the database's unique constraints decide, not a check before the insert)."""
from __future__ import annotations

import json
import threading
import uuid

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Checkin, CheckinScan, Input, InputSupport, InputVote, Participant

pytestmark = pytest.mark.both_dbs

RETRIES = 20


def storm(app, send) -> list[tuple[int, str]]:
    """`send(client)` from RETRIES threads released together by a barrier; every (status, JSON body)."""
    answers, barrier = [], threading.Barrier(RETRIES)

    def one():
        client = app.test_client()
        barrier.wait()
        response = send(client)
        answers.append((response.status_code, json.dumps(response.json, sort_keys=True)))

    threads = [threading.Thread(target=one) for _ in range(RETRIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(answers) == RETRIES
    return answers


def assert_all_the_first_answer(answers, status: int):
    assert len(set(answers)) == 1, sorted(set(answers))
    assert answers[0][0] == status, answers[0]


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def forum(app, client, make, backend):
    slug = make.event()
    session = client.post(f"/api/v1/events/{slug}/sessions", headers=make.headers("organiser"), json={
        "title": "Diskusi", "starts_at": "2021-02-25T13:00", "ends_at": "2021-02-25T15:00"}).json
    client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/state", json={"state": "live", "input_open": True},
                headers=make.headers("moderator"))
    return {"slug": slug, "session": session, "desk": make.headers("checkin"), "make": make,
            "dewi": make.participant(slug, name="Dewi Lestari", agency="Bappeda"),
            "agus": make.participant(slug, name="Agus Santoso", agency="Dinas PUPR"),
            "maria": make.participant(slug, name="Maria Siregar", agency="DPMD")}


def as_(person) -> dict:
    return {"Authorization": f"Bearer {person['access_token']}"}


def test_a_check_in_retried_20_times_at_once_is_one_check_in_and_one_answer(app, forum):
    body = {"code": forum["dewi"]["checkin_code"], "desk": "Meja 1", "client_id": str(uuid.uuid4())}
    answers = storm(app, lambda c: c.post(f"/api/v1/events/{forum['slug']}/checkins", json=body,
                                          headers=forum["desk"]))
    assert_all_the_first_answer(answers, 201)
    assert count(app, Checkin) == 1 and count(app, CheckinScan) == 1


def test_an_offline_batch_resent_20_times_at_once_records_each_scan_once(app, forum):
    scans = [{"code": forum[name]["checkin_code"], "desk": "Meja 2", "client_id": f"{name}-{uuid.uuid4()}",
              "scanned_at": "2021-02-25T07:50:00+07:00"} for name in ("dewi", "agus", "maria")]
    answers = storm(app, lambda c: c.post(f"/api/v1/events/{forum['slug']}/checkins/batch", json={"scans": scans},
                                          headers=forum["desk"]))
    assert_all_the_first_answer(answers, 200)
    assert [r["status"] for r in json.loads(answers[0][1])["results"]] == [201, 201, 201]
    assert count(app, Checkin) == 3 and count(app, CheckinScan) == 3


@pytest.mark.parametrize("contact", [{}, {"email": "tamu@example.id", "phone": "0812 5678 9012"}],
                         ids=["no-contact", "email-and-phone"])
def test_a_walk_in_retried_20_times_at_once_is_one_person(app, forum, contact):
    body = {"name": "Tamu Baru", "agency": "Bappeda", "position": "Staf", "consent": True, "desk": "Meja 3",
            "client_id": str(uuid.uuid4()), **contact}
    answers = storm(app, lambda c: c.post(f"/api/v1/events/{forum['slug']}/walkins", json=body,
                                          headers=forum["desk"]))
    assert_all_the_first_answer(answers, 201)
    assert count(app, Participant, Participant.name == "Tamu Baru") == 1
    assert count(app, Checkin) == 1 and count(app, CheckinScan) == 1


def test_an_input_retried_20_times_at_once_is_one_input(app, forum):
    body = {"kind": "proposal", "title": "Pembangunan jalan desa Sebunga", "body": "Akses ke PLBN Aruk",
            "client_id": str(uuid.uuid4())}
    url = f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/inputs"
    answers = storm(app, lambda c: c.post(url, json=body, headers=as_(forum["agus"])))
    assert_all_the_first_answer(answers, 201)
    assert count(app, Input) == 1


def test_an_input_entered_by_staff_retried_20_times_at_once_is_one_input(app, forum):
    body = {"kind": "comment", "title": "Usulan dari formulir kertas", "agency": "Dinas PUPR",
            "client_id": str(uuid.uuid4())}
    url = f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/inputs"
    moderator = forum["make"].headers("moderator")
    answers = storm(app, lambda c: c.post(url, json=body, headers=moderator))
    assert_all_the_first_answer(answers, 201)
    assert count(app, Input) == 1


@pytest.mark.parametrize("action, kind, model", [("support", "proposal", InputSupport),
                                                 ("vote", "question", InputVote)])
def test_a_support_or_vote_retried_20_times_at_once_counts_once(app, forum, client, action, kind, model):
    url = f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/inputs"
    item = client.post(url, json={"kind": kind, "title": "Air bersih Entikong"}, headers=as_(forum["agus"])).json
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{item['id']}", json={"status": "accepted"},
                 headers=forum["make"].headers("moderator"))
    answers = storm(app, lambda c: c.post(f"/api/v1/events/{forum['slug']}/inputs/{item['id']}/{action}",
                                          headers=as_(forum["maria"])))
    assert_all_the_first_answer(answers, 200)
    assert count(app, model) == 1
