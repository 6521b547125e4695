"""The agenda's commands, read the same for the API and the control panel, and a forum's record found by the id
a request named."""
import io

import pytest
from sqlalchemy import select

from forum.contract.requests import read_delay, read_material_update, read_session_edit, read_state_change
from forum.errors import NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Agency, AuditEntry, Event, Material, Session
from forum.services.agenda import Delay, SessionEdit, StateChange, get_session
from forum.services.commands import UNSET
from forum.services.materials import MaterialUpdate
from forum.services.records import one_of_forum


def test_a_state_change_names_a_state_or_the_input_or_both():
    assert read_state_change({"state": "live"}) == StateChange(state="live")
    assert read_state_change({"input_open": False}) == StateChange(input_open=False)
    with pytest.raises(ValidationFailed) as refused:
        read_state_change({})
    assert set(refused.value.fields) == {"state"}


@pytest.mark.parametrize("body, field", [({"state": None}, "state"), ({"state": "live", "input_open": None},
                                                                        "input_open")])
def test_null_is_no_state_change(body, field):
    with pytest.raises(ValidationFailed) as refused:
        read_state_change(body)
    assert set(refused.value.fields) == {field}


def test_a_delay_carries_its_values_as_sent():
    assert read_delay({"minutes": "15", "session_id": 3}) == Delay(minutes="15", session_id=3)


def forum_named(slug):
    return db.session.scalar(select(Event).where(Event.slug == slug))


@pytest.mark.both_dbs
@pytest.mark.parametrize("record_id", [True, "1", 0, -1, 2**31, 1.0, None])
def test_an_id_that_is_no_id_names_no_record(app, make, backend, record_id):
    slug = make.event()
    with app.test_request_context():
        with pytest.raises(NotFound) as missing:
            get_session(forum_named(slug), record_id)
        assert missing.value.code == "session_not_found"


@pytest.mark.both_dbs
def test_another_forums_record_is_not_found(app, make, backend):
    mine, theirs = make.event(), make.event()
    with app.test_request_context():
        agency = Agency(event_id=forum_named(theirs).id, name="Dinas Kesehatan")
        db.session.add(agency)
        db.session.flush()
        assert one_of_forum(Agency, forum_named(theirs), agency.id, NotFound("agency_not_found", "no")) is agency
        with pytest.raises(NotFound):
            one_of_forum(Agency, forum_named(mine), agency.id, NotFound("agency_not_found", "no"))


def test_a_session_edit_names_what_was_sent_and_keeps_the_other_names_apart():
    command = read_session_edit({"room": None, "title": "Pleno", "colour": "red", "state": "live"})
    assert command == SessionEdit(title="Pleno", room=None, ignored=("colour", "state"))
    assert command.starts_at is UNSET and command.sent() == ["title", "room"]
    assert command.values() == {"title": "Pleno", "room": None}


def _audit_fields(app, target_type, target_id) -> list[tuple[str, list[str]]]:
    with app.app_context():
        return [(e.action, e.details["fields"]) for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.target_type == target_type, AuditEntry.target_id == target_id)
            .order_by(AuditEntry.id)) if "fields" in e.details]


def test_the_audit_lists_the_fields_sent_as_before(app, client, make, login_as):
    """The API's entry names every field of the body (unknown ones too, as it always has); the editor's form
    sends all of its fields."""
    slug, org = make.event(), make.headers("organiser")
    created = client.post(f"/api/v1/events/{slug}/sessions", headers=org, json={
        "title": "Pleno", "starts_at": "2021-02-25T13:00", "ends_at": "2021-02-25T15:00", "colour": "red"}).json
    url = f"/api/v1/events/{slug}/sessions/{created['id']}"
    edited = client.patch(url, headers=org, json={"room": None, "title": "Pleno I"})
    assert edited.status_code == 200 and edited.json["room"] == "" and edited.json["starts_at"] == created["starts_at"]
    login_as("organiser")
    client.post(f"/admin/{slug}/agenda/{created['id']}", data={
        "title": "Pleno II", "starts_at": "2021-02-25T13:00", "ends_at": "2021-02-25T15:30", "position": "0"})
    all_fields = sorted(["title", "starts_at", "ends_at", "room", "description", "stream_url", "speaker_ids",
                         "position"])
    assert _audit_fields(app, "Session", created["id"]) == [
        ("session.created", ["colour", "ends_at", "starts_at", "title"]),
        ("session.updated", ["room", "title"]),
        ("session.updated", all_fields)]
    with app.app_context():
        assert db.session.get(Session, created["id"]).title == "Pleno II"


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_a_material_update_names_what_was_sent():
    command = read_material_update({"published": True, "file": "x.pdf"})
    assert command == MaterialUpdate(published=True, ignored=("file",))
    assert command.title is UNSET and command.sent() == ["published"]


def test_a_materials_audit_lists_the_fields_sent_as_before(app, client, make, login_as):
    slug = make.event()
    session, mod = make.live_session(slug)
    material = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/materials", headers=mod,
                           data={"file": (io.BytesIO(PDF), "paparan.pdf"), "title": "Paparan"},
                           content_type="multipart/form-data").json
    url = f"/api/v1/events/{slug}/materials/{material['id']}"
    published = client.patch(url, headers=mod, json={"published": True, "colour": "red"})
    assert published.status_code == 200 and published.json["published"] is True
    refused = client.patch(url, headers=mod, json={"title": "", "publish_on_start": "yes"})
    assert refused.status_code == 422 and set(refused.json["error"]["fields"]) == {"title", "publish_on_start"}
    login_as("moderator")
    client.post(f"/admin/{slug}/control/materials/{material['id']}", data={"title": "Paparan Bappeda"})
    assert _audit_fields(app, "Material", material["id"]) == [
        ("material.updated", ["colour", "published"]), ("material.updated", ["title"])]
    with app.app_context():
        assert db.session.get(Material, material["id"]).title == "Paparan Bappeda"
