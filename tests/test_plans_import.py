"""Importing plans: the template, a good file, every kind of messy cell of real Renja spreadsheets, bad rows named
with nothing stored, re-import without duplicates, the reader's limits, and the reference list."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import PlanHistory, PlanItem, PlanLocation, ReferenceCode
from forum.services import events

AGENCIES = [("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR"), ("Badan Pengelola Perbatasan Daerah", "BPPD"),
            ("Dinas Perhubungan", "Dishub")]


@pytest.fixture
def forum(app, make):
    slug = make.event()
    with app.app_context():
        event = events.get_event(slug)
        for name, short in AGENCIES:
            events.save_agency(event, {"name": name, "short_name": short})
        db.session.commit()
    return {"slug": slug, "org": make.headers("organiser")}


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


GOOD_CSV = csv_file(
    "No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator Kinerja;Lokasi;Target;Satuan;Pagu Indikatif;Sumber Dana;Catatan",
    "1;1.03.10.2.01.0001;Pembangunan Jembatan Gantung Desa Sebunga;Jembatan terbangun;Desa Sebunga, Kec. Sajingan "
    "Besar;1;unit;Rp 1.500.000.000;APBD;",
    "2;1.03.10.2.01.0002;Peningkatan Jalan Aruk - Sebunga;Panjang jalan;Desa Sanatab dan Desa Sebunga;5 km;;2,5 M;DAK;",
)


def upload(client, forum, content: bytes, *, name="renja.csv", source="renja", agency="Dinas PUPR", commit=None):
    data = {"file": (io.BytesIO(content), name), "source": source}
    if agency:
        data["agency"] = agency
    if commit:
        data["commit"] = commit
    return client.post(f"/api/v1/events/{forum['slug']}/plans/import", headers=forum["org"], data=data)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_template_has_the_renja_columns_and_instructions(client, forum):
    response = client.get(f"/api/v1/events/{forum['slug']}/plans/template.xlsx", headers=forum["org"])
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    ws = wb["Renja"]
    assert [ws.cell(1, c).value for c in (1, 2, 3, 4, 5)] == [
        "No.", "Kode", "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Rencana Tahun 2022"]
    assert [ws.cell(2, c).value for c in range(5, 13)] == [
        "Lokasi", "Target Capaian Kinerja", "Satuan", "Pagu Indikatif (Rp)", "Sumber Dana", None, "Target",
        "Pagu Indikatif (Rp)"]
    assert ws.cell(1, 11).value == "Prakiraan Maju 2023"
    assert ws.cell(3, 2).number_format == "@" and isinstance(ws.cell(3, 2).value, str)
    assert "Petunjuk" in wb.sheetnames and "Lokasi" in " ".join(str(c.value) for c in wb["Petunjuk"]["A"])


def test_the_filled_template_imports_as_it_is(client, forum, app):
    template = client.get(f"/api/v1/events/{forum['slug']}/plans/template.xlsx", headers=forum["org"]).data
    answer = upload(client, forum, template, name="t.xlsx", commit="true")
    assert answer.status_code == 201, answer.json
    with app.app_context():
        item = db.session.scalar(select(PlanItem))
        assert (item.code, item.budget, item.target, item.unit, item.funding_source) == (
            "1.03.10.2.01.0001", 1_500_000_000, "1", "unit", "APBD")
        assert [(p.district, p.village) for p in item.locations] == [("Sajingan Besar", "Sebunga")]


def test_a_preview_stores_nothing_and_shows_plan_items(client, forum, app):
    answer = upload(client, forum, GOOD_CSV)
    assert answer.status_code == 200
    body = answer.json
    assert body["rows"] == 2 and body["errors"] == []
    first, second = body["preview"]
    assert first["code"] == "1.03.10.2.01.0001" and first["budget"] == 1_500_000_000 and first["status"] == "draft"
    assert first["agency"]["short_name"] == "Dinas PUPR"
    assert first["location"] == {"regency": "Kabupaten Sambas", "district": "Sajingan Besar", "village": "Sebunga"}
    assert (second["target"], second["unit"], second["budget"]) == ("5", "km", 2_500_000_000)
    assert [p["village"] for p in second["locations"]] == ["Sanatab", "Sebunga"]
    assert count(app, PlanItem) == 0


def test_commit_stores_the_rows_with_history(client, forum, app):
    answer = upload(client, forum, GOOD_CSV, commit="true")
    assert answer.status_code == 201
    assert answer.json["imported"] == 2
    assert count(app, PlanItem) == 2 and count(app, PlanLocation) == 3
    with app.app_context():
        assert {h.action for h in db.session.scalars(select(PlanHistory))} == {"imported"}


def test_reimporting_the_same_file_changes_nothing_and_a_changed_row_is_updated(client, forum, app):
    assert upload(client, forum, GOOD_CSV, commit="true").status_code == 201
    again = upload(client, forum, GOOD_CSV, commit="true")
    assert again.status_code == 201 and again.json["unchanged"] == 2 and again.json["new"] == 0
    changed = GOOD_CSV.replace(b"2,5 M", b"3 M")
    preview = upload(client, forum, changed).json
    assert [row["action"] for row in preview["preview"]] == ["unchanged", "update"]
    assert preview["preview"][1]["changes"] == {"budget": [2_500_000_000, 3_000_000_000]}
    assert upload(client, forum, changed, commit="true").json["update"] == 1
    assert count(app, PlanItem) == 2
    with app.app_context():
        entry = db.session.scalar(select(PlanHistory).where(PlanHistory.action == "reimported"))
        assert entry.changes == {"budget": [2_500_000_000, 3_000_000_000]}


def test_a_messy_workbook_is_read(client, forum, app):
    """A title above the header, a two-row header with merged group cells, a numbering row, an urusan heading,
    codes Excel turned into numbers, rupiah in every spelling, places in words, several villages in a cell."""
    wb = Workbook()
    ws = wb.active
    ws.append(["RANCANGAN RENJA DINAS PUPR TAHUN 2022"])
    ws.append([])
    ws.append(["Kode", "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Rencana Tahun 2022", None, None,
               "Catatan Penting", "Prakiraan Maju 2023", None])
    ws.append([None, None, None, "Lokasi", "Target", "Pagu Indikatif", None, "Target", "Pagu"])
    ws.merge_cells("D3:F3")
    ws.merge_cells("H3:I3")
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"])
    ws.append(["1.03", "URUSAN PEKERJAAN UMUM", None, None, None, 9_000_000_000])
    ws.append([1.0302, "Program penyelenggaraan jalan", "Jalan mantap", "Kab. Sanggau", "80 %", "Rp 1.500.000",
               None, "85 %", "1.500.000,00"])
    ws.append(["1,0302", "Pembangunan jalan perbatasan", "Jalan", "Kec. Entikong, Kab. Sanggau", "2 km", "750 jt",
               "prioritas", None, "2 miliar"])
    ws.append(["1.03.02", "Rehabilitasi jembatan", "Jembatan", "Desa Sebunga, Desa Kaliau dan Desa Santaban", "3 unit",
               1_250_000_000, None, None, None])
    ws.append([None, "Pemeliharaan jalan se-Kecamatan Badau", "Jalan", "se-Kecamatan Badau", "10 km", "1,5 M"])
    out = io.BytesIO()
    wb.save(out)
    answer = upload(client, forum, out.getvalue(), name="messy.xlsx")
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert body["errors"] == []
    rows = body["preview"]
    assert [r["code"] for r in rows] == ["1.03.02", "1.03.02", "1.03.02", ""]
    assert [r["budget"] for r in rows] == [1_500_000, 750_000_000, 1_250_000_000, 1_500_000_000]
    assert rows[0]["next_year_budget"] == 1_500_000 and rows[1]["next_year_budget"] == 2_000_000_000
    assert (rows[0]["next_year_target"], rows[1]["note"]) == ("85 %", "prioritas")
    assert rows[0]["locations"] == [{"regency": "Kabupaten Sanggau", "district": "", "village": "", "area": True}]
    assert rows[1]["location"] == {"regency": "Kabupaten Sanggau", "district": "Entikong", "village": ""}
    assert [p["village"] for p in rows[2]["locations"]] == ["Sebunga", "Kaliau", "Santaban"]
    assert rows[3]["locations"][0]["area"] is True and rows[3]["location"]["district"] == "Badau"
    assert body["skipped"] == 2  # the numbering row and the urusan heading


def test_the_same_row_twice_without_numbers_is_named(client, forum):
    content = csv_file("Kode;Kegiatan;Lokasi;Pagu", "1.03.10.2.01.0001;Jalan A;Kab. Sambas;1 M",
                       "1.03.10.2.01.0001;Jalan B;Kab. Sambas;2 M", "1.03.10.2.01.0001;Jalan  a;Kab. Sambas;2 M")
    errors = upload(client, forum, content).json["errors"]
    assert errors == [{"row": 4, "field": "ref", "message": errors[0]["message"]}]
    assert "line 2" in errors[0]["message"]


def test_bad_rows_are_named_and_commit_stores_nothing(client, forum, app):
    content = csv_file(
        "No;Kode;Program/Kegiatan/Sub Kegiatan;Lokasi;Target;Pagu Indikatif;Perangkat Daerah",
        "1;1.03.10.2.01.0001;Jalan Sebunga;Desa Sebunga;1 km;1 M;",
        "2;abc;Jalan Aruk;Desa Atlantis;1 km;banyak;",
        "3;1.03.10.2.01.0003;;Kab. Sambas;1 km;1 M;Dinas Rahasia",
    )
    preview = upload(client, forum, content, agency=None).json
    named = {(e["row"], e["field"]) for e in preview["errors"]}
    assert named == {(2, "agency"), (3, "code"), (3, "location"), (3, "budget"), (3, "agency"), (4, "name"),
                     (4, "agency")}
    assert all(e["message"] for e in preview["errors"])
    answer = upload(client, forum, content, agency=None, commit="true")
    assert answer.status_code == 422
    assert answer.json["error"]["code"] == "invalid" and len(answer.json["errors"]) == len(named)
    assert count(app, PlanItem) == 0


@pytest.mark.parametrize("content, field", [
    (b"", "file"),
    (b"PK\x03\x04not really a zip", "file"),
    (b"\xd0\xcf\x11\xe0old excel", "file"),
    (b"Nama;Instansi\nBudi;Bappeda\n", "file"),
])
def test_unreadable_files_are_refused_naming_the_file(client, forum, content, field):
    answer = upload(client, forum, content)
    assert answer.status_code in (413, 415, 422)
    assert field in answer.json["error"].get("fields", {})


def test_an_xlsx_bomb_is_refused_before_parsing(client, forum, app):
    """The invitation import's limits hold here too: a workbook of a million empty rows."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Kode", "Kegiatan", "Lokasi", "Pagu"])
    ws.cell(1_000_000, 1, "x")
    out = io.BytesIO()
    wb.save(out)
    answer = upload(client, forum, out.getvalue(), name="bomb.xlsx")
    assert answer.status_code == 413
    assert answer.json["error"]["code"] in ("import_too_many_rows", "import_too_large")


def test_codes_are_checked_against_the_reference_list(client, forum, app):
    reference = xlsx([["Kode", "Nama"], ["1.03.10", "Program Penyelenggaraan Jalan"],
                      ["1.03.10.2.01.0001", "Pembangunan Jalan"], ["1.03.02", "Bidang"]])
    answer = client.post(f"/api/v1/events/{forum['slug']}/plans/reference", headers=forum["org"],
                         data={"file": (io.BytesIO(reference), "ref.xlsx")})
    assert answer.status_code == 201 and answer.json["imported"] == 3
    assert count(app, ReferenceCode) == 3
    content = csv_file("Kode;Kegiatan;Lokasi;Pagu", "1.031;Program jalan;Kab. Sambas;1 M",
                       "1.03.10.2.01.0009;Jalan tak dikenal;Kab. Sambas;1 M")
    preview = upload(client, forum, content).json
    assert preview["preview"][0]["code"] == "1.03.10"  # the lost trailing zero, found in the list
    assert [(e["row"], e["field"]) for e in preview["errors"]] == [(3, "code")]
    listed = client.get(f"/api/v1/events/{forum['slug']}/plans/reference", headers=forum["org"]).json
    assert [c["code"] for c in listed["codes"]] == ["1.03.02", "1.03.10", "1.03.10.2.01.0001"]


def test_a_bad_reference_list_stores_nothing(client, forum, app):
    content = csv_file("Kode;Nama", "1.03.10;Program", "satu;Salah")
    answer = client.post(f"/api/v1/events/{forum['slug']}/plans/reference", headers=forum["org"],
                         data={"file": (io.BytesIO(content), "ref.csv")})
    assert answer.status_code == 422 and answer.json["errors"][0]["row"] == 3
    assert count(app, ReferenceCode) == 0


def test_musrenbang_rows_name_their_agency_and_proposer(client, forum, app):
    content = csv_file("No Usulan;Usulan;Lokasi;Volume;Perkiraan Biaya;Perangkat Daerah;Pengusul",
                       "M-01;Pembangunan jalan desa;Desa Sebunga, Kec. Sajingan Besar;2 km;500 jt;Dinas PUPR;"
                       "Kecamatan Sajingan Besar",
                       "M-02;Pos kesehatan desa;Kec. Entikong;1 unit;300 jt;;Kecamatan Entikong")
    answer = upload(client, forum, content, source="musrenbang", agency=None, commit="true")
    assert answer.status_code == 201, answer.json
    with app.app_context():
        items = list(db.session.scalars(select(PlanItem).order_by(PlanItem.id)))
        assert [(i.ref, i.source.value, i.proposer) for i in items] == [
            ("M-01", "musrenbang", "Kecamatan Sajingan Besar"), ("M-02", "musrenbang", "Kecamatan Entikong")]
        assert items[0].agency.short_name == "Dinas PUPR" and items[1].agency is None


def test_import_needs_source_and_an_organiser(client, forum, make):
    answer = client.post(f"/api/v1/events/{forum['slug']}/plans/import", headers=forum["org"],
                         data={"file": (io.BytesIO(GOOD_CSV), "a.csv")})
    assert answer.status_code == 422 and "source" in answer.json["error"]["fields"]
    answer = client.post(f"/api/v1/events/{forum['slug']}/plans/import", headers=forum["org"],
                         data={"source": "renja"})
    assert answer.status_code == 422 and "file" in answer.json["error"]["fields"]
