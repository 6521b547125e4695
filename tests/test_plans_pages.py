"""The plans' pages: who may open each (organisers import, moderators decide, the check-in desk and participants
nothing), the import through the page (preview naming bad rows and fields, confirm once, cancel), the ceilings
form, the synchronisation view (groups, filters, flagged pairs with reasons, related pairs apart, decisions,
a stale version refused), the delegate's part of the live page and their response, a proposal made a plan row
from the board, and the berita acara's plan attachments."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import PlanHistory, PlanItem
from forum.services import events

AGENCIES = [("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR"), ("Badan Pengelola Perbatasan Daerah", "BPPD")]
HEADER = "No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
PUPR = (HEADER + "P1;1.03.10.2.01.0001;Pembangunan Jembatan Gantung Sebunga;Jembatan;Desa Sebunga, Kec. Sajingan "
        "Besar;1 unit;1,5 M\n"
        "P2;1.03.10.2.01.0005;Peningkatan Jalan Entikong;Jalan;Desa Semanget, Kec. Entikong;5 km;4 M\n")
BPPD = (HEADER + "B1;7.01.01.2.01.0001;Penyusunan DED Jembatan Gantung Sebunga;Dokumen;Desa Sebunga, Kec. Sajingan "
        "Besar;1 dok;150 jt\n"
        "B2;7.01.01.2.01.0002;Peningkatan Jalan Desa Semanget;Jalan;Desa Semanget, Kec. Entikong;3 km;2 M\n")
BAD = (HEADER + "X1;1.03.10.2.01.0001;Pembangunan Jembatan;Jembatan;Desa Sebunga, Kec. Sajingan Besar;1 unit;"
       "banyak\n"
       "X2;1.03.10.2.01.0002;;Jalan;Desa Atlantis;1 km;1 M\n")


def page_upload(client, slug, content: str, agency_id, source="renja"):
    return client.post(f"/admin/{slug}/plans/import", data={
        "file": (io.BytesIO(content.encode()), "renja.csv"), "source": source, "agency": str(agency_id or "")})


def token_of(response) -> str:
    return re.search(r'name="upload" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def count_items(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(PlanItem))


@pytest.fixture
def forum(app, make):
    slug = make.event()
    with app.app_context():
        event = events.get_event(slug)
        ids = {short: events.save_agency(event, {"name": name, "short_name": short}).id for name, short in AGENCIES}
        db.session.commit()
    return {"slug": slug, "agencies": ids}


@pytest.fixture
def planned(app, client, forum, make):
    """Both agencies' files imported through the API."""
    org = make.headers("organiser")
    for content, agency in ((PUPR, "Dinas PUPR"), (BPPD, "BPPD")):
        answer = client.post(f"/api/v1/events/{forum['slug']}/plans/import", headers=org, data={
            "file": (io.BytesIO(content.encode()), "f.csv"), "source": "renja", "agency": agency, "commit": "true"})
        assert answer.status_code == 201, answer.json
    items = {i["ref"]: i for i in client.get(f"/api/v1/events/{forum['slug']}/plans", headers=org).json["items"]}
    return {**forum, "items": items, "org": org}


# --- who may open what --------------------------------------------------------------------------------

PAGES = [  # (method, path, role needed)
    ("get", "/admin/{slug}/plans", "moderator"),
    ("get", "/admin/{slug}/plans/sync", "moderator"),
    ("get", "/admin/{slug}/plans/sync/page?page=2", "moderator"),
    ("get", "/admin/{slug}/plans/sync/rows?ids=1", "moderator"),
    ("get", "/admin/{slug}/plans/reference", "moderator"),
    ("get", "/admin/{slug}/plans/1/decide", "moderator"),
    ("post", "/admin/{slug}/plans/1/decide", "moderator"),
    ("post", "/admin/{slug}/plans/overlaps/1/dismiss", "moderator"),
    ("post", "/admin/{slug}/inputs/1/plan", "moderator"),
    ("get", "/admin/{slug}/plans/import", "organiser"),
    ("post", "/admin/{slug}/plans/import", "organiser"),
    ("post", "/admin/{slug}/plans/import/confirm", "organiser"),
    ("post", "/admin/{slug}/plans/import/cancel", "organiser"),
    ("post", "/admin/{slug}/plans/ceilings", "organiser"),
    ("post", "/admin/{slug}/plans/reference", "organiser"),
]


@pytest.mark.parametrize(("method", "path", "role"), PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, forum, method, path, role):
    response = getattr(client, method)(path.format(slug=forum["slug"]))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "path", "role"), PAGES)
def test_the_roles_of_every_page(app, client, forum, method, path, role, login_as):
    login_as("checkin")
    assert getattr(client, method)(path.format(slug=forum["slug"])).status_code == 403
    client.post("/logout")
    login_as("moderator")
    status = getattr(client, method)(path.format(slug=forum["slug"])).status_code
    assert (status == 403) == (role == "organiser")
    client.post("/logout")
    login_as("organiser")
    assert getattr(client, method)(path.format(slug=forum["slug"])).status_code != 403


def test_a_participant_is_not_staff(client, forum, make):
    person = make.participant(forum["slug"], agency="Dinas PUPR")
    client.get(f"/p/{person['access_token']}")
    response = client.get(f"/admin/{forum['slug']}/plans/sync")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_plans_are_in_the_forums_navigation_for_moderators(client, forum, login_as):
    login_as("moderator")
    html = client.get(f"/admin/{forum['slug']}/board").get_data(as_text=True)
    assert f"/admin/{forum['slug']}/plans" in html


# --- importing through the page -----------------------------------------------------------------------

def test_a_bad_file_names_every_bad_row_and_field_and_offers_no_import(app, client, forum, login_as):
    login_as("organiser")
    response = page_upload(client, forum["slug"], BAD, forum["agencies"]["Dinas PUPR"])
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    errors = dict(re.findall(r'<tr data-line="(\d+)">(.*?)</tr>', html, re.S))
    assert set(errors) == {"2", "3"}
    assert 'data-field="budget"' in errors["2"] and "Pagu Indikatif (Rp)" in errors["2"]
    assert 'data-field="name"' in errors["3"] and 'data-field="location"' in errors["3"]
    assert "import/confirm" not in html  # nothing can be imported from a file with bad rows
    assert count_items(app) == 0


def test_a_good_file_is_previewed_then_imported_once(app, client, forum, login_as):
    login_as("organiser")
    preview = page_upload(client, forum["slug"], PUPR, forum["agencies"]["Dinas PUPR"])
    html = preview.get_data(as_text=True)
    assert 'data-count="new">2' in html and "Import 2 rows" in html and "Nothing has been saved yet." in html
    assert count_items(app) == 0
    token = token_of(preview)
    done = client.post(f"/admin/{forum['slug']}/plans/import/confirm", data={"upload": token})
    assert done.status_code == 200 and 'data-count="new">2' in done.get_data(as_text=True)
    again = client.post(f"/admin/{forum['slug']}/plans/import/confirm", data={"upload": token})
    assert again.status_code == 302  # the upload was taken: a second click imports nothing
    assert count_items(app) == 2
    repeat = page_upload(client, forum["slug"], PUPR, forum["agencies"]["Dinas PUPR"]).get_data(as_text=True)
    assert 'data-count="unchanged">2' in repeat and "nothing to import" in repeat


def test_a_cancelled_import_stores_nothing(app, client, forum, login_as):
    login_as("organiser")
    token = token_of(page_upload(client, forum["slug"], PUPR, forum["agencies"]["Dinas PUPR"]))
    assert client.post(f"/admin/{forum['slug']}/plans/import/cancel", data={"upload": token}).status_code == 302
    assert client.post(f"/admin/{forum['slug']}/plans/import/confirm", data={"upload": token}).status_code == 302
    assert count_items(app) == 0


def test_a_file_without_the_renja_columns_is_refused_with_the_reason(client, forum, login_as):
    login_as("organiser")
    response = page_upload(client, forum["slug"], "Nama;Instansi\nA;B\n", None)
    assert response.status_code == 422
    assert "No header row with the Renja columns" in response.get_data(as_text=True)


def test_a_renja_without_an_agency_names_the_column(client, forum, login_as):
    login_as("organiser")
    html = page_upload(client, forum["slug"], PUPR, None).get_data(as_text=True)
    assert 'data-field="agency"' in html and "Say whose Renja this is" in html


# --- ceilings -----------------------------------------------------------------------------------------

def test_ceilings_show_the_sum_and_what_is_over(client, planned, login_as):
    login_as("organiser")
    pupr, bppd = planned["agencies"]["Dinas PUPR"], planned["agencies"]["BPPD"]
    response = client.post(f"/admin/{planned['slug']}/plans/ceilings",
                           data={f"ceiling-{pupr}": "5.000.000.000", f"ceiling-{bppd}": "3 M"})
    assert response.status_code == 302
    html = client.get(f"/admin/{planned['slug']}/plans").get_data(as_text=True)
    pupr_row = re.search(r'<tr data-agency="Dinas Pekerjaan Umum dan Penataan Ruang" class="over">(.*?)</tr>', html,
                         re.S).group(1)
    amounts = re.sub(r"(\d)[.,](\d)", r"\1\2", pupr_row)  # separators of either language
    assert "Rp 5500000000" in amounts and "Rp 500000000" in amounts  # 1,5 M + 4 M against 5 M
    assert 'data-agency="Badan Pengelola Perbatasan Daerah">' in html  # 2,15 M fits under 3 M


def test_a_bad_ceiling_is_named_next_to_its_agency(client, planned, login_as):
    login_as("organiser")
    pupr = planned["agencies"]["Dinas PUPR"]
    response = client.post(f"/admin/{planned['slug']}/plans/ceilings", data={f"ceiling-{pupr}": "lima"})
    assert response.status_code == 422
    row = re.search(r'<tr data-agency="Dinas Pekerjaan Umum dan Penataan Ruang"[^>]*>(.*?)</tr>',
                    response.get_data(as_text=True), re.S).group(1)
    assert 'class="field-error"' in row and 'aria-invalid="true"' in row


# --- the synchronisation view -------------------------------------------------------------------------

def test_the_view_groups_by_place_and_theme_and_shows_flags_with_reasons(client, planned, login_as):
    login_as("moderator")
    html = client.get(f"/admin/{planned['slug']}/plans/sync").get_data(as_text=True)
    groups = re.findall(r'data-group="([^"]+)"', html)
    assert groups == sorted(set(groups), key=groups.index)  # each group once
    assert any(g.startswith("Kabupaten Sambas|Sajingan Besar|") for g in groups)
    assert any(g.startswith("Kabupaten Sanggau|Entikong|") for g in groups)
    road = planned["items"]["P2"]
    row = re.search(rf'<article class="plan-row[^"]*" id="plan-{road["id"]}".*?</article>', html, re.S).group(0)
    assert "has-overlap" in row and "Flagged overlap" in row and re.search(r"same (village|sub-district)", row.lower())
    bridge = planned["items"]["P1"]
    row = re.search(rf'<article class="plan-row[^"]*" id="plan-{bridge["id"]}".*?</article>', html, re.S).group(0)
    assert "Related (phases of one work, not an overlap)" in row and "Flagged overlap" not in row


def test_the_filters(client, planned, login_as):
    login_as("moderator")
    slug, bppd = planned["slug"], planned["agencies"]["BPPD"]
    only_bppd = client.get(f"/admin/{slug}/plans/sync?agency={bppd}").get_data(as_text=True)
    assert set(re.findall(r'data-plan="(\d+)"', only_bppd)) == {str(planned["items"][r]["id"]) for r in ("B1", "B2")}
    flagged = client.get(f"/admin/{slug}/plans/sync?flagged=1").get_data(as_text=True)
    assert set(re.findall(r'data-plan="(\d+)"', flagged)) == {str(planned["items"][r]["id"])
                                                              for r in ("P1", "P2", "B1", "B2")}
    sanggau = client.get(f"/admin/{slug}/plans/sync?regency=Kabupaten+Sanggau").get_data(as_text=True)
    assert set(re.findall(r'data-plan="(\d+)"', sanggau)) == {str(planned["items"][r]["id"]) for r in ("P2", "B2")}
    assert 'data-plan="' not in client.get(f"/admin/{slug}/plans/sync?status=dropped").get_data(as_text=True)


def test_the_view_follows_a_decision_made_since_it_was_last_shown(client, planned, login_as):
    """The view keeps its order between requests while nothing changes; a decision changes it."""
    login_as("moderator")
    slug, row = planned["slug"], planned["items"]["B2"]
    assert 'data-plan="' not in client.get(f"/admin/{slug}/plans/sync?status=kept").get_data(as_text=True)
    client.post(f"/admin/{slug}/plans/{row['id']}/decide", data={"status": "kept", "version": row["version"]})
    kept = client.get(f"/admin/{slug}/plans/sync?status=kept").get_data(as_text=True)
    assert re.findall(r'data-plan="(\d+)"', kept) == [str(row["id"])]


def test_merging_a_flagged_pair_from_the_view(app, client, planned, login_as):
    login_as("moderator")
    road, other = planned["items"]["B2"], planned["items"]["P2"]
    response = client.post(f"/admin/{planned['slug']}/plans/{road['id']}/decide", data={
        "status": "merged", "pair_item": str(other["id"]), "note": "Satu ruas jalan", "version": road["version"],
        "back": "flagged=1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"flagged=1#plan-{road['id']}")
    with app.app_context():
        item = db.session.get(PlanItem, road["id"])
        assert (item.status.value, item.merged_into_id, item.note) == ("merged", other["id"], "Satu ruas jalan")


def test_a_decision_on_an_old_version_is_refused_and_said(app, client, planned, login_as):
    login_as("moderator")
    row = planned["items"]["P1"]
    url = f"/admin/{planned['slug']}/plans/{row['id']}/decide"
    assert client.post(url, data={"status": "kept", "version": row["version"]}).status_code == 302
    client.get(f"/admin/{planned['slug']}/plans/sync")  # (the flash of the first decision)
    client.post(url, data={"status": "deferred", "note": "Nanti", "version": row["version"]})
    html = client.get(f"/admin/{planned['slug']}/plans/sync").get_data(as_text=True)
    assert "This row was changed meanwhile" in html
    with app.app_context():
        assert db.session.get(PlanItem, row["id"]).status.value == "kept"


def test_a_rows_own_page_holds_the_decision_form(client, planned, login_as):
    """The view's "Decide…" without JavaScript: the row, and the form with the row's version."""
    login_as("moderator")
    row = planned["items"]["P2"]
    html = client.get(f"/admin/{planned['slug']}/plans/{row['id']}/decide?flagged=1").get_data(as_text=True)
    assert f'id="plan-{row["id"]}"' in html and "Save the decision" in html
    assert f'action="/admin/{planned["slug"]}/plans/{row["id"]}/decide"' in html
    assert f'name="version" value="{row["version"]}"' in html and "flagged=1" in html
    assert client.get(f"/admin/{planned['slug']}/plans/99999/decide").status_code == 404


def test_deferring_without_a_reason_is_refused_with_the_reason_asked(app, client, planned, login_as):
    login_as("moderator")
    row = planned["items"]["B1"]
    client.post(f"/admin/{planned['slug']}/plans/{row['id']}/decide", data={"status": "deferred"})
    assert "needs a note" in client.get(f"/admin/{planned['slug']}/plans/sync").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(PlanItem, row["id"]).status.value == "draft"


def test_a_pair_can_be_dismissed_from_the_view(client, planned, login_as):
    login_as("moderator")
    road = planned["items"]["P2"]
    pair = road["overlaps"][0]["id"]
    assert client.post(f"/admin/{planned['slug']}/plans/overlaps/{pair}/dismiss",
                       data={"item": road["id"]}).status_code == 302
    rows = client.get(f"/admin/{planned['slug']}/plans/sync/rows?ids={road['id']}").get_data(as_text=True)
    assert f'data-pair="{pair}"' not in rows and f'data-plan="{road["id"]}"' in rows


def test_pages_of_the_view(app, client, planned, login_as, monkeypatch):
    from forum.services import plan_sync

    monkeypatch.setattr(plan_sync, "PER_PAGE", 3)
    login_as("moderator")
    first = client.get(f"/admin/{planned['slug']}/plans/sync").get_data(as_text=True)
    second = client.get(f"/admin/{planned['slug']}/plans/sync/page?page=2").get_data(as_text=True)
    shown = re.findall(r'data-plan="(\d+)"', first) + re.findall(r'data-plan="(\d+)"', second)
    assert len(re.findall(r'data-plan="(\d+)"', first)) == 3 and "data-more=" in first
    assert sorted(shown) == sorted(str(i["id"]) for i in planned["items"].values())
    assert client.get(f"/admin/{planned['slug']}/plans/sync/page?page=3").get_data(as_text=True) == ""


# --- the agency's delegate ----------------------------------------------------------------------------

def test_the_live_page_loads_the_plans_part_only_for_an_agency_with_rows(app, client, planned, make):
    slug = planned["slug"]
    delegate = make.participant(slug, agency="Dinas PUPR")
    other, phone = make.participant(slug, agency="Kecamatan Entikong"), app.test_client()
    phone.get(f"/p/{other['access_token']}")
    html = phone.get(f"/events/{slug}/live").get_data(as_text=True)
    assert "Kecamatan Entikong" not in planned["agencies"] and "data-live" in html
    assert "data-delegate-plans" not in html and "/plans-delegate." not in html
    client.get(f"/p/{delegate['access_token']}")
    html = client.get(f"/events/{slug}/live").get_data(as_text=True)
    assert f'data-delegate-plans="/events/{slug}/live/plans"' in html and "/plans-delegate." in html
    part = client.get(f"/events/{slug}/live/plans", headers={"X-Fragment": "1"}).get_data(as_text=True)
    assert set(re.findall(r'data-plan="(\d+)"', part)) == {str(planned["items"][r]["id"]) for r in ("P1", "P2")}
    assert "Flagged: overlaps with" in part


def test_a_delegate_answers_a_flag_and_the_row_keeps_its_version(app, client, planned, make):
    slug = planned["slug"]
    delegate = make.participant(slug, agency="Dinas PUPR")
    client.get(f"/p/{delegate['access_token']}")
    row = planned["items"]["P2"]
    answer = client.post(f"/events/{slug}/live/plans/{row['id']}/response", headers={"X-Fragment": "1"},
                         data={"text": "Ruas ini sudah kami rencanakan sejak 2020."})
    assert answer.status_code == 200 and "Ruas ini sudah kami rencanakan sejak 2020." in answer.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(select(PlanHistory).where(PlanHistory.action == "response"))
        assert entry.item_id == row["id"] and entry.changes["participant"] == delegate["id"]
        assert db.session.get(PlanItem, row["id"]).version == row["version"]
    empty = client.post(f"/events/{slug}/live/plans/{row['id']}/response", headers={"X-Fragment": "1"},
                        data={"text": "  "})
    assert empty.status_code == 422 and "required" in empty.get_data(as_text=True)
    others = planned["items"]["B2"]
    assert client.post(f"/events/{slug}/live/plans/{others['id']}/response",
                       data={"text": "Bukan milik kami"}).status_code == 403


def test_the_response_reaches_the_moderators_view(client, planned, make, login_as):
    slug = planned["slug"]
    delegate = make.participant(slug, agency="BPPD", name="Yohanes Ading")
    client.get(f"/p/{delegate['access_token']}")
    row = planned["items"]["B2"]
    client.post(f"/events/{slug}/live/plans/{row['id']}/response", data={"text": "Jalan desa, bukan jalan provinsi"})
    login_as("moderator")
    rows = client.get(f"/admin/{slug}/plans/sync/rows?ids={row['id']}").get_data(as_text=True)
    assert "Yohanes Ading" in rows and "Jalan desa, bukan jalan provinsi" in rows


def test_only_a_delegate_of_an_agency_sees_the_part(client, planned, make):
    assert client.get(f"/events/{planned['slug']}/live/plans").status_code == 403
    stranger = make.participant(make.event(), agency="Dinas PUPR")  # of another forum
    client.get(f"/p/{stranger['access_token']}")
    assert client.get(f"/events/{planned['slug']}/live/plans").status_code == 403


# --- a proposal becomes a plan row from the board ------------------------------------------------------

def test_an_accepted_proposal_becomes_a_plan_row_from_the_board(app, client, planned, make, login_as):
    slug = planned["slug"]
    session, mod = make.live_session(slug)
    person = make.participant(slug, agency="Dinas PUPR")
    created = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/inputs",
                          headers={"Authorization": f"Bearer {person['access_token']}"},
                          json={"kind": "proposal", "title": "Pembangunan Pustu Desa Sebunga",
                                "location": {"regency": "Kabupaten Sambas", "district": "Sajingan Besar",
                                             "village": "Sebunga"}, "budget": 750_000_000})
    assert created.status_code == 201, created.json
    input_id = created.json["id"]
    assert client.patch(f"/api/v1/events/{slug}/inputs/{input_id}", headers=mod,
                        json={"status": "accepted"}).status_code == 200
    login_as("moderator")
    board = client.get(f"/admin/{slug}/board").get_data(as_text=True)
    assert f"/admin/{slug}/inputs/{input_id}/plan" in board
    answer = client.post(f"/admin/{slug}/inputs/{input_id}/plan", data={"agency": planned["agencies"]["BPPD"]})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"#input-{input_id}")
    with app.app_context():
        item = db.session.scalar(select(PlanItem).where(PlanItem.input_id == input_id))
        assert item.agency_id == planned["agencies"]["BPPD"] and item.budget == 750_000_000
    client.post(f"/admin/{slug}/inputs/{input_id}/plan", data={"agency": planned["agencies"]["BPPD"]})
    assert "already plan row" in client.get(f"/admin/{slug}/board").get_data(as_text=True)
    assert count_items(app) == 5


# --- the berita acara ---------------------------------------------------------------------------------

def test_the_minutes_list_the_agreed_rows_the_decisions_on_overlaps_and_the_ceilings(app, client, planned, make):
    from pypdf import PdfReader

    slug, mod = planned["slug"], make.headers("moderator")
    road, other = planned["items"]["B2"], planned["items"]["P2"]
    assert client.patch(f"/api/v1/events/{slug}/plans/{road['id']}", headers=mod, json={
        "status": "merged", "merged_into": other["id"], "note": "Satu ruas jalan"}).status_code == 200
    assert client.put(f"/api/v1/events/{slug}/plans/ceilings", headers=planned["org"], json={
        "ceilings": [{"agency": "Dinas PUPR", "amount": 5_000_000_000}]}).status_code == 200
    pdf = client.get(f"/events/{slug}/exports/minutes.pdf", headers=planned["org"])
    assert pdf.status_code == 200
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    # (an official document: in Indonesian)
    assert "LAMPIRAN IV: BARIS RENCANA YANG DISEPAKATI" in text and "Peningkatan Jalan Entikong" in text
    assert "LAMPIRAN V: KEPUTUSAN ATAS BARIS YANG TUMPANG TINDIH" in text and "Satu ruas jalan" in text
    assert "LAMPIRAN VI" in text and "Melebihi pagu (Rp)" in text  # the unit in the heading, not in each amount
    assert "5.650.000.000 500.000.000" in text  # PUPR's 5,65 M against 5 M: 500.000.000 over the ceiling
    from docx import Document

    word = client.get(f"/events/{slug}/exports/minutes.docx", headers=planned["org"])
    assert word.status_code == 200
    document = Document(io.BytesIO(word.data))
    paragraphs = " ".join(p.text for p in document.paragraphs)
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "LAMPIRAN IV" in paragraphs and "LAMPIRAN V:" in paragraphs and "LAMPIRAN VI" in paragraphs
    assert "Peningkatan Jalan Entikong" in cells and "Satu ruas jalan" in cells


def test_a_starting_process_reads_the_views_index_before_the_first_view(app, planned):
    from forum.services import plan_sync

    plan_sync.indexes(app).clear()
    plan_sync.warm_up(app).join(timeout=60)
    with app.app_context():
        forum_id = events.get_event(planned["slug"]).id
    assert forum_id in plan_sync.indexes(app)
    assert set(plan_sync.indexes(app)[forum_id].entries) == {i["id"] for i in planned["items"].values()}
