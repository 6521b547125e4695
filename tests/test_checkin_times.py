"""A check-in's time cannot be rewritten: a scan's own time (`scanned_at`) is believed only from a few hours
before the forum's start up to now, a recorded check-in is moved only by an earlier offline scan (the
contract's "earliest wins" for batches), and that move is audited with the old and the new time and desk.

The forum starts on 25 February 2021 at 08:00 WIB (+07:00)."""
import uuid

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import AuditEntry, Checkin

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def door(app, make, backend):
    slug = make.event()
    return {"slug": slug, "person": make.participant(slug, name="Dewi Lestari", agency="Bappeda"),
            "headers": make.headers("checkin"), "make": make}


def scan(client, door, **extra):
    return client.post(f"/api/v1/events/{door['slug']}/checkins",
                       json={"code": door["person"]["checkin_code"], **extra}, headers=door["headers"])


def batch(client, door, **extra):
    body = {"scans": [{"code": door["person"]["checkin_code"], "client_id": str(uuid.uuid4()), **extra}]}
    response = client.post(f"/api/v1/events/{door['slug']}/checkins/batch", json=body, headers=door["headers"])
    assert response.status_code == 200, response.json
    return response.json["results"][0]


def stored_checkin(app, door):
    with app.app_context():
        row = db.session.scalar(select(Checkin).where(Checkin.participant_id == door["person"]["id"]))
        return (row.checked_in_at.isoformat(), row.desk) if row else None


def audit(app, action):
    with app.app_context():
        return [e.details for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                                      .order_by(AuditEntry.id))]


@pytest.mark.parametrize("when", ["1900-01-01T08:00:00+07:00", "2020-02-25T08:00:00+07:00",
                                  "2021-02-24T19:59:00+07:00"])
def test_a_scan_time_long_before_the_forum_is_refused_naming_scanned_at(client, door, app, when):
    response = scan(client, door, scanned_at=when, desk="Meja 1")
    assert response.status_code == 422
    assert "scanned_at" in response.json["error"]["fields"]
    assert stored_checkin(app, door) is None


def test_a_scan_time_from_the_evening_before_is_accepted(client, door):
    response = scan(client, door, scanned_at="2021-02-24T20:30:00+07:00")
    assert response.status_code == 201 and response.json["checked_in_at"] == "2021-02-24T20:30:00+07:00"


def test_the_refusal_names_the_earliest_time_in_indonesian(client, door):
    response = client.post(f"/api/v1/events/{door['slug']}/checkins", headers={**door["headers"],
                           "Accept-Language": "id"},
                           json={"code": door["person"]["checkin_code"], "scanned_at": "1900-01-01T00:00:00Z"})
    message = response.json["error"]["fields"]["scanned_at"]
    assert "24 Februari 2021" in message and "20.00 WIB" in message and "perangkat" in message


def test_a_backdated_offline_batch_scan_for_someone_already_in_changes_nothing(client, door, app):
    assert scan(client, door, desk="Meja 1", scanned_at="2021-02-25T08:10:00+07:00").status_code == 201
    result = batch(client, door, desk="Meja 9", scanned_at="1900-01-01T08:00:00+07:00")
    assert result["status"] == 422 and "scanned_at" in result["error"]["fields"]
    assert stored_checkin(app, door) == ("2021-02-25T01:10:00+00:00", "Meja 1")
    assert audit(app, "checkin.moved_earlier") == []


def test_a_single_scan_never_moves_a_recorded_check_in(client, door, app):
    scan(client, door, desk="Meja 1", scanned_at="2021-02-25T08:10:00+07:00")
    again = scan(client, door, desk="Meja 2", scanned_at="2021-02-25T07:30:00+07:00")
    assert again.status_code == 200 and again.json["result"] == "already_checked_in"
    assert again.json["checked_in_at"] == "2021-02-25T08:10:00+07:00" and again.json["desk"] == "Meja 1"
    assert stored_checkin(app, door) == ("2021-02-25T01:10:00+00:00", "Meja 1")


def test_an_earlier_offline_scan_moves_the_check_in_and_the_audit_log_keeps_both(client, door, app):
    scan(client, door, desk="Meja 1", scanned_at="2021-02-25T08:10:00+07:00")
    result = batch(client, door, desk="Meja 2", scanned_at="2021-02-25T08:02:00+07:00")
    assert result["status"] == 201 and result["checked_in_at"] == "2021-02-25T08:02:00+07:00"
    assert stored_checkin(app, door) == ("2021-02-25T01:02:00+00:00", "Meja 2")
    assert audit(app, "checkin.moved_earlier") == [{
        "old_at": "2021-02-25T08:10:00+07:00", "old_desk": "Meja 1",
        "new_at": "2021-02-25T08:02:00+07:00", "new_desk": "Meja 2"}]


def test_a_later_offline_scan_moves_nothing_and_is_not_audited_as_a_move(client, door, app):
    scan(client, door, desk="Meja 1", scanned_at="2021-02-25T08:02:00+07:00")
    result = batch(client, door, desk="Meja 2", scanned_at="2021-02-25T08:10:00+07:00")
    assert result["status"] == 200 and result["desk"] == "Meja 1"
    assert audit(app, "checkin.moved_earlier") == []


def test_a_backdated_offline_check_in_is_audited_with_its_scan_time(client, door, app):
    batch(client, door, desk="Meja 3", scanned_at="2021-02-25T07:45:00+07:00")
    assert audit(app, "checkin.created") == [{"desk": "Meja 3", "scanned_at": "2021-02-25T07:45:00+07:00",
                                              "offline": True}]


def test_a_walk_in_with_a_scan_time_long_before_the_forum_is_refused(client, door, app):
    response = client.post(f"/api/v1/events/{door['slug']}/walkins", headers=door["headers"], json={
        "name": "Tamu Baru", "agency": "Bappeda", "position": "Staf", "consent": True,
        "scanned_at": "1900-01-01T08:00:00+07:00"})
    assert response.status_code == 422 and "scanned_at" in response.json["error"]["fields"]
