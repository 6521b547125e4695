"""Overlap detection, the faults issue 16's audit found on proposals written by someone else: regencies named in
a text, "2" reduplication, English compounds, an institution after an unknown object, buildings for training,
two unknown objects worded alike, and vocabulary classes the lexicon lacked (each with other wording than the
audit's pairs: the rule, not the pair)."""
from forum.services import overlap
from forum.services.overlap import analysis, scoring

SAMBAS = "Kabupaten Sambas"
VILLAGE = (SAMBAS, "Sajingan Besar", "Sebunga")


def features(title, regency=SAMBAS):
    return analysis.analyse(title, regency=regency)


def item(title, key, place=VILLAGE):
    return overlap.analysed(key, key, [place], title=title)


def flagged(a, b, place_a=VILLAGE, place_b=VILLAGE):
    return overlap.score(item(a, 1, place_a), item(b, 2, place_b)).relation


def test_a_name_after_kabupaten_is_the_regency_not_its_capital_sub_district():
    wide = item("Bantuan perahu karet untuk desa rawan banjir Kabupaten Sambas", 1, place=(SAMBAS, "", ""))
    assert wide.places == (("sambas", "", ""),)  # not the sub-district Sambas
    village = item("Perahu karet untuk desa Sebunga", 2)
    assert overlap.score(wide, village).relation == "overlap"
    assert not features("Rehab gedung olahraga Kab. Bengkayang", "Kabupaten Bengkayang").district_mentions
    assert features("Rehab gedung olahraga Kota Sambas").district_mentions == frozenset()
    assert features("Rehab gedung olahraga Kecamatan Sambas").district_mentions == {"sambas"}


def test_reduplication_written_with_2_follows_the_hyphen_rule():
    assert analysis.tokens("Taman kanak2 Pertiwi") == analysis.tokens("Taman kanak-kanak Pertiwi")
    assert analysis.tokens("Taman kanak2") == ["taman", "kanak", "kanak"]
    assert analysis.tokens("seragam anak2 sekolah") == ["seragam", "anak", "sekolah"]
    assert analysis.tokens("jalan2 desa") == ["jalan", "desa"]
    assert features("Rehab gedung taman kanak2").kinds == {"school.early"}


def test_an_english_compound_is_read_head_last_and_wins_over_its_lone_word():
    assert features("Pembangunan Water Tower").kinds == features("Pembangunan menara air").kinds == {"water"}
    assert features("Pengadaan Cold Storage").kinds == features("Gudang pendingin ikan").kinds
    assert features("Pembuatan Fish Pond").kinds == features("Pembuatan kolam ikan").kinds
    assert features("Bantuan Hand Sprayer").kinds == features("Bantuan alat semprot hama").kinds
    assert features("Pengadaan Garbage Truck").kinds == features("Pengadaan truk sampah").kinds == {"waste.collection"}
    assert features("Rehab Village Office").kinds == {"building.village_office"}
    assert features("Pembangunan tower BTS").kinds == features("Pembangunan tower").kinds == {"telecom.tower"}
    assert flagged("Pembangunan Water Tower", "Pembangunan menara air bersih") == "overlap"


def test_an_institution_after_an_object_the_lexicon_lacks_is_where_it_goes_not_the_work():
    oxygen = features("Pengadaan kompresor oksigen Puskesmas")
    assert oxygen.kinds == frozenset() and oxygen.unknown == {"kompresor"}
    assert flagged("Pengadaan kompresor oksigen Puskesmas", "Rehab Puskesmas") is None
    assert features("Perluasan Puskesmas").kinds == {"health.centre"}  # an action, no object
    assert features("Pembangunan ruang rawat inap Puskesmas").kinds == {"health.centre"}  # a part of it


def test_a_building_for_training_is_physical_work():
    assert features("Rehab ruang pelatihan").work == "physical"
    assert features("Rehab aula penyuluhan").work == "physical"
    assert features("Penyuluhan gizi balita").work == "training"
    assert features("Gedung pelatihan kerja untuk pemuda").kinds == features("Pembangunan BLK").kinds
    assert flagged("Pembangunan Balai Latihan Kerja", "Gedung pelatihan kerja bagi pemuda desa") == "overlap"
    assert flagged("Pelatihan menjahit bagi pemuda", "Pembangunan Balai Latihan Kerja") is None


def test_two_objects_the_lexicon_lacks_flag_only_when_the_wording_says_the_same():
    alike = overlap.explain(item("Pengadaan tenda untuk pesta adat dan acara duka warga", 1),
                            item("Terop untuk pesta adat dan acara duka warga", 2))
    assert alike["kind"] == "unknown" and alike["kinds"] == [["tenda"], ["terop"]]
    assert alike["text"] >= scoring.UNKNOWN_TEXT and alike["flagged"]
    for a, b in [("Pembuatan plang nama", "Pembuatan papan informasi"),
                 ("Pengadaan tenda pesta desa", "Pengadaan kursi pesta desa")]:  # only the object differs
        unlike = overlap.explain(item(a, 1), item(b, 2))
        assert not unlike["flagged"] and unlike["vetoes"][0]["code"] == "different_kinds", (a, b)


def test_vocabulary_classes_the_audit_found_missing():
    same = [("Bantuan knapsack sprayer", "Alat penyemprot hama untuk petani", "Power sprayer kelompok tani"),
            ("Jalan menuju ladang warga", "Akses jalan ke sawah", "Jalan usaha tani"),
            ("Incinerator rumah sakit", "Tungku pembakaran limbah medis", "Mesin pembakar sampah")]
    for group in same:
        kinds = {frozenset(features(t).kinds) for t in group}
        assert len(kinds) == 1 and len(next(iter(kinds))) == 1, (group, kinds)
    assert features("Jalan ke kebun karet").kinds != features("Jalan desa").kinds
    assert flagged("Perahu motor untuk angkutan sekolah", "Speed boat antar jemput siswa") == "overlap"
    assert flagged("Perahu nelayan", "Bus sekolah") is None
    assert features("Pengadaan perahu motor untuk nelayan").kinds == {"boat.fishing"}  # what the boat is for
    assert flagged("Pengadaan perahu motor untuk nelayan", "Bantuan kapal ikan bagi nelayan") == "overlap"
    assert flagged("Perahu motor untuk nelayan", "Speedboat antar jemput siswa") is None
    assert flagged("Incinerator Puskesmas", "Alat pembakar limbah medis Puskesmas") == "overlap"


def test_a_lone_bare_root_matches_a_term_only_as_written():
    assert features("Tangki air warga").kinds == {"water"}  # "air" is not "pengairan" (irrigation)
    assert features("Pengairan sawah").kinds == {"irrigation"}
    assert features("Mengairi sawah").kinds != {"water"}
    assert features("Posyandu remaja").kinds == {"health.posyandu"}  # "remaja" is not "peremajaan"
    assert features("Perpustakaan desa").kinds == features("Pustaka desa").kinds == {"edu.library.community"}


def test_common_equipment_classes_have_their_synonyms():
    for group in [("Pengadaan excavator", "Alat berat ekskavator", "Bantuan backhoe loader"),
                  ("Sumur resapan", "Lubang biopori"), ("Polisi tidur", "Speed bump"),
                  ("Mesin jahit", "Alat jahit untuk kelompok perempuan")]:
        kinds = {frozenset(features(t).kinds) for t in group}
        assert len(kinds) == 1 and len(next(iter(kinds))) == 1, (group, kinds)
