"""Likely duplicates: the rule in forum/services/identity.py measured on labelled pairs of registrations
(tests/data/duplicate_people.json: true duplicates and look-alikes who are different people). The matcher's
settings were tuned on the "tuning" part only; the "held_out" part measures what the tuning did not see."""
import json
from pathlib import Path

import pytest

from forum.services.identity import Person, likely_same, parse_name

CASES = json.loads((Path(__file__).parent / "data" / "duplicate_people.json").read_text(encoding="utf-8"))
# Floors under the figures measured when the matcher was written (precision, recall; printed below).
FLOORS = {"tuning": (0.95, 0.95), "held_out": (0.85, 0.85)}  # measured: 1.00/1.00 and 0.95/0.95


def _person(d: dict) -> Person:
    return Person(d["name"], d["agency"], d.get("nip"))


def _measure(part: str):
    tp = fp = fn = tn = 0
    mistakes = []
    for case in CASES[part]:
        said = likely_same(_person(case["a"]), _person(case["b"])) is not None
        tp += said and case["same"]
        fp += said and not case["same"]
        fn += not said and case["same"]
        tn += not said and not case["same"]
        if said != case["same"]:
            mistakes.append(f'{case["a"]["name"]} / {case["b"]["name"]} ({case["note"]})')
    return tp, fp, fn, tn, mistakes


def test_the_labelled_pairs_are_enough_and_balanced():
    for part in ("tuning", "held_out"):
        cases = CASES[part]
        assert len(cases) >= 30
        same = sum(c["same"] for c in cases)
        assert 0.35 < same / len(cases) < 0.65


@pytest.mark.parametrize("part", ["tuning", "held_out"])
def test_precision_and_recall_on_labelled_pairs(part, capsys):
    tp, fp, fn, tn, mistakes = _measure(part)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn)
    with capsys.disabled():
        print(f"\nduplicate people, {part}: {len(CASES[part])} pairs, precision {precision:.2f}, "
              f"recall {recall:.2f} (tp {tp}, fp {fp}, fn {fn}, tn {tn})")
        for m in mistakes:
            print(f"  wrong: {m}")
    floor_p, floor_r = FLOORS[part]
    assert precision >= floor_p and recall >= floor_r


def test_titles_and_degrees_are_set_aside():
    assert parse_name("Drs. H. Ahmad Yani, M.Si.") == parse_name("Ahmad Yani")
    assert parse_name("Prof. Dr. Ir. H. Syarif Hamid, M.Sc., Ph.D.").words == ("sarip", "hamid")
    assert parse_name("Siti Aminah S.Pd.").words == ("siti", "aminah")


def test_bin_names_the_father():
    name = parse_name("Hasan bin Ismail")
    assert name.words == ("hasan",) and name.father == ("ismail",)


def test_same_nip_is_one_person_different_nips_are_two():
    assert likely_same(Person("R. Hidayat", 1, "197806152005011002"),
                       Person("Rahmat Hidayat", 2, "197806152005011002")) == "nip"
    assert likely_same(Person("Budi Santoso", 1, "198503122010011004"),
                       Person("Budi Santoso", 1, "199001052015031001")) is None


def test_without_an_agency_a_name_proves_nothing():
    assert likely_same(Person("Budi Santoso", None), Person("Budi Santoso", None)) is None
