"""The door scanner in a real Chromium against `python wsgi.py`: a QR code read from a (fake)
camera, a desk that loses the network and syncs its queue exactly once, and the pure-JS SHA-256
the page falls back to on plain HTTP."""
import hashlib
import io
import re
import sqlite3
import uuid

import PIL.Image
import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

SLUG = "forum-opd-bppd-2022"  # the demo forum `forum demo` loads
PASSWORD = "correct horse battery"


@pytest.fixture
def desk_user(live_server):
    """A registration-desk account made with the command line, as an operator would."""
    email = f"meja-{uuid.uuid4().hex[:8]}@bppd.example.id"
    live_server.cli("create-user", "--email", email, "--name", "Petugas Meja", "--role", "checkin",
                    "--password", PASSWORD)
    return email


def register(live_server, name: str) -> dict:
    """A fresh in-person participant of the demo forum, with the check-in code read from the database."""
    response = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/registrations", timeout=10, json={
        "name": name, "agency": "Dinas Perhubungan", "position": "Kepala Seksi", "attendance": "in_person",
        "email": f"{uuid.uuid4().hex[:10]}@example.id", "consent": True})
    assert response.status_code == 201, response.text
    body = response.json()
    with sqlite3.connect(live_server.tmp / "live.db") as conn:
        (code,) = conn.execute("SELECT checkin_code FROM participants WHERE id = ?", (body["id"],)).fetchone()
    return {"id": body["id"], "name": name, "code": code, "qr_png_url": body["qr_png_url"]}


def checkins_of(live_server, participant_id: int) -> list[tuple]:
    with sqlite3.connect(live_server.tmp / "live.db") as conn:
        return conn.execute("SELECT desk FROM checkins WHERE participant_id = ?", (participant_id,)).fetchall()


def server_log(live_server) -> str:
    return (live_server.tmp / "server.log").read_text()


def log_in(page, live_server, email, next_path):
    page.goto(f"{live_server.url}/login?next={next_path}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def open_scanner(page, live_server, email, desk="Meja 1") -> list:
    """Logs in, opens the scanner and names the desk; returns the list that collects the page's JS errors."""
    errors: list = []
    page.on("pageerror", lambda error: errors.append(error))
    log_in(page, live_server, email, f"/checkin/{SLUG}")
    # first visit on this device: the page asks for the desk's name once
    expect(page.locator("#desk-form")).to_be_visible()
    page.fill("#desk-input", desk)
    page.click("#desk-form button[type=submit]")
    expect(page.locator("#desk-name")).to_have_text(desk)
    expect(page.locator("#code-input")).to_be_focused()
    # the check-in data for offline use has arrived
    expect(page.locator("#data-info")).not_to_have_attribute("data-version", "")
    return errors


def write_y4m(png: bytes, path, frames: int = 10) -> None:
    """A short video of the QR code for Chromium's fake camera: Y4M, 640×480, 4:2:0 planes."""
    qr = PIL.Image.open(io.BytesIO(png)).convert("RGB")
    qr.thumbnail((440, 440))
    canvas = PIL.Image.new("RGB", (640, 480), "white")
    canvas.paste(qr, ((640 - qr.width) // 2, (480 - qr.height) // 2))
    y, cb, cr = canvas.convert("YCbCr").split()
    chroma = [plane.resize((320, 240)).tobytes() for plane in (cb, cr)]
    frame = b"FRAME\n" + y.tobytes() + chroma[0] + chroma[1]
    with open(path, "wb") as fh:
        fh.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        fh.write(frame * frames)


def test_camera_reads_a_participants_qr_and_shows_green_with_the_name(live_server, desk_user, browser, tmp_path):
    person = register(live_server, "Bambang Hasibuan")
    png = requests.get(person["qr_png_url"], timeout=10)
    assert png.status_code == 200
    video = tmp_path / "qr.y4m"
    write_y4m(png.content, video)
    camera_browser = browser.browser_type.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = camera_browser.new_context(viewport={"width": 390, "height": 844})
        context.grant_permissions(["camera"], origin=live_server.url)
        page = context.new_page()
        errors = open_scanner(page, live_server, desk_user, desk="Meja Kamera")
        page.click("#camera-toggle")
        expect(page.locator("#camera-toggle")).to_have_attribute("data-state", "on")
        result = page.locator("#result")
        expect(result).to_have_attribute("data-tone", "green", timeout=15_000)
        expect(page.locator("#result-name")).to_have_text("Bambang Hasibuan")
        expect(page.locator("#result-agency")).to_have_text("Dinas Perhubungan")
        page.wait_for_timeout(2000)
        expect(result).to_be_visible()  # the answer stays until the next scan or a tap
        expect(page.locator("#recent li").first).to_contain_text("Bambang Hasibuan")
        # the same QR code still in front of the camera is not scanned again and again
        page.wait_for_timeout(1500)
        assert page.locator("#recent li").count() == 1
        assert checkins_of(live_server, person["id"]) == [("Meja Kamera",)]
        assert errors == []
    finally:
        camera_browser.close()


def test_refused_camera_says_so_and_the_typed_input_still_works(live_server, desk_user, browser):
    person = register(live_server, "Citra Rahayu")
    # a camera exists, but the person at the desk refuses the permission
    camera_browser = browser.browser_type.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-device-for-media-stream"])
    try:
        context = camera_browser.new_context(locale="en-US")  # the test reads the English message
        context.clear_permissions()
        page = context.new_page()
        open_scanner(page, live_server, desk_user)
        page.click("#camera-toggle")
        message = page.locator("#camera-message")
        expect(message).to_have_attribute("data-reason", "denied")
        expect(message).to_have_text("Camera permission was refused. Type the code or use the search below.")
        expect(page.locator("#camera-video")).to_be_hidden()
        expect(page.locator("#code-input")).to_be_focused()
        page.keyboard.type(f"{live_server.url}/c/{person['code']}")  # as a USB scanner would
        page.keyboard.press("Enter")
        expect(page.locator("#result")).to_have_attribute("data-tone", "green")
        expect(page.locator("#result-name")).to_have_text("Citra Rahayu")
    finally:
        camera_browser.close()


def test_desk_answers_yellow_for_a_second_scan_and_red_for_a_forged_code(live_server, desk_user, desktop_page):
    person = register(live_server, "Dayang Sembiring")
    page = desktop_page
    page.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})  # an Indonesian laptop
    errors = open_scanner(page, live_server, desk_user, desk="Meja 2")
    page.fill("#code-input", person["code"])
    page.press("#code-input", "Enter")
    expect(page.locator("#result")).to_have_attribute("data-tone", "green")
    page.press("#code-input", "Enter")  # Enter on the empty input dismisses the answer
    expect(page.locator("#result")).to_be_hidden()
    page.fill("#code-input", person["code"])
    page.press("#code-input", "Enter")
    expect(page.locator("#result")).to_have_attribute("data-tone", "yellow")
    expect(page.locator("#result-title")).to_contain_text("Meja 2")
    expect(page.locator("#result-title")).to_contain_text(re.compile(r"\b\d\d\.\d\d\b"))  # HH.mm in Indonesian
    page.fill("#code-input", f"{live_server.url}/c/{'A' * 22}")
    page.press("#code-input", "Enter")
    expect(page.locator("#result")).to_have_attribute("data-tone", "red")
    expect(page.locator("#result-title")).to_contain_text("Kode tidak dikenal")  # "Unknown code", in Indonesian
    expect(page.locator("#code-input")).to_be_focused()
    assert page.locator("#recent li").count() == 3
    assert checkins_of(live_server, person["id"]) == [("Meja 2",)]
    assert errors == []


def test_search_checks_in_someone_without_a_qr_code(live_server, desk_user, desktop_page):
    person = register(live_server, "Oktaviani Alamsyah")
    page = desktop_page
    open_scanner(page, live_server, desk_user, desk="Meja 3")
    page.fill("#search-input", "Oktaviani Alam")
    button = page.locator(f"#search-results button[data-participant-id='{person['id']}']")
    button.click()
    expect(page.locator("#result")).to_have_attribute("data-tone", "green")
    expect(page.locator("#result-name")).to_have_text("Oktaviani Alamsyah")
    assert checkins_of(live_server, person["id"]) == [("Meja 3",)]


def test_walk_in_deputy_is_registered_and_checked_in(live_server, desk_user, desktop_page):
    invited = register(live_server, "Rahmat Firmansyah")
    page = desktop_page
    errors = open_scanner(page, live_server, desk_user, desk="Meja 4")
    page.click("#walkin-box summary")
    page.fill("#walkin-name", "Putri Utomo")
    page.fill("#walkin-position", "Sekretaris")
    page.fill("#walkin-represents-search", "Rahmat Firmansyah")
    page.locator(f"#walkin-represents-results button[data-participant-id='{invited['id']}']").click()
    expect(page.locator("#walkin-represents-chosen")).to_contain_text("Rahmat Firmansyah")
    page.click("#walkin-form button[type=submit]")
    expect(page.locator("[data-error-for=consent]")).to_be_visible()  # consent first
    page.check("#walkin-consent")
    page.click("#walkin-form button[type=submit]")
    expect(page.locator("#result")).to_have_attribute("data-tone", "green")
    expect(page.locator("#result-name")).to_have_text("Putri Utomo")
    expect(page.locator("#result-detail")).to_contain_text("Rahmat Firmansyah")
    with sqlite3.connect(live_server.tmp / "live.db") as conn:
        rows = conn.execute("SELECT p.represents_id, c.desk FROM participants p "
                            "JOIN checkins c ON c.participant_id = p.id WHERE p.name = 'Putri Utomo'").fetchall()
    assert rows == [(invited["id"], "Meja 4")]
    assert errors == []


def test_offline_scan_is_queued_survives_a_reload_and_syncs_exactly_once(live_server, desk_user, browser):
    person = register(live_server, "Zainal Panjaitan")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")  # English notices
    try:
        page = context.new_page()
        errors = open_scanner(page, live_server, desk_user, desk="Meja 5")
        status = page.locator("#net-status")
        expect(status).to_have_attribute("data-offline-ready", "1")  # the service worker cached the page
        context.set_offline(True)
        page.fill("#code-input", f"{live_server.url}/c/{person['code']}")
        page.press("#code-input", "Enter")
        expect(page.locator("#result")).to_have_attribute("data-tone", "green")
        expect(page.locator("#result-name")).to_have_text("Zainal Panjaitan")
        expect(page.locator("#result-offline")).to_be_visible()
        expect(status).to_have_attribute("data-state", "offline")
        expect(status).to_have_attribute("data-queue", "1")
        expect(status).to_contain_text("1")
        assert checkins_of(live_server, person["id"]) == []  # nothing reached the server

        page_loads = server_log(live_server).count(f"GET /checkin/{SLUG} ")
        page.reload()  # still offline: the service worker serves the page, IndexedDB kept the queue
        expect(page.locator("#code-input")).to_be_visible()
        assert page.evaluate("navigator.serviceWorker.controller !== null")
        assert server_log(live_server).count(f"GET /checkin/{SLUG} ") == page_loads  # it came from the cache
        expect(status).to_have_attribute("data-queue", "1")
        expect(status).to_have_attribute("data-state", "offline")
        # scanning the same person again offline says "already", and queues a second (harmless) scan
        page.fill("#code-input", person["code"])
        page.press("#code-input", "Enter")
        expect(page.locator("#result")).to_have_attribute("data-tone", "yellow")
        expect(status).to_have_attribute("data-queue", "2")
        assert checkins_of(live_server, person["id"]) == []

        context.set_offline(False)
        expect(status).to_have_attribute("data-queue", "0", timeout=20_000)
        expect(status).to_have_attribute("data-state", "online")
        expect(page.locator("#notice")).to_contain_text("2 offline scans synced: 1 checked in, 1 already checked in")
        assert checkins_of(live_server, person["id"]) == [("Meja 5",)]
        search = page.request.get(f"{live_server.url}/api/v1/events/{SLUG}/checkin-search?q=Zainal Panjaitan")
        [found] = [p for p in search.json()["participants"] if p["id"] == person["id"]]
        assert found["checked_in_at"] is not None and found["desk"] == "Meja 5"
        with sqlite3.connect(live_server.tmp / "live.db") as conn:
            scans = conn.execute("SELECT result, offline FROM checkin_scans WHERE participant_id = ? ORDER BY id",
                                 (person["id"],)).fetchall()
        assert scans == [("checked_in", 1), ("already_checked_in", 1)]
        assert errors == []
    finally:
        context.close()


def test_plain_http_without_crypto_subtle_still_checks_codes_offline(live_server, desk_user, browser):
    """On a hotel LAN over plain HTTP browsers offer neither crypto.subtle nor randomUUID."""
    person = register(live_server, "Wahyu Gunawan")
    context = browser.new_context(locale="en-US")  # the test reads the English answer
    context.add_init_script("""
        Object.defineProperty(Crypto.prototype, "subtle", {get: () => undefined});
        Object.defineProperty(Crypto.prototype, "randomUUID", {value: undefined});
    """)
    try:
        page = context.new_page()
        open_scanner(page, live_server, desk_user, desk="Meja 6")
        assert page.evaluate("window.crypto.subtle === undefined && window.crypto.randomUUID === undefined")
        context.set_offline(True)
        page.fill("#code-input", f"{live_server.url}/c/{person['code']}")
        page.press("#code-input", "Enter")
        expect(page.locator("#result")).to_have_attribute("data-tone", "green")
        expect(page.locator("#result-name")).to_have_text("Wahyu Gunawan")
        expect(page.locator("#result-offline")).to_be_visible()
        page.fill("#code-input", "http://elsewhere.example/c/" + "B" * 22)
        page.press("#code-input", "Enter")
        expect(page.locator("#result")).to_have_attribute("data-tone", "red")
        expect(page.locator("#net-status")).to_have_attribute("data-queue", "2")
        context.set_offline(False)
        expect(page.locator("#net-status")).to_have_attribute("data-queue", "0", timeout=20_000)
        assert checkins_of(live_server, person["id"]) == [("Meja 6",)]
        expect(page.locator("#recent li").first).to_contain_text("Unknown code")  # the server's answer now
    finally:
        context.close()


@pytest.fixture
def own_server(tmp_path):
    """A live server of this test's own, which the test may stop and start again."""
    from tests.conftest import LiveServer

    server = LiveServer(tmp_path)
    server.cli("init")
    server.cli("demo")
    server.start()
    yield server
    server.stop()


def test_server_stopped_while_scanning_then_back_syncs_the_queue(own_server, browser):
    email = "meja-server@bppd.example.id"
    own_server.cli("create-user", "--email", email, "--name", "Meja", "--role", "checkin", "--password", PASSWORD)
    person = register(own_server, "Joko Abdullah")
    context = browser.new_context()
    try:
        page = context.new_page()
        open_scanner(page, own_server, email, desk="Meja 7")
        own_server.stop()
        page.fill("#code-input", person["code"])
        page.press("#code-input", "Enter")
        expect(page.locator("#result")).to_have_attribute("data-tone", "green")
        expect(page.locator("#result-offline")).to_be_visible()
        status = page.locator("#net-status")
        expect(status).to_have_attribute("data-state", "offline")
        expect(status).to_have_attribute("data-queue", "1")
        own_server.start()
        expect(status).to_have_attribute("data-queue", "0", timeout=20_000)
        expect(status).to_have_attribute("data-state", "online")
        assert checkins_of(own_server, person["id"]) == [("Meja 7",)]
    finally:
        context.close()


VECTORS = ["", "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "a" * 55, "a" * 56, "a" * 64,
           "a" * 1000, "Kecamatan Jagoi Babang — Sajingan 😀", "FkVZxqk2jCrixaZskjuKqA"]


def test_pure_javascript_sha256_matches_known_vectors(live_server, desktop_page):
    page = desktop_page
    page.goto(f"{live_server.url}/static/js/sha256.js")  # any same-origin page will do
    page.evaluate("async () => { window.sha256 = await import('/static/js/sha256.js'); }")  # a native module
    got = page.evaluate("(vectors) => vectors.map((v) => window.sha256.hex(v))", VECTORS)
    assert got == [hashlib.sha256(v.encode()).hexdigest() for v in VECTORS]
    assert got[1] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # FIPS 180-2, "abc"
    million = page.evaluate("window.sha256.hex('a'.repeat(1000000))")
    assert million == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"


def test_a_desk_whose_clock_is_wrong_still_checks_in_online_at_the_servers_time(live_server, desk_user, browser):
    """Online, the server's clock is the record: a desk phone set years back (its battery ran flat) is not
    refused as a backdated scan, and the check-in is stored at the server's time."""
    from datetime import UTC, datetime

    person = register(live_server, "Yohanes Ginting")
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.clock.install(time=datetime(2001, 1, 1, 8, 0, tzinfo=UTC))
        page.clock.resume()
        errors = open_scanner(page, live_server, desk_user)
        page.fill("#code-input", person["code"])
        page.press("#code-input", "Enter")
        expect(page.locator("#result")).to_have_attribute("data-tone", "green")
        with sqlite3.connect(live_server.tmp / "live.db") as conn:
            (at,) = conn.execute("SELECT checked_in_at FROM checkins WHERE participant_id = ?",
                                 (person["id"],)).fetchone()
        assert at.startswith(str(datetime.now(UTC).year))
        assert errors == []
    finally:
        context.close()


# --- issue 17: the answer stays, says why it is red, counts the door; the sync lists who was already in ----------

def test_every_answer_stays_until_a_tap_or_the_next_scan_and_shows_the_door_count(live_server, desk_user,
                                                                                  desktop_page):
    person = register(live_server, "Gusti Ayu Kartika")
    page = desktop_page
    page.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})
    open_scanner(page, live_server, desk_user, desk="Meja 3")
    result = page.locator("#result")
    for code, tone in ((person["code"], "green"), (person["code"], "yellow"), ("A" * 22, "red")):
        page.fill("#code-input", f"{live_server.url}/c/{code}")
        page.press("#code-input", "Enter")
        expect(result).to_have_attribute("data-tone", tone)  # the next scan replaces the answer
        page.wait_for_timeout(2500)
        expect(result).to_be_visible()  # yellow and red stay too
        expect(page.locator("#result-count")).to_have_text(re.compile(r"^\d+ / \d+ hadir$"))
    inside, expected = map(int, re.findall(r"\d+", page.locator("#result-count").inner_text()))
    assert 1 <= inside <= expected
    result.click()  # a tap closes it
    expect(result).to_be_hidden()


def test_a_red_answer_says_whether_the_registration_was_cancelled_or_the_qr_replaced(live_server, desk_user,
                                                                                    browser):
    replaced, cancelled = register(live_server, "Hendra Wijaya"), register(live_server, "Indah Permatasari")
    org_email, org = live_server.staff("organiser")
    answer = requests.patch(f"{live_server.url}/api/v1/events/{SLUG}/participants/{cancelled['id']}", headers=org,
                            json={"status": "cancelled"}, timeout=10)
    assert answer.status_code == 200, answer.text
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    organiser = office.new_page()
    live_server.log_in(organiser, org_email)
    organiser.goto(f"{live_server.url}/admin/{SLUG}/participants/{replaced['id']}/reissue")
    organiser.locator("main form button[type=submit]").click()
    expect(organiser.locator("body")).to_contain_text("A new QR code was issued")
    office.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        page = context.new_page()
        open_scanner(page, live_server, desk_user, desk="Meja 4")
        page.fill("#code-input", f"{live_server.url}/c/{replaced['code']}")  # the old QR code
        page.press("#code-input", "Enter")
        expect(page.locator("#result")).to_have_attribute("data-tone", "red")
        expect(page.locator("#result-title")).to_contain_text("This QR code was replaced by a newer one")
        expect(page.locator("#result-title")).to_contain_text("ask for the newest QR code")
        page.fill("#code-input", f"{live_server.url}/c/{cancelled['code']}")
        page.press("#code-input", "Enter")
        expect(page.locator("#result-title")).to_have_text(
            "This registration was cancelled: send the person to the organisers.")
        expect(page.locator("#result-name")).to_have_text("Indah Permatasari")
    finally:
        context.close()


def test_an_offline_scan_that_loses_to_an_online_check_in_elsewhere_is_listed_after_the_sync(
        live_server, desk_user, browser):
    person = register(live_server, "Joko Susilo")
    _email, desk2 = live_server.staff("checkin")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        page = context.new_page()
        open_scanner(page, live_server, desk_user, desk="Meja 1")
        expect(page.locator("#net-status")).to_have_attribute("data-offline-ready", "1")
        # Meja 2, online, checks the person in first; this desk does not know yet and goes offline.
        online = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/checkins", headers=desk2, timeout=10,
                               json={"code": f"{live_server.url}/c/{person['code']}", "desk": "Meja 2"})
        assert online.status_code == 201, online.text
        context.set_offline(True)
        page.fill("#code-input", f"{live_server.url}/c/{person['code']}")
        page.press("#code-input", "Enter")
        expect(page.locator("#result")).to_have_attribute("data-tone", "green")  # as far as this desk knows
        context.set_offline(False)
        expect(page.locator("#net-status")).to_have_attribute("data-queue", "0", timeout=20_000)
        notice = page.locator("#notice")
        expect(notice).to_contain_text("1 offline scans synced: 0 checked in, 1 already checked in")
        expect(notice).to_contain_text(re.compile(r"Joko Susilo — Already checked in at \d\d:\d\d at Meja 2"))
        assert checkins_of(live_server, person["id"]) == [("Meja 2",)]  # nothing changed
    finally:
        context.close()


def test_the_recent_scans_follow_the_pages_language(live_server, desk_user, browser):
    person = register(live_server, "Kurniawati Lubis")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})
        open_scanner(page, live_server, desk_user, desk="Meja 6")
        page.goto(f"{live_server.url}/checkin/{SLUG}?lang=id")
        page.fill("#code-input", person["code"])
        page.press("#code-input", "Enter")
        expect(page.locator("#recent li").first).to_contain_text("Kurniawati Lubis")
        page.fill("#code-input", person["code"])
        page.press("#code-input", "Enter")
        expect(page.locator("#recent li")).to_have_count(2)
        expect(page.locator("#recent li").first).to_contain_text("Sudah tercatat hadir")
        page.goto(f"{live_server.url}/checkin/{SLUG}?lang=en")
        expect(page.locator("#recent li").first).to_contain_text("Already checked in at")
        expect(page.locator("#recent li").nth(1)).to_contain_text("Checked in")
    finally:
        context.close()


def test_answers_that_arrive_out_of_order_keep_the_order_of_the_scans(live_server, desk_user, browser):
    """A slow answer to the first scan arriving after the second's: the list keeps the scans' order and the big
    answer stays on the newest scan (the one the person at the desk is looking at)."""
    first, second = register(live_server, "Hendra Saputra"), register(live_server, "Rina Marlina")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        open_scanner(page, live_server, desk_user, desk="Meja 7")
        held: list = []

        def hold_the_first(route):
            if not held:
                held.append(route)  # answered later, from the test
            else:
                route.continue_()

        page.route("**/api/v1/events/*/checkins", hold_the_first)
        page.fill("#code-input", first["code"])
        page.press("#code-input", "Enter")
        for _ in range(50):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the first scan's request was not sent"
        page.fill("#code-input", second["code"])
        page.press("#code-input", "Enter")
        expect(page.locator("#result-name")).to_have_text("Rina Marlina")
        held[0].continue_()
        expect(page.locator("#recent li")).to_have_count(2)
        expect(page.locator("#recent li").nth(0)).to_contain_text("Rina Marlina")
        expect(page.locator("#recent li").nth(1)).to_contain_text("Hendra Saputra")
        page.wait_for_timeout(300)
        expect(page.locator("#result-name")).to_have_text("Rina Marlina")
        assert len(checkins_of(live_server, first["id"])) == 1
    finally:
        context.close()
