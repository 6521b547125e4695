"""Overlap recall, round 11: pairs of one work the detector missed for a reading of the words — two works coordinated
on one object, a capital grant named by its usual phrases."""
from __future__ import annotations

from forum.services import overlap
from tests.test_overlap_scoring_r10 import SEBUNGA, pair, vetoes


def work(title: str, activity: str = "") -> str:
    return overlap.analysed(("input", 1), 1, [SEBUNGA], title=title, activity=activity).features.work


# --- a training and a physical work coordinated on one object --------------------------------------------------------

def test_a_training_and_a_grant_coordinated_on_one_object_are_both_works():
    assert work("Pendampingan dan penyertaan modal koperasi desa Sebunga") == "both"
    assert work("Pengadaan dan pelatihan penggunaan mesin jahit Sebunga") == "both"


def test_a_physical_word_inside_the_training_is_what_is_taught():
    assert work("Pelatihan pembuatan pupuk organik Sebunga") == "training"


def test_coaching_and_capital_for_a_village_enterprise_meets_the_capital_alone():
    found = pair("Pembinaan dan penyertaan modal BUMDes Sebunga", "tambahan modal bumdes sebunga")
    assert found["flagged"]
    assert "training_and_works" not in vetoes(found)


def test_strengthening_the_capital_is_a_grant_not_training():
    assert work("Penguatan modal BUMDes Sebunga", activity="Pembinaan Badan Usaha Milik Desa") == "physical"


# --- a short form the lexicon reads as an acronym, written for a word of the other title ----------------------------

def test_a_contracted_market_meets_the_market_written_out():
    found = pair("perbaikan atap psr sebunga", "Rehabilitasi Pasar Desa Sebunga")
    assert found["flagged"]
    assert found["kind"] == "abbreviation" and found["kinds"] == ["psr → pasar"]


def test_an_acronym_its_title_spells_out_keeps_the_lexicons_meaning():
    found = pair("Peremajaan Sawit Rakyat (PSR) poktan Sebunga", "Rehabilitasi Pasar Desa Sebunga")
    assert not found["flagged"]


def test_the_index_meets_a_contracted_market_with_the_market():
    new = overlap.analysed(("input", 1), 1, [SEBUNGA], title="perbaikan atap psr sebunga")
    market = overlap.analysed(("input", 2), 2, [SEBUNGA], title="Rehabilitasi Pasar Desa Sebunga")
    assert [key for key, _m in overlap.Index([market]).candidates(new)] == [("input", 2)]


# --- "prt", the lane or road by a canal (parit) ----------------------------------------------------------------------

def test_prt_after_a_road_word_is_the_canal_not_farming():
    item = overlap.analysed(("input", 1), 1, [SEBUNGA], title="semenisasi jalan prt 5 sebunga")
    assert item.features.kinds == {"road"} and "parit" in item.features.words


def test_a_road_by_a_canal_written_short_meets_it_written_out():
    assert pair("semenisasi jalan prt 5 sebunga", "Peningkatan Jalan Parit Lima Desa Sebunga")["flagged"]


# --- a list of villages, each with its count ------------------------------------------------------------------------

SAJAD = ("Kabupaten Sambas", "Sajad", "")


def test_villages_listed_with_their_counts_are_all_named():
    item = overlap.analysed(("input", 1), 1, [SAJAD], title="Bedah rumah Jirak 8 unit, Mekar Jaya 4 unit")
    assert {p[2] for p in item.places} == {"jirak", "mekar jaya"}
    item = overlap.analysed(("input", 1), 1, [SAJAD], title="Bedah rumah Mekar Jaya 4 unit dan Jirak 8 unit")
    assert {p[2] for p in item.places} == {"jirak", "mekar jaya"}


# --- a small dam across a river to the fields is the irrigation weir -------------------------------------------------

def test_a_small_dam_for_the_fields_is_the_irrigation_weir():
    title = "warga minta dibuatkan bendung kecil di sungai untuk sawah"
    item = overlap.analysed(("input", 1), 1, [SEBUNGA], title=title)
    assert item.features.kinds == {"irrigation.weir"}
    assert pair("Pembangunan Bendung Daerah Irigasi Sebunga", "bendungan kecil ke sawah Sebunga")["flagged"]


# --- the water ambulance by its other names ---------------------------------------------------------------------------

def test_a_speed_ambulance_is_the_water_ambulance():
    assert pair("speed ambulans puskesmas sebunga", "Pengadaan Ambulans Air Puskesmas Sebunga")["flagged"]


def test_a_request_for_a_fast_boat_ambulance_is_about_the_ambulance_not_the_boat_that_carries_patients_now():
    title = "Pasien dibawa pakai perahu nelayan, warga minta kapal cepat ambulans untuk pustu Sebunga"
    item = overlap.analysed(("input", 1), 1, [SEBUNGA], title=title)
    assert item.features.kinds == {"health.water_ambulance"}


def test_a_running_track_by_its_usual_names_is_one_kind():
    assert pair("jalur jogging taman desa Sebunga", "Pembangunan lintasan lari Sebunga")["kind"] == "same"
    title = "Karang taruna Sebunga meminta lintasan lari di lapangan desa"
    assert overlap.analysed(("input", 1), 1, [SEBUNGA], title=title).features.kinds == {"sport.track"}


def test_a_landing_stage_for_boats_is_a_jetty_and_a_bare_one_a_boardwalk():
    assert pair("pelantar sandar perahu Sebunga", "Pembangunan tambatan perahu Sebunga")["flagged"]
    assert overlap.analysed(("input", 1), 1, [SEBUNGA], title="pelantar kayu Sebunga").features.kinds == {"bridge"}


def test_mapping_customary_land_is_one_kind_however_written():
    assert pair("pemetaan wil masyarakat adat Sebunga", "Pemetaan Partisipatif Wilayah Adat Desa Sebunga")["flagged"]
    title = "Inventarisasi dan pemetaan masyarakat hukum adat Sebunga"
    assert overlap.analysed(("input", 1), 1, [SEBUNGA], title=title).features.kinds == {"spatial"}


# --- guarding a protected area is protecting it --------------------------------------------------------------------

def test_a_guard_post_of_a_protected_lake_is_part_of_protecting_it():
    found = pair("Pengelolaan kawasan konservasi danau Sebunga", "pos jaga kawasan konservasi danau sebunga")
    assert found["flagged"] and found["kind"] == "general"


def test_a_guard_hut_is_a_guard_post():
    title = "Kelompok pengawas minta pondok jaga di tepi danau lindung Sebunga"
    assert overlap.analysed(("input", 1), 1, [SEBUNGA], title=title).features.kinds == {"security.post"}


# --- the lanes of one name told apart by a roman numeral -------------------------------------------------------------

def test_a_lane_numbered_one_in_roman_is_another_lane_than_the_second():
    found = pair("Rehabilitasi parit Gang Cempaka I Sebunga", "normalisasi parit gg cempaka 2 sebunga")
    assert not found["flagged"]
    assert "different_sections" in vetoes(found)


# --- a ditch is mostly its lined walls -------------------------------------------------------------------------------

def test_lining_a_ditch_asked_for_meets_the_ditchs_rehabilitation():
    found = pair("Rehabilitasi saluran drainase Jalan Kenari Sebunga",
                 "Parit di Jalan Kenari sudah dangkal, mohon dikeruk dan diturap")
    # the ditch is the object, its lining the work done on it (analysis._passive_of_term): the same kind
    assert found["flagged"] and found["kind"] == "same"


# --- a place's name holds no request ---------------------------------------------------------------------------------

SUMBER_HARAPAN = ("Kabupaten Sambas", "Sambas", "Sumber Harapan")


def test_a_village_named_harapan_does_not_ask_for_what_follows_it():
    title = "Pengembangan destinasi wisata danau Sumber Harapan (jalan setapak, gazebo, toilet)"
    item = overlap.analysed(("input", 1), 1, [SUMBER_HARAPAN], title=title)
    assert item.features.kinds == {"tourism"}


# --- selling online, whatever the business makes ---------------------------------------------------------------------

def test_training_in_online_selling_is_one_kind_in_english_or_indonesian():
    found = pair("workshop digital marketing UKM Sebunga",
                 "Pengrajin kue di Sebunga mengusulkan pelatihan jualan online supaya produk dikenal")
    assert found["flagged"] and found["kind"] == "same"


def test_building_first_and_training_in_a_later_part_are_both_works():
    assert work("Pembangunan rumah produksi dan pelatihan pengolahan keripik Sebunga") == "both"


def test_upkeep_taught_after_the_training_word_stays_training():
    assert work("Pelatihan operasi dan pemeliharaan pompa air Sebunga") == "training"


def test_a_compost_shredder_is_farm_machinery_not_compost():
    item = overlap.analysed(("input", 1), 1, [SEBUNGA], title="Bantuan mesin pencacah kompos poktan Sebunga")
    assert item.features.kinds == {"agri.machinery"}


def test_alsintan_is_read_as_the_words_it_stands_for():
    item = overlap.analysed(("input", 1), 1, [SEBUNGA], title="bantuan alsintan poktan Sebunga")
    assert item.features.kinds == {"agri.machinery"} and "tani" in item.features.words


# --- a tourist site's toilets and landing stage ----------------------------------------------------------------------

def test_toilets_asked_for_at_a_tourist_site_meet_the_sites_facilities():
    found = pair("Pembangunan fasilitas wisata air terjun Sebunga",
                 "Air terjun di Sebunga ramai dikunjungi, mohon dibangun toilet dan tempat ganti pakaian")
    assert found["flagged"] and found["kind"] == "general"


def test_a_tourist_landing_stage_meets_the_tourist_sites_works():
    found = pair("Pembangunan sarana daya tarik wisata pantai Sebunga", "Pembangunan dermaga wisata pantai Sebunga")
    assert found["flagged"] and found["kind"] == "general"


def test_a_cemeterys_fence_meets_the_cemeterys_rehabilitation():
    found = pair("Rehabilitasi tempat pemakaman umum Sebunga", "pembuatan pagar makam umum sebunga")
    assert found["flagged"] and found["kind"] == "general"


def test_fishing_gear_meets_the_capture_fisheries_means_it_is_part_of():
    found = pair("Bantuan sarana perikanan tangkap (pukat, pancing) Sebunga", "pukat dan pancing nelayan sebunga")
    # the means named list the gear itself: the same kind (scoring._specified_elsewhere)
    assert found["flagged"] and found["kind"] == "same"


def test_a_whole_that_is_a_kind_covers_only_that_kind():
    from forum.services.overlap.lexicon import lexicon

    assert lexicon().related("fish.gear", "fish.capture") == "general"
    assert lexicon().related("fish.gear", "fish.seed") == ""


def test_meals_for_the_elderly_are_food_aid():
    found = pair("Bantuan permakanan lanjut usia Sebunga", "paket sembako lanjut usia sebunga")
    assert found["flagged"] and found["kind"] == "general"
