"""Overlap reading, round 11: a word of a place name is a name, never a typo of a lexicon word; an area's programme
against one of its villages' requests of the same work."""
from __future__ import annotations

from forum.services.overlap import analysis

# --- place names are not typos --------------------------------------------------------------------------------------


def test_a_village_of_the_region_list_written_in_full_is_no_typo_whatever_the_regency():
    # "Tumbak Raya" (Melawi) would read "tambak", "Landau Kodam" (Sintang) "kolam", "Tayan Hulu" (Sanggau) "taman"
    for title in ("Rehabilitasi jalan lingkungan Tumbak Raya", "Pengerasan jalan Landau Kodam",
                  "Pengaspalan jalan poros Tayan Hulu"):
        for regency in ("", "Kabupaten Ketapang"):
            found = analysis.analyse(title, regency=regency)
            assert found.kinds == {"road"}, (title, regency)
            assert not found.corrected, (title, regency)


def test_a_hamlet_or_river_named_after_its_place_word_is_no_typo():
    assert analysis.analyse("Semenisasi jalan Dusun Tambok", regency="Kabupaten Sambas").kinds == {"road"}
    assert not analysis.analyse("Jembatan gantung Sungai Sawoh", regency="").corrected


def test_a_slip_in_a_key_noun_is_still_read_beside_a_place_name():
    found = analysis.analyse("Pembangunan jembtan Tumbak Raya", regency="")
    assert found.kinds == {"bridge"}
    assert found.corrected == {"jembtan>jembatan"}


# --- an area's programme against one of its villages ------------------------------------------------------------------

MELAWI = "Kabupaten Melawi"


def _explained(title_a: str, place_a: tuple, title_b: str, place_b: tuple) -> dict:
    from forum.services import overlap
    from forum.services.overlap import scoring

    a = overlap.analysed("a", 1, [place_a], title=title_a)
    b = overlap.analysed("b", 2, [place_b], title=title_b)
    return scoring.explain(a, b)


def test_a_programme_for_every_village_of_a_sub_district_weighs_as_the_village_itself():
    found = _explained("Penyediaan tangki air untuk seluruh desa di Kecamatan Sayan", (MELAWI, "Sayan", ""),
                       "Bantuan tangki air warga", (MELAWI, "Sayan", "Tumbak Raya"))
    assert found["place"] == "district_covers"
    assert found["place_weight"] == 1.0


def test_a_sub_district_item_without_area_wording_keeps_the_weight_of_containment():
    found = _explained("Penyediaan tangki air warga", (MELAWI, "Sayan", ""),
                       "Bantuan tangki air warga", (MELAWI, "Sayan", "Tumbak Raya"))
    assert found["place_weight"] == 0.85


def test_a_regency_item_for_one_whole_sub_district_is_not_about_the_others():
    found = _explained("Penyediaan tangki air se-Kecamatan Sayan", (MELAWI, "", ""),
                       "Penyediaan tangki air warga", (MELAWI, "Nanga Pinoh", "Tanjung Niaga"))
    assert not found["flagged"]
    found = _explained("Penyediaan tangki air se-Kecamatan Sayan", (MELAWI, "", ""),
                       "Penyediaan tangki air warga", (MELAWI, "Sayan", "Tumbak Raya"))
    assert found["flagged"] and found["place"] == "district_covers"
