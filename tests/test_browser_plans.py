"""Renja synchronisation in a real Chromium against `python wsgi.py`: an organiser imports two agencies' plan files
through the back office (preview, then confirm); two moderators open the synchronisation view, which shows the
flagged pair with its reasons; one merges the pair, and the other's screen shows the change without a reload — and
the decision the second had open on the old version is refused and said; the agency's delegate on their phone sees
what happened to their row and answers, and the moderators see the answer; the Renja after the forum (renja.xlsx)
says what was decided."""
import io
import re
import uuid

import pytest
import requests
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HEADER = "No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
PUPR = (HEADER + "P1;1.03.10.2.01.0005;Peningkatan Jalan Entikong;Jalan;Desa Semanget, Kec. Entikong;5 km;4 M\n"
        "P2;1.03.10.2.01.0009;Pembangunan Drainase Putussibau;Drainase;Kec. Putussibau Utara;1 paket;500 jt\n")
BPPD = (HEADER + "B1;7.01.01.2.01.0002;Peningkatan Jalan Desa Semanget;Jalan;Desa Semanget, Kec. Entikong;3 km;2 M\n"
        "B2;7.01.01.2.01.0003;Pelatihan UMKM perbatasan;Orang;Kec. Badau;30 orang;200 jt\n")
REASON = "Satu ruas jalan yang sama; dikerjakan Dinas PUPR"


@pytest.fixture
def plans_forum(live_server):
    """A fresh forum with two agencies (made by registering one delegate of each) and the staff accounts."""
    org_email, org = live_server.staff("organiser")
    slug = live_server.create_forum(org, prefix="renja")
    links = {}
    for name, agency in (("Rudi Hartono", "Dinas PUPR"), ("Yohanes Ading", "BPPD")):
        answer = requests.post(f"{live_server.url}/api/v1/events/{slug}/registrations", timeout=10, json={
            "name": name, "agency": agency, "position": "Kepala Bidang", "attendance": "online", "consent": True,
            "email": f"{uuid.uuid4().hex[:8]}@example.id"})
        assert answer.status_code == 201, answer.text
        links[agency] = answer.json()["personal_url"]
    mod_a, _ = live_server.staff("moderator")
    mod_b, _ = live_server.staff("moderator")
    return {"slug": slug, "org": org, "org_email": org_email, "mod_a": mod_a, "mod_b": mod_b, "links": links}


def import_file(page, url: str, slug: str, content: str, agency: str, name: str) -> None:
    page.goto(f"{url}/admin/{slug}/plans/import")
    page.select_option("#plan-source", "renja")
    page.select_option("#plan-agency", label=agency)
    page.set_input_files("#plan-file", files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}])
    page.click("form[data-plan-upload] button[type=submit]")
    expect(page.locator("[data-preview]")).to_contain_text("2 new")
    page.click("form[data-plan-confirm] button[type=submit]")
    expect(page.locator("[data-import-done] [data-count=new]")).to_contain_text("2")


def row(page, ref_name: str):
    return page.locator("article.plan-row", has=page.locator("h3.row-name", has_text=ref_name))


def test_import_flag_decide_live_and_export(live_server, browser, plans_forum):
    url, slug = live_server.url, plans_forum["slug"]
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(3)]
    contexts.append(browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True))
    try:
        organiser, first, second, delegate = (c.new_page() for c in contexts)
        live_server.log_in(organiser, plans_forum["org_email"])
        import_file(organiser, url, slug, PUPR, "Dinas PUPR", "renja-pupr.csv")
        import_file(organiser, url, slug, BPPD, "BPPD", "renja-bppd.csv")

        # BPPD's delegate, on the live page: their agency's rows, the flag on the road.
        delegate.goto(plans_forum["links"]["BPPD"])
        delegate.goto(f"{url}/events/{slug}/live")
        road = delegate.locator("#plans article.dplan", has_text="Peningkatan Jalan Desa Semanget")
        expect(road).to_contain_text(re.compile("overlaps with|tumpang tindih dengan"))

        live_server.log_in(first, plans_forum["mod_a"])
        live_server.log_in(second, plans_forum["mod_b"])
        for page in (first, second):
            page.goto(f"{url}/admin/{slug}/plans/sync?flagged=1")
        ours, theirs = row(first, "Peningkatan Jalan Desa Semanget"), row(first, "Peningkatan Jalan Entikong")
        expect(ours).to_have_class(re.compile("has-overlap"))
        expect(ours.locator(".pairs.overlaps")).to_contain_text("Peningkatan Jalan Entikong")
        expect(ours.locator(".pairs.overlaps .reasons")).to_contain_text(re.compile("Entikong|Semang", re.I))
        expect(theirs.locator(".pairs.overlaps")).to_contain_text("Peningkatan Jalan Desa Semanget")

        # The second moderator opens a decision on the same row (deferring it) but has not saved yet.
        row(second, "Peningkatan Jalan Desa Semanget").locator("a[data-decide-open]").click()
        dialog = second.locator('dialog[data-dialog="decide"]')
        expect(dialog).to_be_visible()
        dialog.locator("select[name=status]").select_option("deferred")
        dialog.locator("input[name=note]").fill("Ditunda ke tahun berikutnya")

        # The first merges the pair, with the reason.
        pair = ours.locator(".pairs.overlaps form[data-decide]")
        pair.locator("input[name=note]").fill(REASON)
        pair.locator("button[value=merged]").click()
        expect(row(first, "Peningkatan Jalan Desa Semanget").locator("[data-status-badge]")).to_have_text(
            re.compile("Merged|Digabung"))

        # The second screen hears of it: the row it is deciding is marked, and its old decision is refused.
        stale = row(second, "Peningkatan Jalan Desa Semanget").locator("[data-stale]")
        expect(stale).to_be_visible()
        dialog.locator("button[type=submit]").click()
        expect(second.locator("[data-message]")).to_contain_text(re.compile("another screen|layar lain"))
        merged = row(second, "Peningkatan Jalan Desa Semanget")
        expect(merged.locator("[data-status-badge]")).to_have_text(re.compile("Merged|Digabung"))
        expect(merged.locator("[data-note]")).to_have_text(REASON)
        expect(dialog).to_be_hidden()

        # The delegate sees what happened to their row, live, and answers.
        expect(road).to_contain_text(re.compile("Merged into row|Digabung ke baris"))
        expect(road).to_contain_text(REASON)
        road.locator("summary").click()
        road.locator("textarea[name=text]").fill("Setuju, ruas ini dikerjakan Dinas PUPR")
        road.locator("form[data-respond] button").click()
        expect(delegate.locator("#plans")).to_contain_text("Setuju, ruas ini dikerjakan Dinas PUPR")
        expect(row(first, "Peningkatan Jalan Desa Semanget").locator("[data-response]")).to_contain_text(
            "Setuju, ruas ini dikerjakan Dinas PUPR")

        # A decision the second screen was not editing simply appears there.
        first.goto(f"{url}/admin/{slug}/plans/sync")
        second.goto(f"{url}/admin/{slug}/plans/sync")
        training = row(first, "Pelatihan UMKM perbatasan")
        training.locator("a[data-decide-open]").click()
        box = first.locator('dialog[data-dialog="decide"]')
        box.locator("select[name=status]").select_option("dropped")
        box.locator("input[name=note]").fill("Bukan kewenangan provinsi")
        box.locator("button[type=submit]").click()
        expect(row(second, "Pelatihan UMKM perbatasan").locator("[data-status-badge]")).to_have_text(
            re.compile("Dropped|Dihapus"))
    finally:
        for context in contexts:
            context.close()

    # The Renja after the forum says what was decided and why.
    answer = requests.get(f"{url}/api/v1/events/{slug}/exports/renja.xlsx", headers=plans_forum["org"], timeout=30)
    assert answer.status_code == 200, answer.text
    book = load_workbook(io.BytesIO(answer.content))
    cells = [str(c) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r if c]
    assert any(REASON in c for c in cells)
    assert any("Bukan kewenangan provinsi" in c for c in cells)
    assert any("Peningkatan Jalan Entikong" in c for c in cells)
