"""Overlap detection: evidence that needs no vocabulary — the nomenclature code two rows carry (Permendagri
90/2019) and the likeness of their key phrases in characters — with the vetoes still applying, and the reasons
and scores a moderator reads. The texts are written for these tests (none is copied from a labelled set)."""
from flask_babel import force_locale

from forum.services import overlap
from forum.services.overlap import scoring

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
