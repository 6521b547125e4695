"""Overlap detection: rows pasted from a planning system's export, whose title is the bare line of the nomenclature
("Pembangunan Sarana Sekolah") and whose activity names the row's own object, place and number. Each text is written
for these tests (none is copied from a labelled set)."""
from forum.services import overlap
from tests.test_overlap_tidy_r11 import features, item, verdict

LINE = "Pembangunan Sarana dan Prasarana Sekolah"


def test_a_row_under_a_bare_line_is_the_object_its_activity_names():
    assert features(LINE, activity="Pembangunan rumah dinas guru SMPN 4 Kebong").kinds == {"edu.teacher_house"}
    assert features("Penyediaan Alat dan Mesin Pertanian",
                    activity="Bantuan pompa air untuk Poktan Sumber Rejeki Kebong").kinds == {"irrigation.pump"}
    # a title that names its own place keeps its kind: the activity is then the agency's line
    assert features("Pembangunan Sarana Sekolah SMPN 4 Kebong",
                    activity="Pembangunan rumah dinas guru SMPN 4").kinds != {"edu.teacher_house"}


def test_a_row_meets_the_request_for_its_object_and_not_another_row_under_the_same_line():
    row = item(LINE, 1, activity="Pembangunan rumah dinas guru SMPN 4 Kebong")
    asked = item("Rumah guru", 2, activity="Mohon dibangun rumah guru di SMP 4 karena guru kami menumpang di rumah "
                                             "penduduk")
    assert overlap.explain(row, asked)["flagged"]
    fence = item(LINE, 3, activity="Pembangunan pagar keliling SMPN 4 Kebong")
    assert not overlap.explain(row, fence)["flagged"]


def test_a_line_of_a_part_over_a_row_naming_its_institution_funds_the_part_of_that_numbered_institution():
    row = features("Rehabilitasi Ruang Kelas", activity="Rehabilitasi SDN 14 Kebong")
    assert row.kinds == {"edu.classroom"} and row.numbers == {14}
    assert verdict("Rehab SDN 14 Kebong", "Rehabilitasi Ruang Kelas",
                   activity="Rehabilitasi ruang kelas SDN 14 Kebong")["flagged"]
    assert not verdict("Rehab SDN 15 Kebong", "Rehabilitasi Ruang Kelas",
                       activity="Rehabilitasi ruang kelas SDN 14 Kebong")["flagged"]


def test_a_row_that_names_its_institution_by_a_capitalised_name_is_no_line():
    row = features("Pembangunan Puskesmas", activity="Pembangunan rumah dinas bidan Puskesmas Tunas Mekar")
    assert row.kinds == {"health.staff_house"}
    # a line written in title case, or an activity all in one case, names nothing
    assert features("Pembangunan Puskesmas", activity="Pembangunan Rumah Dinas Bidan Puskesmas").kinds == {
        "health.centre"}
    assert features("Pembangunan Puskesmas", activity="pembangunan rumah dinas bidan puskesmas").kinds == {
        "health.centre"}


def test_a_kilometre_range_holds_each_kilometre_it_passes():
    assert features("Rehabilitasi jalan poros Kebong km 7-9").sections == {"km:7", "km:8", "km:9"}
    assert features("Peningkatan jalan poros Kebong km 7 s/d 9").sections == {"km:7", "km:8", "km:9"}
    assert verdict("Mohon diperbaiki jalan poros Kebong di km 8 karena berlubang",
                   "Rehabilitasi jalan poros Kebong km 7-9")["flagged"]
    # decimals, two points, and a range that is no stretch of sections
    assert features("Rehabilitasi jalan poros Kebong km 12,5").sections == {"km:12"}
    assert features("Rehabilitasi jalan poros Kebong km 3 dan 9").sections == {"km:3"}
    assert not verdict("Mohon diperbaiki jalan poros Kebong di km 11 karena berlubang",
                       "Rehabilitasi jalan poros Kebong km 7-9")["flagged"]
