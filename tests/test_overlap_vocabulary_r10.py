"""Overlap lexicon, vocabulary coverage written from general Indonesian planning usage (no labelled set read): official
acronyms, regional and loan words, and spellings of kinds of work the lexicon knows. Each title is new wording."""
import pytest

from forum.services.overlap import analysis


def kinds(title):
    return analysis.analyse(title, regency="Kabupaten Sambas").kinds


ROADS_AND_TRANSPORT = [
    ("Pelapisan lataston dusun hilir", "road"),
    ("Pembangunan trotoar sepanjang pasar lama", "road"),
    ("Penataan jalur pedestrian alun alun", "road"),
    ("Pemasangan konblok RT 03 dusun hulu", "road"),
    ("Sidewalk Construction near the market", "road"),
    ("Pembangunan JPO depan SDN 4", "bridge"),
    ("Footbridge construction over the creek", "bridge"),
    ("Pembangunan jembatan penyeberangan orang di depan pasar", "bridge"),
    ("Pengadaan jukung untuk warga seberang", "boat"),
    ("Pengadaan tongkang pengangkut material", "boat"),
    ("Pengadaan bus air trayek hulu hilir", "boat.passenger"),
    ("Pengadaan taksi air antar dusun", "boat.passenger"),
    ("Pemasangan LPJU di simpang empat", "light"),
    ("Pemasangan penerangan jalan lingkungan RT 05", "light"),
    ("Pemasangan lampu sel surya di gang mawar", "light"),
]


@pytest.mark.parametrize(("title", "kind"), ROADS_AND_TRANSPORT)
def test_roads_bridges_and_transport_words(title, kind):
    assert kinds(title) == {kind}
