"""Plan rows through the import as an organiser sends them: what the Lokasi cell names, and the overlaps the rows
read back (bench/overlap_plans.py measures the same on the labelled sets)."""
from __future__ import annotations

import pytest

from forum.services import plan_cells
from tests.test_plans_import import csv_file, forum, upload  # noqa: F401 (forum: the fixture, three agencies)

HEADER = "No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator Kinerja;Lokasi;Perangkat Daerah"


def imported(client, forum, source: str, *rows: str) -> dict:  # noqa: F811
    answer = upload(client, forum, csv_file(HEADER, *rows), source=source, agency=None, commit="true")
    assert answer.status_code == 201, answer.json
    return answer.json


def rows(client, forum) -> list[dict]:  # noqa: F811
    return client.get(f"/api/v1/events/{forum['slug']}/plans", headers=forum["org"]).json["items"]


@pytest.mark.parametrize("cell, regency, village", [  # Kapuas has five villages written "Sei/Sungai …"
    ("Desa Sei/Sungai Muntik, Kec. Kapuas, Kab. Sanggau", "Kabupaten Sanggau", "Sei/Sungai Muntik"),
    ("Desa Sei/Sungai Mawang, Kec. Kapuas (Sanggau Kapuas)", "Kabupaten Sanggau", "Sei/Sungai Mawang"),
    ("Desa Parek (Pare/Sutipadang), Kec. Air Besar, Kab. Landak", "Kabupaten Landak", "Parek (Pare/Sutipadang)"),
])
def test_a_village_the_region_list_writes_with_a_slash_is_one_place(app, cell, regency, village):
    with app.app_context():
        (place,) = plan_cells.parse_location(cell)
    assert (place.regency, place.village) == (regency, village)


def test_a_slash_between_two_villages_still_names_both(app):
    with app.app_context():
        found = plan_cells.parse_location("Desa Sebunga/Kaliau, Kec. Sajingan Besar")
    assert [p.village for p in found] == ["Sebunga", "Kaliau"]


def test_a_location_written_back_for_the_renja_export_reads_as_the_same_places(app):
    with app.app_context():
        places = plan_cells.parse_location("Desa Sei/Sungai Batu, Desa Sebunga, Kec. Kapuas, Kec. Sajingan Besar")
        assert len(places) == 2
        assert plan_cells.parse_location(plan_cells.describe_location(places)) == places


def test_two_agencies_rows_at_a_slashed_village_are_imported_and_flagged(client, forum):  # noqa: F811
    place = "Desa Sei/Sungai Alai, Kec. Kapuas, Kab. Sanggau"
    imported(client, forum, "renja", f"1;;Pembangunan saluran irigasi tersier Desa Sei/Sungai Alai;Panjang saluran "
             f"irigasi yang dibangun;{place};Dinas PUPR")
    imported(client, forum, "musrenbang", f"1;;Pembuatan saluran irigasi tersier untuk sawah warga;Saluran irigasi;"
             f"{place};Dishub")
    first, second = sorted(rows(client, forum), key=lambda row: row["id"])
    assert first["location"]["village"] == "Sei/Sungai Alai"
    assert [o["item_id"] for o in first["overlaps"] if o["relation"] == "overlap"] == [second["id"]]
