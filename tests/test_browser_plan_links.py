"""In a real Chromium (issue 16, linking two items by hand): a moderator in the synchronisation view marks a plan row
and a live proposal the detector did not flag as the same work; the row then shows the proposal among its flagged
overlaps with the reason "marked the same by a moderator", and the moderator undoes it."""
import uuid

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HEADER = "No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
PUPR = HEADER + "P1;1.03.10.2.01.0005;Peningkatan Jalan Entikong;Jalan;Desa Semanget, Kec. Entikong;5 km;4 M\n"
PARK = "Penataan taman bermain anak Semangit"
SEMANGIT = {"regency": "Sanggau", "district": "Entikong", "village": "Semangit (Semanget)"}


@pytest.fixture
def forum_with_a_proposal(live_server):
    """A forum with Dinas PUPR's road row and BPPD's live proposal of a playground in the same village (not flagged
    by the detector), and a moderator's account."""
    _email, org = live_server.staff("organiser")
    mod_email, mod = live_server.staff("moderator")
    slug, api, session = live_server.live_input_session(org, mod, prefix="links")
    tokens = {}
    for agency in ("Dinas PUPR", "BPPD"):
        person = requests.post(f"{api}/registrations", timeout=10, json={
            "name": f"Delegasi {agency}", "agency": agency, "position": "Kepala Bidang", "attendance": "online",
            "email": f"{uuid.uuid4().hex[:8]}@example.id", "consent": True})
        assert person.status_code == 201, person.text
        tokens[agency] = person.json()["personal_url"].rsplit("/p/", 1)[1]
    imported = requests.post(f"{api}/plans/import", headers=org, timeout=30, files={"file": ("pupr.csv", PUPR)},
                             data={"source": "renja", "agency": "Dinas PUPR", "commit": "true"})
    assert imported.status_code == 201, imported.text
    road = requests.get(f"{api}/plans", headers=org, timeout=10).json()["items"][0]
    proposal = requests.post(f"{api}/sessions/{session['id']}/inputs", timeout=10, json={
        "kind": "proposal", "title": PARK, "location": SEMANGIT}, headers={"Authorization": f"Bearer {tokens['BPPD']}"})
    assert proposal.status_code == 201, proposal.text
    road = requests.get(f"{api}/plans/{road['id']}", headers=mod, timeout=10).json()
    assert not [o for o in road["overlaps"] if o.get("input_id") == proposal.json()["id"]]  # not flagged
    return {"slug": slug, "email": mod_email, "row": road["id"], "proposal": proposal.json()["id"]}


def test_a_moderator_marks_a_row_and_a_proposal_as_the_same_work_and_undoes_it(live_server, browser,
                                                                                forum_with_a_proposal):
    forum = forum_with_a_proposal
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        live_server.log_in(page, forum["email"])
        page.goto(f"{live_server.url}/admin/{forum['slug']}/plans/sync")
        row = page.locator(f"article#plan-{forum['row']}")
        expect(row).to_be_visible()
        expect(row.locator(".pairs.overlaps")).to_have_count(0)

        page.locator("details#mark-same summary").click()
        form = page.locator("form[data-mark-same]")
        form.locator("input[name=row]").fill(str(forum["row"]))
        form.locator("input[name=proposal]").fill(str(forum["proposal"]))
        form.locator("button[type=submit]").click()

        expect(page.locator(".flash-success")).to_contain_text("marked as the same work")
        pair = row.locator(".pairs.overlaps li.pair.manual")
        expect(pair).to_contain_text(f"#{forum['proposal']}")
        expect(pair).to_contain_text(PARK)
        expect(pair.locator(".reasons")).to_contain_text("marked the same by a moderator")

        pair.locator("form[data-undo-same] button").click()
        expect(page.locator(".flash-success")).to_contain_text("is undone")
        expect(row.locator(".pairs.overlaps")).to_have_count(0)
    finally:
        context.close()
