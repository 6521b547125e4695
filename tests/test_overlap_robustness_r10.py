"""Overlap detection stays right when real writers vary their wording (bench/overlap_robustness.py measures it on
the development sets): contractions with their vowels left out, pokir shorthand, ... Every wording here is new."""
import pytest

from forum.services import overlap
from forum.services.overlap.lexicon import corrected

PLACE = ("Kabupaten Sambas", "Sajingan Besar", "Sebunga")


def relation(first: str, second: str) -> str | None:
    return overlap.score(overlap.analysed(1, 1, [PLACE], title=first),
                         overlap.analysed(2, 2, [PLACE], title=second)).relation


@pytest.mark.parametrize(("written", "read"), [("jmbtn", "jembatan"), ("psksds", "poskesdes"), ("drmg", "dermaga"),
                                               ("gnst", "genset"), ("pmbgn", "pembangunan"), ("untk", "untuk")])
def test_a_word_written_without_its_vowels_is_the_one_lexicon_word_it_contracts(written, read):
    assert corrected(written) == read


def test_a_contraction_of_no_single_lexicon_word_stays_as_written():
    assert corrected("bpbd") == "bpbd"  # an agency's acronym, no contraction of a head word


@pytest.mark.parametrize(("contracted", "spelled"), [
    ("Perbaikan drmg kayu di Sebunga", "Rehabilitasi tambatan perahu Sebunga"),
    ("Bangun psksds Sebunga", "Pembangunan gedung pos kesehatan desa di Sebunga"),
])
def test_a_vowelless_head_word_is_matched_by_its_synonym(contracted, spelled):
    assert relation(contracted, spelled) == "overlap"


@pytest.mark.parametrize(("short", "spelled"), [
    ("Rehab pusk. pembantu Sebunga", "Perbaikan pustu Sebunga"),
    ("Bangun jemb. gantung ke seberang, Sebunga", "Jembatan gantung Sebunga"),
    ("Pemb. gd. olahraga Sebunga", "Pembangunan GOR Sebunga"),
    ("Perbaikan drain. lingk. RT 4 Sebunga", "Normalisasi saluran drainase lingkungan RT 4 Sebunga"),
])
def test_pokir_shorthand_that_begins_a_phrase_is_read_as_its_word(short, spelled):
    assert relation(short, spelled) == "overlap"


def test_a_work_word_written_last_after_a_comma_is_the_work_on_the_object_before_it():
    # training of the post's volunteers is not building the post; buying land is the land phase of the clinic
    assert relation("Kader posyandu Sebunga, Pelatihan", "Pembangunan gedung posyandu Sebunga") is None
    assert relation("Tanah untuk pustu Sebunga, Pengadaan", "pustu baru Sebunga") == "related"
    assert relation("Jembatan gantung dusun Sebunga, Rehabilitasi", "Perbaikan jembatan gantung Sebunga") == "overlap"


def test_a_number_spelled_out_after_its_digits_is_one_number():
    from forum.services.overlap.analysis import raw_tokens

    assert raw_tokens("Pengadaan 3 (tiga) unit pompa air") == raw_tokens("Pengadaan 3 unit pompa air")
    assert raw_tokens("Bibit 25 (dua puluh lima) ekor kambing") == raw_tokens("Bibit 25 ekor kambing")
    assert "bor" in raw_tokens("sumur 2 (bor)")  # words that are no number stay


def test_a_spelled_out_number_keeps_two_numbered_bridges_apart():
    assert relation("jembatan kayu sungai Lalang Sungai Sebadu 4 (empat)",
                    "Penggantian jembatan Sungai Sebadu 3 yang hanyut, Dusun Lalang") is None


@pytest.mark.parametrize(("slip", "read"), [("jalaan", "jalan"), ("kebunn", "kebun"), ("sawahh", "sawah")])
def test_a_letter_typed_twice_is_read_as_the_word(slip, read):
    assert corrected(slip) == read


def test_a_word_with_a_double_letter_of_its_own_stays():
    assert corrected("keadaan") == "keadaan" and corrected("saat") == "saat"


def test_a_road_with_a_letter_typed_twice_meets_its_twin():
    assert relation("Pengerasan jalaan lingkungan RT 5 Sebunga",
                    "Semenisasi jalan lingkungan RT 5 Sebunga") == "overlap"
