"""Overlap detection: words of the export's voice and of the sub-district recap that the lexicon lacked — a sea
ambulance, a state kindergarten written short, a park along a riverbank, a wet fish-cracker home industry and its
licence. Each text is written for these tests (none is copied from a labelled set)."""
from tests.test_overlap_tidy_r11 import features, verdict


def test_a_sea_ambulance_is_a_water_ambulance():
    assert features("Mohon ambulans laut untuk pulau kami").kinds == {"health.water_ambulance"}
    assert verdict("Ambulans laut Puskesmas Kebong", "Pengadaan speedboat rujukan pasien Puskesmas Kebong")["flagged"]


def test_tkn_is_a_state_kindergarten():
    assert features("Rehab gedung TKN Kebong").kinds == {"school.early"}


def test_a_park_along_a_riverbank_is_the_riverside_arranged():
    assert features("Penataan taman kota tepian sungai Kebong").kinds == {"waterfront"}
    assert verdict("Penataan taman kota tepian sungai Kebong", "Taman tepi sungai Kebong")["flagged"]
    assert features("Penataan taman kota Kebong").kinds == {"park"}


def test_wet_fish_crackers_are_a_home_food_industry_and_their_licence_no_machine():
    assert features("Bantuan alat produksi kerupuk basah kelompok ibu-ibu Kebong").kinds == {"sme.food"}
    assert not verdict("Bantuan mesin giling kerupuk basah Kebong", "Fasilitasi sertifikasi halal kerupuk basah Kebong",
                       )["flagged"]


def test_a_fire_pump_for_the_peat_fire_brigade_is_land_fire_equipment():
    assert features("Bantuan pompa pemadam portabel untuk MPA Kebong").kinds == {"forest.fire"}
    assert verdict("Bantuan pompa pemadam portabel untuk MPA Kebong", "Pompa karhutla MPA Kebong")["flagged"]
    # a fire pump for the houses stays fire fighting, and so does one that names both fires
    assert features("Bantuan pompa pemadam portabel untuk permukiman Kebong").kinds == {"fire"}
    assert features("Hidran dan pompa pemadam untuk kebakaran permukiman dan karhutla Kebong").kinds == {"fire"}
    # a reservoir against land fires is read as before
    assert features("Pembangunan embung untuk pemadaman karhutla di Kebong").kinds == {"forest.fire"}
