"""Overlap detection: leftovers of the last session with a general mechanism behind them — a river named in forms the
reading did not follow, villages listed by commas alone, an activity's reason told after its request, a plant that
treats peat water, a part's kind read past "dalam". Each text is written for these tests (none is copied from a
labelled set)."""
from forum.services import overlap
from forum.services.overlap import analysis
from tests.test_overlap_tidy_r11 import features, verdict

# --- a bridge is told apart by the river it crosses ----------------------------------------------------------------


def test_a_ditch_named_by_a_number_is_told_apart_from_one_named_by_a_word():
    assert not verdict("Perbaikan jembatan Parit Seratus desa Kebong", "Perbaikan jembatan Parit Pinang desa Kebong")[
        "flagged"]


def test_a_ditch_named_by_a_number_is_still_one_bridge_written_twice():
    assert verdict("Perbaikan jembatan Parit Tiga desa Kebong", "jembatan parit tiga kebong sudah lapuk mohon diganti")[
        "flagged"]


def test_a_river_written_by_its_initial_is_a_river():
    assert features("rehab jembatan S. Melaban").title_seq == ("rehab", "jembatan", "sungai", "melaban")
    assert verdict("Rehabilitasi jembatan S. Kebong", "Rehabilitasi jembatan Sungai Kebong")["flagged"]


def test_a_river_named_like_its_village_is_not_the_village_another_ditch_runs_through():
    for river in ("Rehabilitasi jembatan Sungai Kebong", "Rehabilitasi jembatan S. Kebong"):
        assert not verdict(river, "Perbaikan jembatan Parit Pinang desa Kebong")["flagged"]


def test_a_bridge_named_by_its_village_alone_may_be_the_one_over_a_named_river():
    assert verdict("Penggantian jembatan Kebong", "Perbaikan jembatan Sungai Pinang desa Kebong")["flagged"]


def test_the_river_people_live_across_is_the_one_their_bridge_crosses():
    asked = "Warga dusun di seberang Sungai Melaban minta dibangun jembatan gantung"
    assert not verdict(asked, "Pembangunan jembatan gantung Sungai Tebidah desa Kebong")["flagged"]
    assert verdict(asked, "Pembangunan jembatan gantung Sungai Melaban desa Kebong")["flagged"]


def test_a_river_named_like_its_village_is_written_by_a_title_that_reads_its_name_as_the_village():
    assert verdict("Penggantian jembatan rangka baja Sungai Kebong desa Kebong",
                   "jembtan sei kebong rusak, truk tidak berani lewat")["flagged"]


def test_a_word_that_is_never_a_name_is_no_river_s_name():
    # "parit utama": the main ditch, which may be the one another title names
    assert verdict("Normalisasi parit utama desa Kebong", "Korek parit Pinang desa Kebong, sudah dangkal")["flagged"]


# --- villages listed by commas alone --------------------------------------------------------------------------------

KELAM_PERMAI = ("Kabupaten Sintang", "Kelam Permai", "")
MERPAK = ("Kabupaten Sintang", "Kelam Permai", "Merpak")


def placed_verdict(a, b):
    return overlap.explain(overlap.analysed(1, 1, [KELAM_PERMAI], title=a), overlap.analysed(2, 2, [MERPAK], title=b))


def test_a_road_listing_villages_by_commas_alone_covers_them():
    stretch = "Rehab jalan poros Merpak ruas Antu - Tapang"
    assert placed_verdict("Peningkatan jalan poros desa Kebong, Merpak, Bengkuang", stretch)["flagged"]
    assert placed_verdict("Peningkatan jalan poros Kebong, Merpak, Bengkuang", stretch)["flagged"]


def test_a_comma_between_a_place_and_where_it_lies_lists_nothing():
    assert not features("Pembangunan jalan dusun Antu, desa Kebong, Kec. Kelam Permai").lists
    assert not features("Pembangunan jalan dusun Antu, Kebong").lists
    assert features("Pembangunan jalan desa Kebong, Merpak, Bengkuang").lists


def test_the_signature_keeps_a_listing():
    assert analysis.load(analysis.dump(features("Pembangunan sumur bor desa Kebong, Merpak, Bengkuang"))).lists


# --- an activity's reason adds no words, told before the request or after it -----------------------------------------

def test_an_activity_reason_told_after_the_request_adds_no_words():
    before = "Karena anak sekolah menyeberang pakai sampan, warga dusun Antu mohon jembatan gantung dibangun"
    after = "Warga dusun Antu mohon jembatan gantung dibangun karena anak sekolah menyeberang pakai sampan"
    for activity in (before, after):
        assert "sampan" not in features("Pembangunan jembatan gantung dusun Antu", activity=activity).words


def test_an_activity_purpose_keeps_its_words():
    activity = "Petani dusun Antu minta pompa air agar sawah bisa ditanami dua kali"
    assert "sawah" in features("Pengadaan pompa air dusun Antu", activity=activity).words


# --- a plant that treats peat water ----------------------------------------------------------------------------------

def test_treating_peat_water_is_the_water_supply_s_treatment_plant():
    plant = "Pembangunan pengolahan air gambut dusun Kebong"
    assert features(plant).kinds == {"water"}
    assert verdict(plant, "Pembangunan IPA sederhana dusun Kebong")["flagged"]


def test_the_treatment_plant_and_the_tank_storing_the_water_are_two_works():
    plant = "Pembangunan instalasi pengolahan air gambut dusun Kebong"
    assert not verdict(plant, "Pembangunan tandon dan reservoir air bersih dusun Kebong")["flagged"]
    assert verdict(plant, "Pembangunan sarana air bersih dusun Kebong")["flagged"]


# --- a part's head read past "dalam" ---------------------------------------------------------------------------------

def test_fish_raised_in_cages_and_in_ponds_are_two_kinds_of_farm():
    cages = "Pengembangan budidaya ikan dalam keramba dusun Kebong"
    assert features(cages).kinds == {"fish.farm.cage"}
    assert not verdict(cages, "Pengembangan budidaya ikan dalam kolam terpal dusun Kebong")["flagged"]
    assert verdict(cages, "Bantuan keramba jaring apung dusun Kebong")["flagged"]


def test_a_place_after_for_whom_still_ends_the_part():
    assert features("Pengadaan rak buku untuk perpustakaan desa Kebong").kinds == features(
        "Pengadaan rak buku desa Kebong").kinds
