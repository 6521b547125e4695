"""Three classes of writing the detector must read as well as an agency's row: a DPRD member's pokir note (initialisms,
work words with few letters, contractions), a head in its loanword or other spelling, and a village's Musrenbang
request (a reason in a sentence of its own, passive verbs made of an object's name). Every wording here is new."""
import pytest

from forum.services import overlap
from forum.services.overlap.analysis import analyse
from forum.services.overlap.lexicon import corrected

PLACE = ("Kabupaten Sambas", "Sajingan Besar", "Sebunga")


def relation(first: str, second: str) -> str | None:
    return overlap.score(overlap.analysed(1, 1, [PLACE], title=first),
                         overlap.analysed(2, 2, [PLACE], title=second)).relation


# --- Musrenbang -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("request_text", [
    "Saluran air sawah di hilir mohon diperbaiki. Soalnya jalan ke sekolah ikut tergenang",
    "Mohon saluran air sawah di hilir diperbaiki. Tiap hujan jalan ke sekolah ikut tergenang",
])
def test_a_reason_given_in_a_sentence_of_its_own_never_names_the_kind(request_text):
    assert analyse(request_text).kinds == {"irrigation"}


def test_a_dot_after_a_work_word_cut_short_ends_no_sentence():
    assert analyse("Rehab. Gedung PAUD Melati Sebunga").kinds == {"school.early"}


@pytest.mark.parametrize(("request_text", "kind"), [
    ("Kami mohon sungai di belakang kampung ditalud karena tiap banjir kebun warga hanyut", "bank"),
    ("Kami mohon pinggiran sungai depan dusun dibronjong karena jalan ke sekolah sudah retak", "bank"),
])
def test_a_passive_verb_made_of_an_object_asks_for_that_object(request_text, kind):
    assert analyse(request_text).kinds == {kind}


def test_a_passive_verb_made_of_an_object_is_only_work_on_an_object_the_request_names():
    # the channel is dredged and lined: still the drainage channel, not a riverbank wall
    assert analyse("Got besar depan pasar dangkal dan berbau, mohon dikeruk dan ditalud").kinds == {"drainage"}


# --- pokir notes -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("note", "kind"), [
    ("pbgn posyandu Sebunga", "health.posyandu"),
    ("perbaikan gdg TK Sebunga", "school.early"),
    ("Rehab gdg pkm Sebunga", "health.centre"),
    ("drnse RT 4 Sebunga", "drainage"),
])
def test_a_pokir_note_with_its_work_and_building_words_contracted_names_its_kind(note, kind):
    assert analyse(note).kinds == {kind}


@pytest.mark.parametrize(("written", "read"), [("drnse", "drainase"), ("krmba", "karamba")])
def test_a_contraction_keeping_its_last_vowel_of_two_spellings_of_one_kind_is_read_as_that_kind(written, read):
    assert corrected(written) == read


def test_a_contraction_of_two_different_kinds_stays_as_written():
    assert corrected("pnnn") != "pembangunan"


# --- loanwords and other spellings ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "kind"), [
    ("Pengadaan jenset untuk kantor desa", "energy.generator"),
    ("Pembuatan septik tank individual 20 KK", "sanitation.household.onsite"),
    ("Lapangan bola volly dusun hulu", "sport.volleyball"),
    ("Ruang labor komputer SMP Negeri 2", "edu.lab"),
    ("Bantuan tandon air hujan untuk rumah tangga", "water.rain"),
    ("Perbaikan riool kota lama", "drainage"),
    ("Pembangunan septik tank komunal RT 3", "sanitation.septic"),
    ("Bantuan coolbox untuk nelayan", "fish.coolbox"),
    ("Selter penumpang di simpang tiga", "transport.stop"),
    ("Pemasangan kon blok halaman kantor", "road"),
    ("Pembuatan sumur serapan di permukiman", "drainage.infiltration"),
    ("Penataan water front kota", "waterfront"),
    ("Joging trek taman kota", "sport.track"),
    ("Bantuan rice milling kelompok tani", "agri.rice_mill"),
])
def test_a_head_in_its_loanword_or_local_spelling_is_its_kind(title, kind):
    assert analyse(title).kinds == {kind}


@pytest.mark.parametrize(("note", "kind"), [
    ("Pemb. Jl. usaha tani blok sawah hilir", "farm_road"),
    ("jl. kebun karet ke Sebunga", "farm_road"),
    ("Pasang lampu jl. RT 6 Sebunga", "light"),
    ("Rehab jmbt kayu Sebunga", "bridge"),
    ("Rehb msjd Sebunga", "worship.mosque"),
])
def test_a_road_word_or_head_written_short_in_a_pokir_note_is_read_in_its_phrase(note, kind):
    assert analyse(note).kinds == {kind}


def test_a_road_word_written_short_in_an_address_makes_no_other_kind():
    assert analyse("Pembangunan drainase Jl. Sudirman Sebunga").kinds == {"drainage"}
    assert analyse("Peningkatan jln. lingkungan Sebunga").kinds == {"road"}


def test_what_a_reason_clause_names_is_not_what_the_asked_asset_serves():
    request = "Kami mohon dermaga perahu di Sebunga dibangun karena air pasang sampai ke kebun warga"
    assert "kebun" not in analyse(request).title_seq
    assert relation(request, "Pembangunan dermaga perikanan Sebunga") == "overlap"


def test_a_purpose_clause_still_says_what_the_asked_asset_serves():
    assert "sawah" in analyse("Kami mohon embung di Sebunga dibangun agar sawah bisa diairi").title_seq


def test_a_slip_after_a_road_word_written_short_is_read_in_the_road_phrase():
    assert analyse("jl. usah tani poktan Harapan Sebunga").kinds == {"farm_road"}


def test_a_sentence_ended_by_a_passive_verb_whose_stem_is_a_work_word_ends_a_clause():
    request = "Hasil rapat dusun: pasar ikan Sebunga mohon direvitalisasi. Alasannya jalan ke sekolah becek"
    assert analyse(request).kinds == {"market"}
