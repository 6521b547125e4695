"""The online participant's phone in a real Chromium against `python wsgi.py` (issue 17): an announcement is a
banner at the top until dismissed, heard by screen readers; the fate of one's own input (rejected, deferred,
merged, with the reason and the merge target) arrives without a reload; the confirmation says received."""
import uuid

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def forum(live_server):
    """A forum of its own with a running session that takes input, a moderator and two online participants."""
    _email, org = live_server.staff("organiser")
    _email, mod = live_server.staff("moderator")
    slug = live_server.create_forum(org, prefix="phone")
    api = f"{live_server.url}/api/v1/events/{slug}"
    session = requests.post(f"{api}/sessions", headers=org, timeout=10, json={
        "title": "Diskusi dan masukan perangkat daerah", "starts_at": "2021-02-25T13:00",
        "ends_at": "2021-02-25T15:00"}).json()
    requests.post(f"{api}/sessions/{session['id']}/state", headers=mod, timeout=10,
                  json={"state": "live", "input_open": True}).raise_for_status()
    people = {}
    for key, name, agency in (("me", "Yohanes Bujang", "Kecamatan Badau"), ("other", "Maria Siregar", "DPMD")):
        answer = requests.post(f"{api}/registrations", timeout=10, json={
            "name": name, "agency": agency, "position": "Camat", "attendance": "online",
            "email": f"{uuid.uuid4().hex[:8]}@example.id", "consent": True})
        assert answer.status_code == 201, answer.text
        people[key] = answer.json()
    return {"slug": slug, "api": api, "mod": mod, "session": session, **people}


def phone_on_live_page(browser, live_server, forum, person="me"):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})
    page.goto(forum[person]["personal_url"])
    page.goto(f"{live_server.url}/events/{forum['slug']}/live")
    page.locator("body[data-current]").wait_for(state="attached")  # connected
    return page


def announce(forum, text):
    answer = requests.post(f"{forum['api']}/announcements", headers=forum["mod"], json={"text": text}, timeout=10)
    assert answer.status_code == 201, answer.text


def test_an_announcement_is_a_banner_at_the_top_until_dismissed(live_server, browser, forum):
    phone = phone_on_live_page(browser, live_server, forum)
    banner = phone.locator("[data-banner]")
    expect(banner).to_be_hidden()  # nothing announced yet
    announce(forum, "Sesi ditunda 10 menit.")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Sesi ditunda 10 menit.")
    box = banner.bounding_box()
    assert box["y"] < 200 and box["y"] + box["height"] <= 844  # on the first screen, not 2,300 px down
    # Screen readers hear it: it appears inside a live region that was in the page from the start.
    assert phone.locator("[data-banner-slot]").get_attribute("aria-live") == "assertive"
    assert banner.evaluate("b => !!b.closest('[aria-live]')")
    expect(phone.locator("[data-announcements] li").first).to_contain_text("Sesi ditunda 10 menit.")  # the list too

    phone.reload()
    phone.locator("body[data-current]").wait_for(state="attached")
    expect(banner).to_be_visible()  # it stays until dismissed
    banner.locator("[data-banner-close]").click()
    expect(banner).to_be_hidden()
    phone.reload()
    phone.locator("body[data-current]").wait_for(state="attached")
    expect(banner).to_be_hidden()  # dismissed stays dismissed
    announce(forum, "Makan siang di Ballroom B.")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Makan siang di Ballroom B.")
    phone.context.close()


def send_from_the_form(phone, title):
    form = phone.locator("form[data-input-form]")
    form.locator("input[name=kind][value=comment]").check()
    form.locator("[name=title]").fill(title)
    form.locator("[data-send]").click()


def test_the_fate_of_ones_own_input_arrives_without_a_reload(live_server, browser, forum):
    phone = phone_on_live_page(browser, live_server, forum)
    marker = phone.evaluate("window.forumLivePageId")
    send_from_the_form(phone, "Tanggapan tentang jalan perbatasan")
    status = phone.locator("form[data-input-form] [data-form-status]")
    expect(status).to_contain_text("Sudah masuk")  # received, not "accepted"
    assert "diterima" not in status.inner_text().lower()
    own = phone.locator("[data-own] [data-own-input]").first
    expect(own).to_contain_text("Tanggapan tentang jalan perbatasan")
    mine = int(own.get_attribute("data-own-input"))
    other = requests.post(f"{forum['api']}/sessions/{forum['session']['id']}/inputs", timeout=10, json={
        "kind": "comment", "title": "Jalan poros perbatasan Badau"},
        headers={"Authorization": "Bearer " + forum["other"]["personal_url"].rsplit("/p/", 1)[1]}).json()

    def decide(input_id, **body):
        answer = requests.patch(f"{forum['api']}/inputs/{input_id}", json=body, headers=forum["mod"], timeout=10)
        assert answer.status_code == 200, answer.text

    decide(mine, status="rejected", note="Bukan kewenangan provinsi")
    expect(own.locator(".status")).to_have_text("Ditolak")
    expect(own).to_contain_text("Bukan kewenangan provinsi")
    decide(mine, status="deferred", note="Menunggu pagu 2023")
    expect(own.locator(".status")).to_have_text("Ditunda")
    expect(own).to_contain_text("Menunggu pagu 2023")
    decide(other["id"], status="accepted")
    decide(mine, status="merged", merged_into=other["id"], note="Sama dengan tanggapan DPMD")
    expect(own.locator(".status")).to_have_text("Digabung")
    expect(own).to_contain_text(f"Digabung ke #{other['id']}: “Jalan poros perbatasan Badau”")
    expect(own).to_contain_text("Sama dengan tanggapan DPMD")
    assert phone.evaluate("window.forumLivePageId") == marker  # never reloaded
    phone.context.close()
