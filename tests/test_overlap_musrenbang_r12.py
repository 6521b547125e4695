"""Overlap recall on Musrenbang village sentences, round 12: how real village writers word a request that the
detector misread — who asks standing before an active asking verb, what the object or its site has told after
"yang punya", a general building word for the lexicon's purpose building, an event the asset is used for told beside
the request. Each test is written in wording of its own, never a labelled pair's."""
from __future__ import annotations

from forum.services.overlap import analysis
from tests.test_overlap_scoring_r10 import pair, vetoes

SAMBAS = "Kabupaten Sambas"


def kinds(title: str) -> set[str]:
    return set(analysis.analyse(title, regency=SAMBAS).kinds)


def work(title: str) -> str:
    return analysis.analyse(title, regency=SAMBAS).work


# --- who asks, before an active asking verb, is not the object -------------------------------------------------------

def test_who_asks_before_an_active_asking_verb_is_not_the_object():
    asked = "Perpustakaan dusun bukunya sedikit dan lama, karang taruna meminta bantuan komik dan rak kayu"
    assert kinds(asked) == {"edu.library.community"}
    lusuh = "Taman bacaan di kantor desa bukunya sudah lusuh, karang taruna meminta tambahan bacaan anak dan rak"
    assert kinds(lusuh) == {"edu.library.community"}


def test_who_asks_names_the_object_where_the_request_names_none():
    # nothing the lexicon knows is named after the asking word: the requester's institution is what is helped
    assert kinds("Pengurus gereja minta bantuan") == {"worship.church"}


def test_an_object_before_a_passive_request_stays_the_object():
    assert kinds("Gertak kayu di dusun kami mohon segera diganti") == {"bridge"}
    assert kinds("Surau kampung kami atapnya bocor, pengurus mohon direhab") == {"worship.prayer_house"}


def test_a_word_of_asking_inside_a_name_or_a_noun_trims_nothing():
    assert kinds("Rehabilitasi TPI Harapan Sebunga") == {"fish.landing"}
    assert kinds("Pengadaan kursi roda dan alat bantu dengar bagi warga difabel") >= {"social.disability"}


# --- what an object or its site has is no object ---------------------------------------------------------------------

def test_what_the_site_of_the_object_has_is_not_the_object():
    asked = "Petani ikan di dusun kami mohon dibangun unit pembenihan rakyat di tanah desa yang punya mata air"
    assert kinds(asked) == {"fish.hatchery"}
    assert kinds("Pembangunan aula kantor desa yang memiliki dapur umum") == {"building.hall"}


def test_people_who_do_not_have_something_still_lack_it():
    assert kinds("Bantuan jamban sehat bagi keluarga yang belum punya WC") == {"sanitation.household"}
    assert kinds("Warga lansia yang tidak punya KTP elektronik minta pelayanan jemput bola") == {"gov.adminduk"}


def test_a_part_that_tells_what_the_building_has_adds_no_object():
    asked = "Kalau air naik warga mengungsi ke masjid, mohon dibangun gedung pengungsian yang aman dan punya dapur umum"
    assert kinds(asked) == {"disaster.evacuation"}


def test_wanting_to_have_an_object_asks_for_it():
    assert kinds("Pemuda dusun ingin punya lapangan voli") == {"sport.volleyball"}


# --- a general building word for the lexicon's purpose building -------------------------------------------------------

def test_a_general_building_word_reads_as_the_purpose_building():
    assert kinds("Pembangunan bangunan pengungsian Sebunga") == {"disaster.evacuation"}
    assert kinds("Rehab bangunan sekolah Sebunga") == {"school"}


def test_a_shelter_named_with_a_general_building_word_meets_the_evacuation_site():
    found = pair("Pembangunan Tempat Evakuasi Sementara Sebunga",
                 "Kalau banjir warga Sebunga mengungsi ke surau, kami mohon dibuatkan bangunan pengungsian yang tinggi")
    assert found["flagged"]


# --- an event the asset is used for, told beside the request ---------------------------------------------------------

def test_an_event_told_beside_a_request_for_an_object_is_its_use_not_the_work():
    asked = ("Lapangan voli dusun dipakai lomba antar kampung setiap tahun, bola sering hilang ke kebun, kami mohon "
             "pagar keliling dan tribun penonton")
    assert work(asked) == "physical"
    found = pair("Pembangunan pagar dan tribun lapangan voli Sebunga", asked)
    assert "training_and_works" not in vetoes(found)


def test_an_event_asked_for_is_still_the_work():
    assert work("Lomba voli antar dusun Sebunga") == "training"


def test_the_land_asked_for_after_who_asks_is_the_land_phase():
    asked = "Pengurus surau dan karang taruna meminta tanah untuk jalan masuk pemakaman diadakan"
    assert analysis.analyse(asked, regency=SAMBAS).phase == "land"


# --- "waktu" opens a clause saying when ------------------------------------------------------------------------------

def test_what_a_road_carries_when_it_rains_is_no_use_of_the_road():
    asked = ("Jalan dari simpang kecamatan ke Sebunga masih tanah liat, waktu musim hujan truk pengangkut hasil kebun "
             "tidak bisa lewat, mohon diperkeras")
    found = pair("Peningkatan Jalan Poros Sebunga - Aruk, 4 km", asked)
    assert found["flagged"]
    assert "use_and_through" not in vetoes(found)


# --- the spoken words for clearing a ditch, and a village named after its ditch ---------------------------------------

def test_the_spoken_words_for_clearing_a_ditch_are_work_words_not_content():
    for title in ("parit kampung dikorek pakai alat berat", "pendalaman dan pembersihan parit kampung"):
        found = analysis.analyse(title, regency=SAMBAS)
        assert found.kinds == {"drainage"} and found.work == "physical"
        assert {"korek", "dalam", "bersih"}.isdisjoint(found.words), title



def test_a_village_named_after_its_ditch_names_the_ditch_the_work_is_done_on():
    for title in ("Normalisasi Parit Raja 2 km", "gali parit raja pakai ekskavator"):
        assert kinds(title) == {"drainage"}, title
    assert not kinds("Pembangunan Desa Parit Raja")


# --- a request naming only its work, on a topic the sentence names in full --------------------------------------------

def test_repair_asked_on_a_longhouse_named_in_full_is_the_longhouse_not_a_house():
    asked = "Rumah betang di dusun kami tiangnya sudah lapuk dan atapnya bocor, warga minta dibantu perbaikan"
    assert kinds(asked) == {"culture.longhouse"}
    assert kinds("Rumah janda di dusun kami sudah reyot, mohon dibantu perbaikan") == {"housing"}


# --- a specific form of a whole's core part, and the spoken names of some objects -------------------------------------

def test_public_toilets_at_a_tourist_site_meet_the_site_works():
    found = pair("Pengembangan Objek Wisata Air Terjun Sebunga",
                 "Pengunjung air terjun di Sebunga tidak punya tempat buang air, pokdarwis minta dibangun WC umum")
    assert found["kind"] == "general"


def test_spoken_names_of_latrines_pumps_ferries_and_relief_stores():
    assert kinds("Warga minta dibantu WC sehat untuk 20 rumah") == {"sanitation.household"}
    assert "irrigation.pump" in kinds("Pompanisasi sawah tadah hujan 20 ha")
    assert "transport.ferry" in kinds("Pengadaan KMP penyeberangan sungai")
    assert kinds("Kecamatan mengusulkan gudang penyimpanan logistik bencana dekat kantor camat") \
        == {"disaster.store"}


# --- "shelter", an English loanword of three readings -----------------------------------------------------------------

def test_a_shelter_is_read_as_its_texts_tell():
    assert kinds("Penyediaan shelter bagi korban kekerasan dan perdagangan orang") >= {"social.shelter"}
    assert kinds("Shelter pengungsi banjir di bukit dusun, posko banjir kecamatan") == {"disaster.evacuation"}
    assert kinds("Pembangunan shelter bus depan pasar") == {"transport.stop"}


def test_a_safe_house_meets_a_shelter_for_returned_migrant_workers():
    found = pair("Penyediaan Rumah Aman Korban Kekerasan Sebunga",
                 "tolong shelter utk PMI yg dideportasi dan korban trafficking di sebunga")
    assert found["flagged"]


def test_a_shelter_with_nothing_telling_its_kind_stays_a_bus_stop():
    assert kinds("Pembangunan shelter depan SD") >= {"transport.stop"}
    # a building word of a reading tells nothing: the passengers climb "tangga rumah", no safe house
    found = analysis.analyse("Pembangunan shelter penumpang speedboat", problem="Penumpang naik dari tangga rumah",
                             regency=SAMBAS)
    assert "social.shelter" not in found.kinds


def test_a_quran_school_named_as_villagers_name_it():
    assert kinds("Anak-anak mengaji di teras surau, pengurus minta dibangun ruang mengaji sendiri") \
        == {"worship.quran_school"}
    assert kinds("Rehabilitasi Gedung Taman Pendidikan Al-Qur'an Nurul Huda") == {"worship.quran_school"}
    found = pair("Pembangunan Gedung TPQ Sebunga", "Pembangunan Masjid Jami Sebunga")
    assert not found["flagged"]


def test_housing_for_fishermen_asked_as_a_programme_is_new_housing():
    asked = "Keluarga nelayan masih menumpang di rumah mertua, mereka minta program perumahan nelayan dekat muara"
    assert kinds(asked) == {"housing.new"}
