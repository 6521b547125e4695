"""The moderation board's "Why (not) an overlap?" in a real Chromium (issue 16): a moderator whose page is in
Indonesian — while the browser itself asks for English — names two proposals and reads the detector's answer in
Indonesian, with its scores: a flagged pair, then a pair not flagged and why; no raw code of the detector."""
import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SEBUNGA = {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}
RAW_CODES = re.compile(r"same_village|same_district|same_regency|same_unknown|\bsame\b|\boverlap\b|dismissed")


@pytest.fixture(scope="module")
def board(live_server):
    _email, org = live_server.staff("organiser")
    mod_email, mod = live_server.staff("moderator")
    slug, api, session = live_server.live_input_session(org, mod, prefix="explain")
    ids = {}
    for key, agency, title in (("road", "Dinas PUPR", "Pembangunan jalan desa Sebunga"),
                               ("poros", "DPMD", "Peningkatan jalan poros desa Sebunga"),
                               ("football", "Dispora", "Pembangunan lapangan sepak bola Sebunga"),
                               ("volley", "Dinas Pendidikan dan Kebudayaan", "Pembuatan lapangan bola voli Sebunga")):
        person = requests.post(f"{api}/registrations", timeout=10, json={
            "name": f"Peserta {key}", "agency": agency, "position": "Kepala Bidang", "attendance": "online",
            "email": f"{uuid.uuid4().hex[:8]}@example.id", "consent": True}).json()
        token = person["personal_url"].rsplit("/p/", 1)[1]
        answer = requests.post(f"{api}/sessions/{session['id']}/inputs", timeout=10, json={
            "kind": "proposal", "title": title, "location": SEBUNGA}, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 201, answer.text
        ids[key] = answer.json()["id"]
    return {"slug": slug, "email": mod_email, "ids": ids}


def ask(page, a: int, b: int):
    box = page.locator("details.overlap-explain")
    box.locator("input[name=a]").fill(str(a))
    box.locator("input[name=b]").fill(str(b))
    box.locator("button[type=submit]").click()
    return box.locator("[data-explain-result]")


def test_a_moderator_reads_why_two_proposals_are_or_are_not_flagged_in_indonesian(live_server, browser, board):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")  # the browser: English
    try:
        page = context.new_page()
        live_server.log_in(page, board["email"])
        page.goto(f"{live_server.url}/admin/{board['slug']}/board?lang=id")  # the moderator's page: Indonesian
        page.locator("details.overlap-explain summary").click()
        ids = board["ids"]

        answer = ask(page, ids["poros"], ids["road"])
        expect(answer).to_contain_text("Ditandai: pekerjaan yang sama")
        head = answer.locator("p").first
        expect(head).to_contain_text(re.compile(r"skor \d,\d\d, perlu 0,\d\d \(desa yang sama; jenis pekerjaan yang "
                                                r"sama; rumusan mirip \d+%"))
        expect(answer.locator("li").first).to_have_text("Desa yang sama: Sebunga")
        assert not RAW_CODES.search(answer.inner_text())

        answer = ask(page, ids["football"], ids["volley"])
        expect(answer).to_contain_text("Tidak ditandai — skor 0,00, perlu 0,")
        expect(answer).to_contain_text("jenis pekerjaan berbeda: lapangan sepak bola / lapangan voli")
        expect(answer).to_contain_text("tanpa pengecualian")  # what the evidence alone scores
        assert not RAW_CODES.search(answer.inner_text())
    finally:
        context.close()
