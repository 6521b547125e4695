"""An organiser watches the live door view in a real Chromium while a desk checks someone in."""
import re

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

@pytest.fixture
def forum(live_server):
    """A fresh forum with two people expected at the door, neither arrived."""
    _email, organiser = live_server.staff("organiser")
    slug = live_server.create_forum(organiser, "forum-door")
    people = [live_server.register(organiser, slug, name, agency)
              for name, agency in (("Yohanes Lim", "Dinas Kesehatan"), ("Maria Ulfa", "Bappeda"))]
    return {"slug": slug, "people": people}


def test_an_arrival_appears_on_the_door_view_without_a_reload(live_server, forum, desktop_page):
    page = desktop_page
    email, _organiser = live_server.staff("organiser")
    _desk_email, desk = live_server.staff("checkin")
    live_server.log_in(page, email)
    page.goto(f"{live_server.url}/admin/{forum['slug']}/door")
    expect(page.locator("[data-live-status]")).to_have_attribute("data-state", "live")
    page.evaluate("window.notReloaded = true")
    yohanes = forum["people"][0]
    arrived = page.locator("[data-summary=checked_in]").first
    missing_row = page.locator(f'[data-missing-row="{yohanes["id"]}"]')
    agency_arrived = page.locator("tr", has_text="Dinas Kesehatan").locator('[data-col="arrived"]')
    expect(arrived).to_have_text("0")
    expect(missing_row).to_be_visible()
    expect(agency_arrived).to_have_text("0")

    response = requests.post(f"{live_server.url}/api/v1/events/{forum['slug']}/checkins", headers=desk, timeout=10,
                             json={"code": f"{live_server.url}/c/{yohanes['code']}", "desk": "Meja 2"})
    assert response.status_code == 201, response.text
    # Pushed, not polled: the page polls door.json only while its live connection is down (every 30 s), and it is
    # up. How fast the push is on a quiet machine is measured by bench/, not here: a 2 s bound failed once at 2.2 s
    # on this 2-core machine with four test workers and another engineer's tests beside them.
    arrival = page.locator(f'[data-latest] li[data-participant="{yohanes["id"]}"]')
    expect(arrival).to_contain_text("Yohanes Lim")
    expect(arrived).to_have_text("1")
    expect(arrival).to_contain_text("Meja 2")
    expect(arrival.locator('[data-slot="online"]')).to_be_hidden()  # registered in person: no "registered online"
    expect(arrival).to_contain_text(re.compile(r"\d\d[.:]\d\d WIB"))
    expect(missing_row).to_have_count(0)
    # the breakdowns follow from door.json, fetched again (at most every 2 s) after the events
    expect(page.locator("[data-overall=missing]").first).to_have_text("1")
    expect(agency_arrived).to_have_text("1")
    assert page.evaluate("window.notReloaded === true")  # the same page, never reloaded
