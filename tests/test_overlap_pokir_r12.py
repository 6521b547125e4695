"""Overlap reading, round 12: the shorthand and word families of pokir notes that the lexicon lacked — acronyms that
are no typo ("pos TNI", KAT), counting words and health programmes' short forms ("20 pkt", "bumil"), English words
written as said ("spidbot"), and the kinds of work whose own vocabulary notes use (a stand of a sports field,
pumped irrigation, the social ministry's KUBE and KAT programmes, fish snacks, rubber's post-harvest tools)."""
from __future__ import annotations

from forum.services import overlap
from forum.services.overlap.lexicon import corrected
from tests.test_overlap_scoring_r10 import SEBUNGA, pair


def kinds(title: str) -> set:
    return set(overlap.analysed(("input", 1), 1, [SEBUNGA], title=title).features.kinds)


# --- words written as they are -------------------------------------------------------------------------------------

def test_acronyms_and_regional_words_are_no_typo_of_a_lexicon_word():
    assert corrected("tni") == "tni"  # the army, not "tani"
    assert corrected("gadu") == "gadu"  # the dry-season crop, not "gardu"
    assert corrected("pokdakan") == "pokdakan"  # the fish farmers' group, not "pondokan"


def test_a_road_to_the_army_post_is_no_farm_road():
    assert pair("pengaspalan jln dsn arah pos tni", "Peningkatan Jalan Poros Dusun arah Pos Lintas Batas")["flagged"]


def test_a_counting_word_written_short_is_no_contraction_of_a_phrase():
    topics = overlap.analysed(("input", 1), 1, [SEBUNGA], title="bibit patin 12 pkt ds").features.topics
    assert topics == {"fish.seed"}  # not "perangkat desa", the village apparatus


def test_the_health_programmes_short_form_of_pregnant_women_is_read_out():
    assert kinds("rmh singgah bumil dusun hulu") == {"health.maternal"}


# --- English written as said ---------------------------------------------------------------------------------------

def test_an_english_word_written_as_said_is_the_english_word():
    assert corrected("spidbot") == "speedboat"
    assert corrected("frizer") == "freezer"


def test_a_speedboat_written_as_said_overlaps_the_speedboat_written_out():
    assert pair("spidbot antar jemput warga desa", "Pengadaan Speedboat Angkutan Warga Desa")["flagged"]


# --- kinds of work in their own words ------------------------------------------------------------------------------

def test_a_stand_and_fence_of_a_football_field_overlap_the_stand_written_short():
    assert pair("Pembangunan Tribun Penonton dan Pagar Lapangan Sepakbola Desa", "tribun lap bola ds")["flagged"]


def test_the_fence_of_a_field_and_its_stand_stay_apart():
    assert not pair("Pembangunan pagar lapangan bola desa", "Pembangunan tribun lapangan bola desa")["flagged"]


def test_pumped_irrigation_is_the_irrigation_pump():
    assert kinds("pompanisasi swh 25 ha dusun hulu") == {"irrigation.pump"}


def test_the_social_ministrys_group_business_aid_written_short_overlaps_it_written_out():
    assert pair("Bantuan Usaha Ekonomi Produktif (UEP) bagi Fakir Miskin, 4 kelompok", "bntuan kube 4 klp")["flagged"]


def test_houses_of_the_isolated_customary_community_written_short_overlap_them_written_out():
    assert pair("Pemberdayaan Komunitas Adat Terpencil: pembangunan 15 unit rumah", "rmh KAT 15 unit")["flagged"]


def test_fish_crackers_of_a_small_business_are_fish_processing():
    assert pair("Bantuan Alat Pengolahan Kerupuk Ikan bagi UMKM, 10 paket", "alat usaha amplang umkm 10 pkt")["flagged"]


def test_rubber_tapping_tools_and_liquid_smoke_are_rubbers_post_harvest():
    assert pair("Bantuan Alat Pengolah Bokar bagi Petani Karet", "pisau sadap + asap cair utk karet")["flagged"]


# --- a general head named for what it serves -----------------------------------------------------------------------

def test_a_storage_warehouse_for_disaster_logistics_is_the_disaster_store():
    assert pair("Kami mohon dibangun gudang penyimpanan logistik bencana dekat kantor desa",
                "gdg logistik bencana ds")["flagged"]


def test_the_disaster_store_and_the_rescue_gear_it_keeps_are_two_assets():
    assert not pair("Pembangunan Gudang Logistik Bencana Desa",
                    "Pengadaan Perahu Karet dan Jaket Pelampung Desa")["flagged"]


def test_a_reservoir_against_land_fires_is_the_fire_prevention_reservoir():
    assert pair("Pembangunan Embung Pencegah Kebakaran Lahan Gambut", "embung karhutla dusun hulu")["flagged"]


def test_a_channel_that_feeds_the_brackish_ponds_is_the_ponds_channel():
    assert pair("Petambak mohon saluran air laut ke tambak dikeruk karena sudah dangkal",
                "normalisasi saluran tambak bandeng")["flagged"]


# --- a phrase's first word written as its initial ------------------------------------------------------------------

def test_a_phrases_first_word_written_as_its_initial_is_the_phrase():
    assert kinds("kjaring apung patin 6 unit") == {"fish.farm.cage"}


def test_floating_net_cages_written_short_overlap_the_cages_asked_for():
    assert pair("Kelompok pemuda minta bantuan keramba dan benih patin untuk usaha di sungai",
                "kjaring apung patin pemuda ds")["flagged"]


# --- TPA: the landfill or the Quran school -------------------------------------------------------------------------

def test_tpa_beside_tpq_and_reciting_is_the_quran_school():
    assert kinds("gdg TPA/TPQ dusun hilir, anak ngaji di serambi msjd") == {"worship.quran_school"}


def test_a_quran_school_written_short_overlaps_the_reciting_room_asked_for():
    assert pair("rehab gdg TPA/TPQ, anak2 ngaji di teras",
                "Anak-anak mengaji di teras surau, pengurus mohon dibangun ruang belajar Al-Quran")["flagged"]


def test_tpa_alone_is_still_the_landfill():
    assert kinds("Pembangunan TPA dusun hilir") == {"waste.landfill"}


# --- a tourism village by any of its settlement words --------------------------------------------------------------

def test_a_tourism_hamlet_is_tourism_not_a_hamlet_named_tourism():
    assert kinds("Penataan Kampung Wisata Anyaman Rotan Dusun Hulu") == {"tourism"}


def test_a_tourism_hamlet_written_out_overlaps_it_noted_short():
    assert pair("Penataan Kampung Wisata Anyaman Rotan", "kampung wisata anyaman rotan ds")["flagged"]


def test_a_slip_of_one_word_is_no_phrase_written_with_its_initial():
    assert kinds("Pembangunan lpangan voli dusun hulu") == {"sport.volleyball"}  # lapangan, not lumbung pangan


# --- vowels left out before a slip; syllable blends; official spellings ---------------------------------------------

def test_a_head_word_with_some_vowels_left_out_is_read_before_a_slip_of_another():
    assert corrected("pnrangan") == "penerangan"  # not "pangan", as many edits away


def test_street_lighting_with_vowels_left_out_overlaps_it_written_out():
    assert pair("pnrangan jln dsn hulu", "Pengadaan Penerangan Jalan Umum Dusun Hulu")["flagged"]


def test_a_neighbourhood_road_written_as_its_first_syllables_is_the_road():
    assert kinds("semenisasi jaling rt 7") == {"road"}  # jalan lingkungan, not the fishing net "jaring"


def test_the_land_agencys_spelling_of_certificates_is_land_certification():
    assert kinds("Pensertipikatan Tanah Warga Dusun Hulu") == {"land.certificate"}


def test_chairs_and_tables_in_either_order_are_school_furniture():
    assert kinds("kursi meja siswa SDN 5") == {"edu.furniture"}


def test_street_lighting_before_a_village_road_is_the_lighting():
    assert kinds("Pengadaan penerangan jalan dusun hulu") == {"light"}  # not the lighting of a "jalan dusun"


def test_a_certified_seedling_is_no_land_certificate():
    assert kinds("Bantuan bibit kelapa sawit bersertifikat untuk petani swadaya") != {"land.certificate"}


def test_the_house_of_a_health_posts_staff_is_health_workers_housing():
    assert kinds("Pembangunan Rumah Dinas Petugas Pustu Dusun Hulu") == {"health.staff_house"}
