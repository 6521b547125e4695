"""Overlap recall, round 12: pairs of one work the detector missed across several development sets — a health
centre's delivery or mother-and-child room and the centre itself."""
from __future__ import annotations

from forum.services import overlap
from tests.test_overlap_scoring_r10 import SEBUNGA, pair


def kinds(title: str) -> set:
    return set(overlap.analysed(("input", 1), 1, [SEBUNGA], title=title).features.kinds)


# --- a health centre's rooms for mothers and children are its core part ------------------------------------------

def test_the_delivery_room_of_a_health_centre_is_a_room_not_maternal_care_in_general():
    assert kinds("Perbaikan kamar bersalin puskesmas Sebunga yang atapnya rusak") == {"health.maternal.room"}
    assert kinds("Penambahan ruang pelayanan KIA pkm Sebunga") == {"health.maternal.room"}


def test_a_waiting_house_for_births_stays_maternal_care():
    assert kinds("Pembangunan rumah tunggu kelahiran di Sebunga") == {"health.maternal"}


def test_a_centres_mother_and_child_room_meets_the_centre_extended_for_it():
    found = pair("Perluasan Puskesmas Sebunga untuk Ruang Pelayanan Ibu dan Anak",
                 "penambahan ruang KIA puskesmas sebunga")
    assert found["flagged"]
    assert found["kind"] == "same"  # the centre's row names the room itself (scoring._specified_elsewhere)


def test_a_delivery_room_written_short_meets_the_delivery_room():
    found = pair("rehabilitasi rg bersalin pkm sebunga", "Perbaikan ruang bersalin Puskesmas Sebunga")
    assert found["flagged"]


def test_a_waiting_house_near_the_centre_is_not_the_centres_repair():
    found = pair("Warga meminta rumah tunggu kelahiran dekat puskesmas Sebunga untuk ibu hamil dari dusun jauh",
                 "Rehabilitasi gedung puskesmas Sebunga")
    assert not found["flagged"]


# --- a coaching whose title details, after a colon, the goods it gives ----------------------------------------------

def work(title: str) -> str:
    return overlap.analysed(("input", 1), 1, [SEBUNGA], title=title).features.work


def test_coaching_detailed_after_a_colon_as_goods_given_is_both_works():
    assert work("Pembinaan taman baca Sebunga: pengadaan rak dan buku cerita") == "both"


def test_training_with_equipment_beside_it_stays_training():
    assert work("Pelatihan wasit bola voli dan bantuan peralatan olahraga Sebunga") == "training"


def test_a_training_of_operation_and_upkeep_after_a_colon_names_no_object_first():
    assert work("Pelatihan petugas: operasi dan pemeliharaan jaringan irigasi Sebunga") == "training"


def test_coaching_a_library_by_giving_it_books_meets_the_request_for_books():
    found = pair("Pembinaan Perpustakaan Desa Sebunga: bantuan buku bacaan dan rak",
                 "pengadaan buku perpustakaan desa sebunga")
    assert found["flagged"]
    assert "training_and_works" not in [v["code"] for v in found["vetoes"]]
