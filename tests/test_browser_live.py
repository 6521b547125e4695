"""The live forum in a real Chromium against `python wsgi.py`: a moderator at a desk runs a session
while an online participant follows on a phone, and the phone's page follows without a reload."""
import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SLUG = "forum-opd-bppd-2022"
PASSWORD = "correct horse battery"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SESSION = "Paparan Kepala BPPD"  # 08.45-09.45 in the demo forum; the Bappeda speaker follows at 09.45-10.45
FOLLOWING = "Narasumber Bappeda"


@pytest.fixture
def moderator(live_server):
    email = f"pimpinan-{uuid.uuid4().hex[:8]}@bppd.example.id"
    live_server.cli("create-user", "--email", email, "--name", "Pimpinan Sidang", "--role", "moderator",
                    "--password", PASSWORD)
    return email


@pytest.fixture
def online_participant(live_server):
    response = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/registrations", timeout=10, json={
        "name": "Yohanes Bujang", "agency": "Kecamatan Badau", "position": "Camat", "attendance": "online",
        "email": f"{uuid.uuid4().hex[:8]}@example.id", "consent": True})
    assert response.status_code == 201, response.text
    return response.json()


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/admin/**")


def test_participant_phone_follows_the_moderator_without_a_reload(live_server, moderator, online_participant,
                                                                 phone_page, desktop_page):
    phone = phone_page
    phone.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})
    phone.goto(online_participant["personal_url"])
    phone.click(f"a[href='/events/{SLUG}/live']")
    phone.wait_for_url(f"**/events/{SLUG}/live")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits a phone
    phone.locator("body[data-current]").wait_for(state="attached")  # connected: the first agenda arrived
    marker = phone.evaluate("window.forumLivePageId")
    assert marker
    following_times = phone.locator(f"[data-agenda] li:has-text('{FOLLOWING}') .times").inner_text()
    assert following_times.startswith("09.45–10.45 WIB")

    desk = desktop_page
    log_in(desk, live_server, moderator)
    desk.goto(f"{live_server.url}/admin/{SLUG}/control")
    desk_marker = desk.evaluate("window.forumLivePageId")
    card = desk.locator("article[data-session]", has_text=SESSION)

    # The moderator starts the session: the phone shows it as the current one, live.
    card.locator("button[name=state][value=live]").click()
    expect(phone.locator("[data-now] h1")).to_contain_text(SESSION)
    assert phone.locator("[data-now] .state-live").count() == 1
    assert "dimulai" in phone.inner_text("[data-now] .times") or "started" in phone.inner_text("[data-now] .times")
    card.locator("button[name=state][value=ended]").wait_for()  # the panel updated itself too

    # "Mundur 15 menit": the running session ends later, the next one moves, the phone shows both.
    desk.click("button[name=minutes][value='15']")
    expect(phone.locator("[data-next] .times .planned")).to_have_text("10.00–11.00 WIB")
    assert phone.locator("[data-next] .s-title").inner_text().startswith(FOLLOWING)
    assert phone.inner_text("[data-next] .was") == "09.45–10.45"  # the earlier time, struck through
    assert "08.45–10.00 WIB" in phone.inner_text("[data-now] .times")

    # A PDF, uploaded and published at once, appears on the phone with its link.
    card.locator("summary").click()
    card.locator("input[type=file]").set_input_files(
        {"name": "paparan-kepala-bppd.pdf", "mimeType": "application/pdf", "buffer": PDF})
    card.locator("input[name=title]").fill("Bahan paparan Kepala BPPD")
    card.locator("input[name=published]").check()
    card.locator("form[data-upload] button[type=submit]").click()
    link = phone.locator("[data-now] .materials a[target=_blank]")
    link.wait_for()
    assert "Bahan paparan Kepala BPPD" in phone.inner_text("[data-now] .materials")
    pdf = phone.request.get(link.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body() == PDF
    card.locator(".materials-admin .badge.ok").wait_for()  # published, on the panel as well

    # Neither page navigated: the markers set on first load are still there.
    assert phone.evaluate("window.forumLivePageId") == marker
    assert desk.evaluate("window.forumLivePageId") == desk_marker
    assert phone.url.endswith(f"/events/{SLUG}/live")



@pytest.fixture
def moderator_api(live_server, moderator):
    token = live_server.cli("create-token", "--email", moderator).strip().splitlines()[-1]
    return {"Authorization": f"Bearer {token}"}


def session_id(live_server, title):
    sessions = requests.get(f"{live_server.url}/api/v1/events/{SLUG}/agenda", timeout=10).json()["sessions"]
    return next(s["id"] for s in sessions if s["title"].startswith(title))


def start(live_server, headers, title):
    response = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/sessions/{session_id(live_server, title)}/state",
                             json={"state": "live"}, headers=headers, timeout=10)
    assert response.status_code == 200, response.text


def announce(live_server, headers, text):
    response = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/announcements", json={"text": text},
                             headers=headers, timeout=10)
    assert response.status_code == 201, response.text


def test_the_screen_keeps_up_over_long_polling_when_websocket_is_blocked(live_server, moderator_api, desktop_page):
    page = desktop_page
    refused = []
    page.route_web_socket(re.compile(r"/socket\.io/"), lambda ws: (refused.append(ws.url), ws.close()))
    page.goto(f"{live_server.url}/events/{SLUG}/screen")
    page.locator("body[data-current]").wait_for(state="attached")

    start(live_server, moderator_api, "Narasumber DPMD")
    expect(page.locator("[data-now] h1")).to_contain_text("Narasumber DPMD")
    expect(page.locator("[data-now] .speakers")).not_to_be_empty()
    announce(live_server, moderator_api, "Peserta daring: silakan matikan mikrofon")
    expect(page.locator("[data-announcements] li.new")).to_contain_text("silakan matikan mikrofon")
    assert refused  # the client did try WebSocket, and carried on over polling
    assert page.locator("[data-conn]").is_hidden()


def test_after_a_lost_connection_the_live_page_shows_the_current_state(live_server, moderator_api,
                                                                      online_participant, phone_page):
    phone = phone_page
    phone.goto(online_participant["personal_url"])
    phone.goto(f"{live_server.url}/events/{SLUG}/live")
    phone.locator("body[data-current]").wait_for(state="attached")
    marker = phone.evaluate("window.forumLivePageId")

    # Cut this phone off (new connections fail), then restart the server to drop the current one.
    blocked = True
    phone.route("**/socket.io/**", lambda route: route.abort() if blocked else route.continue_())
    phone.route_web_socket(re.compile(r"/socket\.io/"),
                           lambda ws: ws.close() if blocked else ws.connect_to_server())
    live_server.stop()
    live_server.start()
    expect(phone.locator("[data-conn]")).to_be_visible()

    # Meanwhile the forum moves on.
    start(live_server, moderator_api, "Diskusi dan masukan")
    announce(live_server, moderator_api, "Sesi diskusi dimulai")
    expect(phone.locator("[data-now] h1")).not_to_contain_text("Diskusi dan masukan")

    blocked = False  # the phone is back: it reconnects by itself and shows the current state
    expect(phone.locator("[data-now] h1")).to_contain_text("Diskusi dan masukan", timeout=20000)
    expect(phone.locator("[data-conn]")).to_be_hidden()
    expect(phone.locator("[data-announcements]")).to_contain_text("Sesi diskusi dimulai")
    assert phone.evaluate("window.forumLivePageId") == marker
