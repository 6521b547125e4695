"""Overlap scoring, round 10: the proper names of assets and places in titles — names that look like derived words
("Pelaik", "Selumpit"), and names written after a common word of settlement names ("jembatan sungai Lumut")."""
from __future__ import annotations

from forum.services import overlap
from forum.services.overlap import scoring
from tests.test_overlap_scoring_r10 import SEBUNGA, pair, vetoes

# --- names with a bare prefix --------------------------------------------------------------------------------------

def test_a_name_with_a_bare_prefix_is_a_name():
    assert scoring._is_prefixed_name("pelaik")  # noqa: SLF001
    assert scoring._is_prefixed_name("sekadok")  # noqa: SLF001


def test_a_derived_word_an_ordinal_or_a_word_of_position_is_no_name():
    for word in ("tersumbat", "pertanian", "lingkungan", "kedua", "ketiga", "sebelah", "setempat", "penampungan"):
        assert not scoring._is_prefixed_name(word), word  # noqa: SLF001


def test_two_reservoirs_named_by_prefixed_names_are_two_assets():
    found = pair("Pembangunan embung Pelaik untuk sawah Sebunga", "Rehab embung Sekadok desa Sebunga")
    assert not found["flagged"]
    assert {"code": "different_names", "a": ["pelaik"], "b": ["sekadok"]} in found["vetoes"]


def test_one_market_named_by_a_prefixed_name_is_one_asset():
    found = pair("Revitalisasi pasar Selumpit Sebunga", "Rehab los pasar Selumpit")
    assert found["flagged"]
    assert "different_names" not in vetoes(found)


# --- a name after a common word of settlement names ----------------------------------------------------------------

def test_the_name_of_a_river_a_bridge_crosses_names_the_bridge():
    item = overlap.analysed(("input", 1), 1, [SEBUNGA], title="Pembangunan jembatan sungai Lumut")
    assert "lumut" in item.asset_names


def test_two_bridges_over_two_named_rivers_are_two_assets():
    found = pair("Pembangunan jembatan sungai Lumut", "Rehab jembatan sei Kelabit")
    assert not found["flagged"]
    assert "different_names" in vetoes(found)


def test_one_bridge_over_one_named_river_is_one_asset():
    found = pair("Pembangunan jembatan sungai Lumut", "jembatan sei lumut sudah lapuk")
    assert found["flagged"]


def test_a_name_ending_in_an_i_after_a_vowel_is_a_name():
    assert scoring._is_prefixed_name("kerapai")  # noqa: SLF001
    assert scoring._is_prefixed_name("petarai")  # noqa: SLF001
    assert not scoring._is_prefixed_name("perbaiki")  # noqa: SLF001


def test_the_river_a_bridge_stands_on_names_it():
    item = overlap.analysed(("input", 1), 1, [SEBUNGA], title="Jembatan titian ke kebun di sungai Kerapai")
    assert "kerapai" in item.asset_names


def test_two_bridges_over_two_rivers_written_after_di_are_two_assets():
    found = pair("Jembatan titian ke kebun di sungai Kerapai", "Pembangunan jembatan sungai Lumut")
    assert not found["flagged"]
    assert {"code": "different_names", "a": ["kerapai"], "b": ["lumut"]} in found["vetoes"]


def test_a_river_after_di_names_nothing_in_a_title_of_no_asset_kind():
    item = overlap.analysed(("input", 1), 1, [SEBUNGA], title="Pelatihan nelayan di sungai Kerapai")
    assert not item.asset_names


def test_a_name_made_of_a_prefix_and_a_word_of_settlement_names_is_a_name():
    assert scoring._is_prefixed_name("sebukit")  # noqa: SLF001
    assert not scoring._is_prefixed_name("sebanyak")  # noqa: SLF001  (as many as: its root a filler)
    found = pair("Pembuatan embung tadah hujan dusun Sebukit", "Embung pertanian dusun Selumpit")
    assert not found["flagged"]
    assert "different_names" in vetoes(found)


def test_a_cut_word_ending_in_two_consonants_is_no_name():
    for word in ("jembts", "sekolh", "perbtsn"):
        assert not scoring._is_name_word(word), word  # noqa: SLF001
    assert scoring._is_name_word("sentabang")  # noqa: SLF001


def test_a_cut_word_after_a_place_does_not_tell_two_items_apart():
    found = pair("Pembangunan pos ronda dusun Kerapai desa Sebunga", "pos ronda desa Sebunga perbtsn")
    assert "different_names" not in vetoes(found)


def test_the_short_forms_of_naming_words_name_alike():
    found = pair("Semenisasi jalan parit Haji Lumut", "rehab jln prt h kerapai")
    assert not found["flagged"]
    assert "different_names" in vetoes(found)
    assert "selumpit" in overlap.analysed(("input", 1), 1, [SEBUNGA], title="renov psr Selumpit").asset_names


def test_a_hamlet_named_like_a_village_elsewhere_keeps_its_name():
    item = overlap.analysed(("input", 1), 1, [SEBUNGA], title="Pembangunan posyandu dusun Sumber Harapan")
    assert {"sumber", "harapan"} <= item.place_names
    found = pair("Pembangunan posyandu dusun Sumber Harapan", "Gedung posyandu dusun Kerapai")
    assert not found["flagged"]
    assert "different_names" in vetoes(found)


def test_the_common_words_of_a_hamlet_name_leave_room_for_its_name():
    item = overlap.analysed(("input", 1), 1, [SEBUNGA], title="Dusun Batu Sungai Air Kerapai: sumur bor warga")
    assert "kerapai" in item.place_names


# --- the village an institution or a hamlet names ------------------------------------------------------------------

NOYAN_TOWN = ("Kabupaten Sanggau", "Noyan", "Noyan")
NOYAN_OTHER = ("Kabupaten Sanggau", "Noyan", "Sungai Dangin")
PEMANGKAT = ("Kabupaten Sambas", "Pemangkat", "")


def places_of(title: str, place) -> set:
    return set(overlap.analysed(("input", 1), 1, [place], title=title).places)


def test_an_institution_named_by_the_sub_district_town_stands_in_the_town():
    assert ("sanggau", "noyan", "noyan") in places_of("Pengadaan genset puskesmas Noyan", NOYAN_OTHER)
    assert ("sanggau", "noyan", "noyan") in places_of("Rehab pagar kantor camat Noyan", NOYAN_OTHER)


def test_the_sub_district_named_after_another_word_is_no_village():
    assert places_of("Jalan tembus menuju Noyan", NOYAN_OTHER) == {("sanggau", "noyan", "sungai dangin")}


def test_two_items_of_the_town_clinic_filed_from_two_villages_meet():
    a = overlap.analysed(("input", 1), 1, [NOYAN_OTHER], title="Pengadaan genset puskesmas Noyan")
    b = overlap.analysed(("input", 2), 2, [NOYAN_TOWN], title="Genset untuk Puskesmas Noyan")
    assert overlap.explain(a, b)["place"] == "same_village"


def test_a_village_in_brackets_after_a_hamlet_is_a_village_even_when_an_ordinary_word():
    assert ("sambas", "pemangkat", "jelutung") in places_of("Sumur bor dusun Parit Baru (Jelutung)", PEMANGKAT)


def test_an_ordinary_word_in_brackets_after_no_hamlet_is_no_village():
    assert places_of("Bibit pohon hutan (jelutung) kecamatan Pemangkat", PEMANGKAT) == {("sambas", "pemangkat", "")}
