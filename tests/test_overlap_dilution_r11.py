"""A village's request written as a sentence: the work word turned into the passive verb villagers write behind the
object ("tanah ... diadakan" for "pengadaan tanah") still names the same phase, and words around the request do not
change what it asks for. Every wording here is new."""
import pytest

from forum.services.overlap.analysis import analyse
from tests.test_overlap_classes_r11 import relation


@pytest.mark.parametrize("request_text", [
    "Kami warga RT 3 mohon tanah untuk lapangan sepak bola Sebunga diadakan karena anak muda tidak punya tempat main",
    "Mohon lahan lapangan sepak bola Sebunga dapat dibebaskan, sebab pemiliknya sudah setuju",
    "Hasil musdus: tanah lapangan sepak bola Sebunga mohon dibeli. Alasannya anak muda tidak punya tempat main.",
])
def test_land_named_before_a_passive_verb_of_acquiring_it_is_the_land_phase(request_text):
    assert analyse(request_text).phase == "land"
    assert relation(request_text, "Pengadaan tanah lapangan sepak bola Desa Sebunga") == "overlap"
    assert relation(request_text, "Pembangunan lapangan sepak bola Desa Sebunga") == "related"


@pytest.mark.parametrize("request_text", [
    "Mohon mesin pompa penyiram lahan kebun Sebunga diadakan karena kemarau panjang",  # the land is where it works
    "Kami mohon tanah longsor di tepi jalan Sebunga ditangani, karena lahan warga sudah diadakan untuk kebun",
    "Mohon jalan Sebunga diaspal karena tanah belum diadakan untuk parit",  # a reason clause is no request
])
def test_land_inside_another_object_or_a_reason_is_no_land_phase(request_text):
    assert analyse(request_text).phase == ""


@pytest.mark.parametrize(("request_text", "other"), [
    ("Kami warga RT 2 mohon jembatan gantung Sebunga dibangun karena ibu-ibu yang ke posyandu sering terpeleset",
     "Murid SD Sebunga tiap hari menyeberang sungai naik sampan, mohon dibangun jembatan gantung"),
    ("Mohon pagar SD 5 Sebunga dibangun, karena hasil panen padi dan karet warga sering dijemur di halaman",
     "SD 5 Sebunga belum berpagar sehingga kambing dan sapi masuk halaman sekolah, mohon dibuatkan pagar"),
])
def test_a_reason_after_the_request_names_no_institution_or_goods_of_it(request_text, other):
    assert relation(request_text, other) == "overlap"


def test_a_reason_after_the_request_leaves_its_words_out_of_the_title():
    features = analyse("Mohon los pasar desa Sebunga diperbaiki karena pedagang sayur dan ikan kehujanan")
    assert {"sayur", "ikan", "dagang"}.isdisjoint(features.words)
    assert "pasar" in features.words


def test_a_reason_before_the_request_still_names_the_asset():
    features = analyse("Karena Posyandu Mawar II masih menumpang di rumah kader, warga mengusulkan gedung posyandu")
    assert "mawar" in features.title_seq


def test_the_thanks_a_request_closes_with_names_nothing():
    request_text = "Mohon kiranya jalan lingkungan Gang Mawar Sebunga dapat disemen, terima kasih"
    assert {"terima", "kasih"}.isdisjoint(analyse(request_text).title_seq)
    assert relation(request_text, "Semenisasi jalan lingkungan Gang Mawar - Gang Melati Desa Sebunga") == "overlap"
    assert "kasih" in analyse("Rehab gedung PAUD Kasih Ibu Sebunga").title_seq


@pytest.mark.parametrize("request_text", [
    "Kami warga dusun mohon sungai di belakang kampung dinormalisasi karena tiap hujan jalan ke sekolah banjir",
    "Hasil musdus: sungai dekat Sebunga mohon dinormalisasi. Alasannya jalan ke pasar tergenang.",
])
def test_an_isasi_verb_behind_its_object_names_the_work_on_it(request_text):
    assert analyse(request_text).kinds == {"river"}
