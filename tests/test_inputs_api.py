"""Agency input: submission, idempotency, moderation workflow and history, supports, overlaps."""
import threading

import pytest
from sqlalchemy import func, select

from forum.extensions import db, socketio
from forum.models import Input

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(app, client, make, backend):
    slug = make.event()
    session, mod = make.live_session(slug)
    pupr = make.participant(slug, name="Agus Santoso", agency="Dinas PUPR")
    dpmd = make.participant(slug, name="Maria Siregar", agency="DPMD")
    return {"slug": slug, "session": session, "mod": mod, "pupr": pupr, "dpmd": dpmd, "make": make}


def as_(person):
    return {"Authorization": f"Bearer {person['access_token']}"}


def submit(client, forum, person, **body):
    data = {"kind": "proposal", "title": "Pembangunan jalan desa Sebunga", "body": "Akses ke PLBN Aruk",
            "activity": "Pembangunan jalan desa", "budget": "1,5 M", "target": "5 km",
            "location": {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}, **body}
    return client.post(f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/inputs", json=data,
                       headers=as_(person))


def count_inputs(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Input.id)))


def test_a_proposal_is_stored_with_official_place_names_and_rupiah(client, forum):
    response = submit(client, forum, forum["pupr"])
    assert response.status_code == 201, response.json
    item = response.json
    assert item["author"] == {"name": "Agus Santoso"} and item["agency"]["name"] == "Dinas PUPR"
    assert item["location"]["regency"] == "Kabupaten Sambas" and item["location"]["village"] == "Sebunga"
    assert item["budget"] == 1_500_000_000 and item["status"] == "submitted" and item["supports"] == 0


def test_the_answer_to_a_new_input_is_what_reading_it_back_gives(client, forum):
    """The submission's answer skips the count queries (nothing can support a brand-new input yet) but
    must say exactly what a later read says, overlaps found on arrival included (with an accepted input: a
    participant's answer names only the overlaps they may see)."""
    first = submit(client, forum, forum["pupr"]).json
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{first['id']}", json={"status": "accepted"},
                 headers=forum["mod"])
    answer = submit(client, forum, forum["dpmd"], title="Peningkatan jalan poros desa Sebunga", client_id="c-1")
    assert answer.status_code == 201 and answer.json["overlaps"], answer.json
    read = client.get(f"/api/v1/events/{forum['slug']}/inputs/{answer.json['id']}", headers=forum["mod"]).json
    read.pop("history", None)
    assert answer.json == read
    retry = submit(client, forum, forum["dpmd"], title="Peningkatan jalan poros desa Sebunga", client_id="c-1")
    assert retry.status_code == 201 and retry.json == answer.json


def test_input_to_a_closed_session_is_409(client, forum):
    client.post(f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/state",
                json={"input_open": False}, headers=forum["mod"])
    response = submit(client, forum, forum["pupr"])
    assert response.status_code == 409 and response.json["error"]["code"] == "input_closed"


def test_same_client_id_twice_is_one_input(client, forum, app):
    first = submit(client, forum, forum["pupr"], client_id="abc-1").json
    second = submit(client, forum, forum["pupr"], client_id="abc-1").json
    assert first == second and count_inputs(app) == 1


def test_a_retry_storm_with_one_client_id_stores_one_input(app, forum):
    answers, barrier = [], threading.Barrier(10)

    def retry():
        client = app.test_client()
        barrier.wait()
        answers.append(submit(client, forum, forum["pupr"], client_id="storm").json["id"])

    threads = [threading.Thread(target=retry) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(answers)) == 1 and count_inputs(app) == 1


@pytest.mark.parametrize("budget", ["-5", "1e99", "satu juta", -5, 1.5, True])
def test_bad_costs_are_field_errors(client, forum, budget):
    response = submit(client, forum, forum["pupr"], budget=budget)
    assert response.status_code == 422 and "budget" in response.json["error"]["fields"]


def test_a_place_not_in_the_region_list_is_a_clear_error(client, forum):
    response = submit(client, forum, forum["pupr"], location={"regency": "Sambas", "district": "Entikong"})
    assert response.status_code == 422
    assert "Entikong" in response.json["error"]["fields"]["location.district"]


def test_a_huge_body_is_refused(client, forum):
    response = submit(client, forum, forum["pupr"], body="x" * 100_000)
    assert response.status_code in (413, 422)


def test_overlapping_proposals_of_two_agencies_are_flagged(client, forum):
    first = submit(client, forum, forum["pupr"]).json
    second = submit(client, forum, forum["dpmd"], title="Peningkatan jalan poros desa Sebunga",
                    activity="Peningkatan jalan poros").json
    second = client.get(f"/api/v1/events/{forum['slug']}/inputs/{second['id']}", headers=forum["mod"]).json
    assert [o["input_id"] for o in second["overlaps"]] == [first["id"]]
    assert any("Sebunga" in reason for reason in second["overlaps"][0]["reasons"])
    listed = client.get(f"/api/v1/events/{forum['slug']}/inputs", headers=forum["mod"]).json["inputs"]
    assert {i["id"]: [o["input_id"] for o in i["overlaps"]] for i in listed} == {first["id"]: [second["id"]],
                                                                                 second["id"]: [first["id"]]}


def test_a_dismissed_overlap_stays_dismissed(client, forum):
    first = submit(client, forum, forum["pupr"]).json
    second = submit(client, forum, forum["dpmd"], title="Peningkatan jalan poros desa Sebunga").json
    client.post(f"/api/v1/events/{forum['slug']}/inputs/{second['id']}/overlaps/{first['id']}/dismiss",
                headers=forum["mod"])
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{second['id']}",
                 json={"status": "accepted", "changes": {"title": "Peningkatan jalan poros Sebunga"}},
                 headers=forum["mod"])
    listed = client.get(f"/api/v1/events/{forum['slug']}/inputs", headers=forum["mod"]).json["inputs"]
    assert all(i["overlaps"] == [] for i in listed)


def test_workflow_and_history(client, forum):
    item = submit(client, forum, forum["pupr"]).json
    url = f"/api/v1/events/{forum['slug']}/inputs/{item['id']}"
    no_reason = client.patch(url, json={"status": "rejected"}, headers=forum["mod"])
    assert no_reason.status_code == 422 and "note" in no_reason.json["error"]["fields"]
    changed = client.patch(url, json={"status": "accepted", "changes": {"budget": "1.200.000.000"}},
                           headers=forum["mod"]).json
    assert changed["status"] == "accepted" and changed["budget"] == 1_200_000_000
    history = changed["history"]
    assert [h["action"] for h in history] == ["submitted", "accepted_with_changes"]
    assert history[1]["changes"]["budget"] == [1_500_000_000, 1_200_000_000]


def test_merge_keeps_the_co_proposer(client, forum):
    first = submit(client, forum, forum["pupr"]).json
    second = submit(client, forum, forum["dpmd"], title="Peningkatan jalan poros desa Sebunga").json
    merged = client.patch(f"/api/v1/events/{forum['slug']}/inputs/{second['id']}",
                          json={"status": "merged", "merged_into": first["id"]}, headers=forum["mod"]).json
    assert merged["status"] == "merged" and merged["merged_into"] == first["id"]
    target = client.get(f"/api/v1/events/{forum['slug']}/inputs/{first['id']}", headers=forum["mod"]).json
    assert [a["name"] for a in target["co_proposers"]] == ["DPMD"]


@pytest.mark.parametrize("who", ["participant", "checkin", None])
def test_only_moderators_decide(client, forum, who):
    item = submit(client, forum, forum["pupr"]).json
    headers = as_(forum["dpmd"]) if who == "participant" else (forum["make"].headers(who) if who else {})
    response = client.patch(f"/api/v1/events/{forum['slug']}/inputs/{item['id']}", json={"status": "accepted"},
                            headers=headers)
    assert response.status_code in (401, 403)


def test_support_once_per_agency_and_not_for_your_own(client, forum):
    item = submit(client, forum, forum["pupr"]).json
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{item['id']}", json={"status": "accepted"},
                 headers=forum["mod"])
    url = f"/api/v1/events/{forum['slug']}/inputs/{item['id']}/support"
    colleague = forum["make"].participant(forum["slug"], agency="DPMD")
    assert client.post(url, headers=as_(forum["dpmd"])).json["supports"] == 1
    assert client.post(url, headers=as_(colleague)).json["supports"] == 1  # same agency: still one
    assert client.post(url, headers=as_(forum["pupr"])).status_code == 409


def test_participants_see_accepted_inputs_and_their_own(client, forum):
    mine = submit(client, forum, forum["pupr"]).json
    theirs = submit(client, forum, forum["dpmd"], kind="comment", title="Tanggapan", location=None).json
    seen = [i["id"] for i in client.get(f"/api/v1/events/{forum['slug']}/inputs", headers=as_(forum["pupr"])).json[
        "inputs"]]
    assert seen == [mine["id"]]
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{theirs['id']}", json={"pinned": True}, headers=forum["mod"])
    seen = [i["id"] for i in client.get(f"/api/v1/events/{forum['slug']}/inputs", headers=as_(forum["pupr"])).json[
        "inputs"]]
    assert seen == [mine["id"], theirs["id"]]


def test_moderators_get_every_input_event_and_the_audience_only_accepted(app, client, forum):
    mod = socketio.test_client(app, namespace="/live", auth={"event": forum["slug"],
                                                               "token": forum["make"].token("moderator")},
                               flask_test_client=app.test_client())
    audience = socketio.test_client(app, namespace="/live", auth={"event": forum["slug"],
                                                                    "token": forum["dpmd"]["access_token"]},
                                    flask_test_client=app.test_client())
    mod.get_received("/live"), audience.get_received("/live")
    item = submit(client, forum, forum["pupr"]).json
    assert [r["args"][0]["input"]["id"] for r in mod.get_received("/live") if r["name"] == "input"] == [item["id"]]
    assert [r for r in audience.get_received("/live") if r["name"] == "input"] == []
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{item['id']}", json={"status": "accepted"},
                 headers=forum["mod"])
    accepted = [r["args"][0]["input"] for r in audience.get_received("/live") if r["name"] == "input"]
    assert accepted and accepted[0]["status"] == "accepted"
