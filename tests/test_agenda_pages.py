"""The agenda editor (organisers) and the control panel (moderators) as plain forms, without
JavaScript: who may open and post what, and that each form does what its API twin does."""
import io
import re

import pytest

from forum.extensions import socketio
from tests.conftest import login

pytestmark = pytest.mark.both_dbs

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def forum(app, make, backend):
    slug = make.event()
    org = make.headers("organiser")
    sessions = []
    for title, start, end in (("Pembukaan", "08:00", "08:45"), ("Paparan Kepala BPPD", "08:45", "09:45"),
                              ("Narasumber Bappeda", "09:45", "10:45")):
        response = app.test_client().post(f"/api/v1/events/{slug}/sessions", headers=org, json={
            "title": title, "starts_at": f"2021-02-25T{start}", "ends_at": f"2021-02-25T{end}", "room": "Ballroom"})
        assert response.status_code == 201
        sessions.append(response.json["id"])
    return {"slug": slug, "make": make, "org": org, "sessions": sessions}


def agenda(client, forum) -> dict:
    payload = client.get(f"/api/v1/events/{forum['slug']}/agenda", headers=forum["org"]).json
    return {s["id"]: s for s in payload["sessions"]} | {"current": payload["current_session_id"]}


def html(response) -> str:
    return response.get_data(as_text=True)


def field_error(page: str, field_id: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', page, re.S)
    return match.group(1) if match else None


def viewer(app, slug):
    sio = socketio.test_client(app, namespace="/live", auth={"event": slug}, flask_test_client=app.test_client())
    sio.get_received("/live")
    return sio


def received(sio, name):
    return [r["args"][0] for r in sio.get_received("/live") if r["name"] == name]


# --- who may open what -------------------------------------------------------------------------

@pytest.mark.parametrize("role, status", [("organiser", 200), ("admin", 200), ("moderator", 403), ("checkin", 403)])
def test_the_agenda_editor_is_for_organisers(app, client, forum, role, status):
    login(client, app, role)
    for page in ("/admin/{slug}/agenda", "/admin/{slug}/agenda/new", "/admin/{slug}/agenda/{sid}"):
        response = client.get(page.format(slug=forum["slug"], sid=forum["sessions"][0]))
        assert response.status_code == status, page


@pytest.mark.parametrize("role, status", [("moderator", 200), ("organiser", 200), ("admin", 200), ("checkin", 403)])
def test_the_control_panel_is_for_moderators(app, client, forum, role, status):
    login(client, app, role)
    assert client.get(f"/admin/{forum['slug']}/control").status_code == status


@pytest.mark.parametrize("page", ["/admin/{slug}/agenda", "/admin/{slug}/agenda/new", "/admin/{slug}/control"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, forum, page):
    response = client.get(page.format(slug=forum["slug"]))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


PANEL_POSTS = [
    ("/admin/{slug}/control/sessions/{sid}/state", {"state": "live"}),
    ("/admin/{slug}/control/next", {}),
    ("/admin/{slug}/control/delay", {"minutes": "15"}),
    ("/admin/{slug}/control/announcements", {"text": "Istirahat"}),
    ("/admin/{slug}/control/sessions/{sid}/materials", {"published": "true"}),
    ("/admin/{slug}/control/materials/{mid}", {"published": "true"}),
]


@pytest.fixture
def material_id(app, client, forum, make):
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions/{forum['sessions'][1]}/materials",
                           headers=make.headers("moderator"), content_type="multipart/form-data",
                           data={"file": (io.BytesIO(PDF), "paparan.pdf")})
    assert response.status_code == 201
    return response.json["id"]


@pytest.mark.parametrize("path, form", PANEL_POSTS)
def test_non_moderators_cannot_post_the_panel_forms(app, client, forum, material_id, path, form):
    url = path.format(slug=forum["slug"], sid=forum["sessions"][1], mid=material_id)
    upload = "materials" in path and "control/materials" not in path

    def post():
        return client.post(url, data={**form, "file": (io.BytesIO(PDF), "x.pdf")} if upload else form)

    anonymous = post()
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    person = forum["make"].participant(forum["slug"])
    client.get(f"/p/{person['access_token']}")  # a participant's browser session is not a staff login
    assert post().status_code == 302
    login(client, app, "checkin")
    assert post().status_code == 403
    after = agenda(app.test_client(), forum)
    assert after["current"] is None and all(after[sid]["state"] == "scheduled" for sid in forum["sessions"])
    assert after[forum["sessions"][1]]["starts_at"] == "2021-02-25T08:45:00+07:00"
    announcements = client.get(f"/api/v1/events/{forum['slug']}/announcements").json["announcements"]
    assert announcements == []
    materials = after[forum["sessions"][1]]["materials"]
    assert [(m["id"], m["published"]) for m in materials] == [(material_id, False)]


# --- the agenda editor -------------------------------------------------------------------------

def test_an_organiser_adds_a_session_with_local_times_and_speakers(app, client, forum):
    speaker = forum["make"].participant(forum["slug"], name="Citra Wijaya", agency="DPMD")
    login(client, app, "organiser")
    form_page = html(client.get(f"/admin/{forum['slug']}/agenda/new"))
    assert 'value="2021-02-25T10:45"' in form_page  # a new session follows the last one
    assert "Citra Wijaya" in form_page
    response = client.post(f"/admin/{forum['slug']}/agenda/new", data={
        "title": "Narasumber DPMD: percepatan desa mandiri", "starts_at": "2021-02-25T10:45",
        "ends_at": "2021-02-25T11:45", "room": "Ballroom", "description": "Desa mandiri di perbatasan",
        "stream_url": "https://meet.google.com/abc-defg-hij", "speaker_ids": [str(speaker["id"])], "position": "0"})
    assert response.status_code == 303
    sessions = [s for s in agenda(client, forum).values() if isinstance(s, dict)]
    new = [s for s in sessions if s["title"].startswith("Narasumber DPMD")]
    assert len(new) == 1
    assert new[0]["starts_at"] == "2021-02-25T10:45:00+07:00" and new[0]["ends_at"] == "2021-02-25T11:45:00+07:00"
    assert new[0]["speakers"] == [{"name": "Citra Wijaya", "agency": "DPMD"}]
    assert new[0]["stream_url"] == "https://meet.google.com/abc-defg-hij"
    person = client.get(f"/api/v1/events/{forum['slug']}/participants/{speaker['id']}", headers=forum["org"]).json
    assert person["role"] == "speaker"
    listing = html(client.get(response.headers["Location"], headers={"Accept-Language": "id"}))
    assert "Narasumber DPMD" in listing and "10.45–11.45" in listing and "Citra Wijaya" in listing


def test_field_errors_are_shown_next_to_their_fields(app, client, forum):
    login(client, app, "organiser")
    response = client.post(f"/admin/{forum['slug']}/agenda/new", data={
        "title": "", "starts_at": "2021-02-25T11:00", "ends_at": "2021-02-25T10:00", "stream_url": "zoom saja",
        "position": "0"})
    assert response.status_code == 422
    page = html(response)
    assert field_error(page, "title") and field_error(page, "ends_at") and field_error(page, "stream_url")
    assert 'value="2021-02-25T11:00"' in page  # what was typed stays
    assert len([s for s in agenda(client, forum) if isinstance(s, int)]) == 3


def test_editing_a_session_changes_it_and_keeps_its_speakers_choosable(app, client, forum):
    first = forum["make"].participant(forum["slug"], name="Agus Santoso")
    second = forum["make"].participant(forum["slug"], name="Dewi Lestari")
    sid = forum["sessions"][1]
    client.patch(f"/api/v1/events/{forum['slug']}/sessions/{sid}", json={"speaker_ids": [first["id"]]},
                 headers=forum["org"])
    login(client, app, "organiser")
    page = html(client.get(f"/admin/{forum['slug']}/agenda/{sid}"))
    assert re.search(rf'value="{first["id"]}" checked', page) and not re.search(rf'value="{second["id"]}" checked',
                                                                                 page)
    response = client.post(f"/admin/{forum['slug']}/agenda/{sid}", data={
        "title": "Paparan Kepala BPPD (diperpanjang)", "starts_at": "2021-02-25T08:45", "ends_at": "2021-02-25T10:00",
        "room": "Ruang Melati", "speaker_ids": [str(second["id"])], "position": "0"})
    assert response.status_code == 303
    session = agenda(client, forum)[sid]
    assert session["title"] == "Paparan Kepala BPPD (diperpanjang)" and session["room"] == "Ruang Melati"
    assert session["ends_at"] == "2021-02-25T10:00:00+07:00"
    assert [s["name"] for s in session["speakers"]] == ["Dewi Lestari"]


def test_saving_in_the_editor_reaches_connected_pages(app, client, forum):
    sio = viewer(app, forum["slug"])
    login(client, app, "organiser")
    client.post(f"/admin/{forum['slug']}/agenda/new", data={
        "title": "Perumusan berita acara", "starts_at": "2021-02-25T15:00", "ends_at": "2021-02-25T16:00",
        "position": "0"})
    agendas = received(sio, "agenda")
    assert agendas and agendas[-1]["sessions"][-1]["title"] == "Perumusan berita acara"


# --- the control panel, as plain forms -----------------------------------------------------

@pytest.fixture
def moderator(app, client):
    login(client, app, "moderator")
    return client


def test_starting_a_session_through_the_panel(app, moderator, forum):
    sio = viewer(app, forum["slug"])
    sid = forum["sessions"][1]
    page = html(moderator.get(f"/admin/{forum['slug']}/control"))
    assert f'action="/admin/{forum["slug"]}/control/sessions/{sid}/state"' in page
    response = moderator.post(f"/admin/{forum['slug']}/control/sessions/{sid}/state", data={"state": "live"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#session-{sid}")
    now = agenda(moderator, forum)
    assert now["current"] == sid and now[sid]["state"] == "live" and now[sid]["actual_start"]
    assert received(sio, "agenda")[-1]["current_session_id"] == sid
    page = html(moderator.get(f"/admin/{forum['slug']}/control"))
    card = re.search(rf'<article[^>]*id="session-{sid}".*?</article>', page, re.S).group(0)
    assert 'value="paused"' in card and 'value="ended"' in card and 'name="state" value="live"' not in card


def test_pause_resume_end_and_input(moderator, forum):
    sid = forum["sessions"][0]
    url = f"/admin/{forum['slug']}/control/sessions/{sid}/state"
    for form, state in (({"state": "live"}, "live"), ({"state": "paused"}, "paused"), ({"state": "live"}, "live")):
        moderator.post(url, data=form)
        assert agenda(moderator, forum)[sid]["state"] == state
    moderator.post(url, data={"input_open": "true"})
    assert agenda(moderator, forum)[sid]["input_open"] is True
    moderator.post(url, data={"state": "ended"})
    ended = agenda(moderator, forum)[sid]
    assert ended["state"] == "ended" and ended["actual_end"] and ended["input_open"] is False


def test_a_bad_state_is_shown_on_the_panel(moderator, forum):
    sid = forum["sessions"][0]
    response = moderator.post(f"/admin/{forum['slug']}/control/sessions/{sid}/state", data={"state": "meledak"})
    assert response.status_code == 422
    assert 'class="field-error"' in html(response)
    assert agenda(moderator, forum)[sid]["state"] == "scheduled"


def test_next_session_through_the_panel(moderator, forum):
    first, second, _third = forum["sessions"]
    moderator.post(f"/admin/{forum['slug']}/control/sessions/{first}/state", data={"state": "live"})
    response = moderator.post(f"/admin/{forum['slug']}/control/next")
    assert response.status_code == 303
    now = agenda(moderator, forum)
    assert now["current"] == second and now[first]["state"] == "ended"


def test_delay_through_the_panel(app, moderator, forum):
    first, second, third = forum["sessions"]
    moderator.post(f"/admin/{forum['slug']}/control/sessions/{second}/state", data={"state": "live"})
    sio = viewer(app, forum["slug"])
    response = moderator.post(f"/admin/{forum['slug']}/control/delay", data={"minutes": "15"})
    assert response.status_code == 303
    now = agenda(moderator, forum)
    assert now[second]["ends_at"] == "2021-02-25T10:00:00+07:00"  # the running session runs longer
    assert now[third]["starts_at"] == "2021-02-25T10:00:00+07:00"
    assert now[third]["ends_at"] == "2021-02-25T11:00:00+07:00"
    assert now[first]["starts_at"] == "2021-02-25T08:00:00+07:00"  # what came before stays
    assert received(sio, "agenda")[-1]["sessions"][2]["starts_at"] == "2021-02-25T10:00:00+07:00"
    shown = html(moderator.get(response.headers["Location"], headers={"Accept-Language": "id"}))
    # (the flash was worded in the language of the POST: the suite's English)
    assert "10.00–11.00 WIB" in shown and "The agenda was moved by 15 min (1 session)." in shown


@pytest.mark.parametrize("minutes", ["0", "abc", "100000"])
def test_a_bad_delay_is_refused_next_to_the_form(moderator, forum, minutes):
    response = moderator.post(f"/admin/{forum['slug']}/control/delay", data={"minutes": minutes})
    assert response.status_code == 422
    page = html(response)
    assert re.search(r'id="delay".*class="field-error"', page, re.S)
    assert agenda(moderator, forum)[forum["sessions"][2]]["starts_at"] == "2021-02-25T09:45:00+07:00"


def test_an_announcement_through_the_panel(app, moderator, forum):
    sio = viewer(app, forum["slug"])
    response = moderator.post(f"/admin/{forum['slug']}/control/announcements", data={"text": "Istirahat 15 menit"})
    assert response.status_code == 303
    listed = moderator.get(f"/api/v1/events/{forum['slug']}/announcements").json["announcements"]
    assert [a["text"] for a in listed] == ["Istirahat 15 menit"]
    assert [a["text"] for a in received(sio, "announcement")] == ["Istirahat 15 menit"]
    assert "Istirahat 15 menit" in html(moderator.get(f"/admin/{forum['slug']}/control"))


def test_an_empty_announcement_is_refused_and_a_long_one_kept_for_editing(moderator, forum):
    assert moderator.post(f"/admin/{forum['slug']}/control/announcements", data={"text": "  "}).status_code == 422
    long = "Mohon perhatian " * 40
    response = moderator.post(f"/admin/{forum['slug']}/control/announcements", data={"text": long})
    assert response.status_code == 422 and long.strip() in html(response)
    assert moderator.get(f"/api/v1/events/{forum['slug']}/announcements").json["announcements"] == []


def upload_form(moderator, forum, sid, content=PDF, filename="paparan.pdf", **form):
    return moderator.post(f"/admin/{forum['slug']}/control/sessions/{sid}/materials",
                          data={"file": (io.BytesIO(content), filename), "title": "Bahan paparan", **form},
                          content_type="multipart/form-data")


def test_uploading_and_publishing_through_the_panel(app, moderator, forum):
    sid = forum["sessions"][1]
    sio = viewer(app, forum["slug"])
    response = upload_form(moderator, forum, sid)
    assert response.status_code == 303
    [material] = agenda(moderator, forum)[sid]["materials"]
    assert material["title"] == "Bahan paparan" and material["published"] is False
    assert received(sio, "material") == []  # the audience hears of it only when it is published
    public = app.test_client().get(f"/api/v1/events/{forum['slug']}/agenda").json["sessions"][1]["materials"]
    assert public == []
    moderator.post(f"/admin/{forum['slug']}/control/materials/{material['id']}", data={"published": "true"})
    assert [m["material"]["id"] for m in received(sio, "material")] == [material["id"]]
    file = app.test_client().get(material["url"])
    assert file.status_code == 200 and file.data == PDF
    moderator.post(f"/admin/{forum['slug']}/control/materials/{material['id']}", data={"published": "false"})
    assert app.test_client().get(material["url"]).status_code == 404


def test_publish_now_and_publish_at_the_start(app, moderator, forum):
    sid = forum["sessions"][1]
    upload_form(moderator, forum, sid, published="true")
    upload_form(moderator, forum, sid, publish_on_start="true", title="Slide kedua")
    materials = agenda(moderator, forum)[sid]["materials"]
    assert [(m["published"], m["publish_on_start"]) for m in materials] == [(True, False), (False, True)]
    sio = viewer(app, forum["slug"])
    moderator.post(f"/admin/{forum['slug']}/control/sessions/{sid}/state", data={"state": "live"})
    assert all(m["published"] for m in agenda(moderator, forum)[sid]["materials"])
    assert [m["material"]["title"] for m in received(sio, "material")] == ["Slide kedua"]


def test_replacing_through_the_panel_keeps_the_earlier_version(app, moderator, forum):
    sid = forum["sessions"][1]
    upload_form(moderator, forum, sid, published="true")
    [first] = agenda(moderator, forum)[sid]["materials"]
    response = upload_form(moderator, forum, sid, content=PDF + b"%v2\n", replaces=str(first["id"]), title="Revisi")
    assert response.status_code == 303
    [current] = agenda(moderator, forum)[sid]["materials"]
    assert current["title"] == "Revisi" and current["replaces_id"] == first["id"] and current["published"] is True
    assert moderator.get(first["url"]).data == PDF  # still there for staff
    page = html(moderator.get(f"/admin/{forum['slug']}/control"))
    assert f"/materials/{first['id']}" in page  # linked as the earlier version


def test_a_file_that_is_not_what_it_claims_is_refused_on_the_panel(moderator, forum):
    sid = forum["sessions"][1]
    response = upload_form(moderator, forum, sid, content=b"<html><script>alert(1)</script></html>")
    assert response.status_code == 415
    page = html(response)
    assert re.search(rf'<details open>.*?data-upload="/api/v1/events/{forum["slug"]}/sessions/{sid}/materials".*?'
                     r'class="field-error"', page, re.S)
    assert agenda(moderator, forum)[sid]["materials"] == []


def test_replacing_a_material_of_another_session_is_refused(moderator, forum):
    upload_form(moderator, forum, forum["sessions"][0])
    [other] = agenda(moderator, forum)[forum["sessions"][0]]["materials"]
    response = upload_form(moderator, forum, forum["sessions"][1], replaces=str(other["id"]))
    assert response.status_code == 422
    assert agenda(moderator, forum)[forum["sessions"][1]]["materials"] == []


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_panel_forms_need_the_csrf_token(app, client, forum):
    email = "pimpinan@bppd.example.id"
    forum["make"].user("moderator", email=email)
    login_page = html(client.get("/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": email, "password": "correct horse battery", "csrf_token": token})
    sid = forum["sessions"][0]
    refused = client.post(f"/admin/{forum['slug']}/control/sessions/{sid}/state", data={"state": "live"})
    assert refused.status_code == 400
    assert agenda(client, forum)[sid]["state"] == "scheduled"
    page = html(client.get(f"/admin/{forum['slug']}/control"))
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    assert f'name="csrf_token" value="{token}"' in page
    accepted = client.post(f"/admin/{forum['slug']}/control/sessions/{sid}/state",
                           data={"state": "live", "csrf_token": token})
    assert accepted.status_code == 303 and agenda(client, forum)[sid]["state"] == "live"
    # The API twin of the button takes the same token in a header (what control.js sends).
    api = client.post(f"/api/v1/events/{forum['slug']}/sessions/{sid}/state", json={"state": "paused"})
    assert api.status_code == 403
    api = client.post(f"/api/v1/events/{forum['slug']}/sessions/{sid}/state", json={"state": "paused"},
                      headers={"X-CSRFToken": token})
    assert api.status_code == 200 and api.json["state"] == "paused"
