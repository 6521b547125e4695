"""The door's domain events: a check-in is announced once, after its commit, by whichever door it came
through (the API, the confirm page, an offline batch, a walk-in), and a refusal announces nothing."""
from __future__ import annotations

import uuid

import pytest

from forum import domain_events
from forum.domain_events import AttendanceChanged, ParticipantCheckedIn

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def heard(monkeypatch):
    """The door's facts the unit of work handed to the dispatcher (after its commit), in order."""
    seen: list = []
    dispatch = domain_events.dispatch

    def spy(session):
        facts = dispatch(session)
        seen.extend(f for f in facts if isinstance(f, (ParticipantCheckedIn, AttendanceChanged)))
        return facts

    monkeypatch.setattr(domain_events, "dispatch", spy)
    return seen


@pytest.fixture
def door(make, backend):
    slug = make.event()
    return {"slug": slug, "make": make, "headers": make.headers("checkin")}


def kinds(seen) -> list[str]:
    return [type(fact).__name__ for fact in seen]


def test_a_scan_announces_the_checkin_then_the_counts(client, door, heard):
    person = door["make"].participant(door["slug"], name="Dewi Lestari")
    response = client.post(f"/api/v1/events/{door['slug']}/checkins", json={"code": person["checkin_code"]},
                           headers=door["headers"])
    assert response.status_code == 201
    assert kinds(heard) == ["ParticipantCheckedIn", "AttendanceChanged"]
    assert heard[0].participant_id == person["id"] and heard[0].body == response.json


def test_a_repeat_or_refused_scan_announces_nothing(client, door, heard):
    person = door["make"].participant(door["slug"])
    url = f"/api/v1/events/{door['slug']}/checkins"
    client.post(url, json={"code": person["checkin_code"]}, headers=door["headers"])
    heard.clear()
    assert client.post(url, json={"code": person["checkin_code"]}, headers=door["headers"]).status_code == 200
    assert client.post(url, json={"code": "no-such-code"}, headers=door["headers"]).status_code == 404
    assert heard == []


def test_a_batch_announces_each_checkin_and_the_counts_once(client, door, heard):
    people = [door["make"].participant(door["slug"]) for _ in range(3)]
    scans = [{"code": p["checkin_code"], "client_id": uuid.uuid4().hex} for p in people]
    scans.append({"code": people[0]["checkin_code"], "client_id": uuid.uuid4().hex})  # a second scan of one
    response = client.post(f"/api/v1/events/{door['slug']}/checkins/batch", json={"scans": scans},
                           headers=door["headers"])
    assert response.status_code == 200
    assert kinds(heard) == ["ParticipantCheckedIn"] * 3 + ["AttendanceChanged"]


def test_a_walk_in_is_announced_like_a_scan(client, door, heard):
    response = client.post(f"/api/v1/events/{door['slug']}/walkins",
                           json={"name": "Budi Santoso", "agency": "Dinas PU", "position": "Staf", "consent": True},
                           headers=door["headers"])
    assert response.status_code == 201, response.json
    assert kinds(heard) == ["ParticipantCheckedIn", "AttendanceChanged"]


def test_the_confirm_page_announces_like_the_api(client, login_as, door, heard):
    person = door["make"].participant(door["slug"])
    login_as("checkin")
    response = client.post(f"/checkin/confirm/{person['checkin_code']}", data={"desk": "Meja 1"})
    assert response.status_code == 200
    assert kinds(heard) == ["ParticipantCheckedIn", "AttendanceChanged"]
    assert heard[0].body["desk"] == "Meja 1"
