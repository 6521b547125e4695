"""Overlap precision, round 12: two rows of one kind in one place that a reader tells apart by the stage of the work
each funds, ... Every title is new wording."""
from __future__ import annotations

from tests.test_overlap_scoring_r10 import pair, vetoes

# --- the stage of one piece of work -----------------------------------------------------------------------------------


def test_the_first_and_second_stage_of_one_building_are_two_rows():
    found = pair("Pembangunan gedung puskesmas Sebunga tahap I (pondasi dan lantai dasar)",
                 "lanjutan gedung puskesmas sebunga thp 2 lantai atas")
    assert not found["flagged"]
    assert "different_ordinals" in vetoes(found)


def test_a_continuation_is_not_the_first_stage():
    found = pair("Pembangunan talud beton tepi sungai Sebunga Tahap I, 120 m",
                 "Mohon lanjutan pembangunan talud tepi sungai Sebunga sampai ke dermaga")
    assert not found["flagged"]


def test_one_stage_named_twice_is_still_one_row():
    found = pair("Pembangunan gedung puskesmas Sebunga tahap II", "lanjutan gedung puskesmas sebunga thp 2")
    assert found["flagged"]


def test_the_stage_is_read_apart_from_the_assets_own_number():
    found = pair("Jembatan gantung II Sebunga tahap 1", "Jembatan gantung II Sebunga tahap 2")
    assert not found["flagged"]
    assert "different_ordinals" in vetoes(found)
