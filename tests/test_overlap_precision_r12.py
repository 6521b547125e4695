"""Overlap precision, round 12: two rows of one kind in one place that a reader tells apart by the stage of the work
each funds, ... Every title is new wording."""
from __future__ import annotations

from tests.test_overlap_scoring_r10 import pair, vetoes

# --- the stage of one piece of work -----------------------------------------------------------------------------------


def test_the_first_and_second_stage_of_one_building_are_two_rows():
    found = pair("Pembangunan gedung puskesmas Sebunga tahap I (pondasi dan lantai dasar)",
                 "lanjutan gedung puskesmas sebunga thp 2 lantai atas")
    assert not found["flagged"]
    assert "different_ordinals" in vetoes(found)


def test_a_continuation_is_not_the_first_stage():
    found = pair("Pembangunan talud beton tepi sungai Sebunga Tahap I, 120 m",
                 "Mohon lanjutan pembangunan talud tepi sungai Sebunga sampai ke dermaga")
    assert not found["flagged"]


def test_one_stage_named_twice_is_still_one_row():
    found = pair("Pembangunan gedung puskesmas Sebunga tahap II", "lanjutan gedung puskesmas sebunga thp 2")
    assert found["flagged"]


def test_the_stage_is_read_apart_from_the_assets_own_number():
    found = pair("Jembatan gantung II Sebunga tahap 1", "Jembatan gantung II Sebunga tahap 2")
    assert not found["flagged"]
    assert "different_ordinals" in vetoes(found)


# --- what a farm or livestock aid gives ------------------------------------------------------------------------------


def test_seedlings_and_tapping_tools_for_one_crop_are_two_aids():
    found = pair("Bantuan benih kopi liberika unggul petani Sebunga", "pengadaan alat pengolah kopi petani sebunga")
    assert not found["flagged"]
    assert "different_uses" in vetoes(found)


def test_breeding_stock_and_vaccination_of_one_herd_are_two_aids():
    found = pair("Bantuan indukan kambing untuk kelompok ternak Sebunga",
                 "Vaksinasi kambing kelompok ternak Sebunga")
    assert not found["flagged"]


def test_one_aid_named_twice_is_still_one_work():
    found = pair("Bantuan bibit kakao petani Sebunga", "bibit kakao unggul utk kel tani sebunga")
    assert found["flagged"]


# --- parking is its own object ----------------------------------------------------------------------------------------


def test_parking_at_the_market_is_not_the_markets_stalls():
    found = pair("Penataan lahan parkir pasar Sebunga", "Pembangunan los pedagang ikan pasar Sebunga")
    assert not found["flagged"]
    assert "different_kinds" in vetoes(found)


def test_street_parking_is_not_the_pavement_of_that_street():
    found = pair("Penataan parkir tepi jalan di jalan utama Sebunga", "Pembangunan trotoar jalan utama Sebunga")
    assert not found["flagged"]


def test_one_car_park_named_twice_is_still_one_work():
    found = pair("Pembangunan lahan parkir pasar Sebunga", "perluasan tempat parkir psr sebunga")
    assert found["flagged"]


# --- who uses a jetty or a camera -------------------------------------------------------------------------------------


def test_a_speedboat_landing_and_a_fishing_boat_mooring_are_two_jetties():
    found = pair("Rehab dermaga speedboat Sebunga", "Pembangunan tambatan perahu nelayan Sebunga")
    assert not found["flagged"]
    assert "different_uses" in vetoes(found)


def test_a_traffic_camera_at_the_crossroads_is_not_the_night_watch_camera_of_the_lanes():
    found = pair("Pemasangan CCTV persimpangan jalan utama Sebunga",
                 "CCTV untuk siskamling di gang-gang Sebunga karena rawan maling")
    assert not found["flagged"]


# --- a farmers' footbridge and the village's bridge -------------------------------------------------------------------


def test_a_footbridge_to_the_fields_is_not_the_villages_suspension_bridge():
    found = pair("Pembangunan jembatan gantung Sebunga", "titian ulin di parit menuju sawah petani Sebunga")
    assert not found["flagged"]
    assert "use_and_through" in vetoes(found)


def test_a_footbridge_to_the_fields_meets_the_bridge_over_the_same_stream():
    found = pair("Pembangunan jembatan sungai Merantau Sebunga",
                 "gertak kayu di sungai Merantau menuju kebun warga Sebunga")
    assert "use_and_through" not in vetoes(found)


# --- protecting a spring, a mangrove tourist park ------------------------------------------------------------------


def test_protecting_a_spring_is_not_piping_water_from_it():
    found = pair("Perlindungan mata air Gunung Sebunga: pagar dan tanam pohon di sekitarnya",
                 "Pembangunan perpipaan air bersih dari mata air Gunung Sebunga")
    assert not found["flagged"]
    assert "different_kinds" in vetoes(found)


def test_a_mangrove_tourist_park_is_not_planting_mangroves():
    found = pair("Penataan mangrove park Sebunga, jembatan tracking rusak",
                 "Penanaman mangrove 5 ha pesisir Sebunga")
    assert not found["flagged"]


# --- a village whose name is another's with one word more -------------------------------------------------------------


def test_a_title_naming_the_village_with_the_longer_name_is_about_that_village(app):
    from forum.services import overlap

    filed = [("Kabupaten Kayong Utara", "Teluk Batang", "Teluk Batang")]
    longer = overlap.analysed(1, 1, filed, title="rehab pustu teluk batang selatan")
    assert [p[2] for p in longer.places] == ["teluk batang selatan"]
    own = overlap.analysed(2, 2, filed, title="Rehabilitasi gedung pustu Desa Teluk Batang")
    assert not overlap.explain(longer, own)["flagged"]


def test_an_organic_fertiliser_plant_is_not_a_fertiliser_handout():
    found = pair("UPPO kelompok tani Sebunga", "Bantuan pupuk NPK kelompok tani Sebunga")
    assert not found["flagged"]


def test_a_bored_well_to_water_the_vegetable_plots_is_not_a_drinking_water_well():
    found = pair("Sumur bor untuk irigasi hortikultura Sebunga", "Pembangunan sumur bor air bersih warga Sebunga")
    assert not found["flagged"]
    assert "different_uses" in vetoes(found)


# --- which document, which church -------------------------------------------------------------------------------------


def test_birth_certificates_and_identity_card_recording_are_two_services():
    found = pair("Layanan akta kelahiran keliling untuk warga Sebunga", "Perekaman KTP elektronik warga Sebunga")
    assert not found["flagged"]
    assert "different_uses" in vetoes(found)


def test_a_catholic_stations_church_and_a_protestant_congregations_church_are_two_buildings():
    found = pair("Umat stasi di Sebunga mohon rehab gereja yang atapnya bocor", "Rehabilitasi gereja HKBP Sebunga")
    assert not found["flagged"]


# --- an evacuation road; "besar" that describes no road ---------------------------------------------------------------


def test_an_evacuation_road_to_the_hill_is_not_the_through_road_raised_above_the_flood():
    found = pair("Kalau banjir besar warga Sebunga lari ke bukit, mohon dibuatkan jalan evakuasi",
                 "Peninggian jalan penghubung antar desa Sebunga")
    assert not found["flagged"]
    assert "use_and_through" in vetoes(found)


# --- what a market's stalls sell -------------------------------------------------------------------------------------


def test_the_fish_and_meat_stalls_and_the_vegetable_stalls_are_two_buildings():
    found = pair("Pembangunan los daging dan ikan pasar Sebunga", "los sayur psr sebunga")
    assert not found["flagged"]
    assert "different_uses" in vetoes(found)
