"""Overlap detection, precision (r14): kinds of work the lexicon read too broadly — two assets or services that share
a word or a field of work but are different things in a plan. Each text is written for these tests (none is copied
from a labelled set)."""
from forum.services import overlap
from tests.test_overlap_tidy_r11 import SINTANG, features, verdict

# --- kinds of work read too broadly ---------------------------------------------------------------------


def test_a_hatchery_is_built_where_seed_is_bred_not_the_seed_handed_out():
    hatchery = "Pembangunan balai benih ikan lokal untuk kelompok pembudidaya"
    assert features(hatchery).kinds == {"fish.hatchery"}
    assert not verdict(hatchery, "Bantuan benih ikan patin untuk kelompok pembudidaya")["flagged"]
    assert not verdict(hatchery, "Pembuatan kolam ikan patin untuk kelompok pembudidaya")["flagged"]
    # a hatchery asked for in other words is still one
    assert verdict(hatchery, "Mohon dibangun tempat pembenihan ikan untuk kelompok pembudidaya")["flagged"]


def test_a_hearse_is_no_ambulance():
    assert features("Pengadaan mobil jenazah untuk rukun kematian").kinds == {"social.hearse"}
    assert not verdict("Pengadaan mobil jenazah untuk warga", "Pengadaan mobil ambulans untuk warga")["flagged"]


def test_a_posbindu_for_adults_is_another_post_than_a_posyandu_for_children():
    assert not verdict("Bantuan alat kesehatan posbindu lansia", "Bantuan alat kesehatan posyandu balita")["flagged"]
    assert verdict("Bantuan alat kesehatan posbindu lansia", "Alkes untuk posbindu PTM")["flagged"]


def test_insulated_boxes_for_fishermen_are_no_cold_store_or_ice_plant():
    assert features("Bantuan cool box bagi nelayan").kinds == {"fish.coolbox"}
    assert not verdict("Bantuan cool box bagi nelayan", "Pembangunan pabrik es mini bagi nelayan")["flagged"]


def test_packing_honey_is_processing_a_product_not_keeping_bees():
    packing = "Pembangunan rumah produksi dan pengemasan madu trigona untuk kelompok wanita"
    assert features(packing).kinds == {"agri.processing"}
    assert not verdict(packing, "Bantuan stup lebah madu untuk kelompok wanita")["flagged"]


def test_screening_tools_are_medical_equipment_not_the_post_they_stand_in():
    tools = "Pengadaan alat skrining kesehatan di pos pelayanan terpadu perbatasan"
    assert features(tools).kinds == {"health.equipment"}
    assert not verdict(tools, "Pembangunan pos lintas batas: sarana penunjang")["flagged"]


def test_decorative_lights_are_lighting_and_a_parks_lights_are_the_parks():
    assert features("Pemasangan lampu hias sepanjang jalan protokol").kinds == {"light"}
    assert not verdict("Pemasangan lampu hias sepanjang jalan protokol",
                       "Pelebaran trotoar sepanjang jalan protokol")["flagged"]
    assert features("Pemasangan lampu taman di taman kota").kinds <= {"park", "park.light"}
    assert not verdict("Pemasangan lampu taman di taman kota", "Pemasangan lampu jalan di jalan desa")["flagged"]


# --- a numbered asset against its unnumbered namesake ------------------------------------------------------------


def test_a_lane_numbered_two_is_another_lane_than_the_one_of_that_name_written_without_a_number():
    assert not verdict("Semenisasi gang Cendana 2 sepanjang 200 m", "Semenisasi gang Cendana yang becek")["flagged"]
    assert not verdict("Rabat beton jalan parit Pak Usman II", "Rabat beton jalan parit Pak Usman")["flagged"]
    # the same number, or none on either side, is one lane
    assert verdict("Semenisasi gang Cendana 2 sepanjang 200 m", "semenisasi gg cendana 2")["flagged"]
    assert verdict("Semenisasi gang Cendana sepanjang 200 m", "Semenisasi gang Cendana yang becek")["flagged"]


# --- a building's grounds against a road ------------------------------------------------------------------------


def test_a_wall_holding_a_school_yard_is_not_the_wall_along_the_road():
    assert not verdict("Pembangunan talud di tepi jalan poros yang amblas",
                       "Pembangunan talud halaman SMP Negeri 2 yang amblas")["flagged"]
    # two walls of the road, or of the yard, are still compared
    assert verdict("Pembangunan talud di tepi jalan poros yang amblas", "talud jalan poros amblas")["flagged"]


# --- a building named by what it is for ---------------------------------------------------------------------------


def test_a_workshop_that_is_built_is_a_building_not_a_training():
    assert features("Mohon dibangun workshop anyaman rotan untuk para perajin").work == "physical"
    assert not verdict("Mohon dibangun workshop anyaman rotan untuk para perajin",
                       "Pelatihan anyaman rotan bagi para perajin")["flagged"]
    # a workshop held is still a training
    assert features("Workshop anyaman rotan bagi para perajin").work == "training"


# --- a road from the sub-district's centre --------------------------------------------------------------------


def test_a_road_from_the_sub_districts_centre_is_not_a_road_from_another_village():
    centre = "Peningkatan jalan Kelam Permai - Kebong"
    assert not verdict(centre, "Mohon dibuka jalan tembus dari Merpak ke Kebong")["flagged"]
    # the same link written again is one road
    assert verdict(centre, "pningkatan jln kelam permai-kebong")["flagged"]


# --- a culvert under a farm road against one under the main road ------------------------------------------------


def test_a_culvert_under_a_farm_road_is_not_the_one_under_the_main_road():
    assert not verdict("Pemasangan gorong-gorong di jalan poros dekat sekolah",
                       "Pemasangan gorong-gorong jalan usaha tani ke sawah")["flagged"]
    # two under the main road are still compared
    assert verdict("Pemasangan gorong-gorong di jalan poros dekat sekolah", "gorong2 jln poros")["flagged"]


# --- a river named like a place -------------------------------------------------------------------------------


def _bridge(title, key, village):
    return overlap.analysed(key, key, [(SINTANG, "Kelam Permai", village)], title=title)


def test_a_bridge_over_a_river_named_like_another_village_crosses_that_river_it_covers_no_village():
    river = "Pembangunan jembatan gantung Sungai Merpak Desa Kebong"
    assert not overlap.explain(_bridge(river, 1, "Kebong"),
                               _bridge("Mohon dibangun jembatan kayu di parit Dusun Sebadak", 2, "Kebong"))["flagged"]
    assert overlap.explain(_bridge(river, 1, "Kebong"),
                           _bridge("pembgn jmbtn gantung sei merpak ds kebong", 2, "Kebong"))["flagged"]


def test_a_river_takes_its_name_from_a_word_of_its_own_places_names_even_a_lexicon_word():
    # the village Mandiri Jaya: "mandiri" is a planning word too
    mouth = "Pembangunan jembatan penghubung di sungai Mandiri"
    assert _bridge(mouth, 1, "Mandiri Jaya").asset_names == {"mandiri"}
    assert not overlap.explain(_bridge(mouth, 1, "Mandiri Jaya"),
                               _bridge("Pembangunan jembatan sungai Merpak di Desa Mandiri Jaya", 2,
                                       "Mandiri Jaya"))["flagged"]
    assert overlap.explain(_bridge(mouth, 1, "Mandiri Jaya"),
                           _bridge("jembatan di sungai mandiri sudah lapuk", 2, "Mandiri Jaya"))["flagged"]


# --- a road named by its name against a road named by where it runs ---------------------------------------------


def test_a_road_named_by_its_own_name_is_not_the_road_of_a_hamlet_the_other_names():
    named = "Rabat beton jalan Serindit sepanjang 800 m"
    assert not verdict(named, "Rabat beton jalan lingkungan Dusun Sebadak")["flagged"]
    assert verdict(named, "rabat beton jln serindit")["flagged"]
    # a house of prayer named by its name stands in some hamlet: not told apart so
    assert verdict("Rehab surau Nurul Huda", "Rehab surau di dusun Sebadak yang sudah sempit")["flagged"]
