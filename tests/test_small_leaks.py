"""Small leaks closed: another participant's `client_id` gets nothing of theirs back, overlaps show only
inputs the viewer may see, another participant's personal link asks before the browser acts as them,
speakers never publish, and check-in desks never receive unpublished materials."""
import io
import re

import pytest

from forum.extensions import socketio
from forum.security import PARTICIPANT_SESSION_KEY

pytestmark = pytest.mark.both_dbs

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SEBUNGA = {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}


@pytest.fixture
def forum(app, client, make, backend):
    slug = make.event()
    session, mod = make.live_session(slug)
    return {"slug": slug, "session": session, "mod": mod, "make": make,
            "pupr": make.participant(slug, name="Agus Santoso", agency="Dinas PUPR"),
            "dpmd": make.participant(slug, name="Maria Siregar", agency="DPMD"),
            "bappeda": make.participant(slug, name="Citra Wijaya", agency="Bappeda")}


def as_(person) -> dict:
    return {"Authorization": f"Bearer {person['access_token']}"}


def submit(client, forum, person, **body):
    data = {"kind": "proposal", "title": "Pembangunan jalan desa Sebunga", "body": "Akses ke PLBN Aruk",
            "activity": "Pembangunan jalan desa", "location": SEBUNGA, **body}
    return client.post(f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/inputs", json=data,
                       headers=as_(person))


def moderate(client, forum, input_id, **body):
    response = client.patch(f"/api/v1/events/{forum['slug']}/inputs/{input_id}", json=body, headers=forum["mod"])
    assert response.status_code == 200, response.json
    return response.json


def live_client(app, slug, token):
    sio = socketio.test_client(app, namespace="/live", auth={"event": slug, "token": token},
                               flask_test_client=app.test_client())
    assert sio.is_connected("/live")
    sio.get_received("/live")
    return sio


def received(sio, name):
    return [r["args"][0] for r in sio.get_received("/live") if r["name"] == name]


# --- a resent client_id answers only its submitter -----------------------------------------------

def test_another_participants_client_id_is_refused_without_a_trace_of_their_input(client, forum):
    first = submit(client, forum, forum["pupr"], title="Rehab jembatan gantung Sebunga", client_id="draft-7f3a")
    moderate(client, forum, first.json["id"], status="discussed", note="Catatan internal: anggaran tumpang tindih")
    replay = submit(client, forum, forum["dpmd"], title="Apa saja", client_id="draft-7f3a")
    assert replay.status_code == 409
    assert replay.json["error"]["code"] == "client_id_taken" and "client_id" in replay.json["error"]["fields"]
    assert "jembatan" not in replay.text and "Catatan internal" not in replay.text and "Agus" not in replay.text


def test_the_submitter_resending_their_client_id_still_gets_the_first_answer(client, forum):
    first = submit(client, forum, forum["pupr"], client_id="draft-9c1e")
    again = submit(client, forum, forum["pupr"], client_id="draft-9c1e")
    assert first.status_code == again.status_code == 201 and again.json == first.json


def test_the_live_page_form_refuses_another_participants_client_id(app, client, forum):
    submit(client, forum, forum["pupr"], title="Rehab jembatan gantung Sebunga", client_id="draft-5d2b")
    browser = app.test_client()
    browser.get(f"/p/{forum['dpmd']['access_token']}")
    response = browser.post(f"/events/{forum['slug']}/live/inputs", data={
        "session_id": str(forum["session"]["id"]), "kind": "comment", "title": "Setuju", "client_id": "draft-5d2b"})
    assert response.status_code == 409
    assert "jembatan" not in response.text


# --- overlaps show only what the viewer may see ---------------------------------------------------

@pytest.fixture
def overlapping(client, forum):
    """PUPR's proposal (still hidden) and DPMD's accepted one look like the same road."""
    hidden = submit(client, forum, forum["pupr"]).json
    public = submit(client, forum, forum["dpmd"], title="Peningkatan jalan poros desa Sebunga").json
    assert public["overlaps"] == []  # DPMD may not see PUPR's input yet: not even that it exists
    accepted = moderate(client, forum, public["id"], status="accepted")
    assert [o["input_id"] for o in accepted["overlaps"]] == [hidden["id"]]  # moderators see the pair
    return {"hidden": hidden["id"], "public": public["id"]}


def test_others_see_no_overlap_with_a_hidden_input(client, forum, overlapping):
    listed = client.get(f"/api/v1/events/{forum['slug']}/inputs", headers=as_(forum["bappeda"])).json["inputs"]
    assert [(i["id"], i["overlaps"]) for i in listed] == [(overlapping["public"], [])]
    one = client.get(f"/api/v1/events/{forum['slug']}/inputs/{overlapping['public']}", headers=as_(forum["bappeda"]))
    assert one.json["overlaps"] == [] and "history" not in one.json


def test_the_hidden_inputs_author_and_moderators_see_the_overlap(client, forum, overlapping):
    own = client.get(f"/api/v1/events/{forum['slug']}/inputs/{overlapping['public']}", headers=as_(forum["pupr"]))
    assert [o["input_id"] for o in own.json["overlaps"]] == [overlapping["hidden"]]
    staff = client.get(f"/api/v1/events/{forum['slug']}/inputs/{overlapping['public']}", headers=forum["mod"])
    assert [o["input_id"] for o in staff.json["overlaps"]] == [overlapping["hidden"]]


def test_a_support_answer_shows_no_overlap_with_a_hidden_input(client, forum, overlapping):
    supported = client.post(f"/api/v1/events/{forum['slug']}/inputs/{overlapping['public']}/support",
                            headers=as_(forum["bappeda"]))
    assert supported.status_code == 200 and supported.json["overlaps"] == []


def test_the_audience_gets_public_inputs_without_hidden_overlaps_or_history(app, client, forum):
    hidden = submit(client, forum, forum["pupr"]).json
    public = submit(client, forum, forum["dpmd"], title="Peningkatan jalan poros desa Sebunga").json
    audience = live_client(app, forum["slug"], forum["bappeda"]["access_token"])
    moderators = live_client(app, forum["slug"], forum["make"].token("moderator"))
    moderate(client, forum, public["id"], status="accepted", note="Diterima")
    [seen] = received(audience, "input")
    assert seen["input"]["id"] == public["id"] and seen["input"]["overlaps"] == []
    assert "history" not in seen["input"]
    [staff] = received(moderators, "input")
    assert [o["input_id"] for o in staff["input"]["overlaps"]] == [hidden["id"]]


# --- another participant's personal link asks first -----------------------------------------------

def acting_as(browser) -> str | None:
    with browser.session_transaction() as session:
        return session.get(PARTICIPANT_SESSION_KEY)


def test_a_first_personal_link_is_followed_at_once(client, forum):
    response = client.get(f"/p/{forum['pupr']['access_token']}")
    assert response.status_code == 200 and "Continue as" not in response.text
    assert acting_as(client) == forum["pupr"]["access_token"]


def test_another_participants_link_asks_before_switching(client, forum):
    client.get(f"/p/{forum['pupr']['access_token']}")
    question = client.get(f"/p/{forum['dpmd']['access_token']}")
    assert question.status_code == 200
    assert "Continue as Maria Siregar?" in question.text and "Agus Santoso" in question.text
    assert question.headers["Referrer-Policy"] == "no-referrer"
    assert forum["dpmd"]["checkin_code"] not in question.text  # not their page (no QR) until confirmed
    assert acting_as(client) == forum["pupr"]["access_token"]
    switched = client.post(f"/p/{forum['dpmd']['access_token']}/use")
    assert switched.status_code == 303 and switched.headers["Location"].endswith(f"/p/{forum['dpmd']['access_token']}")
    assert acting_as(client) == forum["dpmd"]["access_token"]
    page = client.get(switched.headers["Location"])
    assert "Continue as" not in page.text and forum["dpmd"]["checkin_code"] in page.text


def test_opening_ones_own_link_again_asks_nothing(client, forum):
    client.get(f"/p/{forum['pupr']['access_token']}")
    assert "Continue as" not in client.get(f"/p/{forum['pupr']['access_token']}").text


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_switching_needs_the_pages_csrf_token(client, forum):
    client.get(f"/p/{forum['pupr']['access_token']}")
    forged = client.post(f"/p/{forum['dpmd']['access_token']}/use")
    assert forged.status_code == 400 and acting_as(client) == forum["pupr"]["access_token"]
    page = client.get(f"/p/{forum['dpmd']['access_token']}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/p/{forum['dpmd']['access_token']}/use", data={"csrf_token": token}).status_code == 303
    assert acting_as(client) == forum["dpmd"]["access_token"]


def test_a_revoked_participant_in_the_browser_is_replaced_without_a_question(app, client, forum):
    from forum.extensions import db
    from forum.models import Participant
    from forum.services import registration

    client.get(f"/p/{forum['pupr']['access_token']}")
    with app.app_context():
        registration.set_status(db.session.get(Participant, forum["pupr"]["id"]), "revoked")
        db.session.commit()
    assert "Continue as" not in client.get(f"/p/{forum['dpmd']['access_token']}").text
    assert acting_as(client) == forum["dpmd"]["access_token"]


def test_registering_in_a_browser_used_by_someone_else_goes_straight_to_the_new_page(client, forum):
    client.get(f"/p/{forum['pupr']['access_token']}")
    response = client.post(f"/events/{forum['slug']}/register", data={
        "name": "Dewi Lestari", "agency": "Dinas Kesehatan", "position": "Analis", "attendance": "online",
        "email": "dewi@example.id", "consent": "y"}, follow_redirects=True)
    assert response.status_code == 200 and "Dewi Lestari" in response.text and "Continue as" not in response.text


# --- speakers never publish -------------------------------------------------------------------------

@pytest.fixture
def speaking(client, forum):
    speaker = forum["make"].participant(forum["slug"], name="Rina Kartika", agency="Bappeda")
    session = client.post(f"/api/v1/events/{forum['slug']}/sessions", headers=forum["make"].headers("organiser"),
                          json={"title": "Paparan", "starts_at": "2021-02-25T09:00", "ends_at": "2021-02-25T10:00",
                                "speaker_ids": [speaker["id"]]}).json
    return {"speaker": speaker, "session": session}


def upload(client, forum, session_id, content, headers, **form):
    return client.post(f"/api/v1/events/{forum['slug']}/sessions/{session_id}/materials",
                       data={"file": (io.BytesIO(content), "paparan.pdf"), **form}, headers=headers,
                       content_type="multipart/form-data")


def public_materials(client, forum) -> list[int]:
    sessions = client.get(f"/api/v1/events/{forum['slug']}/agenda").json["sessions"]
    return [m["id"] for s in sessions for m in s["materials"]]


def test_a_speakers_upload_stays_unpublished_until_a_moderator_publishes_it(client, forum, speaking):
    own = upload(client, forum, speaking["session"]["id"], PDF, as_(speaking["speaker"]), published="true",
                 publish_on_start="true")
    assert own.status_code == 201 and own.json["published"] is False and own.json["publish_on_start"] is False
    assert public_materials(client, forum) == []
    client.post(f"/api/v1/events/{forum['slug']}/sessions/{speaking['session']['id']}/state",
                json={"state": "live"}, headers=forum["mod"])
    assert public_materials(client, forum) == []  # starting the session publishes nothing of the speaker's
    client.patch(f"/api/v1/events/{forum['slug']}/materials/{own.json['id']}", json={"published": True},
                 headers=forum["mod"])
    assert public_materials(client, forum) == [own.json["id"]]


def test_a_speakers_new_version_of_a_published_material_waits_for_a_moderator(client, forum, speaking):
    session_id = speaking["session"]["id"]
    staff = upload(client, forum, session_id, PDF, forum["mod"], published="true").json
    new = upload(client, forum, session_id, PDF + b"%v2\n", as_(speaking["speaker"]), replaces=str(staff["id"]))
    assert new.status_code == 201 and new.json["published"] is False
    assert public_materials(client, forum) == [staff["id"]]  # the audience keeps the published version
    client.patch(f"/api/v1/events/{forum['slug']}/materials/{new.json['id']}", json={"published": True},
                 headers=forum["mod"])
    assert public_materials(client, forum) == [new.json["id"]]


# --- check-in desks get no unpublished materials ------------------------------------------------------

def test_desk_staff_receive_no_unpublished_materials_over_socketio(app, client, forum):
    desk = live_client(app, forum["slug"], forum["make"].token("checkin"))
    moderators = live_client(app, forum["slug"], forum["make"].token("moderator"))
    draft = upload(client, forum, forum["session"]["id"], PDF, forum["mod"]).json
    assert draft["published"] is False
    desk_events, moderator_events = desk.get_received("/live"), moderators.get_received("/live")
    assert [e for e in desk_events if e["name"] == "material"] == []
    assert all(draft["id"] not in [m["id"] for s in e["args"][0]["sessions"] for m in s["materials"]]
               for e in desk_events if e["name"] == "agenda")
    assert [e["args"][0]["material"]["id"] for e in moderator_events if e["name"] == "material"] == [draft["id"]]
    later_desk = socketio.test_client(app, namespace="/live", auth={"event": forum["slug"],
                                                                    "token": forum["make"].token("checkin")},
                                      flask_test_client=app.test_client())
    [agenda] = [e["args"][0] for e in later_desk.get_received("/live") if e["name"] == "agenda"]  # sent on connect
    assert draft["id"] not in [m["id"] for s in agenda["sessions"] for m in s["materials"]]
