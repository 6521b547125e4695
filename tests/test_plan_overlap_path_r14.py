"""Plan rows through the import as an organiser sends them: what the Lokasi cell names, and the overlaps the rows
read back (bench/overlap_plans.py measures the same on the labelled sets)."""
from __future__ import annotations

import io

import pytest

from forum.services import events, plan_cells
from tests.conftest import Factory
from tests.test_one_nip_per_forum import blank_app  # noqa: F401 (the fixture: a database the migrations make)
from tests.test_plans_import import AGENCIES, csv_file, forum, upload  # noqa: F401 (forum: three agencies)

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


# --- a Musrenbang or pokir export's problem column ("Permasalahan") --------------------------------------------

WELL = "Desa Sei/Sungai Batu, Kec. Kapuas, Kab. Sanggau"
WITH_PROBLEM = HEADER + ";Permasalahan"


def import_wells(client, forum, problem: str = "Warga kesulitan air bersih, mohon dibuatkan sumur bor") -> None:  # noqa: F811
    imported(client, forum, "renja", f"1;;Pembangunan sumur bor air bersih;Jumlah sumur bor;{WELL};Dinas PUPR")
    answer = upload(client, forum, csv_file(WITH_PROBLEM, f"1;;Usulan warga RT 04;;{WELL};Dishub;{problem}"),
                    source="musrenbang", agency=None, commit="true")
    assert answer.status_code == 201, answer.json


def by_source(client, forum) -> dict:  # noqa: F811
    return {row["source"]: row for row in rows(client, forum)}


def test_the_problem_column_is_stored_and_answered(client, forum):  # noqa: F811
    import_wells(client, forum)
    found = by_source(client, forum)
    assert found["musrenbang"]["problem"] == "Warga kesulitan air bersih, mohon dibuatkan sumur bor"
    assert found["renja"]["problem"] == ""


def test_a_row_named_vaguely_meets_the_same_work_through_its_problem(client, forum):  # noqa: F811
    import_wells(client, forum)
    found = by_source(client, forum)
    assert [o["item_id"] for o in found["renja"]["overlaps"]] == [found["musrenbang"]["id"]]


def test_a_reimport_that_changes_only_the_problem_reads_the_row_again(client, forum):  # noqa: F811
    import_wells(client, forum, problem="Jalan ke sekolah berlumpur")
    assert by_source(client, forum)["renja"]["overlaps"] == []
    answer = upload(client, forum, csv_file(WITH_PROBLEM, f"1;;Usulan warga RT 04;;{WELL};Dishub;Warga kesulitan "
                                            "air bersih, mohon dibuatkan sumur bor"), source="musrenbang",
                    agency=None, commit="true")
    assert answer.json["update"] == 1
    found = by_source(client, forum)
    assert [o["item_id"] for o in found["renja"]["overlaps"]] == [found["musrenbang"]["id"]]


def test_the_preview_and_the_template_carry_the_problem(client, forum):  # noqa: F811
    from openpyxl import load_workbook

    answer = upload(client, forum, csv_file(WITH_PROBLEM, f"1;;Usulan warga RT 04;;{WELL};Dishub;Sumur kering"),
                    source="musrenbang", agency=None)
    assert answer.json["preview"][0]["problem"] == "Sumur kering"
    template = client.get(f"/api/v1/events/{forum['slug']}/plans/template.xlsx", headers=forum["org"])
    sheet = load_workbook(io.BytesIO(template.data))["Renja"]
    assert "Permasalahan" in [cell.value for cell in sheet[1]]



def test_a_proposal_made_a_row_keeps_its_problem(client, forum, make):  # noqa: F811
    session, _mod = make.live_session(forum["slug"])
    person = make.participant(forum["slug"], agency="Dishub")
    proposal = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/inputs",
                           headers={"Authorization": f"Bearer {person['access_token']}"}, json={
                               "kind": "proposal", "title": "Usulan warga RT 04", "problem": "Sumur warga kering",
                               "location": {"regency": "Kabupaten Sanggau", "district": "Kapuas (Sanggau Kapuas)",
                                            "village": "Sei/Sungai Batu"}}).json
    row = client.post(f"/api/v1/events/{forum['slug']}/inputs/{proposal['id']}/plan",
                      headers=make.headers("moderator"), json={"agency": "Dishub"}).json
    assert row["problem"] == "Sumur warga kering"

@pytest.mark.both_dbs
def test_the_upgrade_adds_an_empty_problem_and_a_round_trip_keeps_the_rows(blank_app, backend):  # noqa: F811
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import PlanItem

    with blank_app.app_context():
        upgrade()
    slug = Factory(blank_app).event()
    with blank_app.app_context():
        event = events.get_event(slug)
        for name, short in AGENCIES:
            events.save_agency(event, {"name": name, "short_name": short})
        db.session.commit()
    made = {"slug": slug, "org": Factory(blank_app).headers("organiser")}
    client = blank_app.test_client()
    import_wells(client, made)
    with blank_app.app_context():
        db.session.remove()
        downgrade(revision="0015")
        upgrade()
        problems = sorted(db.session.scalars(select(PlanItem.problem)))
        db.session.remove()
    assert problems == ["", ""]
    assert [row["name"] for row in rows(client, made)]


# --- the agency a row names ----------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["DINAS P.U.P.R.", "Dinas  Pekerjaan Umum dan Penataan Ruang", "Dinas PU"])
def test_a_row_names_its_agency_as_registration_knows_it(app, client, forum, written):  # noqa: F811
    from forum.extensions import db
    from forum.services import agencies

    with app.app_context():
        event = events.get_event(forum["slug"])
        agencies.add_alias(agencies.find_agency(event, "Dinas PUPR"), "Dinas PU")
        db.session.commit()
    imported(client, forum, "musrenbang", f"1;;Pembangunan sumur bor air bersih;Jumlah sumur bor;{WELL};{written}")
    (row,) = rows(client, forum)
    assert row["agency"]["short_name"] == "Dinas PUPR"
