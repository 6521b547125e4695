"""Overlap detection: the same programme planned by two agencies in their own words — a Bappeda matrix of draft Renja
rows, where one agency names the object and another the target group (farm roads by the farm office and by public
works, special houses for teachers or a customary community, supplementary food for pregnant women or for small
children). Each text is written for these tests (none is copied from a labelled set)."""
from forum.services import overlap
from tests.test_overlap_tidy_r11 import features, verdict

# --- one object, two agencies' words ---------------------------------------------------------------------

def test_a_road_giving_access_to_the_paddies_is_a_farm_road():
    assert features("Peningkatan jalan akses persawahan Dusun Kebong").kinds == {"farm_road"}
    assert verdict("Peningkatan jalan akses persawahan Dusun Kebong", "Pembangunan jalan usaha tani Kebong")["flagged"]


def test_an_acronym_of_the_lexicon_is_not_read_as_a_contraction_of_a_place_phrase():
    # "BTS desa" is a tower in the village, not a village boundary ("batas desa")
    assert features("Fasilitasi BTS desa terpencil Kebong").kinds == {"telecom.tower"}


def test_a_smokehouse_for_fish_is_fish_processing_not_a_fish_house_in_the_sea():
    for title in ("Bantuan rumah salai ikan kelompok pengolah", "Rumah asap ikan bagi pengolah Kebong"):
        assert features(title).kinds == {"fish.processing"}


def test_opening_new_paddy_land_is_new_rice_fields():
    assert features("Pembukaan lahan sawah baru 30 ha Kebong").kinds == {"agri.rice_field"}
    assert verdict("Pembukaan lahan sawah Kebong", "Cetak sawah baru Kebong")["flagged"]


def test_emergency_response_logistics_for_victims_is_aid_to_the_victims():
    assert verdict("Logistik tanggap darurat kebakaran permukiman Kebong",
                   "Bantuan bagi korban kebakaran permukiman Kebong")["flagged"]


def test_the_jetty_of_a_fish_landing_site_is_the_landing_site():
    assert features("Rehab dermaga TPI Kebong").kinds == {"fish.landing"}
    assert verdict("Rehab dermaga TPI Kebong", "Perbaikan tempat pelelangan ikan Kebong")["flagged"]


def test_early_marriage_is_child_marriage():
    assert "health.child_marriage" in features("Sosialisasi cegah perkawinan dini bagi pelajar SMP").kinds


def test_an_orientation_of_volunteers_is_training():
    assert verdict("Orientasi kader posyandu tentang penimbangan bayi",
                   "Pelatihan kader posyandu tentang penimbangan bayi")["flagged"]


def test_welding_is_one_trade_whoever_trains_it():
    assert features("Pelatihan las listrik bagi pencari kerja").kinds == {"sme.welding"}
    assert verdict("Pelatihan las listrik bagi pencari kerja", "Pelatihan mengelas bagi pemuda desa")["flagged"]
    assert not verdict("Pelatihan las listrik bagi pencari kerja", "Pelatihan menjahit bagi pemuda desa")["flagged"]


def test_a_cheap_market_is_an_operation_not_a_market_building():
    operation = "Operasi pasar murah menjelang Natal di Kebong"
    assert features(operation).kinds == {"trade.market_operation"}
    assert verdict(operation, "Gerakan pangan murah menjelang Natal di Kebong")["flagged"]
    assert not verdict(operation, "Revitalisasi pasar desa Kebong")["flagged"]


def test_a_special_house_is_the_housing_of_the_group_it_is_for():
    assert features("Pembangunan rumah khusus untuk guru pedalaman").kinds == {"edu.teacher_house"}
    assert verdict("Pembangunan rumah khusus untuk guru pedalaman", "Pembangunan rumah dinas guru SD")["flagged"]
    assert features("Rumah khusus warga komunitas adat").kinds == {"housing.customary"}


def test_packaging_a_home_made_food_is_one_work_whichever_office_trains_it():
    assert features("Pelatihan desain kemasan dodol bagi kelompok wanita").kinds == {"sme.packaging"}
    assert verdict("Pelatihan desain kemasan dodol bagi kelompok wanita",
                   "Pelatihan pengemasan dan PIRT dodol kelompok wanita")["flagged"]


def test_a_joint_business_grant_to_fishermen_is_their_fishing_means():
    grant = "Bantuan KUBE nelayan pesisir Kebong"
    assert features(grant).kinds == {"fish.capture"}
    assert verdict(grant, "Bantuan sarana perikanan tangkap nelayan Kebong")["flagged"]
    assert features("Bantuan KUBE fakir miskin Kebong").kinds == {"social.kube"}
    # insuring the same fishermen is another work
    assert features("Premi asuransi nelayan Kebong").kinds == {"social.insurance"}
    insured = "Premi asuransi nelayan Kebong"
    assert not verdict(grant, insured, program="Program Pengelolaan Perikanan Tangkap")["flagged"]


# --- one kind, two target groups or two works --------------------------------------------------------------

def test_supplementary_food_for_pregnant_women_and_for_small_children_are_two_programmes():
    pregnant = "Pemberian makanan tambahan ibu hamil KEK"
    assert not verdict(pregnant, "Pemberian makanan tambahan balita gizi kurang")["flagged"]
    assert verdict("PMT balita gizi kurang Kebong", "Pemberian makanan tambahan bagi balita kurus Kebong")["flagged"]


def test_water_trucked_in_a_drought_is_relief_not_a_water_supply_built():
    trucked = "Droping air bersih saat kemarau panjang"
    assert features(trucked).kinds == {"disaster.water_relief"}
    assert not verdict(trucked, "Pembangunan sumur bor air bersih")["flagged"]
    assert verdict(trucked, "Pengiriman air bersih dengan truk tangki saat kemarau")["flagged"]


def test_upland_rice_and_paddy_rice_are_two_crops():
    assert not verdict("Bantuan benih padi gogo bagi peladang", "Bantuan benih padi sawah bagi petani")["flagged"]


def test_an_irrigation_scheme_written_short_with_dots_is_its_main_canals():
    scheme = "Rehabilitasi jaringan irigasi D.I. Kebong Hulu"
    assert not verdict(scheme, "Pembangunan irigasi tersier Kebong")["flagged"]
    assert verdict(scheme, "Rehabilitasi saluran sekunder D.I. Kebong Hulu")["flagged"]


def test_fruit_in_general_meets_one_fruit_and_two_fruits_are_two_aids():
    assert not verdict("Bantuan bibit alpukat kelompok tani", "Bantuan bibit jeruk kelompok tani")["flagged"]
    assert verdict("Bantuan bibit buah-buahan kelompok tani", "Bantuan bibit durian kelompok tani")["flagged"]


# --- places -------------------------------------------------------------------------------------------------

def test_a_village_named_without_the_part_that_splits_it_is_either_part(app):
    # Selimbau has Piasak Hulu and Piasak Hilir and no Piasak: "Desa Piasak" is one of the two
    district, village = ("Kabupaten Kapuas Hulu", "Selimbau", ""), ("Kabupaten Kapuas Hulu", "Selimbau", "Piasak Hulu")
    listing, one = (overlap.analysed(n, n, [place], title=title) for n, place, title in (
        (1, district, "Pembangunan sumur bor air bersih Desa Semalah dan Desa Piasak"),
        (2, village, "Sumur bor air bersih warga Piasak Hulu")))
    parts = {("kapuas hulu", "selimbau", "piasak hulu"), ("kapuas hulu", "selimbau", "piasak hilir")}
    assert parts <= set(listing.places)
    assert overlap.explain(listing, one)["place"] == "same_village"


def test_a_hiking_trail_is_the_tourist_site_s_not_a_road_sign():
    assert features("Perbaikan jalur pendakian Bukit Kebong").kinds == {"tourism"}


def test_monitoring_a_river_s_water_is_pollution_control_not_testing_household_water():
    assert features("Pemantauan kualitas air sungai di hilir tambang").kinds == {"env.pollution"}
    assert not verdict("Pemantauan kualitas air sungai di hilir tambang",
                       "Pemeriksaan kualitas air sumur warga Kebong")["flagged"]
