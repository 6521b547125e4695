"""Overlap detection: the last session's leftovers with a general reading behind them — a part of an area asked because
of the area, a building for health services of no kind, a town's primary channel, a river named by a word of a kind, a
place named as an example, the tourist area around a site, lanes of one name of which one is numbered. Each text is
written for these tests (none is copied from a labelled set)."""
from forum.services.overlap import analysis
from tests.test_overlap_tidy_r11 import features, verdict

# --- a part asked because of its area is the area's work -----------------------------------------------------------

SLUM = "Penanganan permukiman kumuh desa Kebong"
CROWDED = "Rumah padat di tepian sungai"


def test_a_boardwalk_asked_because_the_kampung_is_a_slum_is_the_slum_upgrading():
    asked = "Mohon gertak papan di tepian sungai diganti cor karena kampung kami tergolong kumuh"
    assert verdict(asked, SLUM, problem=CROWDED)["flagged"]


def test_a_boardwalk_asked_for_its_own_sake_stays_a_part_the_wording_must_tie():
    asked = "Mohon gertak papan di tepian sungai diganti cor karena papannya sudah lapuk"
    assert not verdict(asked, SLUM, problem=CROWDED)["flagged"]


def test_the_signature_keeps_what_a_reason_names():
    row = features("Mohon gertak papan diganti cor karena kampung kami tergolong kumuh")
    assert row.reason_topics == {"slum"} and analysis.load(analysis.dump(row)).reason_topics == {"slum"}


def test_a_classroom_naming_its_school_is_no_other_school_s_building():
    # an institution's part names its institution as a matter of course: no reading of the whole from it
    classroom = "Pembangunan ruang kelas TK Negeri Pembina Kebong"
    assert not verdict(classroom, "Warga minta gedung PAUD Mawar dibangun di tanah hibah", activity="Gedung PAUD")[
        "flagged"]


# --- a building for health services named by no kind -----------------------------------------------------------------

def test_a_health_services_building_is_the_general_health_facility():
    building = "Pembangunan gedung pelayanan kesehatan dusun Antu"
    assert features(building).kinds == {"health"}
    assert features("Rehab faskes dusun Antu").kinds == {"health"}
    # the general form of the village's auxiliary post, as a school is of its classrooms: the wording then decides
    assert verdict(building, "Pembangunan pustu dusun Antu")["kind"] == "general"
    assert not verdict(building, "Pembangunan gedung serbaguna dusun Antu")["flagged"]


# --- a town's primary channel drains it ------------------------------------------------------------------------------

def test_a_primary_channel_of_a_town_is_its_drainage():
    town = "Pengerukan saluran sekunder kelurahan Kebong yang sering meluap"
    assert features(town).kinds == {"drainage"}
    assert verdict(town, "Normalisasi drainase lingkungan kelurahan Kebong")["flagged"]


def test_a_primary_channel_that_waters_fields_stays_irrigation():
    assert features("Pengerukan saluran sekunder kelurahan Kebong untuk mengairi sawah").kinds == {"irrigation"}
    assert features("Rehabilitasi saluran irigasi kelurahan Kebong").kinds == {"irrigation"}
    assert features("Rehabilitasi saluran sekunder Kebong").kinds == {"irrigation"}


# --- a river named by a word of a kind --------------------------------------------------------------------------------

def test_a_river_named_by_a_word_of_a_kind_tells_its_bridge_apart():
    market_river = "Pembangunan Jembatan Sungai Pasar Desa Kebong"
    assert not verdict(market_river, "jembatan sei lebak kebong, papan sdh lapuk")["flagged"]
    assert verdict(market_river, "Warga minta jembatan di Sungai Pasar diganti beton")["flagged"]
    assert not verdict("Rehabilitasi Jembatan di Sungai Taman Kebong", "Rehabilitasi jembatan sungai Lebak Kebong")[
        "flagged"]


# --- a place named in passing, as an example ------------------------------------------------------------------------

def test_a_place_named_as_an_example_places_no_proposal_there(app):
    from forum.services.overlap import place_in_text

    with app.app_context():
        assert place_in_text("Mohon dibuatkan taman bermain seperti di Kota Singkawang") == ("", "", "")
        assert place_in_text("Usulan warga", body="jalan rusak, tolong diaspal sebagaimana jalan di Desa Sebunga") == (
            "", "", "")
        # the place the request names beside its example is still read
        assert place_in_text("Mohon taman bermain di Desa Sebunga seperti yang ada di Kota Singkawang") == (
            "Kabupaten Sambas", "Sajingan Besar", "Sebunga")
        assert place_in_text("Mohon taman bermain seperti di kota, untuk anak Desa Sebunga") == (
            "Kabupaten Sambas", "Sajingan Besar", "Sebunga")


# --- the area around a site ------------------------------------------------------------------------------------------

TOURISM = "Pengelolaan daya tarik wisata"
AREA = "Penataan kawasan makam raja Kebong"


def test_the_tourist_area_around_a_site_is_tourism_its_facilities_are_its_parts():
    assert features(AREA, activity=TOURISM).kinds == {"tourism"}
    asked = "Mohon dibuat tempat parkir dan toilet umum di makam raja Kebong untuk para peziarah"
    assert verdict(asked, AREA, activity=TOURISM)["flagged"]


def test_the_site_s_own_upkeep_is_another_work_than_its_tourist_area():
    assert not verdict("Pemeliharaan pagar dan rumput makam raja Kebong", AREA, activity=TOURISM)["flagged"]
    market_area = "Penataan kawasan pasar ikan Kebong"
    assert not verdict("Revitalisasi pasar ikan Kebong (los basah)", market_area,
                       activity="Pengembangan kawasan wisata kuliner")["flagged"]


def test_a_site_s_area_named_for_no_tourism_stays_the_site():
    assert features(AREA).kinds == {"culture.heritage"}


# --- lanes of one name, one numbered ---------------------------------------------------------------------------------

def test_numbered_lanes_are_different_lanes():
    assert not verdict("Semenisasi Gang Seroja 1 desa Kebong", "Semenisasi Gang Seroja 2 desa Kebong")["flagged"]
    assert not verdict("Pengerasan Lorong III desa Kebong", "Pengerasan Lorong IV desa Kebong")["flagged"]


def test_a_lane_numbered_after_its_name_is_the_sibling_of_the_lane_of_that_name_alone():
    numbered = "Peningkatan Gang Seroja 2 desa Kebong (rabat beton), 200 m"
    assert not verdict("Warga Gang Seroja RT 04 minta jalan gangnya dicor karena becek", numbered)["flagged"]
    assert verdict("Warga Gang Seroja 2 RT 04 minta jalan gangnya dicor karena becek", numbered)["flagged"]
    assert verdict("Warga Gang Seroja RT 04 minta jalan gangnya dicor karena becek",
                   "Peningkatan Gang Seroja desa Kebong (rabat beton), 200 m")["flagged"]
