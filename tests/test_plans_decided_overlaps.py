"""Overlaps the forum decided: a row deferred, dropped or merged away keeps its pairs, closed (no longer flagged
in the synchronisation view, listed in the berita acara's attachment V); and an agency merge leaves no pair
between rows (or a row and a proposal) that are now of one agency."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from forum.documents import minutes
from forum.extensions import db
from forum.models import PlanItem, PlanOverlap
from forum.services import agencies, events, plan_overlaps, plan_sync
from tests import test_plans_decisions
from tests.test_plans_decisions import BPPD, pairs_of, post_file, url

forum = test_plans_decisions.forum  # the fixture: both agencies' Renja imported

# A typed name nobody listed: the same roads as PUPR's, and BPPD's road in Semanget.
PU_TYPO = ("No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
           "U1;1.03.10.2.01.0005;Pemeliharaan Jalan Desa Semanget;Jalan;Desa Semanget, Kec. Entikong;2 km;1 M\n"
           "U2;1.03.10.2.01.0001;Rehabilitasi Jembatan Gantung Sebunga;Jembatan;Desa Sebunga, Kec. Sajingan Besar;"
           "1 unit;800 jt\n")


def stored_pairs(app) -> dict[tuple, PlanOverlap]:
    with app.app_context():
        return {(p.item_a_id, p.item_b_id, p.input_id): p for p in db.session.scalars(select(PlanOverlap))}


def key(a: int, b: int) -> tuple:
    return (*sorted((a, b)), None)


# --- a row decided off the table -----------------------------------------------------------------------

@pytest.mark.both_dbs
@pytest.mark.parametrize("decision", ["deferred", "dropped"])
def test_a_row_decided_off_the_table_keeps_its_pairs_closed(app, client, forum, decision, backend):
    items = forum["items"]
    road, other = items["P2"]["id"], items["B2"]["id"]
    assert other in pairs_of(items["P2"])
    answer = client.patch(url(forum, road), headers=forum["mod"], json={"status": decision, "note": "tahun depan"})
    assert answer.status_code == 200, answer.json
    assert answer.json["overlaps"] == []  # not shown as open on the row ...
    assert road not in pairs_of(client.get(url(forum, other), headers=forum["mod"]).json)  # ... nor on the other
    pair = stored_pairs(app)[key(road, other)]
    assert pair.closed_at is not None and pair.closed_by == decision and not pair.dismissed
    with app.app_context():
        event = events.get_event(forum["slug"])
        assert plan_sync.summary(event)["overlaps"] == 0  # the only overlap was that road
        flagged = plan_sync.sync_page(event, plan_sync.SyncFilters(flagged=True))
        assert {row["id"] for group in flagged.groups for row in group.rows} == {items["P1"]["id"], items["B1"]["id"]}
        # attachment V still lists it, with the decision on each row
        annex = minutes.gather_plans(event)
        listed = [p for p in annex.pairs if {p.first.id, p.second.id} == {road, other}]
        assert len(listed) == 1 and not listed[0].dismissed
        assert listed[0].first.status.value == decision


def test_a_closed_pair_stays_when_the_other_row_changes_or_everything_is_computed_again(app, client, forum):
    items = forum["items"]
    road, other = items["P2"]["id"], items["B2"]["id"]
    client.patch(url(forum, road), headers=forum["mod"], json={"status": "deferred", "note": "cadangan"})
    changed = client.patch(url(forum, other), headers=forum["mod"], json={"status": "changed", "budget": "2,5 M"})
    assert changed.status_code == 200 and changed.json["overlaps"] == []
    assert stored_pairs(app)[key(road, other)].closed_by == "deferred"
    assert post_file(client, forum["slug"], forum["org"], BPPD.replace("2 M", "3 M"), "BPPD").status_code == 201
    before = {k: (p.closed_by, p.score) for k, p in stored_pairs(app).items()}
    with app.app_context():
        plan_overlaps.refresh_all(events.get_event(forum["slug"]).id)
        db.session.commit()
    assert {k: (p.closed_by, p.score) for k, p in stored_pairs(app).items()} == before
    assert before[key(road, other)][0] == "deferred"


def test_a_reopened_row_is_flagged_again(app, client, forum):
    items = forum["items"]
    road, other = items["P2"]["id"], items["B2"]["id"]
    client.patch(url(forum, road), headers=forum["mod"], json={"status": "dropped", "note": "sudah dibangun"})
    again = client.patch(url(forum, road), headers=forum["mod"], json={"status": "reopen"})
    assert again.status_code == 200 and other in pairs_of(again.json)
    pair = stored_pairs(app)[key(road, other)]
    assert pair.closed_at is None and pair.closed_by == ""


def test_a_rejected_proposals_pairs_are_closed(app, client, forum, make):
    session, mod = make.live_session(forum["slug"])
    person = make.participant(forum["slug"], agency="Dishub")
    proposal = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/inputs",
                           headers={"Authorization": f"Bearer {person['access_token']}"}, json={
                               "kind": "proposal", "title": "Peningkatan jalan desa Semanget",
                               "location": {"regency": "Kabupaten Sanggau", "district": "Entikong",
                                            "village": "Semangit (Semanget)"}}).json
    road = forum["items"]["P2"]["id"]
    assert (road, None, proposal["id"]) in stored_pairs(app)
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{proposal['id']}", headers=mod,
                 json={"status": "rejected", "note": "sudah ada di Renja"})
    assert ("input", proposal["id"]) not in pairs_of(client.get(url(forum, road), headers=forum["mod"]).json)
    assert stored_pairs(app)[(road, None, proposal["id"])].closed_by == "rejected"


def test_the_minutes_pdf_lists_the_deferred_rows_overlap(app, client, forum):
    from pypdf import PdfReader

    items = forum["items"]
    client.patch(url(forum, items["B2"]["id"]), headers=forum["mod"],
                 json={"status": "deferred", "note": "Menunggu ruas provinsi"})
    client.patch(url(forum, items["P2"]["id"]), headers=forum["mod"], json={"status": "kept"})
    pdf = client.get(f"/events/{forum['slug']}/exports/minutes.pdf", headers=forum["org"])
    assert pdf.status_code == 200
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf.data)).pages)
    annex = text[text.index("LAMPIRAN V:"):text.index("LAMPIRAN VI")]
    assert "Peningkatan Jalan Desa Semanget" in annex and "Peningkatan Jalan Entikong" in annex
    assert "Menunggu ruas provinsi" in annex and "Ditunda" in annex


# --- an agency merge -----------------------------------------------------------------------------------

@pytest.mark.both_dbs
def test_an_agency_merge_leaves_no_pair_within_one_agency(app, client, forum, make, backend):
    slug, items = forum["slug"], forum["items"]
    with app.app_context():
        assert not agencies.agency_for_name(events.get_event(slug), "Dinas PU Kab Sanggau").verified  # typed
        db.session.commit()
    assert post_file(client, slug, forum["org"], PU_TYPO, "Dinas PU Kab Sanggau").status_code == 201
    session, _mod = make.live_session(slug)
    person = make.participant(slug, agency="Dinas PU Kab Sanggau")
    proposal = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/inputs",
                           headers={"Authorization": f"Bearer {person['access_token']}"}, json={
                               "kind": "proposal", "title": "Peningkatan jalan Entikong desa Semanget",
                               "location": {"regency": "Kabupaten Sanggau", "district": "Entikong",
                                            "village": "Semangit (Semanget)"}}).json
    with app.app_context():
        event = events.get_event(slug)
        typo = agencies.find_agency(event, "Dinas PU Kab Sanggau")
        typo_rows = set(db.session.scalars(select(PlanItem.id).where(PlanItem.agency_id == typo.id)))
        pupr_rows = {items[ref]["id"] for ref in ("P1", "P2", "P3")}
    before = stored_pairs(app)

    def across(pairs, rows_a, rows_b):
        return {k for k in pairs if {k[0], k[1]} & rows_a and {k[0], k[1]} & rows_b}

    assert across(before, typo_rows, pupr_rows), "the typed agency's rows overlap PUPR's before the merge"
    assert (items["P2"]["id"], None, proposal["id"]) in before
    with_bppd = across(before, typo_rows, {items["B2"]["id"]})
    assert with_bppd
    # one of them decided off the table meanwhile: its closed pair with PUPR goes too
    deferred = next(iter(typo_rows))
    client.patch(url(forum, deferred), headers=forum["mod"], json={"status": "deferred", "note": "cadangan"})
    login = make.headers("organiser")
    with app.app_context():
        event = events.get_event(slug)
        agencies.map_into(agencies.find_agency(event, "Dinas PU Kab Sanggau"),
                          agencies.find_agency(event, "Dinas PUPR"))
        db.session.commit()
    after = stored_pairs(app)
    assert not across(after, typo_rows, pupr_rows)
    assert (items["P2"]["id"], None, proposal["id"]) not in after  # the proposal is PUPR's now
    assert across(after, typo_rows, {items["B2"]["id"]}) == with_bppd  # pairs with other agencies stay
    for ref in ("P1", "P2"):
        shown = client.get(url(forum, items[ref]["id"]), headers=login).json
        assert not set(pairs_of(shown)) & typo_rows
    # the incremental result is what computing every pair again finds
    open_now = {k: (p.relation, p.score) for k, p in after.items() if p.closed_at is None}
    with app.app_context():
        plan_overlaps.refresh_all(events.get_event(slug).id)
        db.session.commit()
    assert {k: (p.relation, p.score) for k, p in stored_pairs(app).items() if p.closed_at is None} == open_now
