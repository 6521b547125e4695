"""Overlap precision, second pass of round 12: two assets of one kind in one place that a reader tells apart by
what the facets did not read yet. Every title is new wording."""
from __future__ import annotations

from tests.test_overlap_scoring_r10 import pair, vetoes

# --- a road named by a run of names, one of them a word the lexicon knows only inside a longer term -------------------


def test_a_ring_road_named_by_its_villages_is_not_a_street_named_for_a_bird():
    found = pair("Peningkatan jalan lingkar Lestari - Temilang - Mengkiang, 3 km", "Pelebaran jalan Merpati Putih")
    assert not found["flagged"]
    assert "different_names" in vetoes(found)


def test_a_run_of_names_written_short_still_names_the_road():
    found = pair("perbaikan jln emas temilang mengkiang", "Pelebaran jalan Merpati")
    assert not found["flagged"]
    assert "different_names" in vetoes(found)


def test_the_same_ring_road_written_short_is_still_one_road():
    found = pair("Peningkatan jalan lingkar Lestari - Temilang - Mengkiang, 3 km",
                 "rehab jln lestari-temilang-mengkiang")
    assert found["flagged"]
    assert "different_names" not in vetoes(found)


def test_a_material_before_one_name_is_no_name():
    found = pair("jalan beton Merpati", "jalan aspal Merpati")
    assert found["flagged"]


# --- a road that runs on from the village where both items are --------------------------------------------------------

TANGGUH = ("Kabupaten Bengkayang", "Siding", "Tangguh")  # a village whose name is also an ordinary word


def test_two_roads_out_of_one_village_are_told_by_where_they_run():
    found = pair("Peningkatan jalan Tangguh - Temilang - Merbau, 2 km", "Pelebaran jalan Tangguh (Jl. Merpati Putih)",
                 TANGGUH)
    assert not found["flagged"]
    assert "different_names" in vetoes(found)


def test_one_road_out_of_the_village_written_twice_is_still_one_road():
    found = pair("rehab jln tangguh-temilang-merbau", "Peningkatan jalan Tangguh - Temilang - Merbau, 2 km", TANGGUH)
    assert found["flagged"]


def test_a_bridge_named_for_the_village_alone_is_not_told_apart():
    found = pair("jembatan sungai Tangguh", "jembatan gantung tangguh", TANGGUH)
    assert found["flagged"]
