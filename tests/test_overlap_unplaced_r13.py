"""A proposal sent without a location is compared at the one place its texts name (the contract lets a client leave
`location` out): flagged against another agency's proposal of the same work there, with a reason that says the
place was read from the text; the location it was sent with stays empty, answered as the API answers none."""
import io

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Input, InputOverlap
from forum.services.overlap import place_in_text
from tests.conftest import Factory
from tests.test_one_nip_per_forum import blank_app  # noqa: F401 (the fixture: a database the migrations make)

SAMBAS = "Kabupaten Sambas"
NO_LOCATION = {"regency": "", "district": "", "village": "", "detail": ""}  # how the API answers none, as before
READ = "No location given: the place of proposal #{id} was read from its text: {name}"


class Forum:
    """A live session of a new forum and a participant per agency, sending proposals through the API."""

    def __init__(self, app, make: Factory):
        self.client = app.test_client()
        self.slug = make.event()
        self.session, self.mod = make.live_session(self.slug)
        self.make = make

    def proposal(self, agency: str, title: str, location: dict | None = None, **fields) -> dict:
        person = self.make.participant(self.slug, agency=agency)
        body = {"kind": "proposal", "title": title, **fields} | ({"location": location} if location else {})
        answer = self.client.post(f"/api/v1/events/{self.slug}/sessions/{self.session['id']}/inputs", json=body,
                                  headers={"Authorization": f"Bearer {person['access_token']}"})
        assert answer.status_code == 201, answer.json
        return answer.json

    def read(self, input_id: int, language: str = "en") -> dict:
        return self.client.get(f"/api/v1/events/{self.slug}/inputs/{input_id}",
                               headers={**self.mod, "Accept-Language": language}).json

    def edit(self, input_id: int, **changes) -> dict:
        answer = self.client.patch(f"/api/v1/events/{self.slug}/inputs/{input_id}", json={"changes": changes},
                                   headers=self.mod)
        assert answer.status_code == 200, answer.json
        return answer.json


def flagged(seen: dict) -> dict:
    return {o["input_id"]: o["reasons"] for o in seen["overlaps"]}


def sebunga(district: str = "Sajingan Besar", village: str = "Sebunga") -> dict:
    return {"regency": SAMBAS, "district": district, "village": village}


@pytest.mark.both_dbs
def test_a_proposal_without_location_is_compared_at_the_village_its_title_names(app, make, backend):
    forum = Forum(app, make)
    placed = forum.proposal("Dinas PUPR", "Pembangunan jembatan gantung Desa Sebunga", sebunga())
    unplaced = forum.proposal("DPMD", "Rehab jembatan gantung di Desa Sebunga Kecamatan Sajingan Besar")
    assert unplaced["location"] == NO_LOCATION  # as sent: the place read is the detector's
    seen = forum.read(unplaced["id"])
    assert seen["location"] == NO_LOCATION
    reasons = flagged(seen)[placed["id"]]
    assert reasons[0] == "Same village: Sebunga"
    assert READ.format(id=unplaced["id"], name="Sebunga") in reasons
    dibaca = flagged(forum.read(placed["id"], "id"))[unplaced["id"]]
    assert f"Lokasi tidak diisi: tempat usulan #{unplaced['id']} dibaca dari teksnya: Sebunga" in dibaca
    with app.app_context():
        row = db.session.get(Input, unplaced["id"])
        assert (row.regency, row.district, row.village) == ("", "", "")
        assert (row.place_regency, row.place_district, row.place_village) == (SAMBAS, "Sajingan Besar", "Sebunga")


@pytest.mark.both_dbs
def test_an_earlier_proposal_without_location_is_found_by_a_later_one_with_it(app, make, backend):
    forum = Forum(app, make)
    unplaced = forum.proposal("DPMD", "Usulan warga", body="Peningkatan jalan poros desa Sebunga yang rusak berat",
                              activity="Peningkatan jalan poros Desa Sebunga")
    placed = forum.proposal("Dinas PUPR", "Peningkatan jalan poros Sebunga", sebunga())
    assert READ.format(id=unplaced["id"], name="Sebunga") in flagged(forum.read(placed["id"]))[unplaced["id"]]


@pytest.mark.both_dbs
def test_a_village_name_two_sub_districts_share_places_nothing_without_its_sub_district(app, make, backend):
    forum = Forum(app, make)
    placed = forum.proposal("Dinas PUPR", "Pembangunan jalan desa Sungai Nyirih",
                            sebunga(district="Jawai", village="Sungai Nyirih"))
    alone = forum.proposal("DPMD", "Pembangunan jalan desa Sungai Nyirih")
    assert flagged(forum.read(alone["id"])) == {}
    named = forum.proposal("Dinas Perhubungan", "Pembangunan jalan desa Sungai Nyirih Kecamatan Jawai")
    assert list(flagged(forum.read(named["id"]))) == [placed["id"]]
    assert named["location"] == NO_LOCATION


def test_the_place_read_is_one_place_or_none(app):
    with app.app_context():
        assert place_in_text("Jalan desa Sungai Nyirih") == ("", "", "")  # Jawai's and Selakau's
        assert place_in_text("Jalan desa Sungai Nyirih, Kec. Selakau") == (SAMBAS, "Selakau", "Sungai Nyirih")
        assert place_in_text("Jalan Desa Temajuk dan Desa Sebunga") == ("", "", "")  # Paloh and Sajingan Besar
        assert place_in_text("Penerangan jalan Kecamatan Paloh") == (SAMBAS, "Paloh", "")
        assert place_in_text("Penerangan jalan Kabupaten Sambas") == (SAMBAS, "", "")
        assert place_in_text("Penerangan jalan umum", problem="gelap", body="banyak kecelakaan") == ("", "", "")
        assert place_in_text("Usulan warga", body="jembatan putus di desa Sebunga") == (
            SAMBAS, "Sajingan Besar", "Sebunga")
        assert place_in_text("Jembatan Desa Sebunga Kecamatan Paloh") == ("", "", "")  # the two disagree
        assert place_in_text("Rehab gedung TPI Pemangkat") == ("", "", "")  # Sambas' sub-district, Kayong's village
        assert place_in_text("Rehab gedung TPI Kecamatan Pemangkat") == (SAMBAS, "Pemangkat", "")
        assert place_in_text("Rehab terminal Sanggau Ledo") == ("Kabupaten Bengkayang", "Sanggau Ledo", "")
        assert place_in_text("Perbaikan jalan simpang tiga") == ("", "", "")  # ordinary words, called no village
        assert place_in_text("Jembatan Desa Sebunga Kabupaten Sambas") == (SAMBAS, "Sajingan Besar", "Sebunga")
        assert place_in_text("Jembatan Desa Sebunga, Kota Singkawang") == ("", "", "")  # a regency apart


def test_the_fields_of_a_proposal_name_its_place_together(app):
    with app.app_context():  # the village in one field, its sub-district in another
        assert place_in_text("Jalan", activity="Desa Sebunga", problem="Kecamatan Sajingan Besar") == (
            SAMBAS, "Sajingan Besar", "Sebunga")


def test_an_edit_reads_the_place_again_and_a_location_given_wins(app, make):
    forum = Forum(app, make)
    placed = forum.proposal("Dinas PUPR", "Pembangunan jalan desa Sebunga", sebunga())
    vague = forum.proposal("DPMD", "Pembangunan jalan desa")
    assert flagged(forum.read(vague["id"])) == {}
    forum.edit(vague["id"], title="Pembangunan jalan desa Sebunga")
    assert READ.format(id=vague["id"], name="Sebunga") in flagged(forum.read(vague["id"]))[placed["id"]]
    moved = forum.edit(vague["id"], location=sebunga(district="Paloh", village="Temajuk"))
    assert moved["location"]["village"] == "Temajuk"
    assert flagged(forum.read(vague["id"])) == {}  # Temajuk, as given, not the Sebunga of its title


@pytest.mark.both_dbs
def test_the_upgrade_places_earlier_proposals_and_a_round_trip_keeps_them(blank_app, backend):  # noqa: F811
    from flask_migrate import downgrade, upgrade

    with blank_app.app_context():
        upgrade()
    forum = Forum(blank_app, Factory(blank_app))
    placed = forum.proposal("Dinas PUPR", "Pembangunan jembatan gantung Desa Sebunga", sebunga())
    unplaced = forum.proposal("DPMD", "Pembangunan jembatan gantung Desa Sebunga")
    with blank_app.app_context():
        db.session.execute(InputOverlap.__table__.delete())  # as written before 0015: no place, no pair
        db.session.commit()
        db.session.remove()
        downgrade(revision="0014")
        upgrade()
        rows = {r.id: r for r in db.session.execute(select(Input.id, Input.regency, Input.place_regency,
                                                           Input.place_village, Input.match_text))}
        db.session.remove()
    assert (rows[placed["id"]].place_regency, rows[placed["id"]].place_village) == (SAMBAS, "Sebunga")
    assert (rows[unplaced["id"]].regency, rows[unplaced["id"]].place_regency) == ("", "")  # read when next met
    assert rows[unplaced["id"]].match_text == ""
    third = forum.proposal("Dinas Perhubungan", "Rehabilitasi jembatan gantung Sebunga", sebunga())
    found = flagged(forum.read(third["id"]))
    assert set(found) == {placed["id"], unplaced["id"]}
    assert READ.format(id=unplaced["id"], name="Sebunga") in found[unplaced["id"]]
    with blank_app.app_context():
        assert db.session.get(Input, unplaced["id"]).place_village == "Sebunga"


ROADS = ("No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
         "J1;1.03.10.2.01.0005;Peningkatan Jalan Poros Desa Sebunga;Jalan;Desa Sebunga, Kec. Sajingan Besar;4 km;3 M\n")


def import_roads(forum: Forum, make: Factory) -> dict:
    org = make.headers("organiser")
    make.participant(forum.slug, agency="Dinas PUPR")  # the agency, known to the forum
    answer = forum.client.post(f"/api/v1/events/{forum.slug}/plans/import", headers=org, data={
        "file": (io.BytesIO(ROADS.encode()), "renja.csv"), "source": "renja", "agency": "Dinas PUPR",
        "commit": "true"})
    assert answer.status_code == 201, answer.json
    (row,) = forum.client.get(f"/api/v1/events/{forum.slug}/plans", headers=org).json["items"]
    return row


@pytest.mark.parametrize("proposal_first", [True, False])
def test_a_plan_row_meets_a_proposal_placed_from_its_text(app, make, proposal_first):
    forum = Forum(app, make)
    if proposal_first:
        unplaced = forum.proposal("DPMD", "Perbaikan jalan poros desa Sebunga yang rusak")
    row = import_roads(forum, make)
    if not proposal_first:
        unplaced = forum.proposal("DPMD", "Perbaikan jalan poros desa Sebunga yang rusak")
        row = forum.client.get(f"/api/v1/events/{forum.slug}/plans/{row['id']}", headers=forum.mod).json
    (pair,) = [o for o in row["overlaps"] if o.get("input_id") == unplaced["id"]]
    assert READ.format(id=unplaced["id"], name="Sebunga") in pair["reasons"]


def test_the_moderators_explanation_compares_the_place_read(app, make):
    forum = Forum(app, make)
    placed = forum.proposal("Dinas PUPR", "Pembangunan jembatan gantung Desa Sebunga", sebunga())
    unplaced = forum.proposal("DPMD", "Rehab jembatan gantung di Desa Sebunga")
    found = forum.client.get(f"/api/v1/events/{forum.slug}/inputs/{unplaced['id']}/overlap-explain?with={placed['id']}",
                             headers=forum.mod).json
    assert (found["flagged"], found["place"]) == (True, "same_village")
