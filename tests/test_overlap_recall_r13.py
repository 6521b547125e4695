"""Overlap detection: recall on how other writers name the same work — a family of goods by its family's name, a farm's
inputs by their short form, a dredge's holes, a clinic called small. Each text is written for these tests (none is
copied from a labelled set)."""
from tests.test_overlap_tidy_r11 import features, verdict

# --- vocabulary: families of goods and their short forms -------------------------------------------------------------

def test_ict_devices_for_a_school_are_the_schools_computers():
    devices = "Pengadaan perangkat TIK untuk kegiatan belajar SMP Negeri 3"
    assert features(devices).kinds >= {"edu.ict"}
    assert features("Mohon bantuan dua unit laptop dan proyektor untuk SMPN 3").kinds == {"edu.ict"}
    assert verdict(devices, "Mohon bantuan dua unit laptop dan proyektor untuk SMPN 3")["flagged"]
    # a computer for the village office stays office equipment
    assert features("Pengadaan komputer kantor desa").kinds == {"building.office"}


def test_a_farms_production_inputs_written_short_are_cultivation_support():
    assert features("Bantuan saprotan jagung untuk poktan Harapan").kinds == {"agri.cultivation"}
    assert verdict("Bantuan saprotan jagung untuk poktan Harapan",
                   "Mohon bantuan benih jagung dan mulsa untuk kelompok tani Harapan")["flagged"]


def test_the_holes_a_gold_dredge_left_are_mined_land():
    holes = "Mohon lubang bekas dompeng di pinggir kampung ditimbun karena berbahaya untuk anak"
    assert "env.pollution.mine_land" in features(holes).kinds
    assert verdict(holes, "Reklamasi lahan eks PETI Kebong")["flagged"]


def test_a_small_health_centre_is_the_auxiliary_post_and_a_bridge_written_jbt_is_a_bridge():
    assert features("Mohon dibangun puskesmas kecil di dusun hulu").kinds == {"health.aux"}
    assert verdict("Mohon dibangun puskesmas kecil di dusun hulu", "Pembangunan Pustu Kebong")["flagged"]
    assert features("Jbt prt Haji Sulaiman").kinds == {"bridge"}
