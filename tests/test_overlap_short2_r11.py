"""Overlap reading, round 11: the shorthand DPRD members and village secretaries write in pokir notes and
spreadsheets — objects in few letters ("lmp jln", "pgr", "pskms"), a nasal left out with the vowels ("embg",
"psyd"), a work word cut short with its vowels left out ("peml.", "pngk."), and "tpt" read only where the item's
texts tell which of its readings it is."""
from __future__ import annotations

from forum.services import overlap
from forum.services.overlap import analysis
from forum.services.overlap.lexicon import corrected, truncated
from tests.test_overlap_scoring_r10 import SEBUNGA, pair


def kinds(title: str, activity: str = "") -> set:
    return set(overlap.analysed(("input", 1), 1, [SEBUNGA], title=title, activity=activity).features.kinds)


# --- objects written in few letters --------------------------------------------------------------------------------

def test_street_lamps_written_short_are_street_lighting():
    assert kinds("Pemasangan lmp jln dusun atas") == {"light"}


def test_street_lamps_written_short_overlap_the_lighting_written_out():
    assert pair("lmp jln tenaga surya Sebunga", "Pengadaan lampu penerangan jalan Sebunga")["flagged"]


def test_a_fence_written_short_is_the_fence_not_what_it_encloses():
    assert kinds("Pemb. pgr halaman SD negeri 4") == {"fence"}


def test_a_health_centre_written_without_its_vowels_and_one_letter_is_the_health_centre():
    assert kinds("Rehab ruang tunggu pskms") == {"health.centre"}


def test_village_road_lighting_written_as_its_initials_is_street_lighting():
    assert kinds("Pengadaan PJL dusun hilir") == {"light"}


def test_a_church_written_in_three_letters_is_the_church():
    assert kinds("Rehab atap grj stasi") == {"worship.church"}


# --- a nasal left out with the vowels ------------------------------------------------------------------------------

def test_a_contraction_without_the_nasal_of_ng_or_nd_is_the_one_head_word_it_leaves():
    assert kinds("Pembangunan embg tadah hujan") == {"reservoir"}
    assert kinds("Rehab gedung psyd melati") == {"health.posyandu"}
    assert kinds("Bangun pskmlg RT 3") == {"security.post"}


def test_a_head_word_without_its_vowels_is_read_before_a_work_word_that_only_holds_its_letters():
    assert corrected("pnmpng") == "penampung"  # not pendampingan


# --- a work word cut short with its vowels left out ----------------------------------------------------------------

def test_a_work_word_cut_with_its_dot_and_without_its_vowels_is_the_work_word():
    assert truncated("peml", dotted=True) == "pemeliharaan"
    assert truncated("pngk", dotted=True) == "peningkatan"
    assert truncated("pmbg", dotted=True) == "pembangunan"  # the commoner of pembangunan and pembagian


def test_the_work_word_cut_short_is_read_in_the_title():
    assert "pemeliharaan" in analysis.raw_tokens("Peml. saluran tersier blok C")


def test_an_object_cut_short_without_its_vowels_stays_as_written_when_it_may_be_several():
    assert truncated("pskm", dotted=True) == ""  # puskesmas or poskamling


# --- "tpt": a retaining wall or a place -----------------------------------------------------------------------------

def test_tpt_is_the_retaining_wall_where_the_activity_names_bank_protection():
    found = kinds("Pembangunan TPT dan jalan setapak dusun hulu", activity="Pemasangan talud tebing")
    assert found == {"bank", "road"}


def test_tpt_alone_stays_unread():
    assert kinds("Pembangunan TPT dusun hulu") == set()


# --- the function words of a note typed as a text message ----------------------------------------------------------

def test_a_clause_opened_by_a_short_written_subordinator_says_why():
    assert kinds("jln desa blm diaspal, mhn diaspal spy anak sekolah tdk kena lumpur") == {"road"}


def test_short_written_function_words_are_no_words_of_the_request():
    short = overlap.analysed(("input", 1), 1, [SEBUNGA], title="sumur bor yg dalam mhn dibuat krn blm ada air bersih")
    written = overlap.analysed(("input", 2), 1, [SEBUNGA],
                               title="sumur bor yang dalam mohon dibuat karena belum ada air bersih")
    assert short.features.words == written.features.words
