"""Agenda, session control, materials and announcements through the API and Socket.IO."""
import io
import zipfile

import pytest

from forum.extensions import socketio

pytestmark = pytest.mark.both_dbs

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def forum(app, make, backend):
    slug = make.event()
    return {"slug": slug, "make": make, "org": make.headers("organiser"), "mod": make.headers("moderator")}


def new_session(client, forum, **extra):
    body = {"title": "Paparan Kepala BPPD", "starts_at": "2021-02-25T08:45", "ends_at": "2021-02-25T09:45",
            "room": "Ballroom", **extra}
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions", json=body, headers=forum["org"])
    assert response.status_code == 201, response.json
    return response.json


def connect(app, slug, token=None):
    auth = {"event": slug} | ({"token": token} if token else {})
    sio = socketio.test_client(app, namespace="/live", auth=auth, flask_test_client=app.test_client())
    assert sio.is_connected("/live")
    sio.get_received("/live")
    return sio


def events_named(sio, name):
    return [r["args"][0] for r in sio.get_received("/live") if r["name"] == name]


def test_session_shape_and_times_in_the_forum_zone(client, forum):
    session = new_session(client, forum)
    assert session["starts_at"] == "2021-02-25T08:45:00+07:00"
    assert session["state"] == "scheduled" and session["input_open"] is False
    assert session["speakers"] == [] and session["materials"] == []
    agenda = client.get(f"/api/v1/events/{forum['slug']}/agenda").json
    assert [s["id"] for s in agenda["sessions"]] == [session["id"]]
    assert agenda["current_session_id"] is None and agenda["server_time"]


def test_speakers_get_the_speaker_role(client, forum):
    speaker = forum["make"].participant(forum["slug"], name="Citra Wijaya", agency="Bappeda")
    session = new_session(client, forum, speaker_ids=[speaker["id"]])
    assert session["speakers"] == [{"name": "Citra Wijaya", "agency": "Bappeda"}]
    person = client.get(f"/api/v1/events/{forum['slug']}/participants/{speaker['id']}", headers=forum["org"]).json
    assert person["role"] == "speaker"


@pytest.mark.parametrize("body, field", [
    ({"title": "", "starts_at": "2021-02-25T08:00", "ends_at": "2021-02-25T09:00"}, "title"),
    ({"title": "x", "starts_at": "2021-02-25T09:00", "ends_at": "2021-02-25T08:00"}, "ends_at"),
    ({"title": "x", "starts_at": "kemarin", "ends_at": "2021-02-25T08:00"}, "starts_at"),
    ({"title": "x", "starts_at": "2021-02-25T08:00", "ends_at": "2021-02-25T09:00", "speaker_ids": [999]},
     "speaker_ids"),
    ({"title": "x", "starts_at": "2021-02-25T08:00", "ends_at": "2021-02-25T09:00", "speaker_ids": "1"},
     "speaker_ids"),
])
def test_bad_sessions_name_the_field(client, forum, body, field):
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions", json=body, headers=forum["org"])
    assert response.status_code == 422 and field in response.json["error"]["fields"]


def test_going_live_records_actual_times_and_reaches_everyone(app, client, forum):
    session = new_session(client, forum)
    viewer = connect(app, forum["slug"])
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/state",
                           json={"state": "live", "input_open": True}, headers=forum["mod"])
    assert response.status_code == 200
    assert response.json["state"] == "live" and response.json["input_open"] is True
    assert response.json["actual_start"] is not None
    agendas = events_named(viewer, "agenda")
    assert agendas and agendas[-1]["current_session_id"] == session["id"]
    ended = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/state", json={"state": "ended"},
                        headers=forum["mod"]).json
    assert ended["actual_end"] is not None and ended["input_open"] is False


@pytest.mark.parametrize("role, status", [(None, 401), ("checkin", 403)])
def test_only_moderators_change_sessions(client, forum, role, status):
    session = new_session(client, forum)
    headers = forum["make"].headers(role) if role else {}
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/state", json={"state": "live"},
                           headers=headers)
    assert response.status_code == status


def test_participant_token_cannot_change_sessions(client, forum):
    session = new_session(client, forum)
    person = forum["make"].participant(forum["slug"])
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/state", json={"state": "live"},
                           headers={"Authorization": f"Bearer {person['access_token']}"})
    assert response.status_code == 403


def test_bad_state_is_a_field_error(client, forum):
    session = new_session(client, forum)
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/state",
                           json={"state": "exploded"}, headers=forum["mod"])
    assert response.status_code == 422 and "state" in response.json["error"]["fields"]


def test_next_session_and_delay(client, forum):
    first = new_session(client, forum, title="Pembukaan", starts_at="2021-02-25T08:00", ends_at="2021-02-25T08:45")
    second = new_session(client, forum, title="Paparan")
    client.post(f"/api/v1/events/{forum['slug']}/sessions/{first['id']}/state", json={"state": "live"},
                headers=forum["mod"])
    delayed = client.post(f"/api/v1/events/{forum['slug']}/agenda/delay", json={"minutes": 15},
                          headers=forum["mod"]).json
    by_id = {s["id"]: s for s in delayed["sessions"]}
    assert by_id[second["id"]]["starts_at"] == "2021-02-25T09:00:00+07:00"
    assert by_id[first["id"]]["ends_at"] == "2021-02-25T09:00:00+07:00"
    moved_on = client.post(f"/api/v1/events/{forum['slug']}/agenda/next", headers=forum["mod"]).json
    assert moved_on["current_session_id"] == second["id"]
    states = {s["id"]: s["state"] for s in moved_on["sessions"]}
    assert states == {first["id"]: "ended", second["id"]: "live"}


def test_announcement_reaches_everyone(app, client, forum):
    viewer = connect(app, forum["slug"])
    response = client.post(f"/api/v1/events/{forum['slug']}/announcements", json={"text": "Istirahat 15 menit"},
                           headers=forum["mod"])
    assert response.status_code == 201 and response.json["text"] == "Istirahat 15 menit"
    assert events_named(viewer, "announcement") == [response.json]
    empty = client.post(f"/api/v1/events/{forum['slug']}/announcements", json={"text": "  "}, headers=forum["mod"])
    assert empty.status_code == 422


def upload(client, forum, session_id, content, filename="paparan.pdf", headers=None, **form):
    data = {"file": (io.BytesIO(content), filename), **form}
    return client.post(f"/api/v1/events/{forum['slug']}/sessions/{session_id}/materials", data=data,
                       headers=headers if headers is not None else forum["mod"], content_type="multipart/form-data")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_unpublished_material_is_for_staff_only_until_published(app, client, forum):
    session = new_session(client, forum)
    viewer, staff = connect(app, forum["slug"]), connect(app, forum["slug"], forum["make"].token("moderator"))
    response = upload(client, forum, session["id"], PDF, title="Bahan paparan")
    assert response.status_code == 201
    material = response.json
    assert material["mime"] == "application/pdf" and material["published"] is False and material["size"] == len(PDF)
    assert events_named(viewer, "material") == [] and events_named(staff, "material")
    public = client.get(f"/api/v1/events/{forum['slug']}/agenda").json["sessions"][0]["materials"]
    assert public == []
    assert app.test_client().get(material["url"]).status_code == 404
    published = client.patch(f"/api/v1/events/{forum['slug']}/materials/{material['id']}", json={"published": True},
                             headers=forum["mod"])
    assert published.json["published"] is True
    assert events_named(viewer, "material")[0]["material"]["id"] == material["id"]
    file = app.test_client().get(material["url"])
    assert file.status_code == 200 and file.data == PDF and file.mimetype == "application/pdf"
    assert "inline" in file.headers["Content-Disposition"]
    assert "sandbox" in file.headers["Content-Security-Policy"]


def test_material_publishes_itself_when_the_session_starts(app, client, forum):
    session = new_session(client, forum)
    material = upload(client, forum, session["id"], PDF, publish_on_start="true").json
    viewer = connect(app, forum["slug"])
    client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/state", json={"state": "live"},
                headers=forum["mod"])
    assert [m["material"]["id"] for m in events_named(viewer, "material")] == [material["id"]]


def test_office_files_are_recognised_by_content(client, forum):
    session = new_session(client, forum)
    response = upload(client, forum, session["id"], docx_bytes(), filename="catatan.bin")
    assert response.status_code == 201
    assert response.json["filename"] == "catatan.docx"
    assert response.json["mime"].endswith("wordprocessingml.document")


@pytest.mark.parametrize("content, filename", [
    (b"<html><script>alert(1)</script></html>", "paparan.pdf"),
    (b"MZ\x90\x00 executable", "slides.pptx"),
    (b"PK\x03\x04 not really a zip", "data.xlsx"),
])
def test_files_that_are_not_what_they_claim_are_415(client, forum, content, filename):
    session = new_session(client, forum)
    response = upload(client, forum, session["id"], content, filename=filename)
    assert response.status_code == 415 and response.json["error"]["code"] == "unsupported_type"


def test_path_in_the_file_name_is_stored_safely(app, client, forum):
    session = new_session(client, forum)
    material = upload(client, forum, session["id"], PDF, filename="../../etc/passwd.pdf").json
    assert material["filename"] == "passwd.pdf"
    import os

    stored = os.listdir(app.config["FORUM_UPLOAD_DIR"])
    assert len(stored) == 1 and stored[0].endswith(".pdf") and "passwd" not in stored[0]


@pytest.mark.config(FORUM_MAX_UPLOAD_MB=1, MAX_CONTENT_LENGTH=1024 * 1024)
def test_too_large_upload_is_413_and_leaves_nothing_on_disk(app, client, forum):
    import os

    session = new_session(client, forum)
    response = upload(client, forum, session["id"], PDF + b"0" * (2 * 1024 * 1024))
    assert response.status_code == 413 and response.is_json
    assert not os.path.exists(app.config["FORUM_UPLOAD_DIR"]) or os.listdir(app.config["FORUM_UPLOAD_DIR"]) == []


def test_replacing_a_file_keeps_the_earlier_version(client, forum, app):
    session = new_session(client, forum)
    first = upload(client, forum, session["id"], PDF, published="true").json
    second = upload(client, forum, session["id"], PDF + b"%v2\n", replaces=str(first["id"])).json
    assert second["published"] is True  # replacing a published file keeps it published
    listed = client.get(f"/api/v1/events/{forum['slug']}/agenda").json["sessions"][0]["materials"]
    assert [m["id"] for m in listed] == [second["id"]]
    old = client.get(first["url"], headers=forum["mod"])
    assert old.status_code == 200 and old.data == PDF


def test_speaker_uploads_with_their_personal_token_but_others_cannot(client, forum):
    speaker = forum["make"].participant(forum["slug"])
    other = forum["make"].participant(forum["slug"])
    session = new_session(client, forum, speaker_ids=[speaker["id"]])
    ok = upload(client, forum, session["id"], PDF, headers={"Authorization": f"Bearer {speaker['access_token']}"})
    assert ok.status_code == 201
    refused = upload(client, forum, session["id"], PDF, headers={"Authorization": f"Bearer {other['access_token']}"})
    assert refused.status_code == 403
    anonymous = upload(client, forum, session["id"], PDF, headers={})
    assert anonymous.status_code == 401
