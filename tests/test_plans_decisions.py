"""Plans during and after the forum: overlaps and related phases, the decisions with their history, two screens
deciding at once (SQLite and PostgreSQL), the `plan` message, ceilings, a proposal turned into a row, renja.xlsx,
and who may call each route."""
from __future__ import annotations

import io
import threading

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from forum.extensions import db, socketio
from forum.models import AuditEntry, PlanHistory, PlanItem, PlanOverlap
from forum.services import events, plan_overlaps

AGENCIES = [("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR"), ("Badan Pengelola Perbatasan Daerah", "BPPD"),
            ("Dinas Perhubungan", "Dishub")]
PUPR = ("No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
        "P1;1.03.10.2.01.0001;Pembangunan Jembatan Gantung Sebunga;Jembatan;Desa Sebunga, Kec. Sajingan Besar;1 unit;"
        "1,5 M\n"
        "P2;1.03.10.2.01.0005;Peningkatan Jalan Entikong;Jalan;Desa Semanget, Kec. Entikong;5 km;4 M\n"
        "P3;1.03.10.2.01.0009;Pembangunan Drainase Kota;Drainase;Kab. Kapuas Hulu;1 paket;500 jt\n")
BPPD = ("No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
        "B1;7.01.01.2.01.0001;Penyusunan DED Jembatan Gantung Sebunga;Dokumen;Desa Sebunga, Kec. Sajingan Besar;1 dok;"
        "150 jt\n"
        "B2;7.01.01.2.01.0002;Peningkatan Jalan Desa Semanget;Jalan;Desa Semanget, Kec. Entikong;3 km;2 M\n"
        "B3;7.01.01.2.01.0003;Pelatihan UMKM perbatasan;Orang;Kec. Badau;30 orang;200 jt\n")


def post_file(client, slug, headers, content: str, agency: str, source="renja"):
    return client.post(f"/api/v1/events/{slug}/plans/import", headers=headers, data={
        "file": (io.BytesIO(content.encode()), "f.csv"), "source": source, "agency": agency, "commit": "true"})


@pytest.fixture
def forum(app, client, make):
    slug = make.event()
    with app.app_context():
        event = events.get_event(slug)
        for name, short in AGENCIES:
            events.save_agency(event, {"name": name, "short_name": short})
        db.session.commit()
    org = make.headers("organiser")
    assert post_file(client, slug, org, PUPR, "Dinas PUPR").status_code == 201
    assert post_file(client, slug, org, BPPD, "BPPD").status_code == 201
    items = {i["ref"]: i for i in client.get(f"/api/v1/events/{slug}/plans", headers=org).json["items"]}
    return {"slug": slug, "org": org, "mod": make.headers("moderator"), "items": items}


def url(forum, item_id=None):
    return f"/api/v1/events/{forum['slug']}/plans" + (f"/{item_id}" if item_id else "")


def pairs_of(item: dict) -> dict:
    return {o.get("item_id") or ("input", o.get("input_id")): o for o in item["overlaps"]}


# --- overlaps -----------------------------------------------------------------------------------------

def test_overlaps_are_cross_agency_and_phases_are_related(forum):
    items = forum["items"]
    road = pairs_of(items["P2"])
    assert road[items["B2"]["id"]]["relation"] == "overlap"
    assert any("Semang" in r for r in road[items["B2"]["id"]]["reasons"])
    bridge = pairs_of(items["P1"])
    assert bridge[items["B1"]["id"]]["relation"] == "related"
    phases = [r for r in bridge[items["B1"]["id"]]["reasons"] if r.startswith("Phases of one work:")]
    assert phases and {"design study", "construction"} == {p.strip() for p in phases[0].split(":")[1].split("/")}
    # rows of one agency never flag each other; unrelated work and other places are not flagged
    assert not {items["P2"]["id"], items["P3"]["id"]} & set(bridge)
    assert items["P3"]["overlaps"] == [] and items["B3"]["overlaps"] == []


def test_a_changed_row_recomputes_only_its_own_pairs(client, forum, app):
    items = forum["items"]
    with app.app_context():
        before = {p.id for p in db.session.scalars(select(PlanOverlap).where(
            PlanOverlap.item_a_id.in_([items["P1"]["id"], items["B1"]["id"]])))}
    moved = client.patch(url(forum, items["P2"]["id"]), headers=forum["mod"], json={
        "status": "changed", "location": "Desa Sebunga, Kec. Sajingan Besar"})
    assert moved.status_code == 200, moved.json
    assert items["B2"]["id"] not in pairs_of(moved.json)  # no longer the same place
    with app.app_context():
        after = {p.id for p in db.session.scalars(select(PlanOverlap).where(
            PlanOverlap.item_a_id.in_([items["P1"]["id"], items["B1"]["id"]]),
            PlanOverlap.item_b_id != items["P2"]["id"]))}
    assert before <= after  # the other rows' pairs were left as they were


def test_an_import_computes_its_rows_pairs_as_computing_every_pair_would(app, client, forum):
    dishub = ("No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
              "D1;2.15.02.2.01.0005;Rehabilitasi jalan desa Semanget;Jalan;Desa Semanget, Kec. Entikong;2 km;1 M\n"
              "D2;2.15.02.2.01.0006;Halte angkutan perdesaan;Halte;Kec. Badau;2 unit;300 jt\n")
    answer = post_file(client, forum["slug"], forum["org"], dishub, "Dishub")
    assert answer.status_code == 201, answer.json

    def stored():
        return {(p.item_a_id, p.item_b_id, p.input_id, p.relation, p.score, str(p.reasons))
                for p in db.session.scalars(select(PlanOverlap))}

    with app.app_context():
        event = events.get_event(forum["slug"])
        found = stored()
        rows = dict(db.session.execute(select(PlanItem.ref, PlanItem.id)).all())
        assert {(a, b) for a, b, *_rest in found if rows["D1"] in (a, b)} == {
            tuple(sorted((rows["D1"], rows[ref]))) for ref in ("P2", "B2")}
        plan_overlaps.refresh_all(event.id)
        assert stored() == found
        db.session.rollback()


def test_a_dismissed_pair_is_never_flagged_again(client, forum):
    items = forum["items"]
    pair = pairs_of(items["P2"])[items["B2"]["id"]]
    answer = client.post(f"{url(forum)}/overlaps/{pair['id']}/dismiss", headers=forum["mod"])
    assert answer.status_code == 200
    post_file(client, forum["slug"], forum["org"], PUPR.replace("4 M", "5 M"), "Dinas PUPR")
    again = client.get(url(forum, items["P2"]["id"]), headers=forum["mod"]).json
    assert items["B2"]["id"] not in pairs_of(again)


# --- decisions ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, status", [
    ({"status": "kept"}, "kept"),
    ({"status": "keep", "note": "prioritas"}, "kept"),
    ({"status": "changed", "budget": "1,2 M", "target": "4 km"}, "changed"),
    ({"status": "moved", "agency": "Dishub", "note": "kewenangan Dishub"}, "moved"),
    ({"status": "deferred", "note": "daftar cadangan"}, "deferred"),
    ({"status": "dropped", "note": "sudah dibangun 2020"}, "dropped"),
])
def test_each_decision_is_applied_and_kept_in_the_history(client, forum, body, status):
    item = forum["items"]["P2"]
    answer = client.patch(url(forum, item["id"]), headers=forum["mod"], json=body)
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == status
    entry = answer.json["history"][-1]
    assert entry["action"] == "decided" and entry["changes"]["status"] == ["draft", status]
    if status == "changed":
        assert (answer.json["budget"], answer.json["target"], answer.json["unit"]) == (1_200_000_000, "4", "km")
        assert entry["changes"]["budget"] == [4_000_000_000, 1_200_000_000]
    if status == "moved":
        assert answer.json["agency"]["short_name"] == "Dishub"
        assert answer.json["origin_agency"]["short_name"] == "Dinas PUPR"
    if status in ("deferred", "dropped"):
        assert answer.json["overlaps"] == []  # no longer on the table


def test_a_decision_is_audited_against_the_row_itself(app, client, forum):
    """The audit entry names the row by type and id (it had a string target: type "str" and no id)."""
    item = forum["items"]["P2"]
    assert client.patch(url(forum, item["id"]), headers=forum["mod"], json={"status": "kept"}).status_code == 200
    with app.app_context():
        entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "plan.decided")).scalar_one()
        assert (entry.target_type, entry.target_id) == ("PlanItem", item["id"])


def test_merge_names_another_agencys_row(client, forum):
    items = forum["items"]
    own = client.patch(url(forum, items["P2"]["id"]), headers=forum["mod"],
                       json={"status": "merged", "merged_into": items["P1"]["id"]})
    assert own.status_code == 422 and "merged_into" in own.json["error"]["fields"]
    merged = client.patch(url(forum, items["P2"]["id"]), headers=forum["mod"],
                          json={"status": "merged", "merged_into": items["B2"]["id"], "note": "satu paket"})
    assert merged.status_code == 200 and merged.json["merged_into"] == items["B2"]["id"]


@pytest.mark.parametrize("body, field", [
    ({"status": "moved", "agency": "Dishub"}, "note"),
    ({"status": "deferred"}, "note"),
    ({"status": "dropped", "note": "  "}, "note"),
    ({"status": "moved", "note": "x"}, "agency"),
    ({"status": "moved", "note": "x", "agency": "Dinas Rahasia"}, "agency"),
    ({"status": "changed"}, "status"),
    ({"status": "kept", "budget": 5}, "budget"),
    ({"status": "changed", "budget": "banyak"}, "budget"),
    ({"status": "changed", "location": "Desa Atlantis"}, "location"),
    ({"status": "accepted"}, "status"),
    ({}, "status"),
    ({"status": None}, "status"),
    ({"status": "kept", "version": "dua"}, "version"),
])
def test_bad_decisions_name_the_field(client, forum, app, body, field):
    item = forum["items"]["P2"]
    answer = client.patch(url(forum, item["id"]), headers=forum["mod"], json=body)
    assert answer.status_code == 422, answer.json
    assert field in answer.json["error"]["fields"]
    with app.app_context():
        assert db.session.get(PlanItem, item["id"]).status.value == "draft"


def test_a_decision_on_an_old_version_is_refused(client, forum):
    item = forum["items"]["P2"]
    first = client.patch(url(forum, item["id"]), headers=forum["mod"], json={"status": "kept", "version": 1})
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    late = client.patch(url(forum, item["id"]), headers={**forum["mod"], "If-Match": '"1"'},
                        json={"status": "dropped", "note": "x"})
    assert late.status_code == 409 and late.json["error"]["code"] == "plan_changed"
    assert late.json["version"] == 2


@pytest.mark.both_dbs
def test_two_screens_deciding_at_once_apply_one_decision(app, client, make, backend):
    slug = make.event()
    with app.app_context():
        event = events.get_event(slug)
        for name, short in AGENCIES:
            events.save_agency(event, {"name": name, "short_name": short})
        db.session.commit()
    org = make.headers("organiser")
    assert post_file(client, slug, org, PUPR, "Dinas PUPR").status_code == 201
    item_id = client.get(f"/api/v1/events/{slug}/plans", headers=org).json["items"][0]["id"]
    screens = [make.headers("moderator"), make.headers("moderator")]
    bodies = [{"status": "dropped", "note": "layar satu", "version": 1},
              {"status": "deferred", "note": "layar dua", "version": 1}]
    answers, barrier = [], threading.Barrier(2)

    def decide(n):
        screen = app.test_client()
        barrier.wait()
        response = screen.patch(f"/api/v1/events/{slug}/plans/{item_id}", headers=screens[n], json=bodies[n])
        answers.append((response.status_code, response.json))

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(status for status, _body in answers) == [200, 409], answers
    refused = next(body for status, body in answers if status == 409)
    assert refused["error"]["code"] == "plan_changed"
    with app.app_context():
        decided = db.session.scalars(select(PlanHistory).where(PlanHistory.item_id == item_id,
                                                               PlanHistory.action == "decided")).all()
        assert len(decided) == 1
        assert db.session.get(PlanItem, item_id).version == 2


# --- live: the plan message ------------------------------------------------------------------------------

def test_the_plan_message_reaches_moderators_and_that_agencys_delegates_only(app, client, forum, make):
    item = forum["items"]["P2"]
    pupr = make.participant(forum["slug"], agency="Dinas PUPR")
    bppd = make.participant(forum["slug"], agency="BPPD")
    dishub = make.participant(forum["slug"], agency="Dishub")

    def connect(token):
        return socketio.test_client(app, namespace="/live", auth={"event": forum["slug"], "token": token},
                                    flask_test_client=app.test_client())

    moderator = connect(make.token("moderator"))
    desk = connect(make.token("checkin"))
    delegates = {name: connect(p["access_token"]) for name, p in (("pupr", pupr), ("bppd", bppd),
                                                                   ("dishub", dishub))}
    for sio in (moderator, desk, *delegates.values()):
        sio.get_received("/live")
    assert client.patch(url(forum, item["id"]), headers=forum["mod"],
                        json={"status": "moved", "agency": "Dishub", "note": "kewenangan"}).status_code == 200

    def plans_seen(sio):
        return [m["args"][0]["item"] for m in sio.get_received("/live") if m["name"] == "plan"]

    seen = plans_seen(moderator)
    assert [(i["id"], i["status"]) for i in seen] == [(item["id"], "moved")]
    assert [i["id"] for i in plans_seen(delegates["pupr"])] == [item["id"]]  # its plan's row, moved away
    assert [i["id"] for i in plans_seen(delegates["dishub"])] == [item["id"]]  # the row it takes on
    assert plans_seen(delegates["bppd"]) == [] and plans_seen(desk) == []


# --- ceilings, proposals, export ------------------------------------------------------------------------

def test_ceilings_report_the_sum_and_what_is_over(client, forum):
    answer = client.put(f"{url(forum)}/ceilings", headers=forum["org"], json={"ceilings": [
        {"agency": "Dinas PUPR", "amount": "5 M"}, {"agency": "BPPD", "amount": 3_000_000_000}]})
    assert answer.status_code == 200, answer.json
    report = {row["agency"]["short_name"]: row for row in answer.json["agencies"]}
    assert (report["Dinas PUPR"]["total"], report["Dinas PUPR"]["over"]) == (6_000_000_000, 1_000_000_000)
    assert (report["BPPD"]["total"], report["BPPD"]["over"]) == (2_350_000_000, 0)
    client.patch(url(forum, forum["items"]["P3"]["id"]), headers=forum["mod"], json={"status": "dropped",
                                                                                      "note": "tidak prioritas"})
    client.patch(url(forum, forum["items"]["P1"]["id"]), headers=forum["mod"], json={
        "status": "moved", "agency": "BPPD", "note": "satu paket dengan DED"})
    report = {row["agency"]["short_name"]: row for row in
              client.get(f"{url(forum)}/ceilings", headers=forum["mod"]).json["agencies"]}
    assert (report["Dinas PUPR"]["total"], report["Dinas PUPR"]["over"]) == (4_000_000_000, 0)
    assert (report["BPPD"]["total"], report["BPPD"]["over"]) == (3_850_000_000, 850_000_000)
    bad = client.put(f"{url(forum)}/ceilings", headers=forum["org"], json={"ceilings": [{"agency": "X", "amount": 1}]})
    assert bad.status_code == 422 and "ceilings[0].agency" in bad.json["error"]["fields"]


def test_a_proposal_becomes_a_row_of_the_agency_that_takes_it_on(client, forum, make):
    session, mod = make.live_session(forum["slug"])
    person = make.participant(forum["slug"], agency="BPPD")
    proposal = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/inputs",
                           headers={"Authorization": f"Bearer {person['access_token']}"}, json={
                               "kind": "proposal", "title": "Peningkatan jalan desa Semanget", "budget": "1 M",
                               "location": {"regency": "Kabupaten Sanggau", "district": "Entikong",
                                            "village": "Semangit (Semanget)"}, "target": "2 km"}).json
    answer = client.post(f"/api/v1/events/{forum['slug']}/inputs/{proposal['id']}/plan", headers=mod,
                         json={"agency": "Dishub"})
    assert answer.status_code == 201, answer.json
    row = answer.json
    assert (row["agency"]["short_name"], row["input_id"], row["budget"], row["unit"]) == (
        "Dishub", proposal["id"], 1_000_000_000, "km")
    assert forum["items"]["P2"]["id"] in pairs_of(row)
    again = client.post(f"/api/v1/events/{forum['slug']}/inputs/{proposal['id']}/plan", headers=mod,
                        json={"agency": "Dishub"})
    assert again.status_code == 409 and again.json["error"]["code"] == "plan_exists"
    nobody = client.post(f"/api/v1/events/{forum['slug']}/inputs/{proposal['id']}/plan", headers=mod, json={})
    assert nobody.status_code == 422 and "agency" in nobody.json["error"]["fields"]


def test_a_changed_proposal_recomputes_its_pairs_with_plan_rows(app, client, forum, make):
    session, mod = make.live_session(forum["slug"])
    person = make.participant(forum["slug"], agency="Dishub")
    items = forum["items"]
    moderator = socketio.test_client(app, namespace="/live", auth={"event": forum["slug"],
                                                                    "token": make.token("moderator")},
                                     flask_test_client=app.test_client())
    moderator.get_received("/live")
    proposal = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/inputs",
                           headers={"Authorization": f"Bearer {person['access_token']}"}, json={
                               "kind": "proposal", "title": "Peningkatan jalan desa Semanget",
                               "location": {"regency": "Kabupaten Sanggau", "district": "Entikong",
                                            "village": "Semangit (Semanget)"}}).json

    def rows_paired():
        return {ref for ref in ("P1", "P2", "P3", "B1", "B2", "B3")
                if ("input", proposal["id"]) in pairs_of(client.get(url(forum, items[ref]["id"]),
                                                                    headers=mod).json)}

    def rows_announced():
        return {m["args"][0]["item"]["id"] for m in moderator.get_received("/live") if m["name"] == "plan"}

    assert rows_paired() == {"P2", "B2"}  # both agencies' road in Semanget; not the bridge, nor other places
    assert rows_announced() == {items["P2"]["id"], items["B2"]["id"]}
    rejected = client.patch(f"/api/v1/events/{forum['slug']}/inputs/{proposal['id']}", headers=mod,
                            json={"status": "rejected", "note": "sudah ada di Renja"})
    assert rejected.status_code == 200, rejected.json
    assert rows_paired() == set()  # a rejected proposal is no longer on the table
    assert rows_announced() == {items["P2"]["id"], items["B2"]["id"]}


def test_renja_xlsx_holds_the_agreed_rows_in_the_template_columns(client, forum):
    items = forum["items"]
    client.patch(url(forum, items["P2"]["id"]), headers=forum["mod"], json={"status": "changed", "budget": "3 M",
                                                                            "note": "disesuaikan pagu"})
    client.patch(url(forum, items["P3"]["id"]), headers=forum["mod"], json={"status": "dropped", "note": "tidak "
                                                                            "prioritas"})
    answer = client.get(f"/api/v1/events/{forum['slug']}/exports/renja.xlsx?agency=Dinas%20PUPR", headers=forum["org"])
    assert answer.status_code == 200
    wb = load_workbook(io.BytesIO(answer.data))
    ws = wb[wb.sheetnames[0]]
    assert ws.cell(5, 2).value == "Kode" and ws.cell(6, 8).value == "Pagu Indikatif (Rp)"
    rows = [[ws.cell(r, c).value for c in range(1, 13)] for r in range(7, 9)]
    assert [r[1] for r in rows] == ["1.03.10.2.01.0001", "1.03.10.2.01.0005"]
    assert ws.cell(7, 2).data_type == "s" and ws.cell(7, 2).number_format == "@"
    assert rows[1][7] == 3_000_000_000 and isinstance(rows[1][7], int) and ws.cell(8, 8).number_format == "#,##0"
    assert rows[1][9] == "Disepakati dengan perubahan: disesuaikan pagu"  # an official document: Indonesian
    assert ws.print_title_rows == "$5:$6" and ws.page_setup.orientation == "landscape"
    left = wb[wb.sheetnames[-1]]
    assert left.title == "Tidak dilanjutkan"
    assert any(left.cell(r, 10).value == "Dihapus: tidak prioritas" for r in range(7, 10))
    english = client.get(f"/api/v1/events/{forum['slug']}/exports/renja.xlsx?agency=Dinas%20PUPR&lang=en",
                         headers=forum["org"])
    english = load_workbook(io.BytesIO(english.data))
    assert english[english.sheetnames[0]].cell(8, 10).value == "Agreed with changes: disesuaikan pagu"
    browser = client.get(f"/events/{forum['slug']}/exports/renja.xlsx")
    assert browser.status_code == 302 and "/login" in browser.headers["Location"]


# --- who may call what -------------------------------------------------------------------------------------

ROUTES = [  # (method, path, role needed)
    ("get", "/plans/template.xlsx", "organiser"),
    ("post", "/plans/import", "organiser"),
    ("get", "/plans", "checkin"),  # any staff (API.md)
    ("get", "/plans/{id}", "moderator"),
    ("patch", "/plans/{id}", "moderator"),
    ("post", "/plans/overlaps/{pair}/dismiss", "moderator"),
    ("get", "/plans/ceilings", "moderator"),
    ("put", "/plans/ceilings", "organiser"),
    ("get", "/plans/reference", "moderator"),
    ("post", "/plans/reference", "organiser"),
    ("post", "/inputs/1/plan", "moderator"),
    ("get", "/exports/renja.xlsx", "organiser"),
]


@pytest.mark.parametrize("method, path, role", ROUTES)
def test_roles(client, forum, make, method, path, role):
    item = forum["items"]["P2"]
    pair = item["overlaps"][0]["id"]
    full = f"/api/v1/events/{forum['slug']}" + path.format(id=item["id"], pair=pair)
    person = make.participant(forum["slug"], agency="Dinas PUPR")
    call = getattr(client, method)
    assert call(full).status_code == 401
    assert call(full, headers={"Authorization": f"Bearer {person['access_token']}"}).status_code == 403
    if role != "checkin":
        assert call(full, headers=make.headers("checkin")).status_code == 403
    if role == "organiser":
        assert call(full, headers=make.headers("moderator")).status_code == 403
    allowed = call(full, headers=make.headers(role), json={} if method in ("patch", "put") else None)
    assert allowed.status_code not in (401, 403), allowed.json


def test_the_list_filters(client, forum):
    pupr = client.get(f"{url(forum)}?agency=Dinas%20PUPR&source=renja&status=draft", headers=forum["mod"]).json
    assert sorted(i["ref"] for i in pupr["items"]) == ["P1", "P2", "P3"]
    bad = client.get(f"{url(forum)}?status=accepted", headers=forum["mod"])
    assert bad.status_code == 422 and "status" in bad.json["error"]["fields"]
    assert client.get(url(forum, 999999), headers=forum["mod"]).status_code == 404


def count_items(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(PlanItem))
