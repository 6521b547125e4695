"""Overlap detection: reading quirks and one design debt left by the previous session — the phase a row funds read
once by the analysis, words read as the wrong kind or as a name, two institutions of reading told apart, and short
forms read only where their context says which word they are. Each text is written for these tests (none is copied
from a labelled set)."""
from forum.services import overlap
from forum.services.overlap import analysis

SINTANG = "Kabupaten Sintang"
VILLAGE = (SINTANG, "Kelam Permai", "Kebong")


def features(title, **fields):
    return analysis.analyse(title, regency=SINTANG, **fields)


def item(title, key, **fields):
    return overlap.analysed(key, key, [VILLAGE], title=title, **fields)


def verdict(a, b, **fields):
    return overlap.explain(item(a, 1), item(b, 2, **fields))


# --- the phase a row funds, read once --------------------------------------------------------------------

def test_the_signature_holds_the_phase_a_row_funds_not_a_phase_its_activity_names_beside_works():
    # the title names the works; the activity field is the agency's planning line
    row = features("Peningkatan ruas jalan poros Kebong", activity="Perencanaan Teknis Bidang Jalan")
    assert row.phase == ""
    assert analysis.load(analysis.dump(row)).phase == ""
    # a title naming the object alone funds what its activity names
    design = features("Ruas jalan poros Kebong", activity="Perencanaan Teknis Bidang Jalan")
    assert design.phase == "study" and analysis.load(analysis.dump(design)).phase == "study"


# --- words read as the wrong kind ------------------------------------------------------------------------

def test_a_weighbridge_is_a_station_that_weighs_lorries_not_a_bridge():
    weighing = "Rehabilitasi jembatan timbang kendaraan di ruas jalan provinsi"
    assert features(weighing).kinds == {"transport.weighbridge"}
    assert not verdict(weighing, "Rehabilitasi jembatan kayu di ruas jalan provinsi")["flagged"]


def test_a_channel_of_clean_water_is_water_supply_not_irrigation():
    piped = "Perluasan saluran air bersih ke permukiman baru"
    assert features(piped).kinds == {"water"}
    assert not verdict(piped, "Perluasan saluran irigasi ke persawahan baru")["flagged"]
    # a channel of water to the fields stays irrigation
    assert features("Perbaikan saluran air menuju sawah warga").kinds == {"irrigation"}


# --- a role is no name ----------------------------------------------------------------------------------

def test_a_role_after_a_naming_word_names_no_asset():
    assert item("Semenisasi gang petugas kebersihan", 1).asset_names == frozenset()
    assert verdict("Semenisasi gang petugas kebersihan", "Semenisasi gang Cempaka")["flagged"]
    # after "kelompok" a role is the kind of group, its name read after it
    assert item("Bantuan perahu motor kelompok petambak Cempaka", 1).asset_names == {"cempaka"}
    assert verdict("Bantuan perahu motor kelompok petambak", "Bantuan perahu motor kelompok Cempaka")["flagged"]


# --- two institutions of reading -------------------------------------------------------------------------

def test_a_school_library_and_a_village_reading_house_are_two_institutions():
    school = "Rehabilitasi ruang perpustakaan SMP Negeri 4 Kebong"
    assert features(school).kinds == {"edu.library.school"}
    for village in ("Bantuan rak dan buku untuk rumah baca desa Kebong", "Penguatan taman bacaan masyarakat Kebong",
                    "Rehabilitasi perpustakaan desa Kebong"):
        assert not verdict(school, village)["flagged"]
    # a village library and a reading house are one; a library's books go with either kind of library
    assert verdict("Rehabilitasi perpustakaan desa Kebong", "Rehabilitasi rumah baca Kebong")["flagged"]
    assert verdict("Pengadaan buku bacaan anak untuk taman baca Kebong", "Pengembangan taman baca Kebong")["flagged"]


# --- ambiguous short forms --------------------------------------------------------------------------------

def test_an_ambiguous_short_form_is_read_only_as_the_item_texts_support():
    # "psr" is a market or the oil-palm replanting programme: alone it is neither
    bare = features("Renovasi psr Kebong")
    assert not bare.kinds and bare.unknown == {"psr"}
    # ... its programme or its problem says which
    assert features("Renovasi psr Kebong", problem="Kios dan los pedagang kusam").kinds == {"market"}
    assert features("Bantuan bibit psr kelompok tani", program="Program Pengembangan Perkebunan").kinds == {
        "agri.cultivation"}
    assert features("Bantuan bibit psr sawit 20 ha").kinds == {"agri.cultivation"}  # a word of the reading
    # ... and read on nothing, the other title says which
    assert verdict("Renovasi psr Kebong", "Renovasi pasar desa Kebong")["flagged"]


def test_a_short_form_of_two_readings_follows_the_health_line_of_its_activity():
    row = features("Rehab gedung pst Kebong", activity="Pembangunan dan rehabilitasi puskesmas pembantu")
    assert "pustu" in row.title_seq and "pst" not in row.title_seq
    assert "pst" in features("Rehab gedung pst Kebong").title_seq
