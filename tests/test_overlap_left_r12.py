"""Overlap detection: leftovers of the first round with a general mechanism behind them (a reason clause, a reading
rule, a word family). Each text is written for these tests (none is copied from a labelled set)."""
from tests.test_overlap_tidy_r11 import features, verdict

# --- a reason clause says why, not what the asset is for ----------------------------------------------------------

def test_a_cause_told_in_a_reason_clause_does_not_make_the_well_a_peat_well():
    # the water is brown because of the peat: the well asked for is a drinking-water borehole
    asked = "Air sumur dangkal di dusun berwarna coklat karena tanah gambut, warga mohon dibuatkan sumur bor"
    assert "peat.well" not in features(asked).kinds
    assert verdict(asked, "Pembangunan sumur bor air bersih dusun Kebong Hilir")["flagged"]


def test_a_well_whose_own_words_say_peat_rewetting_stays_a_peat_well():
    assert "peat.well" in features("Pembangunan sumur bor pembasahan lahan gambut dusun Kebong Hilir").kinds


def test_a_cause_clause_keeps_naming_the_asset_when_the_scene_is_told_by_when():
    # "saat" tells when the fires came: the pond asked for is still the fire-prevention reservoir
    asked = ("Saat musim kering kebakaran lahan di dusun tidak bisa dipadamkan, warga minta dibuatkan embung "
             "untuk dusun")
    assert "forest.fire" in features(asked).kinds


# --- rain-fed fields -----------------------------------------------------------------------------------------------

def test_rain_fed_fields_are_no_rainwater_source_of_the_pump_asked_for_them():
    asked = "Petani dusun Kebong Hilir minta pompa air dan selang pipa supaya sawah bisa ditanami dua kali setahun"
    assert verdict("Pengadaan pompa air untuk lahan tadah hujan dusun Kebong Hilir", asked)["flagged"]


def test_rainwater_tanks_and_piped_water_stay_two_sources():
    found = verdict("Pembangunan bak tadah hujan dusun Kebong Hilir", "Pemasangan pipa air bersih dusun Kebong Hilir")
    assert not found["flagged"]


# --- a colon lists what the work consists of -----------------------------------------------------------------------

def test_works_listed_after_a_colon_are_the_items_work():
    agency = "Pembinaan Taman Bacaan Dusun Kebong Hilir: pengadaan buku cerita dan lemari"
    assert features(agency).work == "both"  # the coaching and the goods it gives (analysis._works_side_by_side)
    asked = "Anak-anak dusun Kebong Hilir minta buku cerita dan lemari untuk taman bacaan"
    assert verdict(agency, asked)["flagged"]


def test_a_training_named_after_a_colon_stays_training():
    assert features("Pembinaan Taman Bacaan Dusun Kebong Hilir: pelatihan pengelola").work == "training"
