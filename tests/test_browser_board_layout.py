"""The moderation board on a 1366×768 laptop (issue 17): more than one card above the fold, every column within
the window, and no "pin to the projector" on a rejected input."""
import uuid

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def board(live_server):
    _email, org = live_server.staff("organiser")
    mod_email, mod = live_server.staff("moderator")
    slug, api, session = live_server.live_input_session(org, mod, prefix="board")
    ids = []
    for n, (agency, title) in enumerate((
            ("Dinas PUPR", "Pembangunan jalan desa Sebunga menuju PLBN Aruk"),
            ("DPMD", "Peningkatan jalan poros desa Sebunga"),
            ("Dinas Kesehatan", "Puskesmas pembantu di Entikong"),
            ("Dinas Pendidikan dan Kebudayaan", "Rehabilitasi SD negeri di Badau"),
            ("Dinas Perhubungan", "Dermaga sungai di Putussibau Utara"))):
        person = requests.post(f"{api}/registrations", timeout=10, json={
            "name": f"Peserta {n}", "agency": agency, "position": "Kepala Bidang", "attendance": "online",
            "email": f"{uuid.uuid4().hex[:8]}@example.id", "consent": True}).json()
        token = person["personal_url"].rsplit("/p/", 1)[1]
        item = requests.post(f"{api}/sessions/{session['id']}/inputs", timeout=10, headers={
            "Authorization": f"Bearer {token}"}, json={
            "kind": "proposal", "title": title, "activity": title, "budget": "1500000000",
            "location": {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}}).json()
        ids.append(item["id"])
    decisions = ((ids[2], {"status": "accepted"}), (ids[3], {"status": "rejected", "note": "Bukan kewenangan"}),
                 (ids[4], {"status": "deferred", "note": "Tahun depan"}))
    for input_id, body in decisions:
        requests.patch(f"{api}/inputs/{input_id}", headers=mod, json=body, timeout=10).raise_for_status()
    return {"slug": slug, "email": mod_email, "rejected": ids[3]}


def test_the_board_fits_a_1366_by_768_laptop(live_server, browser, board):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    try:
        page = context.new_page()
        live_server.log_in(page, board["email"])
        page.goto(f"{live_server.url}/admin/{board['slug']}/board")
        columns = page.locator(".columns .column")
        expect(columns.first).to_be_visible()
        for n in range(columns.count()):
            box = columns.nth(n).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, (n, box)  # none cut off
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
        titles = [t.bounding_box() for t in page.locator("article[data-input] .card-title").all()]
        assert sum(1 for b in titles if b["y"] + b["height"] <= 768) >= 2, titles  # more than one card above the fold

        rejected = page.locator(f"article[data-input='{board['rejected']}']")
        expect(rejected).to_be_visible()
        expect(rejected.locator("button[value=pin]")).to_have_count(0)
        rejected.locator(".card-title").click()
        page.keyboard.press("p")  # the key does nothing for a rejected input either
        page.wait_for_timeout(500)
        expect(rejected).to_have_attribute("data-pinned", "false")
    finally:
        context.close()
