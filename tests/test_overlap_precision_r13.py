"""Overlap detection: false flags of one kind of work in one place — two assets told apart by a name a title gives
them, by what the work hands out, or by the kind a programme's own word names. Each text is written for these tests
(none is copied from a labelled set)."""
from tests.test_overlap_tidy_r11 import features, item, verdict

# --- names of assets -------------------------------------------------------------------------------------------

def test_mak_before_a_name_is_a_title_of_the_name_not_the_word_maka():
    assert item("Rehab gertak parit Mak Salmah", 1).asset_names == {"mak", "salmah"}
    assert not verdict("Rehab gertak parit Mak Salmah", "Rehab gertak parit Pak Usup")["flagged"]
    assert verdict("Rehab gertak parit Mak Salmah", "Perbaikan gertak di parit Mak Salmah")["flagged"]


# --- what the work hands out -----------------------------------------------------------------------------------

def test_household_solar_lamps_are_neither_street_lights_nor_a_solar_plant():
    lamps = "Pembagian LTSHE untuk rumah yang belum berlistrik"
    assert features(lamps).kinds == {"energy.home_lamp"}
    assert features("Paket lampu tenaga surya hemat energi bagi warga").kinds == {"energy.home_lamp"}
    assert not verdict(lamps, "Pemasangan lampu jalan tenaga surya di jalan poros")["flagged"]
    assert not verdict(lamps, "Pembangunan PLTS komunal dusun")["flagged"]


def test_the_relief_stock_for_victims_is_not_the_rescue_equipment():
    stock = "Pengadaan buffer stock untuk korban banjir"
    assert features(stock).kinds == {"disaster.supplies"}
    assert not verdict(stock, "Pengadaan perahu karet dan life jacket regu siaga")["flagged"]
    assert verdict(stock, "Penambahan cadangan logistik bagi korban banjir")["flagged"]


# --- whose the asset is ----------------------------------------------------------------------------------------

def test_a_schools_sports_ground_is_not_a_football_field_that_names_no_school():
    school = "Pembuatan lapangan olahraga SMPN 5 Kelam"
    assert not verdict(school, "Perataan lapangan sepak bola Kebong")["flagged"]
    # the same school's football field is its sports ground
    assert verdict(school, "Pembuatan lapangan sepak bola SMPN 5 Kelam")["flagged"]


# --- what a farm aid gives -------------------------------------------------------------------------------------

def test_a_compost_house_making_fertiliser_is_not_fertiliser_handed_out():
    making = "Pembangunan rumah kompos untuk mengolah pupuk organik kelompok tani"
    assert not verdict(making, "Tambahan kuota pupuk urea bersubsidi kelompok tani")["flagged"]
    # two compost houses, or fertiliser against fertiliser, stay one work
    assert verdict(making, "Rumah kompos kelompok tani Kebong")["flagged"]
    assert verdict("Bantuan pupuk organik kelompok tani", "Tambahan pupuk bersubsidi kelompok tani")["flagged"]


def test_cattle_counted_by_the_head_are_stock_not_artificial_insemination():
    cattle = "Bantuan 15 ekor sapi potong kelompok ternak"
    assert not verdict(cattle, "Pelayanan inseminasi buatan sapi kelompok ternak")["flagged"]
    assert verdict(cattle, "Bantuan bibit sapi potong kelompok ternak")["flagged"]


# --- ordinals --------------------------------------------------------------------------------------------------

def test_a_number_after_a_bridge_named_by_its_village_is_the_bridges_ordinal():
    # the village's name between "jembatan" and the number is left out of the title's words as a place
    assert item("Perbaikan jembatan Kebong 2 (lantai papan)", 1).ordinals == {2}
    assert item("Tolong jembatan Kebong Tiga yang dekat surau dicat ulang", 1).ordinals == {3}
    assert not verdict("Perbaikan jembatan Kebong 2 (lantai papan)", "Perbaikan jembatan Kebong I")["flagged"]
    # a count of bridges is no ordinal
    assert item("Pembangunan jembatan Kebong 2 unit", 1).ordinals == frozenset()


# --- where a road goes -----------------------------------------------------------------------------------------

def test_a_road_towards_a_place_names_that_place_as_its_end():
    towards = "Jalan dari Kebong ke arah Tanjung Lalang banyak lubang, mohon diperbaiki"
    assert {"tanjung", "lalang"} <= item(towards, 1).place_names
    assert not verdict(towards, "Peningkatan jalan Kebong ke Batu Ampar")["flagged"]
    assert verdict(towards, "Peningkatan jalan Kebong - Tanjung Lalang")["flagged"]


# --- levels of a channel network -------------------------------------------------------------------------------

def test_an_irrigation_scheme_is_its_main_canals_not_the_farmers_tertiary_ditches():
    scheme = "Rehabilitasi bangunan dan saluran Daerah Irigasi Kebong"
    assert item(scheme, 1).levels == {"primer", "sekunder"}
    assert not verdict(scheme, "Pembuatan saluran irigasi tersier untuk sawah kelompok tani")["flagged"]
    assert verdict(scheme, "Normalisasi saluran sekunder daerah irigasi Kebong")["flagged"]


# --- parts of a tourist site -----------------------------------------------------------------------------------

def test_a_tourist_sites_homestays_are_not_its_lookout_tower():
    lodging = "Pembangunan homestay di objek wisata air terjun Kebong"
    assert not verdict(lodging, "Pembangunan menara pandang di objek wisata air terjun Kebong")["flagged"]
    assert verdict(lodging, "Homestay dan gazebo untuk pengunjung air terjun Kebong")["flagged"]


def test_perpusdes_is_the_village_library_not_a_schools():
    assert features("Rak dan buku perpusdes").kinds == {"edu.library.community"}
    assert not verdict("Rak dan buku perpusdes", "Pengadaan buku perpustakaan untuk SDN 7")["flagged"]


# --- where a water supply takes its water ----------------------------------------------------------------------

def test_a_bored_well_is_not_a_plant_that_treats_river_water():
    well = "Pengeboran sumur dalam untuk air minum warga"
    plant = "Pembangunan IPA sederhana untuk mengolah air sungai menjadi air minum"
    assert not verdict(well, plant)["flagged"]
    # the plant is still a part of its network: its treatment against the house connections
    assert not verdict(plant, "Penambahan sambungan rumah air minum")["flagged"]
    assert verdict(plant, "Instalasi pengolahan air (IPA) mini untuk air minum warga")["flagged"]


def test_a_health_post_for_the_disabled_is_a_health_post_not_disability_aids():
    post = "Perlengkapan posyandu disabilitas di balai dusun"
    assert features(post).kinds == {"health.posyandu"}
    assert not verdict(post, "Bantuan kursi roda untuk penyandang disabilitas")["flagged"]


# --- the size of a bridge --------------------------------------------------------------------------------------

def test_two_bridges_of_lengths_far_apart_are_two_bridges():
    assert item("Jembatan gantung bentang 24,5 meter", 1).span == 24.5
    long_one = "Pembangunan jembatan kayu ulin di dusun Kebong Hulu, 60 m"
    assert not verdict(long_one, "jembatan ulin kebong 15m")["flagged"]
    # a writer's estimate of one bridge is not so far off
    assert verdict(long_one, "Jembatan ulin dusun Kebong Hulu sepanjang kurang lebih 55 meter")["flagged"]
    # a road's length is no span
    mixed = verdict("Peningkatan jalan dan jembatan Kebong 300 m", "Jembatan kayu ulin Kebong 20 m")
    assert not any(veto["code"] == "different_uses" for veto in mixed["vetoes"])


# --- a former asset is where the work goes ---------------------------------------------------------------------

def test_an_asset_that_was_there_names_where_the_work_goes_not_the_work():
    park = "Taman bermain anak di bekas TPS pasar"
    assert features(park).kinds == {"park"}
    assert not verdict(park, "Penggantian kontainer TPS pasar")["flagged"]
