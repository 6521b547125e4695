"""The live forum's pages without JavaScript: the participants' live page, the projector screen, the
public agenda and its .ics. Each shows the current state as rendered by the server."""
import io
import re

import pytest

from forum.live.pages import stream_link
from forum.services import tickets
from tests.static_names import unhashed

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def forum(app, make):
    slug = make.event(stream_url="https://zoom.us/j/81234567890")
    org, mod = make.headers("organiser"), make.headers("moderator")
    speaker = make.participant(slug, name="Citra Wijaya", agency="Bappeda")
    return {"slug": slug, "make": make, "org": org, "mod": mod, "speaker": speaker}


def add_session(client, forum, title, start, end, **extra):
    body = {"title": title, "starts_at": f"2021-02-25T{start}", "ends_at": f"2021-02-25T{end}", "room": "Ballroom",
            **extra}
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions", json=body, headers=forum["org"])
    assert response.status_code == 201, response.json
    return response.json


def set_state(client, forum, session, **body):
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/state", json=body,
                           headers=forum["mod"])
    assert response.status_code == 200, response.json
    return response.json


def upload(client, forum, session, content=PDF, **form):
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/materials",
                           data={"file": (io.BytesIO(content), "paparan.pdf"), **form}, headers=forum["mod"],
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    return response.json


def section(html: str, marker: str) -> str:
    """The HTML of the element carrying `marker` (e.g. 'data-now'), up to its closing tag."""
    match = re.search(rf"<(\w+)[^>]*\b{marker}\b[^>]*>(.*?)</\1>", html, re.S)
    assert match, marker
    return match.group(2)


@pytest.fixture
def running(client, forum):
    """The demo's morning: the opening is over, the agency head is presenting, Bappeda is next."""
    opening = add_session(client, forum, "Pembukaan", "08:00", "08:45")
    talk = add_session(client, forum, "Paparan Kepala BPPD, permasalahan perbatasan", "08:45", "09:45",
                       speaker_ids=[forum["speaker"]["id"]])
    following = add_session(client, forum, "Narasumber Bappeda", "09:45", "10:45")
    set_state(client, forum, opening, state="live")
    set_state(client, forum, opening, state="ended")
    set_state(client, forum, talk, state="live")
    return {"opening": opening, "talk": talk, "following": following}


def open_personal_link(client, person):
    assert client.get(f"/p/{person['access_token']}").status_code == 200


# --- the live page -------------------------------------------------------------------------

def test_the_live_page_shows_the_current_session_server_side(client, forum, running):
    person = forum["make"].participant(forum["slug"], attendance="online")
    open_personal_link(client, person)
    response = client.get(f"/events/{forum['slug']}/live")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    html = response.get_data(as_text=True)
    now = section(html, "data-now")
    assert "Paparan Kepala BPPD, permasalahan perbatasan" in now
    assert "state-live" in now and "Citra Wijaya" in now and "Bappeda" in now
    assert "08:45–09:45 WIB" in now
    following = section(html, "data-next")
    assert "Narasumber Bappeda" in following and "09:45–10:45 WIB" in following
    assert 'data-live="' + forum["slug"] + '"' in html
    assert "/static/vendor/socket.io/socket.io.min.js" in unhashed(html) and "/static/js/live.js" in unhashed(html)
    assert '<a class="btn" href="https://zoom.us/j/81234567890"' in html


def test_the_live_page_shows_planned_and_actual_times(app, client, forum, running):
    from forum.extensions import db
    from forum.models import Session
    from forum.services import events

    with app.app_context():
        session = db.session.get(Session, running["opening"]["id"])
        session.actual_start = events.get_event(forum["slug"]).starts_at.replace(minute=5)  # 08.05 WIB
        db.session.commit()
    open_personal_link(client, forum["make"].participant(forum["slug"]))
    html = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    item = re.search(r'<li class="session s-ended"[^>]*>(.*?)</li>', html, re.S).group(1)
    assert "08:00–08:45 WIB" in item and "started 08:05" in item and "ended" in item


def test_only_published_materials_and_newest_announcements_first(client, forum, running):
    shown = upload(client, forum, running["talk"], title="Bahan paparan", published="true")
    hidden = upload(client, forum, running["talk"], title="Draf internal")
    for text in ("Selamat datang", "Istirahat 15 menit"):
        client.post(f"/api/v1/events/{forum['slug']}/announcements", json={"text": text}, headers=forum["mod"])
    open_personal_link(client, forum["make"].participant(forum["slug"]))
    html = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    now = section(html, "data-now")
    assert "Bahan paparan" in now and shown["url"] in now and "Draf internal" not in html
    assert f'href="{shown["url"]}?download=1"' in now and "PDF · 1 KB" in now
    assert hidden["url"] not in html
    announcements = section(html, "data-announcements")
    assert announcements.index("Istirahat 15 menit") < announcements.index("Selamat datang")


def test_anonymous_visitors_get_a_page_pointing_to_their_personal_link(client, forum, running):
    response = client.get(f"/events/{forum['slug']}/live")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "data-live=" not in html and "zoom.us" not in html
    assert f"/events/{forum['slug']}/register" in html and f"/events/{forum['slug']}/agenda" in html


def test_a_participant_of_another_forum_is_not_let_in(client, forum, make):
    other = make.participant(make.event())
    open_personal_link(client, other)
    html = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    assert "data-live=" not in html


def test_staff_may_open_the_live_page(client, forum, running, login_as):
    login_as("checkin")
    html = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    assert "Paparan Kepala BPPD" in section(html, "data-now")


def test_the_unknown_forum_is_404(client):
    assert client.get("/events/tidak-ada/live").status_code == 404
    assert client.get("/events/tidak-ada/screen").status_code == 404


def test_a_session_link_overrides_the_forum_link_and_youtube_loads_only_on_a_tap(client, forum):
    talk = add_session(client, forum, "Paparan", "08:45", "09:45")
    client.patch(f"/api/v1/events/{forum['slug']}/sessions/{talk['id']}",
                 json={"stream_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}, headers=forum["org"])
    set_state(client, forum, talk, state="live")
    open_personal_link(client, forum["make"].participant(forum["slug"]))
    html = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    stream = section(html, "data-stream-box")
    assert "zoom.us" not in stream
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in stream
    assert "<iframe" not in html  # the player (and its weight) comes only after a tap
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in stream


@pytest.mark.parametrize("url, kind, embed", [
    ("https://us02web.zoom.us/j/81234567890?pwd=abc", "zoom", ""),
    ("https://zoom.us/j/81234567890", "zoom", ""),
    ("https://meet.google.com/abc-defg-hij", "meet", ""),
    ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/live/dQw4w9WgXcQ?si=x", "youtube", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/@bppdkalbar/live", "youtube", ""),
    ("https://zoom.us.example.net/j/1", "other", ""),
    ("https://stream.kalbarprov.go.id/forum", "other", ""),
])
def test_stream_links_are_recognised(app, url, kind, embed):
    link = stream_link(url)
    assert link["kind"] == kind and link["url"] == url
    assert link["embed"] == (f"https://www.youtube-nocookie.com/embed/{embed}?autoplay=1" if embed else "")


def test_no_link_no_button(client, make):
    slug = make.event()
    person = make.participant(slug)
    open_personal_link(client, person)
    html = client.get(f"/events/{slug}/live").get_data(as_text=True)
    assert 'class="btn"' not in section(html, "data-stream-box")


# --- the projector screen ------------------------------------------------------------------

def test_the_screen_is_public_and_shows_the_current_session(client, forum, running):
    client.post(f"/api/v1/events/{forum['slug']}/announcements", json={"text": "Peserta daring: mikrofon dimatikan"},
                headers=forum["mod"])
    response = client.get(f"/events/{forum['slug']}/screen")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    now = section(html, "data-now")
    assert "Paparan Kepala BPPD" in now and "Citra Wijaya" in now
    assert "Narasumber Bappeda" in section(html, "data-next")
    assert "Peserta daring: mikrofon dimatikan" in section(html, "data-announcements")
    assert f'src="/events/{forum["slug"]}/screen/qr.svg"' in html
    assert 'data-region="inputs"' in html  # kept for agency input (a later issue)
    assert "/static/css/screen.css" in unhashed(html) and "/static/js/live.js" in unhashed(html)
    assert "zoom.us" not in html  # the meeting link is for the participants' page


def test_the_screen_qr_code_opens_the_live_page(client, forum):
    response = client.get(f"/events/{forum['slug']}/screen/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.data == tickets.qr_svg(f"http://forum.test/events/{forum['slug']}/live")


# --- the public agenda and its calendar -------------------------------------------------------

def test_the_public_agenda_shows_planned_and_actual_times_in_indonesian(client, forum, running):
    upload(client, forum, running["talk"], title="Belum terbit")
    response = client.get(f"/events/{forum['slug']}/agenda", headers={"Accept-Language": "id"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Kamis, 25 Februari 2021" in html
    talk_row = re.search(rf'<tr data-session="{running["talk"]["id"]}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert "08.45–09.45 WIB" in talk_row and "Citra Wijaya" in talk_row and "state-live" in talk_row
    assert re.search(r"<td>\d\d\.\d\d WIB</td>", talk_row)  # the actual start, no end yet
    following = re.search(rf'<tr data-session="{running["following"]["id"]}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert "<td>—</td>" in following
    assert "Belum terbit" not in html
    assert f"/events/{forum['slug']}/agenda.ics" in html


def unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: a CRLF followed by a space continues the previous line."""
    return text.replace("\r\n ", "").split("\r\n")


def test_the_agenda_calendar_has_every_session_in_utc(client, forum, running):
    response = client.get(f"/events/{forum['slug']}/agenda.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data(as_text=True)
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    events = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and ":" in line and line != "END:VEVENT":
            key, value = line.split(":", 1)
            events[-1][key] = value
    assert len(events) == 3
    talk = next(e for e in events if e["SUMMARY"].startswith("Paparan"))
    assert talk["SUMMARY"] == "Paparan Kepala BPPD\\, permasalahan perbatasan"  # TEXT escaping
    assert talk["DTSTART"] == "20210225T014500Z" and talk["DTEND"] == "20210225T024500Z"
    assert "Citra Wijaya (Bappeda)" in talk["DESCRIPTION"] and talk["LOCATION"].startswith("Ballroom")
    assert len({e["UID"] for e in events}) == 3


def test_the_calendar_follows_a_delay(client, forum, running):
    client.post(f"/api/v1/events/{forum['slug']}/agenda/delay", json={"minutes": 15}, headers=forum["mod"])
    lines = unfold(client.get(f"/events/{forum['slug']}/agenda.ics").get_data(as_text=True))
    assert "DTSTART:20210225T030000Z" in lines  # Bappeda: 09.45 → 10.00 WIB
