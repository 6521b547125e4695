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
