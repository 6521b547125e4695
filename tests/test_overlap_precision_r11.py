"""Overlap precision, round 11: two works of one broad kind in one place that a reader tells apart at a glance (the
stage of the waste chain each funds, ...). Every title is new wording."""
from __future__ import annotations

from tests.test_overlap_scoring_r10 import pair, vetoes

# --- solid waste by its stage ----------------------------------------------------------------------------------------


def test_a_landfill_and_a_neighbourhood_collection_point_are_two_works():
    found = pair("Perluasan tempat pemrosesan akhir sampah kabupaten di Sebunga", "Pembuatan TPS dekat pasar Sebunga")
    assert not found["flagged"]
    assert "different_kinds" in vetoes(found)


def test_a_recycling_site_and_carts_with_bins_for_each_rt_are_two_works():
    found = pair("Pembangunan TPS 3R dusun hulu Sebunga",
                 "Pengadaan gerobak sampah dan tong sampah untuk tiap RT Sebunga")
    assert not found["flagged"]


def test_one_stage_of_the_waste_chain_named_twice_is_still_one_work():
    found = pair("Pembangunan tempat pengolahan sampah terpadu Sebunga", "bangun TPST sebunga")
    assert found["flagged"]


def test_a_title_naming_only_waste_meets_any_stage():
    found = pair("Penanganan sampah desa Sebunga", "Pengadaan truk sampah untuk desa Sebunga")
    assert found["kind"] == "general"
    assert "different_kinds" not in vetoes(found)


# --- whose the asset is ----------------------------------------------------------------------------------------------


def test_a_health_centres_wastewater_plant_and_a_communal_one_are_two_assets():
    found = pair("Pembangunan IPAL puskesmas Sebunga", "Pembangunan IPAL komunal permukiman nelayan Sebunga")
    assert not found["flagged"]
    assert {"code": "institution_and_public", "a": ["health.centre"]} in found["vetoes"]


def test_a_schools_library_and_the_village_library_are_two_assets():
    found = pair("Rehab ruang perpustakaan SMPN 2 Sebunga", "Pembangunan gedung perpustakaan desa Sebunga")
    assert not found["flagged"]


def test_an_institution_named_further_on_is_a_landmark_not_the_owner():
    found = pair("Perbaikan jalan lingkungan Sebunga dari simpang tiga sampai masjid",
                 "Rehab jalan umum Sebunga")
    assert "institution_and_public" not in vetoes(found)


def test_a_title_naming_no_owner_meets_the_institutions_asset():
    found = pair("Pembangunan IPAL puskesmas Sebunga", "Pembangunan IPAL di Sebunga")
    assert found["flagged"]


def test_the_owner_veto_is_told_in_both_languages(app):
    from flask_babel import force_locale

    from forum.services import overlap

    veto = {"code": "institution_and_public", "a": ["health.centre"]}
    with app.test_request_context():
        with force_locale("en"):
            assert overlap.describe_veto(veto).startswith("an institution's own asset (")
        with force_locale("id"):
            assert overlap.describe_veto(veto).startswith("aset milik lembaga (")


# --- a section numbered in words -------------------------------------------------------------------------------------


def test_a_canal_numbered_in_words_is_told_from_another_numbered_in_digits():
    found = pair("Peningkatan jalan parit nomor dua Sebunga", "Rabat beton jalan parit 5 Sebunga")
    assert not found["flagged"]
    assert {"code": "different_sections", "a": ["parit 2"], "b": ["parit 5"]} in found["vetoes"]


def test_a_canal_numbered_in_words_and_in_digits_is_one_canal():
    found = pair("Peningkatan jalan parit nomor dua Sebunga", "Rabat beton jalan parit 2 Sebunga")
    assert "different_sections" not in vetoes(found)


# --- a road to the fields against the road between villages ---------------------------------------------------------


def test_a_road_to_the_gardens_and_the_road_between_villages_are_two_roads():
    found = pair("Rabat beton jalan dari dusun hulu ke arah ladang warga Sebunga",
                 "Peningkatan jalan penghubung antar desa Sebunga")
    assert not found["flagged"]
    assert "use_and_through" in vetoes(found)


def test_who_travels_a_road_does_not_make_it_another_road():
    found = pair("Jalan ke posyandu rusak, mobil ambulans tidak bisa lewat, mohon diperbaiki Sebunga",
                 "Peningkatan jalan penghubung antar desa Sebunga")
    assert "use_and_through" not in vetoes(found)


# --- which part of a water supply ----------------------------------------------------------------------------------


def test_a_new_intake_and_more_house_connections_are_two_works():
    found = pair("Pembangunan intake air baku dan rumah pompa SPAM Sebunga",
                 "Penambahan sambungan rumah PDAM untuk dusun hilir Sebunga")
    assert not found["flagged"]
    assert "different_uses" in vetoes(found)


def test_a_water_supply_naming_no_part_meets_either():
    found = pair("Pembangunan SPAM perdesaan Sebunga", "Penambahan sambungan rumah PDAM Sebunga")
    assert "different_uses" not in vetoes(found)


# --- a river named like a place --------------------------------------------------------------------------------------


def test_a_bridge_on_a_river_named_like_the_village_is_named_by_that_river():
    found = pair("Pembangunan jembatan sungai Sebunga", "Rehab jembatan sungai Lumut Sebunga")
    assert not found["flagged"]
    assert {"code": "different_names", "a": ["sebunga"], "b": ["lumut"]} in found["vetoes"]


def test_only_the_word_right_after_the_river_is_read_so():
    found = pair("Pembangunan jembatan beton sungai Lumut (bentang 30 m) Sebunga",
                 "Warga minta jembatan permanen di sungai Lumut karena jembatan kayu runtuh Sebunga")
    assert "different_names" not in vetoes(found)


def test_a_primary_drain_along_a_street_and_the_lane_drains_are_two_assets():
    found = pair("Normalisasi drainase primer jalan utama Sebunga", "Perbaikan parit di gang-gang permukiman Sebunga")
    assert not found["flagged"]
    assert "neighbourhood_and_through" in vetoes(found)


# --- road furniture on a road is not the road ----------------------------------------------------------------------


def test_a_load_barrier_on_a_road_and_the_roads_repair_are_two_works():
    found = pair("Pemasangan portal pembatas tonase jalan poros Sebunga", "Peningkatan jalan poros Sebunga")
    assert not found["flagged"]
    assert "different_kinds" in vetoes(found)


def test_lane_name_boards_and_paving_the_lane_are_two_works():
    found = pair("Pembuatan papan nama gang RW 3 Sebunga", "Semenisasi jalan gang RW 3 Sebunga")
    assert not found["flagged"]


def test_the_first_and_the_second_lane_of_one_name_are_two_lanes():
    found = pair("Warga gang Cendana I minta semenisasi jalan gang Sebunga",
                 "Peningkatan jalan gang Cendana II Sebunga")
    assert not found["flagged"]
    assert {"code": "different_sections", "a": ["gang 1"], "b": ["gang 2"]} in found["vetoes"]


# --- how long an asset is to last ----------------------------------------------------------------------------------


def test_an_emergency_bridge_and_a_permanent_one_are_two_works():
    found = pair("Pemasangan jembatan darurat pascabanjir Sebunga", "Pembangunan jembatan permanen Sebunga")
    assert not found["flagged"]
    assert "different_uses" in vetoes(found)


def test_a_permanent_bridge_may_be_a_suspension_bridge():
    found = pair("Mohon dibangun jembatan yang permanen di Sebunga", "Pembangunan jembatan gantung Sebunga")
    assert "different_uses" not in vetoes(found)


def test_a_fire_post_and_hydrants_in_the_lanes_are_two_works():
    found = pair("Pembangunan pos pemadam kebakaran Sebunga", "Pemasangan hidran kebakaran di gang padat Sebunga")
    assert not found["flagged"]
    assert "different_uses" in vetoes(found)


def test_two_tourist_sites_named_apart_are_two_sites():
    found = pair("Penataan objek wisata Riam Dara Sebunga", "Pembangunan gazebo wisata Danau Rinting Sebunga")
    assert not found["flagged"]
    assert "different_names" in vetoes(found)


def test_widening_a_street_and_resurfacing_it_are_two_works():
    found = pair("Pelebaran jalan Kenari Sebunga", "Jalan Kenari Sebunga sudah retak, mohon diaspal hotmix")
    assert not found["flagged"]
    assert "different_uses" in vetoes(found)


# --- a route's end named by common words ------------------------------------------------------------------------------


def test_two_roads_from_one_hamlet_to_two_others_are_two_roads():
    found = pair("Peningkatan jalan ruas Pelangau - Batu Harapan Sebunga",
                 "Warga dusun Sepatah minta jalan ke dusun Pelangau dibeton Sebunga")
    assert not found["flagged"]
    assert "different_names" in vetoes(found)


def test_restoring_mined_land_and_testing_for_mercury_are_two_works():
    found = pair("Reklamasi lahan bekas tambang emas Sebunga", "Pemeriksaan kadar merkuri air sumur warga Sebunga")
    assert not found["flagged"]
