"""Overlap detection: what tells two assets of one kind in one village apart — a hearse and an ambulance, a fish
hatchery and the seed handed out to ponds, the houses a disaster damaged and the substandard houses of the poor, a
scheme's weir or canals and the farm-level ditches. Each text is written for these tests (none is copied from a
labelled set)."""
from tests.test_overlap_tidy_r11 import verdict


def test_a_hearse_is_not_an_ambulance():
    assert not verdict("Pengadaan mobil jenazah untuk desa", "Pengadaan mobil ambulans untuk desa")["flagged"]
    assert verdict("Pengadaan mobil jenazah untuk desa", "Mobil jenazah desa")["flagged"]


def test_a_fish_hatchery_is_not_the_seed_handed_out():
    hatchery = "Rehabilitasi BBI kecamatan"
    assert not verdict(hatchery, "Penyaluran benih ikan lele ke kolam warga")["flagged"]
    assert verdict(hatchery, "Perbaikan hatchery BBI kecamatan")["flagged"]


def test_houses_a_disaster_damaged_are_not_the_substandard_houses_of_the_poor():
    fire = "Bantuan perbaikan rumah korban kebakaran"
    assert not verdict(fire, "Bedah rumah tidak layak huni warga")["flagged"]
    assert verdict(fire, "Perbaikan rumah warga korban kebakaran")["flagged"]


def test_a_facet_term_of_several_words_is_read_whole():
    # "balai" alone is any hall; "balai benih" is a hatchery
    seed = "Penyaluran benih ikan lele ke kolam warga"
    assert not verdict("Rehabilitasi balai benih ikan kecamatan", seed)["flagged"]


def test_a_schemes_weir_or_canals_are_not_the_farm_level_ditches():
    ditches = "Pembangunan JITUT hamparan sawah"
    assert not verdict("Perbaikan bendung irigasi sawah", ditches)["flagged"]
    assert not verdict("Rehabilitasi jaringan irigasi permukaan", ditches)["flagged"]
    assert not verdict("Normalisasi saluran Jaringan Irigasi D.I. Riam", "Saluran irigasi tersier hamparan")["flagged"]
    # the farm-level ditches written as a level and as the short form are one network
    assert verdict(ditches, "Pembangunan saluran irigasi tersier hamparan sawah")["flagged"]


def test_a_fish_landing_jetty_is_not_a_ferry_landing():
    assert not verdict("Rehab dermaga PPI kecamatan", "Rehab dermaga penyeberangan kecamatan")["flagged"]
