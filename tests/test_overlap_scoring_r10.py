"""Overlap scoring, round 10: two assets of one kind in one place told apart by what a reader sees in their titles
(the use each serves), and a general item meeting a typed one at full strength."""
from __future__ import annotations

from flask_babel import force_locale

from forum.services import overlap

SEBUNGA = ("Kabupaten Sambas", "Sajingan Besar", "Sebunga")


def pair(a_title: str, b_title: str, place=SEBUNGA) -> dict:
    a = overlap.analysed(("input", 1), 1, [place], title=a_title)
    b = overlap.analysed(("input", 2), 2, [place], title=b_title)
    found = overlap.explain(a, b)
    assert bool(overlap.candidates(a, [b])) == found["flagged"]
    return found


def vetoes(found: dict) -> list[str]:
    return [v["code"] for v in found["vetoes"]]


# --- the use an asset serves ---------------------------------------------------------------------------------------

def test_a_jetty_for_fishing_boats_and_a_ferry_landing_are_two_assets():
    found = pair("Pembangunan dermaga tambat perahu nelayan Sebunga", "Pembangunan dermaga penyeberangan Sebunga")
    assert not found["flagged"]
    assert "different_uses" in vetoes(found)


def test_a_reservoir_for_the_fields_and_one_for_raw_water_are_two_assets():
    found = pair("Pembuatan embung pertanian Sebunga", "Embung air baku PDAM Sebunga")
    assert not found["flagged"]
    assert {"code": "different_uses", "a": ["pertanian"], "b": ["baku", "pdam"]} in found["vetoes"]


def test_a_title_naming_no_use_meets_a_typed_one_at_full_strength():
    found = pair("Pembangunan dermaga Sebunga", "Pembangunan dermaga penyeberangan desa Sebunga")
    assert found["flagged"] and found["kind"] == "same"
    assert "different_uses" not in vetoes(found)


def test_two_words_of_one_use_are_the_same_use():
    found = pair("Pembuatan embung pertanian Sebunga", "Embung untuk mengairi sawah Sebunga")
    assert found["flagged"]


def test_the_use_veto_is_told_in_both_languages(app):
    veto = {"code": "different_uses", "a": ["nelayan"], "b": ["penyeberangan"]}
    with app.test_request_context():
        with force_locale("en"):
            assert overlap.describe_veto(veto) == (
                "assets of one kind for different uses or of different builds: nelayan / penyeberangan")
        with force_locale("id"):
            assert overlap.describe_veto(veto) == (
                "aset sejenis untuk keperluan atau dengan konstruksi berbeda: nelayan / penyeberangan")



def test_floating_and_staked_fish_cages_are_two_assets():
    found = pair("Bantuan keramba jaring apung kelompok pembudidaya Sebunga", "Pengadaan keramba tancap Sebunga")
    assert not found["flagged"]
    assert {"code": "different_uses", "a": ["apung"], "b": ["tancap"]} in found["vetoes"]


def test_a_use_and_a_build_are_not_told_apart():
    found = pair("Bantuan keramba jaring apung Sebunga", "Keramba untuk pembudidaya ikan nelayan Sebunga")
    assert "different_uses" not in vetoes(found)


def test_a_piped_network_and_bored_wells_are_two_water_supplies():
    found = pair("Perluasan jaringan perpipaan air bersih Sebunga", "Pembuatan sumur bor air bersih Sebunga")
    assert not found["flagged"]
    assert {"code": "different_uses", "a": ["perpipaan"], "b": ["sumur"]} in found["vetoes"]


def test_a_word_after_a_negation_says_what_the_asset_is_not():
    found = pair("Penyediaan air bersih bukan jaringan perpipaan Sebunga", "Bak PAH warga Sebunga")
    assert "different_uses" not in vetoes(found)

# --- villages listed by name ---------------------------------------------------------------------------------------

BELITANG_HULU = ("Kabupaten Sekadau", "Belitang Hulu", "")
IJUK = ("Kabupaten Sekadau", "Belitang Hulu", "Ijuk (Ijok)")


def test_a_village_named_by_an_ordinary_word_is_a_place_in_a_list_of_villages():
    a = overlap.analysed(("input", 1), 1, [BELITANG_HULU],
                         title="Pengadaan tandon air bersih untuk Desa Sebetung dan Ijuk")
    b = overlap.analysed(("input", 2), 2, [IJUK], title="tandon air bersih ijuk")
    assert ("sekadau", "belitang hulu", "ijuk ijok") in a.places
    found = overlap.explain(a, b)
    assert found["flagged"] and found["place"] == "same_village"


def test_an_ordinary_word_alone_is_still_no_village():
    a = overlap.analysed(("input", 1), 1, [BELITANG_HULU], title="Pengadaan sapu ijuk untuk kebersihan kantor camat")
    assert a.places == (("sekadau", "belitang hulu", ""),)


def test_the_other_villages_of_a_list_are_not_another_name_of_a_hamlet_in_one_of_them():
    a = overlap.analysed(("input", 1), 1, [BELITANG_HULU],
                         title="Pembangunan sumur bor Desa Mengaret, Kumpang Ilong dan Ijuk")
    b = overlap.analysed(("input", 2), 2, [IJUK], title="sumur bor dusun Tapang Kudu")
    found = overlap.explain(a, b)
    assert found["flagged"] and "different_names" not in vetoes(found)


def test_a_culvert_on_a_road_between_two_villages_keeps_its_route_end():
    a = overlap.analysed(("input", 1), 1, [IJUK], title="Box culvert jalan Ijuk - Kumpang Ilong")
    b = overlap.analysed(("input", 2), 2, [IJUK], title="gorong-gorong jalan ke Tabuk Hulu")
    assert "different_names" in vetoes(overlap.explain(a, b))



# --- the institutions an item serves ------------------------------------------------------------------------------

def facilities_pair(a: dict, b: dict) -> dict:
    x = overlap.analysed(("input", 1), 1, [SEBUNGA], **a)
    y = overlap.analysed(("input", 2), 2, [SEBUNGA], **b)
    return overlap.explain(x, y)


def test_a_building_named_as_a_landmark_is_not_the_institution_served():
    found = facilities_pair({"title": "Jaringan internet desa Sebunga, sinyal cuma ada dekat masjid"},
                            {"title": "Pemasangan internet kantor desa Sebunga"})
    assert found["flagged"] and "different_facilities" not in vetoes(found)


def test_an_institution_named_only_in_the_problem_is_not_the_one_served():
    found = facilities_pair({"title": "Pengadaan ambulans desa Sebunga", "problem": "rujukan ke puskesmas jauh"},
                            {"title": "Ambulans untuk pustu Sebunga"})
    assert found["flagged"] and "different_facilities" not in vetoes(found)


def test_the_activity_may_say_which_institution_the_title_names():
    found = facilities_pair({"title": "Jaringan internet sekolah Sebunga", "activity": "Pemasangan VSAT untuk SD"},
                            {"title": "Internet kantor desa Sebunga"})
    assert "different_facilities" in vetoes(found)

# --- naming words ---------------------------------------------------------------------------------------------------

def test_a_word_of_what_a_place_was_names_no_asset():
    found = pair("Pengerasan jalan eks transmigrasi Sebunga", "Pengerasan jalan UPT Sebunga")
    assert found["flagged"] and "different_names" not in vetoes(found)
