"""Overlap detection: rows pasted from the planning system's export, titled by the bare sub-activity ("Pembangunan
Jalan", "Pembangunan Jembatan") with the object named only in the activity or the description. That line is read as
a title is: its names, rivers, route ends and hamlets tell two works of one nomenclature apart. Each text is written
for these tests (none is copied from a labelled set)."""
from forum.services import overlap
from forum.services.overlap import analysis
from tests.test_overlap_tidy_r11 import features, item

ROAD = "Pembangunan Jalan"
BRIDGE = "Pembangunan Jembatan"


def _pair(first: dict, second: dict) -> dict:
    return overlap.explain(item(key=1, **first), item(key=2, **second))


# --- which line describes the object ----------------------------------------------------------------------------

def test_a_bare_nomenclature_title_reads_its_object_from_the_activity():
    row = features(BRIDGE, activity="Pembangunan jembatan kayu Sungai Ensait Desa Kebong")
    assert row.kinds == {"bridge"}
    assert "ensait" in row.title_seq
    # a title that names its own object keeps it: the activity is then the agency's line
    named = features("Pembangunan jembatan gantung Sungai Tebidah", activity="Pembangunan jembatan kayu Sungai Ensait")
    assert "tebidah" in named.title_seq and "ensait" not in named.title_seq


def test_the_activity_describes_the_object_only_where_it_names_the_titles_kind():
    # an activity of another kind (the agency's standing line) leaves the title as it is
    row = features(ROAD, activity="Koordinasi Perencanaan Bidang Infrastruktur Wilayah Kebong")
    assert row.title_seq == ("pembangunan", "jalan")
    assert not analysis._bare_nomenclature(analysis._analyse_field("Pembangunan Jalan Tebidah", "", None))


def test_without_an_activity_the_descriptions_first_clause_naming_the_kind_describes_it():
    row = features(BRIDGE, body="Jembatan beton melintasi Sungai Ensait di ujung kampung, dananya dari DAK.")
    assert "ensait" in row.title_seq


# --- two works of one nomenclature in one village --------------------------------------------------------------

def test_two_export_rows_of_one_nomenclature_on_two_rivers_are_two_bridges():
    ensait = {"title": BRIDGE, "activity": "Pembangunan jembatan kayu Sungai Ensait Desa Kebong"}
    tebidah = {"title": BRIDGE, "activity": "Pembangunan jembatan beton Sungai Tebidah Desa Kebong"}
    assert not _pair(ensait, tebidah)["flagged"]
    # the community's request for the same bridge is the same work
    assert _pair(ensait, {"title": "Jembatan kayu sungai Ensait rusak"})["flagged"]


def test_two_export_rows_of_one_nomenclature_naming_two_lanes_are_two_roads():
    melati = {"title": ROAD, "activity": "Pembangunan jalan rabat beton Gang Melati Dusun Ensait"}
    kenari = {"title": ROAD, "activity": "Pembangunan jalan rabat beton Gang Kenari Dusun Ensait"}
    assert not _pair(melati, kenari)["flagged"]
    assert _pair(melati, {"title": "Rabat beton gang Melati Ensait"})["flagged"]


def test_a_title_naming_no_kind_or_only_the_damage_is_bare_too():
    settled = features("Penataan Lingkungan Permukiman", activity="Pembangunan jalan lingkungan RT 05 Dusun Ensait")
    assert settled.kinds == {"road"} and "ensait" in settled.title_seq
    broken = {"title": "Jembatan rusak", "activity": "Mohon jembatan sungai Ensait diganti karena papannya lapuk"}
    assert "ensait" in features(**broken).title_seq
    assert not _pair(broken, {"title": BRIDGE, "activity": "Pembangunan jembatan beton Sungai Tebidah"})["flagged"]


# --- a bridge on a named river against a footbridge to the fields ---------------------------------------------

def test_a_footbridge_to_the_fields_of_a_hamlet_named_like_the_river_is_not_the_rivers_bridge():
    river = {"title": "Jembatan sungai Ensait"}
    footbridge = {"title": BRIDGE, "activity": "Pembangunan titian ke ladang Dusun Ensait Hulu"}
    assert not _pair(river, footbridge)["flagged"]
    # a footbridge to the fields over that river is the river's crossing
    assert _pair(river, {"title": "Titian ladang sungai Ensait"})["flagged"]


def test_an_activity_naming_a_more_specific_road_by_a_longer_term_gives_that_kind():
    farm = features(ROAD, activity="Pembangunan jalan usaha tani menuju ladang Dusun Ensait")
    assert farm.kinds == {"farm_road"} and "ensait" in farm.title_seq
    lane = {"title": ROAD, "activity": "Pembangunan jalan rabat beton Gang Melati Dusun Ensait"}
    assert not _pair(lane, {"title": ROAD, "activity": "Pembangunan jalan usaha tani menuju ladang Dusun Ensait"})[
        "flagged"]


def test_an_activity_naming_another_object_keeps_the_description_unread():
    row = features(BRIDGE, activity="Penyediaan sarana air bersih perdesaan",
                   body="Jembatan kayu Sungai Ensait di ujung kampung.")
    assert row.title_seq == ("pembangunan", "jembatan")


# --- a route between places against a lane inside a settlement --------------------------------------------------

def test_a_road_named_by_its_hamlet_alone_is_a_lane_not_the_road_between_villages():
    through = {"title": "Peningkatan jalan penghubung antar desa Kebong"}
    for lane in ({"title": ROAD, "activity": "Pembangunan jalan rabat Dusun Ensait Hulu"},
                 {"title": "Rabat beton kampung Ensait"}):
        assert not _pair(lane, through)["flagged"]
    # a road to the hamlet is a route, not a lane inside it
    assert _pair({"title": "Jalan ke Dusun Ensait"}, {"title": "Peningkatan jalan penghubung ke Dusun Ensait"})[
        "flagged"]


# --- a drain along a main street against a neighbourhood's ------------------------------------------------------

def test_a_drain_along_the_main_street_is_not_a_lanes_drain():
    main = {"title": "Pembangunan Saluran Drainase", "activity": "Pembangunan drainase Jl. Raya Kebong"}
    assert not _pair(main, {"title": "Drainase gang Melati Kebong"})["flagged"]
    assert item("Pembangunan drainase jalan raya Kebong", 1).road_class == ("through", 1)
    # a hamlet's name is no main street
    assert item("Pembangunan drainase jalan Sungai Raya", 1).road_class == ("", 0)


def test_a_bridge_to_the_fields_is_not_the_bridge_named_by_its_river():
    river = {"title": "Pembangunan Jembatan", "activity": "Pembangunan jembatan Sungai Ensait"}
    fields = {"title": BRIDGE, "activity": "Jembatan gantung Dusun Tebidah ke ladang"}
    assert not _pair(river, fields)["flagged"]
    # a bridge to the fields on that river is the river's bridge
    assert _pair(river, {"title": "Jembatan gantung sungai Ensait ke ladang"})["flagged"]
