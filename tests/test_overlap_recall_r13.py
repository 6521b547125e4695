"""Overlap detection: recall on how other writers name the same work — a family of goods by its family's name, a farm's
inputs by their short form, a dredge's holes, a clinic called small. Each text is written for these tests (none is
copied from a labelled set)."""
from forum.services import overlap
from tests.test_overlap_tidy_r11 import features, item, verdict

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


# --- reading: a phase that is taught, an adjective that is a term, a structure built beside its object ---------------

def test_a_design_word_after_a_training_word_is_what_is_taught_not_a_design_study():
    course = features("Pelatihan desain kemasan produk bagi pengrajin anyaman")
    assert course.phase == "" and course.work == "training"
    assert verdict("Pelatihan desain kemasan produk bagi pengrajin anyaman",
                   "Mohon pengrajin anyaman dilatih membuat kemasan yang menarik")["relation"] == "overlap"
    # a design study stays one
    assert features("Desain teknis gedung sentra anyaman").phase == "study"


def test_local_after_a_noun_describes_it_and_names_no_classroom():
    assert "edu.classroom" not in features("Pengembangan jagung pulut lokal Kebong").kinds
    assert "edu.classroom" not in features("Pengembangan pangan lokal Kebong").kinds
    # after a number or a work word it is the classroom term it is
    assert features("Rehab 3 lokal SDN 7").kinds == {"edu.classroom"}


def test_a_structure_a_passive_verb_builds_beside_its_object_is_what_is_asked():
    fenced = "Mohon kantor desa dipagar karena kambing warga sering masuk halaman"
    assert features(fenced).kinds == {"fence"}
    assert verdict(fenced, "Pembangunan pagar kantor desa Kebong")["flagged"]
    assert features("Mohon parit besar di dusun kami dijembatani supaya motor bisa lewat").kinds == {"bridge"}
    # lining a ditch's bank is work on the ditch itself
    assert features("Mohon parit di belakang pasar dikeruk dan ditalud").kinds == {"drainage"}


# --- scoring: a general kind its item specifies in another field -----------------------------------------------------

def test_a_general_kind_its_item_specifies_in_another_field_is_that_kind():
    # the musrenbang label of the request names the border market the agency's row names in its title
    asked = "Mohon dibangun pasar tempat warga menjual sayur dan ikan dekat PLBN supaya tidak jual ke seberang"
    row = item("Fasilitasi pembangunan pasar lintas batas Kebong", 2)
    assert not overlap.explain(item(asked, 1), row)["flagged"]
    labelled = overlap.explain(item(asked, 1, activity="Pasar perbatasan"), row)
    assert labelled["kind"] == "same" and labelled["flagged"]


def test_a_kind_named_in_passing_by_a_problem_does_not_make_two_works_one():
    # the teachers' room row says teachers now work in a classroom; new classrooms are another work
    found = overlap.explain(item("Pembangunan ruang guru SMP Negeri 4 Kebong", 1,
                                 problem="Guru terpaksa bekerja di ruang kelas"),
                            item("RKB SMPN 4", 2))
    assert not found["flagged"]


def test_a_boat_for_pupils_of_a_school_level_is_a_school_boat():
    assert features("Mohon perahu motor untuk antar jemput anak SD ke seberang").kinds == {"boat.school"}


# --- places: villages listed by a slash or passed by a route, a sub-district named after the asset's kind ------------

def test_villages_listed_with_slashes_are_places_the_item_covers(app):
    # "Keramas" is a word and a village of Mandor
    listed = overlap.analysed(1, 1, [("Kabupaten Landak", "Mandor", "")], title="Sumur bor Bebatung/Keramas")
    assert {("landak", "mandor", "keramas"), ("landak", "mandor", "bebatung")} <= set(listed.places)


def test_a_village_a_route_runs_through_is_a_place_of_the_route(app):
    route = overlap.analysed(1, 1, [("Kabupaten Landak", "Mandor", "")],
                             title="Rehab jembatan kayu ruas Kayu Ara - Keramas - Bebatung")
    assert ("landak", "mandor", "keramas") in route.places


def test_a_sub_district_named_after_the_assets_kind_is_where_it_is_not_its_name(app):
    # "Kalis" is a word and a sub-district of Kapuas Hulu: its bridges, not a bridge named Kalis
    whole = overlap.analysed(1, 1, [("Kabupaten Kapuas Hulu", "Kalis", "")], title="rehab jembatan2 kayu Kalis")
    one = overlap.analysed(2, 2, [("Kabupaten Kapuas Hulu", "Kalis", "Bahenap")],
                           title="Mohon jembatan kayu di parit Wak Usin yang lantainya patah diganti")
    assert not any(v["code"] == "different_names" for v in overlap.explain(whole, one)["vetoes"])


def test_a_village_split_into_numbered_ones_is_named_by_their_shared_name(app):
    # Lembah Hijau I and II (Nanga Tayap): a road "ke Lembah Hijau" reaches one of them
    road = overlap.analysed(1, 1, [("Kabupaten Ketapang", "Nanga Tayap", "Nanga Tayap")],
                            title="Pembukaan jalan tembus Nanga Tayap - Lembah Hijau")
    assert ("ketapang", "nanga tayap", "lembah hijau ii") in road.places
    asked = overlap.analysed(2, 2, [("Kabupaten Ketapang", "Nanga Tayap", "Lembah Hijau II")],
                             title="Mohon jalan dari Lembah Hijau ke Nanga Tayap dibuka")
    assert overlap.explain(road, asked)["place"] == "same_village"
    # filed in one of them, the shared name is its own village, not its numbered siblings too
    assert asked.places == (("ketapang", "nanga tayap", "lembah hijau ii"),)


# --- vocabulary: access roads, centres of small businesses -----------------------------------------------------------

def test_access_named_by_where_it_leads_over_land_is_a_road():
    assert features("Peningkatan akses antar desa Kebong - Sebadu").kinds == {"road"}
    assert "telecom.internet" in features("Peningkatan akses internet desa").kinds


def test_a_centre_where_small_businesses_sell_is_a_market_of_stalls():
    assert features("Pembangunan sentra UMKM di dekat terminal").kinds == {"market"}
    assert verdict("Pembangunan sentra UMKM di dekat terminal", "Mohon dibuatkan kios untuk UMKM di dekat terminal")[
        "flagged"]


def test_a_small_industry_centre_meets_its_crafts_in_one_forums_index():
    centre = item("Pembangunan sentra industri anyaman rotan Kebong", 1)
    crafts = item("bantuan peralatan kerajinan anyaman rotan Kebong", 2)
    assert overlap.explain(centre, crafts)["flagged"]
    assert [key for key, _match in overlap.Index([centre, crafts]).candidates(crafts)] == [1]


def test_a_village_name_written_with_a_slip_in_one_word_is_that_village(app):
    # "Spakat Jaya": Sepakat Jaya (Nanga Tayap) with a vowel left out, listed beside another village
    listed = overlap.analysed(1, 1, [("Kabupaten Ketapang", "Nanga Tayap", "")],
                              title="Sumur bor Spakat Jaya/Batumas")
    assert ("ketapang", "nanga tayap", "sepakat jaya") in listed.places


def test_a_place_to_sell_named_so_is_a_market_of_stalls():
    asked = "Pedagang sayur di pinggir jalan minta dibangun tempat berjualan yang tertata di Kebong"
    assert features(asked).kinds == {"market"}
    assert verdict(asked, "Pembangunan los pasar desa Kebong")["flagged"]


def test_houses_for_fishermen_are_new_housing():
    assert features("rmh nelayan 15 unit kebong").kinds == {"housing.new"}


def test_a_passive_verb_a_term_matches_by_its_root_is_the_work_done_not_an_object():
    # "ditanami" (planted) is what is done to the land the sentence opens with, no seedlings asked for
    filled = "Bekas galian tambang pasir di ujung kampung jadi kubangan, mohon lahan itu ditimbun dan ditanami kembali"
    assert features(filled).kinds == {"env.pollution.mine_land"}


def test_an_agencys_standing_line_of_guidance_names_no_training_of_the_row():
    # the activity field is the library agency's nomenclature line; the title funds the reading corner's goods
    row = features("Pengembangan pojok baca desa Kebong (buku, rak)",
                   activity="Pembinaan Perpustakaan Desa/Kelurahan dan Taman Baca Masyarakat")
    assert row.work == "physical"
    asked = item("Mohon bantuan buku dan rak untuk pojok baca desa Kebong", 2)
    assert overlap.explain(item("Pengembangan pojok baca desa Kebong (buku, rak)", 1,
                                activity="Pembinaan Perpustakaan Desa/Kelurahan"), asked)["flagged"]
    # a training the title names stays training
    assert features("Pelatihan pengelola perpustakaan desa Kebong",
                    activity="Pembinaan Perpustakaan Desa/Kelurahan").work == "training"


def test_a_term_written_with_a_letter_left_out_is_no_other_derivation():
    # "pepustakaan" looks like a pe-...-an noun of "pustaka"; it is perpustakaan written short of its "r"
    assert features("pepustakaan SDN 5 Kebong").kinds == {"edu.library.school"}
    # two nouns of one root that differ by more than a slip stay apart ("perairan" waters, not irrigation)
    assert "irrigation" not in features("Pengelolaan perairan umum daratan Kebong").kinds


def test_a_village_part_written_short_in_its_name_is_read(app):
    # "Semelagi Kcl": the village Semelagi Kecil of Singkawang Utara
    short = overlap.analysed(1, 1, [("Kota Singkawang", "Singkawang Utara", "")],
                             title="drainase gg Melati semelagi kcl")
    assert ("kota singkawang", "singkawang utara", "semelagi kecil") in short.places


def test_a_class_repaired_is_the_classroom():
    assert features("rehab kelas SDN 9 Kebong (atap bocor)").kinds == {"edu.classroom"}
    assert verdict("rehab kelas SDN 9 Kebong (atap bocor)", "Rehabilitasi gedung SD Negeri 9 Kebong")["flagged"]
