"""The check-in path in layers: the route reads the request into a `Scan` command through the declared shape,
the service answers with a machine code and never an HTTP status, and one table in the web layer turns the
code into the status (forum/api/answers.py), for a first answer and for a retry's replay alike."""
import uuid

import pytest
from sqlalchemy import select

from forum.api.answers import CHECKIN_STATUS
from forum.contract.requests import read_scan
from forum.extensions import db
from forum.models import CheckinScan, Event
from forum.services import checkin
from forum.services.checkin import REFUSALS, Outcome, Scan


@pytest.fixture
def door(app, make):
    slug = make.event()
    person = make.participant(slug, name="Dewi Lestari", agency="Bappeda")
    return {"slug": slug, "person": person, "headers": make.headers("checkin")}


def test_every_result_code_has_one_status_and_no_service_knows_one():
    assert set(CHECKIN_STATUS) == {"checked_in", "already_checked_in", *REFUSALS}
    assert "status" not in Outcome.__dataclass_fields__
    source = open(checkin.__file__).read() + open(checkin.__file__.replace("checkin.py", "walkins.py")).read()
    assert "status=4" not in source and "201" not in source and "409" not in source


def read(app, slug, data, **kwargs):
    with app.test_request_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        return read_scan(data, event, **kwargs)


def test_a_scan_is_read_into_a_command(app, door):
    scan, errors = read(app, door["slug"], {"code": " ABC ", "desk": "  Meja   1 ", "client_id": "c-1",
                                            "scanned_at": None, "unknown": 1})
    assert errors == {}
    assert scan == Scan(code=" ABC ", desk="Meja 1", client_id="c-1")


@pytest.mark.parametrize("data, field", [
    ({"participant_id": True}, "participant_id"), ({"participant_id": "5"}, "participant_id"),
    ({"participant_id": 5.0}, "participant_id"), ({"code": 5}, "code"), ({}, "code"),
    ({"code": "x", "client_id": ""}, "client_id"), ({"code": "x", "client_id": "x" * 65}, "client_id"),
    ({"code": "x", "client_id": 7}, "client_id"), ({"code": "x", "desk": ["Meja"]}, "desk"),
    ({"code": "x", "scanned_at": 17}, "scanned_at"), ({"code": "x", "scanned_at": "2000-01-01T08:00:00"}, "scanned_at"),
])
def test_the_declared_types_are_kept_without_coercion(app, door, data, field):
    scan, errors = read(app, door["slug"], data)
    assert scan is None and list(errors) == [field]


def test_a_participant_picked_by_name_needs_no_code_and_a_door_only_reading_keeps_no_person(app, door):
    scan, errors = read(app, door["slug"], {"participant_id": 3, "code": 5})
    assert errors == {} and scan == Scan(participant_id=3)
    scan, errors = read(app, door["slug"], {"desk": "Meja 2", "client_id": "w-1", "name": "Budi"}, door_only=True)
    assert errors == {} and scan == Scan(desk="Meja 2", client_id="w-1")


def test_a_replay_is_byte_identical_and_its_status_follows_from_the_code(client, door):
    url = f"/api/v1/events/{door['slug']}/checkins"
    body = {"code": door["person"]["checkin_code"], "client_id": uuid.uuid4().hex}
    first = client.post(url, json=body, headers=door["headers"])
    again = client.post(url, json=body, headers=door["headers"])
    assert (first.status_code, again.status_code) == (201, 201) and first.data == again.data
    refused = {"code": "nonsense", "client_id": uuid.uuid4().hex}
    first = client.post(url, json=refused, headers=door["headers"])
    again = client.post(url, json=refused, headers=door["headers"])
    assert (first.status_code, again.status_code) == (404, 404) and first.data == again.data


def test_a_scan_stored_before_the_table_is_replayed_as_it_was_answered(app, client, door):
    """Rows written before the web layer owned the statuses hold theirs; the code gives the same one."""
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == door["slug"]))
        answer = {"result": "wrong_event", "error": {"code": "wrong_event", "message": "Another forum."}}
        db.session.add(CheckinScan(event_id=event.id, client_id="old-1", result="wrong_event", http_status=409,
                                   response=answer, scanned_at=event.starts_at))
        db.session.commit()
    response = client.post(f"/api/v1/events/{door['slug']}/checkins", json={"code": "x", "client_id": "old-1"},
                           headers=door["headers"])
    assert response.status_code == 409 and response.get_json() == answer
