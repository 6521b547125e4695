"""The check-in contract: every rule of the service, through the API, on SQLite and PostgreSQL."""
import json
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Checkin, CheckinScan

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def door(app, make, backend):
    slug = make.event()
    person = make.participant(slug, name="Dewi Lestari", agency="Bappeda")
    return {"slug": slug, "person": person, "headers": make.headers("checkin"), "make": make}


def scan(client, door, code, **extra):
    return client.post(f"/api/v1/events/{door['slug']}/checkins", json={"code": code, **extra},
                       headers=door["headers"])


def payload(code):
    return f"http://forum.test/c/{code}"


def count_checkins(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Checkin.id)))


def test_first_scan_checks_in(client, door):
    response = scan(client, door, payload(door["person"]["checkin_code"]), desk="Meja 1")
    assert response.status_code == 201
    body = response.json
    assert body["result"] == "checked_in"
    assert body["participant"]["name"] == "Dewi Lestari"
    assert body["participant"]["agency"]["name"] == "Bappeda"
    assert body["desk"] == "Meja 1"
    assert datetime.fromisoformat(body["checked_in_at"]).utcoffset() == timedelta(hours=7)


def test_bare_code_is_accepted(client, door):
    assert scan(client, door, door["person"]["checkin_code"]).status_code == 201


def test_repeat_scan_answers_with_the_first_time_and_desk(client, door):
    first = scan(client, door, payload(door["person"]["checkin_code"]), desk="Meja 2").json
    again = scan(client, door, payload(door["person"]["checkin_code"]), desk="Meja 1")
    assert again.status_code == 200
    assert again.json["result"] == "already_checked_in"
    assert again.json["checked_in_at"] == first["checked_in_at"]
    assert again.json["desk"] == "Meja 2"


def test_same_client_id_gives_the_same_answer_and_records_once(client, door, app):
    client_id = str(uuid.uuid4())
    first = scan(client, door, payload(door["person"]["checkin_code"]), client_id=client_id, desk="Meja 1")
    second = scan(client, door, payload(door["person"]["checkin_code"]), client_id=client_id, desk="Meja 1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json == second.json
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckinScan.id))) == 1
    assert count_checkins(app) == 1


def test_scanned_at_from_an_offline_device_is_the_checkin_time(client, door):
    response = scan(client, door, payload(door["person"]["checkin_code"]), scanned_at="2021-02-25T07:41:00+07:00")
    assert response.json["checked_in_at"] == "2021-02-25T07:41:00+07:00"


def test_scanned_at_in_the_future_is_clamped_to_the_server_clock(client, door):
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    response = scan(client, door, payload(door["person"]["checkin_code"]), scanned_at=future)
    checked = datetime.fromisoformat(response.json["checked_in_at"])
    assert abs(checked - datetime.now(UTC)) < timedelta(minutes=1)


@pytest.mark.parametrize("code", [
    "nonsense", "http://forum.test/c/AAAAAAAAAAAAAAAAAAAAAA", "", "x" * 10_000, "http://forum.test/c/",
    "http://evil.example/x?c=abc", "\u00ff\ufffd", "' OR 1=1 --",  # with a NUL: 422 (test_fuzz_hostile.py)
])
def test_unknown_or_forged_codes_are_404(client, door, code):
    response = scan(client, door, code)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "unknown_code"


def test_truncated_code_is_404(client, door):
    code = door["person"]["checkin_code"]
    assert scan(client, door, payload(code[:-3])).json["error"]["code"] == "unknown_code"


def test_non_utf8_body_is_a_400_json_error(client, door):
    response = client.post(f"/api/v1/events/{door['slug']}/checkins", data=b'{"code": "\xff\xfe"}',
                           content_type="application/json", headers=door["headers"])
    assert response.status_code == 400
    assert response.json["error"]["code"] == "malformed_json"


def test_code_of_another_forum_is_409_wrong_event(client, door):
    other = door["make"].event(title="Forum lain")
    stranger = door["make"].participant(other)
    response = scan(client, door, payload(stranger["checkin_code"]))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "wrong_event"


@pytest.mark.parametrize("status", ["revoked", "cancelled"])
def test_revoked_or_cancelled_registration_is_409(client, door, status):
    headers = door["make"].headers("organiser")
    client.patch(f"/api/v1/events/{door['slug']}/participants/{door['person']['id']}", json={"status": status},
                 headers=headers)
    response = scan(client, door, payload(door["person"]["checkin_code"]))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "revoked"


def test_a_replaced_qr_code_is_revoked_and_the_new_one_works(client, door, app):
    from forum.models import Participant
    from forum.services import registration

    with app.app_context():
        participant = db.session.get(Participant, door["person"]["id"])
        new_code = registration.reissue_code(participant)
        db.session.commit()
    assert scan(client, door, door["person"]["checkin_code"]).json["error"]["code"] == "revoked"
    assert scan(client, door, new_code).status_code == 201


def test_online_registrant_who_came_in_person_is_checked_in_with_a_note(client, door):
    online = door["make"].participant(door["slug"], attendance="online")
    response = scan(client, door, payload(online["checkin_code"]))
    assert response.status_code == 201
    assert response.json["note"] == "registered_online"


def test_same_code_from_20_threads_checks_in_exactly_once(app, door):
    code = payload(door["person"]["checkin_code"])
    answers, barrier = [], threading.Barrier(20)

    def desk(n):
        client = app.test_client()
        barrier.wait()
        response = client.post(f"/api/v1/events/{door['slug']}/checkins", json={"code": code, "desk": f"Meja {n}"},
                               headers=door["headers"])
        answers.append((response.status_code, response.json))

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * 19 + [201], answers
    first = next(body for status, body in answers if status == 201)
    assert all(body["desk"] == first["desk"] for _status, body in answers)
    assert count_checkins(app) == 1


def test_same_client_id_raced_from_threads_records_one_scan(app, door):
    code, client_id = payload(door["person"]["checkin_code"]), str(uuid.uuid4())
    answers, barrier = [], threading.Barrier(8)

    def retry():
        client = app.test_client()
        barrier.wait()
        response = client.post(f"/api/v1/events/{door['slug']}/checkins", json={"code": code, "client_id": client_id},
                               headers=door["headers"])
        answers.append((response.status_code, json.dumps(response.json, sort_keys=True)))

    threads = [threading.Thread(target=retry) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(answers)) == 1 and answers[0][0] == 201
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckinScan.id))) == 1


def batch(client, door, scans):
    return client.post(f"/api/v1/events/{door['slug']}/checkins/batch", json={"scans": scans}, headers=door["headers"])


def test_batch_applies_scans_in_scanned_at_order(client, door, app):
    code = payload(door["person"]["checkin_code"])
    scans = [
        {"code": code, "desk": "Meja 2", "client_id": "b", "scanned_at": "2021-02-25T07:50:00+07:00"},
        {"code": code, "desk": "Meja 1", "client_id": "a", "scanned_at": "2021-02-25T07:45:00+07:00"},
    ]
    response = batch(client, door, scans)
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["status"] for r in results] == [200, 201]
    assert results[1]["result"] == "checked_in" and results[1]["desk"] == "Meja 1"
    assert results[0]["result"] == "already_checked_in"
    assert results[0]["checked_in_at"] == "2021-02-25T07:45:00+07:00" and results[0]["desk"] == "Meja 1"
    assert count_checkins(app) == 1


def test_the_same_batch_uploaded_twice_changes_nothing(client, door, app):
    others = [door["make"].participant(door["slug"]) for _ in range(3)]
    scans = [{"code": payload(p["checkin_code"]), "client_id": f"c{i}", "desk": "Meja 3",
              "scanned_at": f"2021-02-25T07:5{i}:00+07:00"} for i, p in enumerate(others)]
    first = batch(client, door, scans).json
    second = batch(client, door, scans).json
    assert first == second
    assert count_checkins(app) == 3
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckinScan.id))) == 3


def test_an_earlier_offline_scan_arriving_later_becomes_the_checkin(client, door, app):
    code = payload(door["person"]["checkin_code"])
    scan(client, door, code, desk="Meja 1", scanned_at="2021-02-25T08:10:00+07:00")
    results = batch(client, door, [{"code": code, "desk": "Meja 2", "client_id": "late",
                                    "scanned_at": "2021-02-25T08:02:00+07:00"}]).json["results"]
    assert results[0]["checked_in_at"] == "2021-02-25T08:02:00+07:00" and results[0]["desk"] == "Meja 2"
    repeat = scan(client, door, code, desk="Meja 3").json
    assert repeat["checked_in_at"] == "2021-02-25T08:02:00+07:00" and repeat["desk"] == "Meja 2"
    assert count_checkins(app) == 1


def test_batch_reports_bad_scans_without_losing_good_ones(client, door, app):
    good = payload(door["person"]["checkin_code"])
    results = batch(client, door, [{"code": good}, {"code": good, "client_id": "ok"}, "junk",
                                   {"code": 12, "client_id": "x"}]).json["results"]
    assert [r["status"] for r in results] == [422, 201, 422, 422]
    assert "client_id" in results[0]["error"]["fields"]
    assert count_checkins(app) == 1


def test_batch_needs_a_list(client, door):
    response = client.post(f"/api/v1/events/{door['slug']}/checkins/batch", json={"scans": "x"},
                           headers=door["headers"])
    assert response.status_code == 422 and "scans" in response.json["error"]["fields"]


def test_checkin_data_has_hashes_not_codes_and_a_version_that_changes(client, door):
    import hashlib

    url = f"/api/v1/events/{door['slug']}/checkin-data"
    data = client.get(url, headers=door["headers"]).json
    code = door["person"]["checkin_code"]
    assert code not in json.dumps(data) and door["person"]["access_token"] not in json.dumps(data)
    entry = next(p for p in data["participants"] if p["id"] == door["person"]["id"])
    assert entry["code_hash"] == hashlib.sha256(code.encode()).hexdigest()
    assert entry["checked_in_at"] is None
    assert client.get(url, headers=door["headers"]).json["version"] == data["version"]
    scan(client, door, code)
    assert client.get(url, headers=door["headers"]).json["version"] != data["version"]


@pytest.mark.parametrize("role, status", [(None, 401), ("participant", 403)])
def test_checkin_needs_staff(client, door, role, status):
    headers = {}
    if role == "participant":
        headers = {"Authorization": f"Bearer {door['person']['access_token']}"}
    response = client.post(f"/api/v1/events/{door['slug']}/checkins", json={"code": "x"}, headers=headers)
    assert response.status_code == status


def test_checkin_user_cannot_do_organiser_actions(client, door):
    headers = door["headers"]
    assert client.post("/api/v1/events", json={"title": "x"}, headers=headers).status_code == 403
    assert client.get(f"/api/v1/events/{door['slug']}/participants", headers=headers).status_code == 403
    assert client.patch(f"/api/v1/events/{door['slug']}", json={"title": "x"}, headers=headers).status_code == 403


def test_search_finds_by_name_or_agency_without_contact_details(client, door):
    door["make"].participant(door["slug"], name="Agus Santoso", agency="Dinas PUPR", phone="081234567890")
    found = client.get(f"/api/v1/events/{door['slug']}/checkin-search?q=pupr", headers=door["headers"]).json
    assert [p["name"] for p in found["participants"]] == ["Agus Santoso"]
    assert "phone" not in found["participants"][0] and "email" not in found["participants"][0]
    assert found["participants"][0]["checked_in_at"] is None


def test_one_tap_checkin_by_participant_id(client, door):
    response = client.post(f"/api/v1/events/{door['slug']}/checkins",
                           json={"participant_id": door["person"]["id"], "desk": "Meja 1"}, headers=door["headers"])
    assert response.status_code == 201 and response.json["participant"]["id"] == door["person"]["id"]
    found = client.get(f"/api/v1/events/{door['slug']}/checkin-search?q=dewi", headers=door["headers"]).json
    assert found["participants"][0]["desk"] == "Meja 1"


def test_participant_id_of_another_forum_is_unknown(client, door):
    other = door["make"].event(title="Forum lain")
    stranger = door["make"].participant(other)
    response = client.post(f"/api/v1/events/{door['slug']}/checkins", json={"participant_id": stranger["id"]},
                           headers=door["headers"])
    assert response.status_code == 404 and response.json["error"]["code"] == "unknown_participant"


def test_walk_in_is_registered_and_checked_in_in_one_step(client, door, app):
    body = {"name": "Rina Hasibuan", "agency": "Kecamatan Entikong", "position": "Sekretaris Camat",
            "phone": "0812 1111 2222", "consent": True, "desk": "Meja 1", "client_id": "walk-1"}
    response = client.post(f"/api/v1/events/{door['slug']}/walkins", json=body, headers=door["headers"])
    assert response.status_code == 201, response.json
    assert response.json["result"] == "checked_in"
    assert response.json["participant"]["attendance"] == "in_person"
    again = client.post(f"/api/v1/events/{door['slug']}/walkins", json=body, headers=door["headers"])
    assert again.json == response.json  # a retried walk-in is not registered twice
    assert count_checkins(app) == 1


def test_walk_in_needs_consent_and_valid_fields(client, door):
    response = client.post(f"/api/v1/events/{door['slug']}/walkins",
                           json={"name": "", "agency": "Bappeda", "phone": "12"}, headers=door["headers"])
    assert response.status_code == 422
    assert {"name", "phone", "consent"} <= set(response.json["error"]["fields"])


def test_deputy_is_recorded_in_place_of_the_invited_official(client, door, app):
    from forum.models import Participant

    head = door["make"].participant(door["slug"], name="Bambang Utomo", position="Kepala Dinas", agency="Dinkes")
    response = client.post(f"/api/v1/events/{door['slug']}/walkins",
                           json={"name": "Sari Rahayu", "position": "Sekretaris", "represents_id": head["id"],
                                 "consent": True}, headers=door["headers"])
    assert response.status_code == 201, response.json
    deputy = response.json["participant"]
    assert deputy["agency"]["name"] == "Dinkes"
    assert deputy["deputy_for"] == "Kepala Dinas, Bambang Utomo"
    assert deputy["represents_id"] == head["id"]
    with app.app_context():
        assert db.session.get(Participant, deputy["id"]).represents.name == "Bambang Utomo"


def test_a_desks_scan_sets_no_cookie_and_a_cookie_session_still_scans(client, door, login_as):
    """An API call with a Bearer token opens and saves no session cookie (forum/__init__.py: CookieSessions
    builds nothing for it); a desk logged in with its cookie scans as before."""
    first = scan(client, door, door["person"]["checkin_code"])
    assert first.status_code == 201
    assert "Set-Cookie" not in first.headers
    assert "Cookie" in first.headers.get("Vary", "")
    login_as("checkin")
    second = door["make"].participant(door["slug"], name="Budi Santoso")
    page = client.post(f"/api/v1/events/{door['slug']}/checkins", json={"code": second["checkin_code"]})
    assert page.status_code == 201
    assert page.json["participant"]["name"] == "Budi Santoso"
