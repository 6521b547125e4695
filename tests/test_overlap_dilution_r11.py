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
