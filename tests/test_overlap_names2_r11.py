"""Overlap scoring, round 11: what is no name of an asset or its route — where a reason clause says people go, a word
saying how a thing is; a listing of villages, which covers places and runs nowhere; and the
number of a hamlet, which is where the asset is, not its own number."""
from __future__ import annotations

from forum.services import overlap
from tests.test_overlap_scoring_r10 import SEBUNGA, pair, vetoes

SAJINGAN = ("Kabupaten Sambas", "Sajingan Besar", "")


def analysed(title: str, place=SEBUNGA):
    return overlap.analysed(("input", 1), 1, [place], title=title)


# --- words that name no asset --------------------------------------------------------------------------------------

def test_where_a_reason_clause_says_people_go_is_no_route_end():
    item = analysed("Mohon gang Kenari diaspal karena pemuda lari ke judi online")
    assert "judi" not in item.place_names
    assert "kenari" in item.asset_names


def test_a_word_saying_how_a_road_is_names_no_road():
    assert not analysed("Warga minta jalan ambruk diperbaiki").asset_names


# --- a listing of villages covers places; a route names its two ends -----------------------------------------------

def test_a_road_listing_villages_covers_them():
    assert analysed("Peningkatan jalan usaha tani Desa Sebunga dan Kaliau", SAJINGAN).covered
    assert analysed("Rabat beton jalan poros di 2 desa: Sebunga, Kaliau", SAJINGAN).covered


def test_a_road_from_one_village_to_another_is_a_route():
    assert not analysed("Peningkatan jalan dari Sebunga ke Kaliau", SAJINGAN).covered


def test_work_taken_to_the_hamlets_of_a_range_of_villages_runs_nowhere():
    assert analysed("Pemasangan lampu tenaga surya ke dusun Desa Sebunga s/d Kaliau", SAJINGAN).covered


# --- the number of a hamlet ----------------------------------------------------------------------------------------

def test_the_numbers_of_hamlets_are_no_ordinals_of_the_asset():
    assert not analysed("Rehab balai pertemuan Dusun III dan Dusun IV").ordinals


def test_hamlet_numbers_do_not_clash_with_a_phase():
    found = pair("Rehab balai pertemuan tahap I", "Rehab balai pertemuan Dusun I dan Dusun II")
    assert "different_ordinals" not in vetoes(found)
