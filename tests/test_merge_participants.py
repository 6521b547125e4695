"""Merging two records of one person (organisers): check-ins (the earliest kept), online presence, inputs, votes,
supports (one per agency), history and audit references move to the kept record, the other is deleted, the merge
is audited; over the API, in the back office, and with two organisers merging the same pair at once."""
import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.db import utcnow
from forum.extensions import db
from forum.models import AuditEntry, Checkin, Input, InputSupport, InputVote, OnlinePresence, Participant
from tests.test_idempotency_concurrent import count

pytestmark = pytest.mark.both_dbs


def bearer(person) -> dict:
    return {"Authorization": f"Bearer {person['access_token']}"}


@pytest.fixture
def forum(app, client, make, backend):
    slug = make.event()
    session, mod = make.live_session(slug)
    people = {
        "budi": make.participant(slug, name="Budi Santoso", agency="Dinas PUPR", position="Kepala Seksi"),
        "budi2": make.participant(slug, name="Ir. Budi Santoso, M.T.", agency="Dinas PUPR", position="Kasi Jalan"),
        "maria": make.participant(slug, name="Maria Siregar", agency="DPMD"),
    }
    with app.app_context():
        db.session.get(Participant, people["budi"]["id"]).invited = True  # on the invitation list
        db.session.commit()
    return {"slug": slug, "session": session, "mod": mod, "make": make, **people,
            "inputs": f"/api/v1/events/{slug}/sessions/{session['id']}/inputs"}


def merge(client, forum, gone, into, role="organiser"):
    return client.post(f"/api/v1/events/{forum['slug']}/participants/{gone}/merge", json={"into": into},
                       headers=forum["make"].headers(role))


def accepted(client, forum, kind, title, by):
    item = client.post(forum["inputs"], json={"kind": kind, "title": title}, headers=bearer(by)).json
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{item['id']}", json={"status": "accepted"},
                 headers=forum["mod"])
    return item


def test_merging_moves_everything_and_keeps_the_earliest_checkin(app, client, forum):
    slug, budi, budi2 = forum["slug"], forum["budi"], forum["budi2"]
    desk = forum["make"].headers("checkin")
    assert client.post(f"/api/v1/events/{slug}/checkins", json={"code": budi2["checkin_code"]},
                       headers=desk).status_code == 201
    first = client.post(f"/api/v1/events/{slug}/checkins", json={"code": budi["checkin_code"]}, headers=desk).json
    with app.app_context():
        early = db.session.scalar(select(Checkin.checked_in_at).where(Checkin.participant_id == budi2["id"]))
        db.session.add(OnlinePresence(event_id=1, participant_id=budi2["id"], connection_id="c1",
                                      joined_at=utcnow() - timedelta(minutes=30), left_at=utcnow()))
        db.session.commit()
    question = accepted(client, forum, "question", "Kapan jalan Aruk selesai?", forum["maria"])
    for person in (budi, budi2):  # the same person voted twice, once from each record
        client.post(f"/api/v1/events/{slug}/inputs/{question['id']}/vote", headers=bearer(person))
    own = client.post(forum["inputs"], json={"kind": "proposal", "title": "Jembatan Sajingan"},
                      headers=bearer(budi2)).json

    response = merge(client, forum, budi2["id"], budi["id"])
    assert response.status_code == 200, response.json
    assert response.json["id"] == budi["id"] and response.json["name"] == "Budi Santoso"
    with app.app_context():
        assert db.session.get(Participant, budi2["id"]) is None
        kept_checkin = db.session.scalar(select(Checkin).where(Checkin.participant_id == budi["id"]))
        assert kept_checkin.checked_in_at == early and first["checked_in_at"] != early
        assert db.session.scalar(select(Input.participant_id).where(Input.id == own["id"])) == budi["id"]
        assert db.session.scalar(select(OnlinePresence.participant_id)) == budi["id"]
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "participant.merged"))
        assert entry.target_id == budi["id"]
        assert entry.details["merged_id"] == budi2["id"] and entry.details["merged_name"] == "Ir. Budi Santoso, M.T."
        assert entry.details["kept_name"] == "Budi Santoso"
        # no entry names the deleted record any more, as actor or as target
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            (AuditEntry.actor_participant_id == budi2["id"])
            | ((AuditEntry.target_type == "Participant") & (AuditEntry.target_id == budi2["id"])))) == 0
    assert count(app, Checkin) == 1  # the later check-in went with the duplicate
    assert count(app, InputVote, InputVote.input_id == question["id"]) == 1
    # the second record's QR code no longer checks anyone in
    again = client.post(f"/api/v1/events/{slug}/checkins", json={"code": budi2["checkin_code"]}, headers=desk)
    assert again.json["result"] == "revoked"


def test_supports_stay_one_per_agency(app, client, forum):
    slug = forum["slug"]
    wrong = forum["make"].participant(slug, name="Budi Santoso", agency="Bappeda", email="budi@bappeda.example.id")
    both = accepted(client, forum, "proposal", "Air bersih Entikong", forum["maria"])
    only_wrong = accepted(client, forum, "proposal", "Sinyal desa Badau", forum["maria"])
    client.post(f"/api/v1/events/{slug}/inputs/{both['id']}/support", headers=bearer(forum["budi"]))
    for item in (both, only_wrong):
        client.post(f"/api/v1/events/{slug}/inputs/{item['id']}/support", headers=bearer(wrong))
    assert merge(client, forum, wrong["id"], forum["budi"]["id"]).status_code == 200
    with app.app_context():
        rows = db.session.execute(select(InputSupport.input_id, InputSupport.agency_id, InputSupport.participant_id)
                                  .order_by(InputSupport.input_id)).all()
        pupr = db.session.get(Participant, forum["budi"]["id"]).agency_id
    assert [(r.input_id, r.agency_id, r.participant_id) for r in rows] == [
        (both["id"], pupr, forum["budi"]["id"]), (only_wrong["id"], pupr, forum["budi"]["id"])]


def test_merge_refusals(client, forum):
    budi, budi2 = forum["budi"]["id"], forum["budi2"]["id"]
    same = merge(client, forum, budi, budi)
    assert same.status_code == 422 and "into" in same.json["error"]["fields"]
    assert merge(client, forum, budi, "2").status_code == 422
    assert merge(client, forum, budi, 999999).status_code == 404
    assert merge(client, forum, budi2, budi, role="moderator").status_code == 403


def test_the_back_office_offers_the_likely_duplicate_and_merges_after_confirmation(app, client, forum, login_as):
    slug, budi, budi2 = forum["slug"], forum["budi"], forum["budi2"]
    login_as("organiser")
    page = client.get(f"/admin/{slug}/participants/{budi2['id']}")
    assert page.status_code == 200 and 'id="merge-with"' in page.text
    chooser = client.get(f"/admin/{slug}/participants/{budi2['id']}/merge")
    likely = chooser.text.split('id="likely"', 1)[1].split("</ul>", 1)[0]
    assert "Budi Santoso" in likely and "Maria" not in likely
    confirm = client.get(f"/admin/{slug}/participants/{budi2['id']}/merge/{budi['id']}")
    assert confirm.status_code == 200
    # the invited record is offered as the one to keep
    assert f'id="keep-{budi["id"]}" value="{budi["id"]}" checked' in confirm.text
    done = client.post(f"/admin/{slug}/participants/{budi2['id']}/merge/{budi['id']}",
                       data={"keep": str(budi["id"])})  # (CSRF is checked in test_backoffice's own app)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/participants/{budi['id']}")
    assert count(app, Participant) == 2


@pytest.mark.postgresql_only  # two transactions really side by side; SQLite runs one writer at a time anyway
def test_two_organisers_merging_the_same_pair_at_once_lose_and_duplicate_nothing(app, client, forum):
    slug, budi, budi2 = forum["slug"], forum["budi"], forum["budi2"]
    desk = forum["make"].headers("checkin")
    for person in (budi2, budi):
        client.post(f"/api/v1/events/{slug}/checkins", json={"code": person["checkin_code"]}, headers=desk)
    question = accepted(client, forum, "question", "Kapan jalan Aruk selesai?", forum["maria"])
    for person in (budi, budi2):
        client.post(f"/api/v1/events/{slug}/inputs/{question['id']}/vote", headers=bearer(person))
    headers = forum["make"].headers()
    answers, barrier = [], threading.Barrier(2)

    def one(gone, into):
        c = app.test_client()
        barrier.wait()
        r = c.post(f"/api/v1/events/{slug}/participants/{gone}/merge", json={"into": into}, headers=headers)
        answers.append((r.status_code, json.dumps(r.json)))

    threads = [threading.Thread(target=one, args=pair) for pair in ((budi2["id"], budi["id"]),
                                                                    (budi["id"], budi2["id"]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(status for status, _ in answers) == [200, 404], answers
    with app.app_context():
        left = db.session.scalars(select(Participant.id).where(Participant.name.contains("Budi"))).all()
    assert len(left) == 1
    assert count(app, Checkin, Checkin.participant_id == left[0]) == 1
    assert count(app, InputVote, InputVote.input_id == question["id"]) == 1
    assert count(app, AuditEntry, AuditEntry.action == "participant.merged") == 1
