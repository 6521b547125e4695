"""Overlap detection: a lane or a ditch of a settlement named by a common word — one of concord or hope ("Gang
Rukun", "Gg. Harapan") or the landmark it runs by ("Parit Kuburan") — is named by it, as by a proper name: two lanes
of one village so named are two works. Each text is written for these tests (none is copied from a labelled set)."""
from tests.test_overlap_tidy_r11 import item, verdict


def test_a_lane_named_by_a_word_of_concord_is_named_by_it():
    assert item("Pengerasan Gg. Rukun", 1).asset_names == {"rukun"}
    assert not verdict("Pengerasan Gg. Rukun", "Pengerasan gang Harapan")["flagged"]
    # the same lane, written again, is one work
    assert verdict("Pengerasan Gg. Rukun", "Cor beton gang Rukun")["flagged"]


def test_a_ditch_named_by_the_landmark_it_runs_by_is_named_by_it():
    assert item("Normalisasi parit Kuburan", 1).asset_names == {"kuburan"}
    assert not verdict("Jalan beton parit Kuburan", "Jalan beton parit Kantor")["flagged"]


def test_a_word_that_describes_a_lane_names_none():
    assert item("Pengerasan gang becek", 1).asset_names == frozenset()
    assert verdict("Pengerasan gang becek", "Pengerasan Gg. Rukun")["flagged"]
