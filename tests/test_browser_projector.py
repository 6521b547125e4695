"""The projector and joining from the room, in a real Chromium against `python wsgi.py` (issue 17).

The caption under the QR code is read from the back of a ballroom. Its threshold: at least 3 % of the
screen's height (32 px on a 1080-line projector, 22 px on 720). On a 2.5 m-high projected image that is a
7.5 cm letter (caps about 5 cm), which the sign-makers' rule of thumb (about 1 inch of letter height for
every 10 feet of distance for easy reading) puts at 6 m for easy reading and near 20 m at the limit (1 inch
per 30 ft) — the back rows of a hotel ballroom. The page uses 3.4 %."""
import sqlite3
import uuid

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
CAPTION_SHARE = 0.03


@pytest.fixture(scope="module")
def room(live_server):
    _email, org = live_server.staff("organiser")
    _email, mod = live_server.staff("moderator")
    slug = live_server.create_forum(org, prefix="room")
    api = f"{live_server.url}/api/v1/events/{slug}"
    ids = []
    for title, start, end in (("Paparan Kepala BPPD tentang pengelolaan perbatasan", "08:45", "09:45"),
                              ("Narasumber Bappeda: sinkronisasi program lintas perangkat daerah", "09:45", "10:45")):
        answer = requests.post(f"{api}/sessions", headers=org, timeout=10, json={
            "title": title, "starts_at": f"2021-02-25T{start}", "ends_at": f"2021-02-25T{end}", "room": "Ballroom"})
        ids.append(answer.json()["id"])
    requests.post(f"{api}/sessions/{ids[0]}/state", headers=mod, timeout=10, json={"state": "live"}).raise_for_status()
    person = requests.post(f"{api}/registrations", timeout=10, json={
        "name": "Siti Rahmawati", "agency": "Dinas Kesehatan", "position": "Kepala Seksi", "attendance": "in_person",
        "email": f"siti-{uuid.uuid4().hex[:6]}@example.id", "phone": "0812 5566 7788", "consent": True}).json()
    return {"slug": slug, "person": person}


def overlaps(a, b) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_full_screen_button_leaves_the_agenda_alone_and_the_caption_reads_from_the_back(
        live_server, browser, room, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/events/{room['slug']}/screen")
        page.locator("body[data-current]").wait_for(state="attached")
        button = page.locator("[data-fullscreen]")
        expect(button).to_be_visible()
        next_time = page.locator(".next .times")
        expect(next_time).to_be_visible()
        button_box = button.bounding_box()
        for locator in (next_time, page.locator(".next .s-title"), page.locator("[data-now] .title"),
                        page.locator(".clock"), page.locator(".qr-box")):
            assert not overlaps(button_box, locator.bounding_box()), locator
        caption = page.locator("[data-qr-caption]")
        expect(caption).to_be_visible()
        size_px = float(caption.evaluate("c => getComputedStyle(c).fontSize").removesuffix("px"))
        assert size_px >= CAPTION_SHARE * height, (size_px, height)
        box = caption.bounding_box()
        assert box["y"] + box["height"] <= height and box["x"] + box["width"] <= width  # whole, on the screen
        assert not overlaps(box, next_time.bounding_box())
    finally:
        context.close()


def link_requests(live_server) -> list[int]:
    with sqlite3.connect(live_server.tmp / "live.db") as conn:
        return [row[0] for row in conn.execute(
            "SELECT target_id FROM audit_log WHERE action = 'participant.link_requested' ORDER BY id")]


def test_a_phone_in_the_room_gets_its_link_sent_again_or_registers(live_server, browser, room):
    context = browser.new_context(**PHONE, locale="en-US")
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/events/{room['slug']}/live")  # what the projector's QR code opens
        expect(page.locator("h2").first).to_have_text("Registered already?")
        before = link_requests(live_server)

        def ask(contact: str) -> str:
            page.fill("#contact", contact)
            # the answer is a new page: waited for, or the second ask would read the first's answer, still shown
            with page.expect_navigation():
                page.click("[data-link-request] button[type=submit]")
            expect(page.locator("[data-link-requested]")).to_be_visible()
            return page.locator("main").inner_text()

        registered = ask("+62 812-5566-7788")  # the number she registered with, written another way
        stranger = ask("0812 0000 1111")
        assert registered == stranger  # the same answer: nobody learns who is registered
        assert room["person"]["personal_url"].rsplit("/p/", 1)[1] not in page.content()  # never the link itself
        assert link_requests(live_server)[len(before):] == [room["person"]["id"]]  # for the organisers

        page.click("[data-join=online]")
        expect(page.locator("input[name=attendance][value=online]")).to_be_checked()
        page.goto(f"{live_server.url}/events/{room['slug']}/live")
        page.click("[data-join=in_person]")
        expect(page.locator("input[name=attendance][value=in_person]")).to_be_checked()
    finally:
        context.close()
