"""Overlap detection: Musrenbang sentences of the sub-district recap — training the people have had already is not
what they ask for. Each text is written for these tests (none is copied from a labelled set)."""
from tests.test_overlap_tidy_r11 import features, verdict

ASKED = "Mohon bantuan oven dan mixer kue untuk ibu-ibu PKK Kebong yang sudah pernah ikut pelatihan membuat kue"


def test_training_had_already_is_not_what_a_request_asks_for():
    assert features(ASKED).work == "physical"
    assert verdict(ASKED, "Bantuan peralatan usaha kue bagi kelompok PKK Kebong")["flagged"]
    assert not verdict(ASKED, "Pelatihan membuat kue bagi ibu-ibu PKK Kebong")["flagged"]
    # training asked for stays training
    assert features("Mohon pelatihan membuat kue untuk ibu-ibu PKK Kebong").work == "training"
