"""Overlap detection, reading and vocabulary classes found in the misses of blind-7 (tests/data/overlap_blind7.json,
a development set since 2026-12-07 13:35) and the earlier blinds: each test is written in wording of its own — the
class of wording, never a labelled pair."""
import pytest

from forum.services import overlap
from forum.services.overlap import analysis

KAPUAS = "Kabupaten Kapuas Hulu"
VILLAGE = (KAPUAS, "Embaloh Hilir", "Keliling Semulung")


def features(title, **fields):
    return analysis.analyse(title, regency=KAPUAS, **fields)


def item(title, key, **fields):
    return overlap.analysed(key, key, [VILLAGE], title=title, **fields)


def verdict(a, b, **fields):
    return overlap.explain(item(a, 1), item(b, 2, **fields))


def test_a_village_asking_for_internet_and_one_asking_for_a_signal_tower_ask_for_one_connectivity():
    wifi = "Pemasangan jaringan internet wifi untuk warga Keliling Semulung yang belum ada sinyal"
    tower = "Pembangunan tower BTS Keliling Semulung, warga belum ada sinyal hp"
    assert verdict(wifi, tower)["flagged"]
    assert verdict(tower, wifi)["kind"] == "general"
    # a radio for the village office is no connectivity work of the same asset
    assert not verdict("Pengadaan radio komunikasi HT untuk kantor desa", tower)["flagged"]


def test_a_slum_area_on_the_water_is_mostly_its_boardwalks():
    slum = "Peningkatan kualitas permukiman kumuh di atas air Keliling Semulung"
    walk = "Penggantian titian kayu permukiman di atas air Keliling Semulung"
    assert verdict(slum, walk)["kind"] == "general" and verdict(slum, walk)["flagged"]


def test_a_tourist_site_is_mostly_its_walkways_and_its_riverside():
    site = "Pengembangan objek wisata hutan bakau Keliling Semulung"
    walkway = "Pembangunan jembatan titian kayu di hutan bakau untuk wisatawan Keliling Semulung"
    assert verdict(site, walkway)["kind"] == "general" and verdict(site, walkway)["flagged"]
    riverside = "Penataan kawasan wisata tepian sungai Keliling Semulung"
    promenade = "Pembangunan kawasan tepian sungai (riverfront) Keliling Semulung untuk wisata warga"
    assert verdict(riverside, promenade)["flagged"]
    # a tourist site and a farm road of one village stay apart
    assert not verdict(site, "Pembangunan jalan usaha tani Keliling Semulung")["flagged"]


def test_a_musrenbang_request_in_the_activity_adds_what_it_asks_for_to_the_titles_short_label():
    pond = features("Kolam kampung", activity="Warga Dusun Teluk mengusulkan embung untuk menampung air hujan "
                                              "supaya sawah tidak kering saat kemarau")
    assert pond.kinds == {"fish.farm.pond", "reservoir"}
    scales = features("Posyandu Dusun Teluk", activity="Kader posyandu Dusun Teluk mengusulkan timbangan bayi dan "
                                                       "alat ukur tinggi badan karena alat yang lama sudah rusak")
    assert scales.kinds == {"health.posyandu", "health.equipment"}
    asked = verdict("embung desa keliling semulung", "Kolam kampung",
                    activity="Warga Dusun Teluk mengusulkan embung untuk menampung air hujan supaya sawah tidak "
                             "kering saat kemarau")
    assert asked["flagged"], asked


def test_only_an_explicit_request_adds_a_kind_not_a_work_word_of_a_clause_saying_why():
    why = features("Posyandu Dusun Teluk", activity="Karena jembatan yang dibangun dulu sudah lapuk, ibu-ibu sulit "
                                                    "datang ke posyandu")
    assert why.kinds == {"health.posyandu"}
    # a request for the title's own kind, or a specific form of it, adds nothing
    assert features("Sekolah Dusun Teluk", activity="Warga mengusulkan ruang kelas baru").kinds == {"school"}


def test_an_event_in_a_clause_saying_why_is_not_the_work_asked_for():
    court = features("Lapangan voli Dusun Teluk", activity="Pemuda Dusun Teluk mengusulkan lapangan voli supaya "
                                                          "bisa dipakai untuk turnamen antar dusun")
    assert court.work == "physical"
    assert features("Turnamen voli antar dusun").work == "training"  # the event asked for itself still is
    assert features("Lapangan voli Dusun Teluk", activity="Turnamen voli antar dusun").work == "training"
    built = verdict("pembangunan lapangan voli dusun teluk keliling semulung", "Lapangan voli Dusun Teluk",
                    activity="Pemuda Dusun Teluk mengusulkan lapangan voli supaya bisa dipakai untuk turnamen "
                             "antar dusun")
    assert built["flagged"] and not built["vetoes"]


# each a family of spellings, abbreviations or synonyms of one kind of work, written as planning rows, DPRD notes
# and Musrenbang labels write them
READINGS = {
    "Normalisasi drenase gang Mawar": {"drainage"},  # a common spelling of drainase
    "Rumdin bidan pustu Teluk": {"health.staff_house"},  # rumdin: rumah dinas
    "Pembangunan dinding penahan tanah belakang masjid": {"bank"},
    "Penahan tanah tebing kampung Teluk": {"bank"},
    "Break water kampung nelayan": {"bank.coast"},
    "Pondokan pelajar SMP dari dusun jauh": {"edu.dormitory"},
    "Mess siswa SMK": {"edu.dormitory"},
    "Kombain untuk gapoktan": {"agri.machinery.harvester"},
    "Alat pemanen padi kelompok tani": {"agri.machinery.harvester"},
    "Kit posyandu lansia Teluk": {"health.equipment"},
    "Alat cek gula darah posbindu": {"health.equipment"},
    "Pengadaan posbindu PTM kit Dusun Teluk": {"health.equipment"},  # PTM: penyakit tidak menular
    "Kapal puskesmas keliling untuk dusun di hulu sungai": {"health.mobile"},
    "Puskesmas terapung Danau Teluk": {"health.mobile"},
    "Bibit lebah madu untuk kelompok hutan desa": {"apiculture"},
    "Gedung kesenian dan panggung pertunjukan desa": {"culture.arts.building"},
    "Bantuan gamelan dan gendang untuk sanggar tari": {"culture.arts.instruments"},
    "Taman rakyat di tepi gang Teluk": {"park"},
    "Penimbunan lubang bekas tambang di belakang dusun": {"env.pollution.mine_land"},
    "Reklamasi eks tambang pasir Teluk": {"env.pollution.mine_land"},
}


@pytest.mark.parametrize("title", READINGS)
def test_vocabulary_families_of_spellings_abbreviations_and_synonyms(title):
    assert features(title).kinds == READINGS[title]


def test_the_harvest_is_not_the_harvester():
    assert not features("Hasil panen padi menurun").kinds


def test_a_toilet_named_with_its_school_is_the_school_toilet():
    assert features("Toilet MTs Nurul Huda").kinds == {"sanitation.school"}
    assert features("Jamban murid SD 4").kinds == {"sanitation.school"}
    assert features("Toilet umum pasar").kinds == {"sanitation.public"}
    assert verdict("WC sekolah SDN 4 Keliling Semulung", "toilet sd 4 keliling semulung")["flagged"]


def test_an_arts_groups_building_and_its_instruments_are_two_works():
    stage = "Pembangunan gedung latihan tari sanggar Keliling Semulung"
    drums = "Bantuan alat musik gendang dan rebana sanggar Keliling Semulung"
    assert not verdict(stage, drums)["flagged"]
    assert verdict("Revitalisasi sanggar seni Keliling Semulung", stage)["flagged"]  # the group's arts, in general


def test_a_head_of_another_branch_is_read_by_what_its_field_says_it_is_for():
    assert features("Sumur bor untuk pemadaman kebakaran lahan gambut Teluk").kinds == {"peat.well"}
    assert features("Sumur bor air bersih Dusun Teluk").kinds == {"water.well.bore"}
    assert features("Rumah produksi ikan asap kelompok nelayan Teluk").kinds == {"fish.processing"}
    assert features("Rumah produksi kopi bubuk Teluk").kinds == {"agri.processing"}
    well = verdict("Pembangunan sumur bor pembasahan lahan gambut Keliling Semulung",
                   "sumur bor cegah karhutla di lahan gambut keliling semulung")
    assert well["flagged"]


def test_a_boat_named_for_pupils_or_for_referrals_is_the_school_boat_or_the_water_ambulance():
    assert features("Kapal penumpang antar jemput pelajar dusun Teluk").kinds == {"boat.school"}
    assert features("Speedboat untuk rujukan pasien ke puskesmas").kinds == {"health.water_ambulance"}
    assert features("Kapal penumpang Teluk - Putussibau").kinds == {"boat.passenger"}
    assert not verdict("Pengadaan speedboat rujukan pasien Keliling Semulung",
                       "Pengadaan perahu motor antar jemput murid Keliling Semulung")["flagged"]
