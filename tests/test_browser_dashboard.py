"""An organiser watches the dashboard in a real Chromium while a desk checks someone in, then downloads the
attendance list from its buttons."""
import io
import json
import sqlite3
import time
import uuid

import pytest
import requests
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser

@pytest.fixture
def forum(live_server):
    """A fresh forum with two people expected at the door (neither arrived) and one following online."""
    _email, organiser = live_server.staff("organiser")
    slug = live_server.create_forum(organiser, "forum-dash")
    people = [live_server.register(organiser, slug, name, agency, attendance=mode,
                                   phone=f"0812{uuid.uuid4().int % 10**8:08d}")
              for name, agency, mode in (("Yohanes Lim", "Dinas Kesehatan", "in_person"),
                                         ("Maria Ulfa", "Bappeda", "in_person"), ("Rudi Hartono", "DPMD", "online"))]
    # names nobody listed wait unverified, out of the agency table: the organisers confirmed these three
    with sqlite3.connect(live_server.tmp / "live.db") as conn:
        conn.execute("UPDATE agencies SET verified = 1 WHERE event_id = (SELECT id FROM events WHERE slug = ?)",
                     (slug,))
    return {"slug": slug, "people": people}


def pushed(frames: list, name: str) -> list:
    """The payloads of the Socket.IO messages `name` of namespace /live among WebSocket frames."""
    payloads = []
    for frame in frames:
        if isinstance(frame, str) and frame.startswith("42/live,"):
            message = json.loads(frame.removeprefix("42/live,"))
            if message[0] == name:
                payloads.append(message[1])
    return payloads


def wait_until(page, condition, failure: str, seconds: float = 20) -> None:
    """Polls `condition` until it holds, or fails at the deadline; waiting on the page lets its events (the frames)
    be delivered meanwhile."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, failure
        page.wait_for_timeout(50)


def download(page, selector):
    with page.expect_download() as info:
        page.click(selector)
    item = info.value
    assert item.failure() is None
    with open(item.path(), "rb") as fh:
        return item.suggested_filename, fh.read()


def test_a_check_in_appears_on_the_dashboard_and_the_exports_download(live_server, forum, desktop_page):
    page = desktop_page
    email, _organiser = live_server.staff("organiser")
    _desk_email, desk = live_server.staff("checkin")
    live_server.log_in(page, email)
    sent, received = [], []
    page.on("websocket", lambda ws: (ws.on("framesent", lambda frame: sent.append(frame)),
                                     ws.on("framereceived", lambda frame: received.append(frame))))
    page.goto(f"{live_server.url}/admin/{forum['slug']}/dashboard")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "live")
    page.evaluate("window.notReloaded = true")
    yohanes = forum["people"][0]
    checked_in = page.locator("[data-summary=checked_in]").first
    present = page.locator("[data-figure=present]").first
    no_show = page.locator(f'[data-no-show="{yohanes["id"]}"]')
    expect(checked_in).to_have_text("0")
    expect(present).to_have_text("0")
    expect(no_show).to_be_visible()
    expect(no_show.locator("a[href^='tel:+62812']")).to_have_count(1)
    expect(page.locator("#chart-arrivals rect.bar")).to_have_count(0)
    expect(page.locator("[data-agencies-missing]")).to_contain_text("Dinas Kesehatan")

    # Pushed: the `attendance` message with the new count reaches the page's WebSocket (the page moves to it from
    # long-polling a moment after connecting: waited for, so that the message is seen there), and the page shows it.
    # The page may take the count from that message or from dashboard.json, fetched again after the events. (A 3 s
    # bound meant to tell the two apart failed on a busy machine. Holding dashboard.json back to force the message
    # showed the page now and then back at 0 under load: a dashboard.json fetched before the check-in and answered
    # after the message overwrote its count — fixed in the page, see the test below.)
    wait_until(page, lambda: "5" in sent, "the live connection never moved to its WebSocket")
    response = requests.post(f"{live_server.url}/api/v1/events/{forum['slug']}/checkins", headers=desk, timeout=10,
                             json={"code": f"{live_server.url}/c/{yohanes['code']}", "desk": "Meja 2"})
    assert response.status_code == 201, response.text
    wait_until(page, lambda: any(counts.get("checked_in") == 1 for counts in pushed(received, "attendance")),
               "no attendance message with the check-in reached the page")
    expect(checked_in).to_have_text("1")
    # the rest follows from dashboard.json, fetched again after the events (at most every few seconds)
    expect(present).to_have_text("1")
    expect(no_show).to_have_count(0)
    expect(page.locator("#chart-arrivals rect.bar[data-value='1']")).to_have_count(1)
    expect(page.locator("[data-agencies-missing]")).not_to_contain_text("Dinas Kesehatan")
    assert page.evaluate("window.notReloaded === true")  # the same page, never reloaded

    name, data = download(page, "[data-export='attendance.xlsx']")
    assert name == f"{forum['slug']}-attendance.xlsx"
    workbook = load_workbook(io.BytesIO(data))
    in_person = workbook.worksheets[1]
    names = [row[1] for row in in_person.iter_rows(min_row=2, values_only=True)]
    assert "Yohanes Lim" in names and "Maria Ulfa" in names
    yohanes_row = next(row for row in in_person.iter_rows(min_row=2, values_only=True) if row[1] == "Yohanes Lim")
    assert yohanes_row[10] == "Meja 2" and yohanes_row[9] is not None  # the check-in time, a real time

    name, data = download(page, "[data-export='attendance.pdf']")
    assert name == f"{forum['slug']}-attendance.pdf"
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Yohanes Lim" in text and "Rudi Hartono" in text and "Hotel Aston Pontianak" in text
    assert "+62812" not in text  # the public copy has no phone numbers

    name, data = download(page, "[data-export='attendance.pdf-1']")  # the internal copy
    assert name == f"{forum['slug']}-attendance-internal.pdf"
    assert "+62812" in "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)

    name, data = download(page, "[data-export='attendance.pdf-f4']")
    page_height_mm = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.height) / 72 * 25.4
    assert round(page_height_mm) == 330

    name, data = download(page, "[data-export='attendance.csv']")
    assert data.startswith(b"\xef\xbb\xbf") and "Yohanes Lim" in data.decode("utf-8")

    name, data = download(page, "[data-export='inputs.xlsx']")
    assert load_workbook(io.BytesIO(data)).sheetnames
    name, data = download(page, "[data-export='minutes.pdf']")
    assert PdfReader(io.BytesIO(data)).pages


def test_a_state_fetched_before_a_pushed_count_does_not_take_the_count_back(live_server, forum, desktop_page):
    """dashboard.json is fetched again after each event; one that was asked before a newer `attendance` message
    arrived and is answered after it must not put the older count back (it did: the page showed 1 after 2 until
    the next refresh). Its other figures are applied; the refresh the message asked for brings the rest."""
    page = desktop_page
    email, _organiser = live_server.staff("organiser")
    _desk_email, desk = live_server.staff("checkin")
    live_server.log_in(page, email)
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.goto(f"{live_server.url}/admin/{forum['slug']}/dashboard")
    checked_in = page.locator("[data-summary=checked_in]").first
    expect(checked_in).to_have_text("0")
    wait_until(page, lambda: "5" in sent, "the live connection never moved to its WebSocket")
    held: list = []
    page.route(f"**/admin/{forum['slug']}/dashboard.json", lambda route: held.append(route))

    def check_in(person):
        response = requests.post(f"{live_server.url}/api/v1/events/{forum['slug']}/checkins", headers=desk,
                                 timeout=10, json={"code": f"{live_server.url}/c/{person['code']}", "desk": "Meja 1"})
        assert response.status_code == 201, response.text

    check_in(forum["people"][0])
    expect(checked_in).to_have_text("1")  # pushed (dashboard.json is held)
    wait_until(page, lambda: held, "the page never asked for dashboard.json after the check-in")
    older = held.pop(0)
    answer = older.fetch()  # the state as it is now, with one arrival: its answer waits while a second comes
    state = answer.json()
    assert state["summary"]["checked_in"] == 1
    check_in(forum["people"][1])
    expect(checked_in).to_have_text("2")  # pushed
    state["figures"]["present"] = 97  # marks this answer, to see when the page has applied it
    older.fulfill(response=answer, json=state)
    expect(page.locator("[data-figure=present]").first).to_have_text("97")  # the older state applied ...
    expect(checked_in).to_have_text("2")  # ... but not its count
    page.unroute_all(behavior="ignoreErrors")


def test_a_brief_online_join_is_presence_only_where_the_organiser_set_no_minimum(live_server, forum, desktop_page,
                                                                                 phone_page):
    """Rudi opens his personal link and leaves within seconds: at the API's default (0 minutes) that counts;
    once the organiser sets 1 minute in the forum's settings, the dashboard no longer counts him."""
    page = desktop_page
    email, _organiser = live_server.staff("organiser")
    live_server.log_in(page, email)
    page.goto(f"{live_server.url}/admin/{forum['slug']}/dashboard")
    present, online_now = page.locator("[data-figure=present]").first, page.locator("[data-summary=online_now]").first
    expect(present).to_have_text("0")

    rudi = forum["people"][2]
    phone_page.goto(rudi["personal_url"])
    with phone_page.expect_websocket() as opened:
        phone_page.click(f"a[href='/events/{forum['slug']}/live']")  # the live page, followed as himself
    sent = []
    opened.value.on("framesent", lambda payload: sent.append(payload))
    expect(online_now).to_have_text("1")  # joined: the dashboard follows without a reload
    # Socket.IO starts on long-polling and moves to the WebSocket ("5", upgrade) a moment later; a page closed
    # before that is noticed only at the ping timeout (45 s), as a phone that loses its signal would be. This test
    # is about the closed page that says so: wait for the upgrade (slow on a busy machine) before closing it.
    for _ in range(100):
        if "5" in sent:
            break
        phone_page.wait_for_timeout(100)
    assert "5" in sent, sent
    phone_page.context.close()  # gone after a few seconds: a 0-minute join
    expect(online_now).to_have_text("0")
    expect(present).to_have_text("1")
    expect(page.locator("[data-figure=online]").first).to_have_text("1")
    expect(page.get_by_text("joined online (for any length of time)")).to_be_visible()

    page.goto(f"{live_server.url}/admin/{forum['slug']}/edit")
    page.fill("input[name=presence_min_minutes]", "1")
    page.click("form.card button[type=submit]")
    expect(page.locator("[role=status], .flash").first).to_be_visible()  # saved
    page.goto(f"{live_server.url}/admin/{forum['slug']}/dashboard")
    expect(present).to_have_text("0")
    expect(page.get_by_text("online for at least 1 minute.")).to_be_visible()
