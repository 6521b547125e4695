"""Overlap detection: evidence that needs no vocabulary — the nomenclature code two rows carry (Permendagri
90/2019) and the likeness of their key phrases in characters — with the vetoes still applying, and the reasons
and scores a moderator reads. The texts are written for these tests (none is copied from a labelled set)."""
import pytest
from flask_babel import force_locale

from forum.services import overlap
from forum.services.overlap import places, scoring

LANDAK, NGABANG, HILIR = "Kabupaten Landak", "Ngabang", "Hilir Kantor"
HERE = (LANDAK, NGABANG, HILIR)
SUB = "2.17.02.2.01.0005"  # a sub-activity (sub kegiatan): six segments
ACTIVITY = "2.17.02.2.01"  # its activity (kegiatan): five


def item(title, key, place=HERE, code="", activity=""):
    return overlap.analysed(key, key, [place], title=title, activity=activity, code=code)


# --- the nomenclature code -------------------------------------------------------------------------------

def test_the_same_sub_activity_code_tells_what_the_lexicon_cannot():
    # two objects the lexicon does not know, worded apart: without the code, different work
    a = ("Revitalisasi gerai kuliner tepian danau", 1)
    b = ("Penataan lapak jajanan tepian danau", 2)
    assert overlap.score(item(*a), item(*b)).relation is None
    found = overlap.explain(item(*a, code=SUB), item(*b, code=SUB))
    assert found["flagged"] and found["relation"] == "overlap"
    assert found["code"] == "sub_activity" and found["same_code"] and found["code_score"] == scoring.SAME_CODE
    assert {"code": "same_code", "value": SUB, "level": "sub_activity"} in found["reasons"]


def test_the_code_does_not_lift_a_veto_between_two_kinds_the_lexicon_knows():
    # one broad sub-activity holds different purchases for the same health centre
    a = item("Pengadaan ambulans puskesmas", 1, code=SUB)
    b = item("Pengadaan mebel ruang tunggu puskesmas", 2, code=SUB)
    found = overlap.explain(a, b)
    assert found["code"] == "sub_activity" and not found["flagged"]
    assert found["vetoes"][0]["code"] == "different_kinds"


def test_the_code_does_not_lift_the_other_vetoes():
    other_village = (LANDAK, NGABANG, "Raja")
    a = ("Revitalisasi gerai kuliner tepian danau", 1)
    found = overlap.explain(item(*a, code=SUB), item("Penataan lapak jajanan tepian danau", 2, place=other_village,
                                                      code=SUB))
    assert not found["flagged"] and {"code": "other_villages"} in found["vetoes"]
    found = overlap.explain(item("Rehab gedung SD Negeri 4", 1, code=SUB),
                            item("Rehab gedung SD Negeri 11", 2, code=SUB))
    assert not found["flagged"] and found["vetoes"][0]["code"] == "different_numbers"
    found = overlap.explain(item("Pelatihan budidaya lele kolam terpal", 1, code=SUB),
                            item("Pembangunan kolam terpal budidaya lele", 2, code=SUB))
    assert not found["flagged"] and {"code": "training_and_works"} in found["vetoes"]


def test_a_shared_activity_code_is_weaker_evidence_and_two_sub_activities_none():
    a, b = item("Perbaikan saluran tersier", 1), item("Normalisasi parit sawah", 2)
    plain = overlap.explain(a, b)["evidence_score"]
    sub = overlap.explain(item("Perbaikan saluran tersier", 1, code=SUB), item("Normalisasi parit sawah", 2, code=SUB))
    act = overlap.explain(item("Perbaikan saluran tersier", 1, code=ACTIVITY),
                          item("Normalisasi parit sawah", 2, code=SUB))
    two = overlap.explain(item("Perbaikan saluran tersier", 1, code=SUB),
                          item("Normalisasi parit sawah", 2, code=ACTIVITY + ".0009"))
    assert act["code"] == "activity" and act["same_code"]
    assert act["evidence_score"] == round(plain + scoring.SAME_ACTIVITY, 3)
    assert sub["evidence_score"] >= act["evidence_score"] > plain
    assert two["code"] == "" and two["evidence_score"] == plain and not two["same_code"]
    assert scoring.code_relation(item("x", 1, code="2.17.02"), item("x", 2, code="2.17.02")) == ""  # a programme


def test_the_index_brings_rows_of_one_sub_activity_together():
    a = item("Revitalisasi gerai kuliner tepian danau", 1, code=SUB)
    b = item("Penataan lapak jajanan tepian danau", 2, code=SUB)
    assert [key for key, _m in overlap.Index([b]).candidates(a)] == [2]
    assert [(x.key, y.key) for x, y, _m in overlap.Index([a, b]).pairs()] == [(1, 2)]


def test_the_code_reasons_in_both_languages(app):
    with app.test_request_context():
        for level, english, indonesian in (
                ("sub_activity", f"Same nomenclature code {SUB}", f"Kode nomenklatur sama {SUB}"),
                ("activity", f"Same activity code (kegiatan) {ACTIVITY}", f"Kode kegiatan sama {ACTIVITY}")):
            reason = [{"code": "same_code", "value": SUB if level == "sub_activity" else ACTIVITY, "level": level}]
            with force_locale("en"):
                assert overlap.describe(reason) == [english]
            with force_locale("id"):
                assert overlap.describe(reason) == [indonesian]


# --- the key phrases in characters -----------------------------------------------------------------------

def test_a_head_the_lexicon_lacks_is_read_from_the_characters_of_the_key_phrases():
    a, b = item("Perbaikan atap gedung serbaguna desa", 1), item("rehab atap serbaguna", 2)
    assert a.features.kinds and not b.features.kinds and b.features.unknown  # the lexicon lacks "atap"
    found = overlap.explain(a, b)
    assert found["flagged"] and found["kind"] == "phrase" and found["phrase"] >= scoring.PHRASE_LIFT
    assert {"code": "phrase", "words": ["atap"], "similarity": found["phrase"]} in found["reasons"]
    assert overlap.score(b, a).relation == "overlap"  # symmetric
    assert [key for key, _m in overlap.Index([b]).candidates(a)] == [2]


def test_characters_alike_do_not_join_two_different_objects():
    # the unknown head is where the other's object goes: a fence at an office is not the office
    assert overlap.score(item("Pembangunan pagar kantor desa", 1), item("rehab kantor", 2)).relation is None
    # two unknown objects sharing a purpose word
    assert overlap.score(item("Pembuatan tenda pesta desa", 1), item("Pengadaan kursi pesta desa", 2)).relation is None
    # a shared first word that is no object ("berkala", periodic) and half the letters
    assert overlap.score(item("Pemeliharaan berkala jalan desa", 1),
                         item("Pemeliharaan berkala kantor desa", 2)).relation is None
    # a sign near a church is not the church
    assert overlap.score(item("Pembuatan papan nama dekat gereja", 1), item("Rehab gereja", 2)).relation is None
    # close characters never lift the other vetoes
    found = overlap.explain(item("Perbaikan atap gedung serbaguna desa", 1),
                            item("rehab atap serbaguna", 2, place=(LANDAK, NGABANG, "Raja")))
    assert not found["flagged"] and {"code": "other_villages"} in found["vetoes"]


def test_the_phrase_similarity_is_precomputed_per_item_and_scored_in_explain():
    a, b = item("Penggantian tiang lampu jalan", 1), item("ganti tiang lampu jln", 2)
    grams = a.phrase_grams
    assert grams and a.__dict__["phrase_grams"] is grams  # computed once, then kept on the item
    assert scoring.phrase_similarity(a, b) == scoring.phrase_similarity(b, a) > 0.5
    assert scoring.phrase_similarity(a, item("Pengadaan bibit durian", 3)) < 0.1
    assert overlap.explain(a, b)["phrase"] == scoring.phrase_similarity(a, b)


def test_the_phrase_reason_in_both_languages(app):
    reason = [{"code": "phrase", "words": ["atap"], "similarity": 0.81}]
    with app.test_request_context():
        with force_locale("en"):
            assert overlap.describe(reason) == [
                "Same object read from the wording alone: atap (key phrases 81% alike in their letters)"]
        with force_locale("id"):
            assert overlap.describe(reason) == [
                "Objek sama, dibaca dari rumusannya saja: atap (frasa kunci 81% mirip hurufnya)"]


# --- differently named assets of one kind ---------------------------------------------------------------------

def test_two_lanes_or_ditches_of_one_kind_named_apart_are_different_work():
    found = overlap.explain(item("Semenisasi Gang Cempaka RT 04", 1), item("Pengecoran gang Kenanga", 2))
    assert not found["flagged"]
    assert {"code": "different_names", "a": ["cempaka"], "b": ["kenanga"]} in found["vetoes"]
    assert found["evidence_score"] >= scoring.THRESHOLD  # the rest of the evidence would flag them
    assert overlap.score(item("Pengerukan parit Haji Salim", 1), item("normalisasi parit Datuk Amin", 2)).relation \
        is None


def test_two_roads_to_different_ends_are_different_work():
    found = overlap.explain(item("Pengerasan jalan ke Tembawang Jaya", 1),
                            item("jalan menuju Riam Dait mohon dikeraskan", 2))
    assert not found["flagged"] and found["vetoes"][-1]["code"] == "different_names"


def test_a_name_on_one_side_only_or_written_by_both_still_flags():
    # one names the lane, the other does not: the same work may be meant
    assert overlap.score(item("Semenisasi Gang Cempaka RT 04", 1), item("pengecoran gang di RT 04", 2)).relation \
        == "overlap"
    # the same name, however written, and a name the other title writes in passing
    assert overlap.score(item("Semenisasi Gang Cempaka", 1), item("cor gg. cempaka", 2)).relation == "overlap"
    assert overlap.score(item("Semenisasi Gang Cempaka", 1),
                         item("pengecoran gang kecil dekat pemakaman cempaka", 2)).relation == "overlap"
    # an end named by both roads: the same road, whatever else either names
    assert overlap.score(item("Pengerasan jalan dari Tembawang Jaya ke Riam Dait", 1),
                         item("jalan menuju Riam Dait mohon dikeraskan", 2)).relation == "overlap"


def test_a_name_word_is_no_description_and_the_place_where_both_meet_is_no_name():
    # an affixed word describes the lane ("tersumbat", blocked), it does not name it
    assert scoring._is_name_word("kenanga") and not scoring._is_name_word("tersumbat")
    assert not scoring._is_name_word("jalan") and not scoring._is_name_word("desa")
    # both at Hilir Kantor: the village's own name tells nothing apart
    a, b = item("Semenisasi gang desa Hilir Kantor", 1), item("Pengecoran Gang Kenanga", 2)
    assert overlap.score(a, b).relation == "overlap"


def test_the_different_names_veto_in_both_languages(app):
    veto = {"code": "different_names", "a": ["cempaka"], "b": ["kenanga"]}
    with app.test_request_context():
        with force_locale("en"):
            assert overlap.describe_veto(veto) == "differently named assets or route ends: cempaka / kenanga"
        with force_locale("id"):
            assert overlap.describe_veto(veto) == "aset atau ujung ruas bernama lain: cempaka / kenanga"


def test_two_assets_of_one_kind_told_apart_by_their_order_are_different_work():
    found = overlap.explain(item("Rehab jembatan gantung III", 1), item("perbaikan jembatan gantung IV", 2))
    assert not found["flagged"] and {"code": "different_ordinals", "a": [3], "b": [4]} in found["vetoes"]
    assert found["evidence_score"] >= scoring.THRESHOLD
    assert overlap.score(item("perbaikan jembatan gantung IV", 1),
                         item("jembatan gantung yang kedua sudah miring mohon diperbaiki", 2)).relation is None


def test_one_order_on_both_sides_or_on_one_side_only_still_flags():
    assert overlap.score(item("Rehab jembatan gantung III", 1),
                         item("perbaikan jembatan gantung yang ketiga", 2)).relation == "overlap"
    assert overlap.score(item("Rehab jembatan gantung III", 1), item("perbaikan jembatan gantung", 2)).relation \
        == "overlap"
    # a letter, not an ordinal, and an ordinal word that names a school level
    assert item("Rehab los v pasar ikan", 1).ordinals == frozenset()
    assert item("Rehab sekolah menengah pertama", 1).ordinals == frozenset()


def test_the_different_ordinals_veto_in_both_languages(app):
    veto = {"code": "different_ordinals", "a": [3], "b": [4]}
    with app.test_request_context():
        with force_locale("en"):
            assert overlap.describe_veto(veto) == "different assets of one kind by their order: no. 3 / no. 4"
        with force_locale("id"):
            assert overlap.describe_veto(veto) == "aset sejenis dengan urutan berbeda: ke-3 / ke-4"


# --- a village split in parts -------------------------------------------------------------------------------

SELATAN, UTARA = (LANDAK, NGABANG, "Amboyo Selatan"), (LANDAK, NGABANG, "Amboyo Utara")


def test_a_title_naming_the_other_part_of_a_split_village_is_about_that_part():
    # filed under Amboyo Selatan, written for Amboyo Utara: the two parts are different villages
    there = item("Pengadaan tong sampah Amboyo Utara", 1, place=SELATAN)
    assert there.places == (("landak", "ngabang", "amboyo utara"),)
    found = overlap.explain(there, item("Pengadaan tong sampah desa Amboyo Selatan", 2, place=SELATAN))
    assert not found["flagged"] and {"code": "other_villages"} in found["vetoes"]
    assert overlap.score(there, item("pengadaan tong sampah", 3, place=UTARA)).relation == "overlap"


def test_a_title_naming_its_own_part_too_or_another_village_keeps_its_place():
    # a road between the two parts is in both
    road = item("Pengerasan jalan Amboyo Selatan - Amboyo Utara", 1, place=SELATAN)
    assert set(road.places) == {("landak", "ngabang", "amboyo selatan"), ("landak", "ngabang", "amboyo utara")}
    # a village of another name stays beside the item's own
    assert ("landak", "ngabang", "hilir kantor") in item("Pengerasan jalan ke Raja", 2).places
    assert not places._siblings("nanga sokan", "nanga danau") and not places._siblings("labian", "labian iraang")
    assert places._siblings("sungkung ii", "sungkung iii") and places._siblings("amboyo selatan", "amboyo utara")


def test_houses_of_worship_health_posts_and_groups_named_apart_are_different_work():
    found = overlap.explain(item("Rehab masjid Al Falah", 1), item("Renovasi masjid Baiturrahman", 2))
    assert not found["flagged"] and {"code": "different_names", "a": ["falah"], "b": ["baiturrahman"]} \
        in found["vetoes"]
    # an article or an initial inside a name is passed over, the name still compared
    assert overlap.score(item("Semenisasi gang H. Salim", 1), item("cor gang Datuk Amin", 2)).relation is None
    assert overlap.score(item("Semenisasi gang H. Salim", 1), item("cor gang Haji Salim", 2)).relation == "overlap"
    assert overlap.score(item("Rehab masjid Al Falah", 1), item("renovasi masjid al-falah", 2)).relation == "overlap"
    assert overlap.score(item("Rehab masjid Al Falah", 1), item("renovasi masjid desa", 2)).relation == "overlap"


def test_a_list_of_places_is_not_compared_with_the_name_of_an_asset():
    # lanes in two villages of the sub-district against one named lane in one of them: places against a name
    many = item("Semenisasi gang di desa Tebedak dan desa Hilir Kantor", 1, place=(LANDAK, NGABANG, ""))
    one = item("Semenisasi Gang Kenanga", 2)
    assert many.place_names and one.asset_names == {"kenanga"}
    assert overlap.score(many, one).relation == "overlap"
    # two named lanes are still told apart
    assert overlap.score(item("Semenisasi gang Anggrek", 3), one).relation is None


def test_a_contraction_after_a_naming_word_is_no_name():
    # "desa skrg" (sekarang, now), "desa rmh" (rumah): written short, they name nothing
    assert not scoring._is_name_word("skrg") and not scoring._is_name_word("rmh")
    assert item("jalan desa skrg rusak mohon dicor", 1).place_names == frozenset()


def test_a_road_to_another_sub_district_is_told_apart_from_a_village_road_to_a_hamlet():
    # the sub-district's name is a name, even one that looks affixed ("Menjalin" is no "jalin")
    through = item("Kajian teknis jalan tembus Ngabang - Menjalin", 1, place=(LANDAK, NGABANG, ""))
    assert "menjalin" in through.place_names
    hamlet = item("Jalan dari dusun Nyawan ke desa Amang becek sekali, mohon dicor", 2,
                  place=(LANDAK, NGABANG, "Amang"))
    found = overlap.explain(through, hamlet)
    assert not found["flagged"] and found["vetoes"][-1]["code"] == "different_names"
    # the sub-district where both meet is no name that tells them apart
    assert "ngabang" not in found["vetoes"][-1]["a"] + found["vetoes"][-1]["b"]


def test_two_stretches_of_one_road_by_kilometre_or_station_are_different_work():
    found = overlap.explain(item("Pengaspalan jalan poros km 41 - 44", 1),
                            item("jalan poros rusak di kilometer 30 sampai 33 mohon diaspal", 2))
    assert not found["flagged"]
    assert {"code": "different_sections", "a": ["km 41–44"], "b": ["km 30–33"]} in found["vetoes"]
    assert overlap.score(item("Peningkatan jalan poros STA 0+000 s/d STA 1+500", 1),
                         item("Peningkatan jalan poros STA 2+250 - 3+100", 2)).relation is None
    # stretches that meet (decimals written "12,5"); a length ("3 km") is no position
    assert overlap.score(item("Pengaspalan jalan poros km 12,5 sd km 14", 1),
                         item("jalan poros kilometer 13 sampai 16 mohon diaspal", 2)).relation == "overlap"
    assert overlap.score(item("Pengaspalan jalan poros 3 km", 1),
                         item("jalan poros kilometer 30 sampai 33 mohon diaspal", 2)).relation == "overlap"


def test_a_new_asset_beside_the_existing_one_is_not_the_repair_of_the_existing_one():
    found = overlap.explain(item("Pembangunan RKB SMP Negeri 3 dua lokal", 1),
                            item("Rehab ruang kelas SMP Negeri 3 yang plafonnya jatuh", 2))
    assert not found["flagged"] and {"code": "new_and_repair"} in found["vetoes"]
    assert found["evidence_score"] >= scoring.THRESHOLD  # the rest of the evidence would flag them
    assert overlap.score(item("Pembuatan saluran drainase baru di RT 07", 1),
                         item("Perbaikan saluran drainase RT 07", 2)).relation is None
    # "baru" of a place, of a recent work, or of a part in place of a broken one is no new asset
    assert item("Pengecoran gang Dusun Baru", 1).renewal == ""
    assert item("tanggul yang baru dibangun jebol", 1).renewal == ""
    assert overlap.score(item("Saluran tersier dangkal dan pintunya rusak, mohon pintu air baru", 1),
                         item("Rehabilitasi saluran tersier dan pintu air", 2)).relation == "overlap"


def test_a_stretch_in_words_is_read_too():
    # "kilometer dua sampai empat" is 2-4 km, before the stations 5+000 to 6+200
    found = overlap.explain(item("Peningkatan jalan poros STA 5+000 s/d 6+200", 1),
                            item("jalan poros kilometer dua sampai empat licin berlumpur mohon dicor", 2))
    assert not found["flagged"]
    assert {"code": "different_sections", "a": ["km 5–6.2"], "b": ["km 2–4"]} in found["vetoes"]


def test_schools_named_apart_are_different_work():
    found = overlap.explain(item("Rehab gedung TK Tunas Bangsa", 1), item("Rehabilitasi gedung TK Cahaya Mulia", 2))
    assert not found["flagged"]
    assert {"code": "different_names", "a": ["bangsa", "tunas"], "b": ["cahaya", "mulia"]} in found["vetoes"]
    assert overlap.score(item("Rehab ruang belajar PAUD Bina Insani", 1),
                         item("rehab paud permata bunda", 2)).relation is None
    # a numbered school names no name; a school named on one side only may be the same
    assert item("Rehab gedung SD Negeri 3", 3).asset_names == frozenset()
    assert overlap.score(item("Rehab gedung TK Tunas Bangsa", 1), item("rehab gedung tk desa", 2)).relation == "overlap"


def test_a_path_in_the_grounds_of_a_building_is_not_the_village_road():
    found = overlap.explain(item("Pembangunan jalan lingkungan ke dusun Nyawan", 1),
                            item("Semenisasi jalan setapak di halaman puskesmas pembantu", 2))
    assert not found["flagged"] and {"code": "grounds_and_road"} in found["vetoes"]
    assert overlap.score(item("Pengerasan jalan poros desa", 1),
                         item("Jalan masuk dan halaman SMP Negeri 2 mohon dicor", 2)).relation is None
    # both in the grounds: the same path may be meant
    assert overlap.score(item("Jalan masuk dan halaman SMP Negeri 2 mohon dicor", 1),
                         item("Pengecoran jalan halaman SMP Negeri 2", 2)).relation == "overlap"


@pytest.mark.parametrize(("code", "english", "indonesian"), [
    ("new_and_repair", "a new asset beside the existing one against repairing the existing one",
     "aset baru di samping yang ada, lawan perbaikan aset yang ada"),
    ("grounds_and_road", "a path in the grounds of a building against a public road",
     "jalan di halaman sebuah bangunan, lawan jalan umum"),
    ("neighbourhood_and_through", "a neighbourhood road or drain against a through road",
     "jalan atau saluran lingkungan permukiman, lawan jalan penghubung atau poros"),
])
def test_the_new_vetoes_in_both_languages(app, code, english, indonesian):
    with app.test_request_context():
        with force_locale("en"):
            assert overlap.describe_veto({"code": code}) == english
        with force_locale("id"):
            assert overlap.describe_veto({"code": code}) == indonesian


def test_a_word_of_position_after_a_naming_word_is_no_name():
    # "sampai ujung" (to the end), "seperti" (like): the lane names no end another road could lack
    along = item("Jalan lingkungan seperti kolam kalau hujan, mohon dicor sampai ujung", 1)
    assert along.place_names == frozenset()
    assert overlap.score(along, item("Pengerasan jalan lingkungan ke dusun Nyawan", 2)).relation == "overlap"


def test_streets_named_after_jalan_are_told_apart():
    # a street's name follows "jalan", "jl" or "jln" as a lane's follows "gang": two streets' drains are two works
    found = overlap.explain(item("Pembangunan drainase Jalan Merpati", 1), item("saluran drainase gang Kenari", 2))
    assert not found["flagged"] and {"code": "different_names", "a": ["merpati"], "b": ["kenari"]} in found["vetoes"]
    assert overlap.score(item("Rehab trotoar Jl. Merpati", 1), item("perbaikan trotoar jln Cendrawasih", 2)).relation \
        is None
    # the same street however written, or a street named on one side only, still flags
    assert overlap.score(item("Rehab drainase Jl. Merpati", 1), item("Perbaikan drainase jalan Merpati", 2)).relation \
        == "overlap"
    assert overlap.score(item("Pembangunan drainase jalan desa", 1), item("drainase Jalan Merpati", 2)).relation \
        == "overlap"


def test_two_roads_from_one_village_to_different_villages_are_different_work():
    # both leave Hilir Kantor, one for Sebirang (a name that looks affixed), the other for Tebedak
    one = item("Peningkatan jalan Hilir Kantor - Sebirang", 1)
    other = item("Pengerasan jalan dari Hilir Kantor ke Tebedak", 2)
    assert {p[2] for p in one.places} == {"hilir kantor", "sebirang"}
    found = overlap.explain(one, other)
    assert not found["flagged"] and {"code": "different_names", "a": ["sebirang"], "b": ["tebedak"]} in found["vetoes"]
    # the same route, written either way, still flags; so does a road of the village that names no other end
    assert overlap.score(one, item("jln Sebirang-Hilir Kantor", 3)).relation == "overlap"
    assert overlap.score(one, item("Pengerasan jalan desa Hilir Kantor", 4)).relation == "overlap"


def test_a_list_of_villages_is_no_route():
    # wells for two villages each, one village shared: places covered, not two routes
    assert overlap.score(item("Pembangunan sumur bor desa Hilir Kantor dan Sebirang", 1),
                         item("sumur bor untuk Hilir Kantor dan Tebedak", 2)).relation == "overlap"


def test_a_neighbourhood_road_or_drain_is_not_a_through_road():
    estate = item("Peningkatan jalan lingkungan kompleks perumahan guru Hilir Kantor", 1)
    found = overlap.explain(estate, item("Peningkatan jalan poros desa Hilir Kantor", 2))
    assert not found["flagged"] and {"code": "neighbourhood_and_through"} in found["vetoes"]
    # a road between two villages against the lanes inside one; the drains of both, too
    assert overlap.score(item("Pengaspalan jalan Hilir Kantor - Tebedak", 3),
                         item("jalan di dalam desa Hilir Kantor dari masjid ke balai desa mohon dicor", 4)).relation \
        is None
    assert overlap.score(item("Pembangunan drainase jalan penghubung antar desa Hilir Kantor", 5),
                         item("Pembangunan drainase lingkungan perumahan Hilir Kantor", 6)).relation is None


def test_the_neighbourhood_roads_and_the_main_road_of_one_village_may_be_one_request():
    # "lingkungan" alone and "poros" alone are weak: both may be the village's roads asked for twice
    assert overlap.score(item("Semenisasi jalan lingkungan desa Hilir Kantor", 1),
                         item("Peningkatan jalan poros desa Hilir Kantor", 2)).relation == "overlap"
    # two roads of one class still flag
    assert overlap.score(item("Peningkatan jalan lingkungan kompleks perumahan guru Hilir Kantor", 3),
                         item("pengecoran jalan komplek perumahan guru", 4)).relation == "overlap"


@pytest.mark.parametrize("typed", ["2-17-02-2-01-0005", "2.17.2.2.1.5", "02.17.02.2.01.0005.", "217022010005",
                                   "2 17 02 2 01 0005"])
def test_a_code_typed_with_other_separators_or_padding_is_the_same_code(typed):
    a = ("Revitalisasi gerai kuliner tepian danau", 1)
    found = overlap.explain(item(*a, code=SUB), item("Penataan lapak jajanan tepian danau", 2, code=typed))
    assert found["flagged"] and found["code"] == "sub_activity"
    assert {"code": "same_code", "value": SUB, "level": "sub_activity"} in found["reasons"]  # shown in one form


def test_a_code_typed_to_the_activity_level_only_is_understood_too():
    assert scoring.code_relation(item("Perbaikan saluran tersier", 1, code=SUB),
                                 item("Normalisasi parit sawah", 2, code="2-17-2-2-1")) == "activity"
    assert scoring.code_relation(item("Perbaikan saluran tersier", 1, code=SUB),
                                 item("Normalisasi parit sawah", 2, code="2.17.02.2.01.0006")) == ""


def test_a_number_that_ends_the_title_is_the_asset_s_order_too():
    found = overlap.explain(item("Rehab jembatan gantung 1", 1), item("perbaikan jembatan gantung II", 2))
    assert not found["flagged"] and {"code": "different_ordinals", "a": [1], "b": [2]} in found["vetoes"]
    # the same order in figures and in roman numerals, and a phase written either way, still flag
    assert overlap.score(item("Rehab jembatan gantung 2", 1), item("perbaikan jembatan gantung II", 2)).relation \
        == "overlap"
    assert overlap.score(item("Peningkatan jalan poros tahap 2", 1),
                         item("Peningkatan jalan poros Tahap II", 2)).relation == "overlap"
    # a number after an institution or section word is read there, not as an order
    assert item("Semenisasi gang RT 04", 1).ordinals == frozenset()
    assert item("Rehab gedung SD Negeri 7", 1).ordinals == frozenset()


def test_a_name_after_the_kind_that_the_naming_word_opens_is_still_read():
    # "gereja katolik" is one term: the church's kind, then its name
    katolik = item("Rehab gereja Katolik Santo Paulus", 1)
    assert katolik.asset_names == {"santo", "paulus"}
    found = overlap.explain(katolik, item("renovasi gereja GPdI Efata", 2))
    assert not found["flagged"] and found["vetoes"][-1]["code"] == "different_names"
    # the same church, written short, still flags
    assert overlap.score(katolik, item("bantuan rehab grj katolik St. Paulus", 3)).relation == "overlap"


def test_two_levels_of_one_channel_network_are_different_assets():
    found = overlap.explain(item("Rehabilitasi saluran sekunder daerah irigasi", 1),
                            item("Perbaikan jaringan irigasi tersier kelompok tani", 2))
    assert not found["flagged"]
    assert {"code": "different_sections", "a": ["sekunder"], "b": ["tersier"]} in found["vetoes"]
    # one level on both sides (however suffixed), or on one side only, still flags
    assert overlap.score(item("Rehabilitasi saluran sekunder daerah irigasi", 1),
                         item("mohon saluran irigasi sekundernya dikeruk", 2)).relation == "overlap"
    assert overlap.score(item("Rehabilitasi saluran sekunder daerah irigasi", 1),
                         item("perbaikan saluran irigasi", 2)).relation == "overlap"


# --- what a row funds ------------------------------------------------------------------------------------

PLANNING_AGENCY_LINE = "Koordinasi Perencanaan Bidang Infrastruktur"  # a planning agency's own activity


def test_a_row_whose_title_names_the_works_is_the_works_whatever_its_activity_field():
    works = item("Pembangunan jembatan beton Sungai Kelampai", 1, code="1.03.10.2.01.0030",
                 activity="Pembangunan Jembatan")
    filed = item("Pembangunan Jembatan (Sungai Kelampai, 40 m)", 2, code="1.03.10.2.01.0030",
                 activity=PLANNING_AGENCY_LINE)
    assert filed.features.phase == ""
    found = overlap.explain(works, filed)
    assert found["relation"] == "overlap" and found["phases"] == ["", ""]


def test_a_phase_the_title_names_or_an_activity_beside_a_title_without_works_stays_a_phase():
    works = item("Pembangunan jembatan beton Sungai Kelampai", 1)
    design = item("Penyusunan DED pembangunan jembatan beton Sungai Kelampai", 2)
    assert design.features.phase == "study" and overlap.score(works, design).relation == "related"
    study = item("Jembatan beton Sungai Kelampai", 3, activity="Perencanaan Teknis Jembatan")
    assert study.features.phase == "study" and overlap.score(works, study).relation == "related"


def test_the_same_sub_activity_code_lifts_the_kinds_veto_when_one_object_is_named_in_the_other_row():
    # (a tourist jetty is a core part of a tourist site's works since round 11: street lights in the area are not)
    lights = "Pembangunan lampu jalan kawasan wisata di pantai Pasir Panjang"
    attraction = "Penataan daya tarik wisata pantai Pasir Panjang"
    assert overlap.explain(item(lights, 1), item(attraction, 2))["vetoes"][0]["code"] == "different_kinds"
    found = overlap.explain(item(lights, 1, code=SUB), item(attraction, 2, code=SUB))
    assert found["relation"] == "overlap" and found["code"] == "sub_activity"
    # an object the other row does not name keeps the veto, the code notwithstanding
    gate = "Pembangunan gapura desa wisata Pasir Panjang"
    found = overlap.explain(item(lights, 1, code=SUB), item(gate, 2, code=SUB))
    assert not found["flagged"]


def test_two_hamlets_of_one_village_named_in_ordinary_words_are_two_places():
    keladi = item("Pembangunan sumur bor dusun Sungai Keladi", 1)
    found = overlap.explain(keladi, item("mohon dibuatkan sumur bor untuk warga dusun Harapan Makmur", 2))
    assert {"code": "different_names", "a": ["keladi"], "b": ["makmur"]} in found["vetoes"]
    found = overlap.explain(item("Pembangunan sumur bor dusun Parit Bugis", 1), keladi)
    assert {"code": "different_names", "a": ["bugis"], "b": ["keladi"]} in found["vetoes"]
    # a hamlet named with the prefix "se-", and "sampai sekarang" (until now) names no place
    selimpat = item("sampai sekarang warga dusun Selimpat belum punya sumur bor", 3)
    assert selimpat.place_names == {"selimpat"}
    assert not overlap.explain(keladi, selimpat)["flagged"]
    # the same hamlet written short still flags
    assert overlap.score(keladi, item("Sumur bor dsn Sei Keladi", 4)).relation == "overlap"


def test_a_numeral_that_ends_the_asset_s_name_inside_the_title_is_its_order():
    kenanga = item("usulan warga: posyandu Kenanga I di dusun Tembesuk perlu gedung sendiri", 1)
    assert kenanga.ordinals == {1}
    found = overlap.explain(kenanga, item("Pembangunan gedung posyandu Kenanga III dusun Tembesuk", 2))
    assert {"code": "different_ordinals", "a": [1], "b": [3]} in found["vetoes"]
    assert item("jembatan sungai Mentawa 2 yang rusak diganti baru", 3).ordinals == {2}
    # a count before its unit, and a number after an institution word, are no order
    assert item("bantuan kursi roda 2 unit di dusun Tembesuk", 4).ordinals == frozenset()
    assert item("rehab SD Negeri 5 di dusun Tembesuk", 5).ordinals == frozenset()


def test_two_neighbourhoods_of_one_rw_are_two_places():
    seven = item("Semenisasi gang Cempaka RT 07 RW 3", 1)
    assert seven.neighbourhoods == {"rt:7"}
    found = overlap.explain(seven, item("warga gang Cempaka RT 2 RW 3 minta gangnya disemenisasi", 2))
    assert {"code": "different_sections", "a": ["rt 7"], "b": ["rt 2"]} in found["vetoes"]
    # the same RT, or one title naming the RW alone, still flags
    assert overlap.score(seven, item("semenisasi gang Cempaka RT 7/RW 3", 3)).relation == "overlap"
    assert overlap.score(seven, item("semenisasi gang Cempaka RW 3", 4)).relation == "overlap"


def test_a_class_of_villages_names_no_village():
    target = item("Pembangunan embung di desa rawan kekeringan se-Kecamatan Ngabang", 1, place=(LANDAK, NGABANG, ""))
    assert "rawan" not in target.place_names
    found = overlap.explain(target, item("Pembangunan embung dusun Tembesuk", 2))
    assert found["relation"] == "overlap" and not found["vetoes"]


def test_two_fishermen_s_groups_are_two_beneficiaries():
    found = overlap.explain(item("Bantuan perahu motor 3 GT untuk KUB Camar Laut", 1),
                            item("warga nelayan mohon bantuan perahu motor bagi KUB Sinar Bahari", 2))
    assert {"code": "different_names", "a": ["camar"], "b": ["bahari", "sinar"]} in found["vetoes"]
    assert overlap.score(item("Bantuan perahu motor 3 GT untuk KUB Camar Laut", 1),
                         item("bant. perahu mesin KUB Camar Laut", 2)).relation == "overlap"


def test_a_size_after_the_place_names_nothing():
    bridge = item("Pembangunan jembatan beton Desa Hilir Kantor (bentang 18 m)", 1)
    assert "bentang" not in bridge.place_names
    assert overlap.score(bridge, item("jembatan beton ds Hilir Kantor, span 18 m", 2)).relation == "overlap"


def test_a_group_is_named_after_its_kind():
    assert item("Pembangunan jalan usaha tani kelompok tani Bina Karya", 1).asset_names == {"bina", "karya"}
    found = overlap.explain(item("Pembangunan jalan usaha tani kelompok tani Bina Karya", 1),
                            item("jalan usaha tani untuk kelompok wanita tani Cempaka", 2))
    assert {"code": "different_names", "a": ["bina", "karya"], "b": ["cempaka"]} in found["vetoes"]
    assert overlap.score(item("Pembangunan jalan usaha tani kelompok tani Bina Karya", 1),
                         item("JUT poktan Bina Karya", 2)).relation == "overlap"


def test_a_hamlet_named_only_in_ordinary_words_is_still_named():
    # "Bukit Raya", "Simpang Tiga": every word of the hamlet's name is a common word of settlement names
    assert item("Pembangunan balai pertemuan dusun Bukit Raya", 1).place_names == {"bukit", "raya"}
    assert item("balai pertemuan dsn Simpang Tiga", 2).place_names == {"simpang", "tiga"}
    found = overlap.explain(item("Pembangunan balai pertemuan dusun Bukit Raya", 1),
                            item("mohon dibangun balai pertemuan untuk warga dusun Tapang Semadu", 2))
    assert {"code": "different_names", "a": ["bukit", "raya"], "b": ["semadu", "tapang"]} in found["vetoes"]
    # "ke sungai" (to the river) names no hamlet; the same hamlet written short still flags
    assert "sungai" not in item("saluran pembuangan ke sungai di dusun Tapang", 3).place_names
    assert overlap.score(item("Pembangunan balai pertemuan dusun Bukit Raya", 1),
                         item("balai pertemuan dsn Bukit Raya", 2)).relation == "overlap"


def test_a_route_s_ends_are_read_past_the_common_words_of_settlement_names():
    # "ruas Sungai Asam - Semuntai": the ends are "asam" and the prefixed name "semuntai"
    assert {"asam", "semuntai"} <= item("Peningkatan jalan ruas Sungai Asam - Semuntai", 1).place_names
    found = overlap.explain(item("Peningkatan jalan ruas Sungai Asam - Semuntai", 1),
                            item("Peningkatan jalan ruas Tapang Semadu", 2))
    assert any(v["code"] == "different_names" for v in found["vetoes"])


def test_a_public_work_named_right_after_its_kind_is_named():
    assert item("Pembangunan embung Sengarit untuk sawah", 1).asset_names == {"sengarit"}
    found = overlap.explain(item("Pembangunan embung Sengarit untuk sawah", 1),
                            item("Rehab embung Lempuyang cadangan air sawah", 2))
    assert {"code": "different_names", "a": ["sengarit"], "b": ["lempuyang"]} in found["vetoes"]
    # a drain named by its street without "jalan" against another street's drain
    found = overlap.explain(item("saluran drainase Jalan Sisingamangaraja", 1), item("drainase Kartini rusak", 2))
    assert any(v["code"] == "different_names" for v in found["vetoes"])
    # the same reservoir written with and without its kind's purpose still flags
    assert overlap.score(item("Pembangunan embung Sengarit untuk sawah", 1),
                         item("embung pertanian Sengarit", 2)).relation == "overlap"


def test_one_numbered_school_named_alone_and_by_its_part_is_one_work(app):
    school = item("rehab SMPN 04", 1)
    rooms = item("Rehabilitasi Ruang Kelas SMP Negeri 4", 2)
    found = overlap.explain(school, rooms)
    assert found["relation"] == "overlap" and found["kind"] == "general"  # the school, and a part of it
    assert found["institution"] == [4] and found["institution_score"] == scoring.SAME_INSTITUTION
    assert {"code": "same_institution", "numbers": [4]} in found["reasons"]
    with app.test_request_context():
        with force_locale("en"):
            assert "The same numbered institution: no. 4" in overlap.describe(found["reasons"])
        with force_locale("id"):
            assert "Lembaga bernomor yang sama: no. 4" in overlap.describe(found["reasons"])
    # another number is another school; two parts of one school are not lifted by its number
    assert overlap.score(item("SMPN 4 kusen jendelanya keropos, mohon diperbaiki", 5), rooms).relation == "overlap"
    assert overlap.score(item("rehab SMPN 07", 3), rooms).relation is None
    assert overlap.explain(item("Pembangunan ruang guru SMP Negeri 4", 4), rooms)["institution"] == []


def test_two_stretches_of_one_street_share_its_name_and_differ_in_a_cross_street():
    north = item("Semenisasi gang Teratai dari Jalan Merdeka sampai Gang Anggrek", 1)
    found = overlap.explain(north, item("semenisasi gg Teratai (Gg Anggrek - Jl. Sisingamangaraja)", 2))
    assert {"code": "different_names", "a": ["merdeka"], "b": ["sisingamangaraja"]} in found["vetoes"]
    # the same stretch written short, or named by the street alone, still flags
    assert overlap.score(north, item("semenisasi gg Teratai Jl Merdeka - Gg Anggrek", 3)).relation == "overlap"
    assert overlap.score(north, item("semenisasi gang Teratai", 4)).relation == "overlap"


def test_a_road_that_breaks_through_names_no_place_by_that_word():
    assert "tembus" not in item("Pengerasan jalan dari Sungai Ayak tembus ke dusun Sebeluh", 1).place_names


def test_the_index_meets_a_part_under_the_whole_it_belongs_to():
    # classrooms are the core part of a school: pairwise the two meet, so the blocking index must hand them over
    school = item("rehab SMPN 04", 1)
    rooms = item("Rehabilitasi Ruang Kelas SMP Negeri 4", 2)
    assert overlap.score(school, rooms).relation == "overlap"
    assert [key for key, _m in overlap.Index([rooms]).candidates(school)] == [2]
    assert [key for key, _m in overlap.Index([school]).candidates(rooms)] == [1]
    assert [(x.key, y.key) for x, y, _m in overlap.Index([school, rooms]).pairs()] == [(1, 2)]


def test_a_road_to_the_sub_district_town_or_a_trunk_drain_is_not_a_neighbourhood_s():
    town = item("Pengaspalan jalan dari Ngabang ke Hilir Kantor", 1)
    assert town.road_class == ("through", 2)
    found = overlap.explain(town, item("Rabat beton jalan lingkungan dusun Tapang", 2))
    assert {"code": "neighbourhood_and_through"} in found["vetoes"]
    # the sub-district named as where the village is says nothing of the road
    assert item("Rabat beton jalan desa Hilir Kantor Kec. Ngabang", 3).road_class == ("", 0)
    found = overlap.explain(item("Normalisasi parit induk", 4), item("drainase gang Melati rusak", 5))
    assert {"code": "neighbourhood_and_through"} in found["vetoes"]
    assert overlap.score(item("Normalisasi parit besar", 6), item("pengerukan parit besar", 7)).relation == "overlap"
