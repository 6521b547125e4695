"""Check a labelled overlap set (tests/data/overlap_*.json) without running the detector.

Usage: .venv/bin/python scripts/check_overlap_set.py tests/data/overlap_blind3.json

Checks: the JSON structure; every pair of items of different agencies in a group is labelled exactly
once (and no same-agency pair is); labels and reasons come from the agreed vocabulary; every group and
item place resolves in the app's region list; no place is the subject of two groups; and it lists the
cross-group item pairs with compatible places and the most shared title words, for a human to review.
Exits non-zero on any error.
"""
from __future__ import annotations

import itertools
import json
import re
import sys
from collections import defaultdict

OVERLAP = {"synonym", "abbreviation", "loanword", "typo", "musrenbang", "wording", "vague_place", "multi_place", "code"}
NONE = {"different_asset", "different_village", "different_district", "incidental_word", "same_crop",
        "training_vs_physical", "different_number"}
STYLES = {"agency", "musrenbang", "pokir"}
STOP = set("pembangunan peningkatan rehabilitasi pengadaan bantuan desa kelurahan dusun kecamatan kabupaten kota "
           "dan di ke untuk yang dari mohon kami warga karena supaya sudah atau jln ds kel pengembangan penataan "
           "penyediaan sarana unit".split())


def _structure(data: dict) -> list[str]:
    errors = []
    for g in data["groups"]:
        gid, items = g["id"], g["items"]
        for key, it in items.items():
            if it.get("style") not in STYLES:
                errors.append(f"{gid}{key}: style {it.get('style')!r}")
            for f in ("agency", "title", "activity", "program", "problem"):
                if f not in it:
                    errors.append(f"{gid}{key}: no {f}")
            if not isinstance(it.get("body", ""), str):  # optional: the description typed with the proposal
                errors.append(f"{gid}{key}: body is not text")
        seen = set()
        for x, y, label, why in g["pairs"]:
            pair = frozenset((x, y))
            if x not in items or y not in items or pair in seen:
                errors.append(f"{gid}: bad or repeated pair {x}{y}")
                continue
            seen.add(pair)
            if items[x]["agency"] == items[y]["agency"]:
                errors.append(f"{gid}: pair {x}{y} of one agency")
            ok = {"overlap": why in OVERLAP, "none": why in NONE, "related": why == "phase"}.get(label, False)
            if not ok:
                errors.append(f"{gid}: label {label}/{why}")
        for x, y in itertools.combinations(sorted(items), 2):
            if items[x]["agency"] != items[y]["agency"] and frozenset((x, y)) not in seen:
                errors.append(f"{gid}: pair {x}{y} not labelled")
    return errors


def _places(data: dict) -> list[str]:
    sys.path.insert(0, ".")
    from forum import create_app
    from forum.services import regions

    errors = []
    with create_app().test_request_context():
        for g in data["groups"]:
            wanted = [("group", g["place"])] + [(k, it["place"]) for k, it in g["items"].items() if "place" in it]
            for who, place in wanted:
                _out, err = regions.resolve(*place)
                if err:
                    errors.append(f"{g['id']} {who} {place}: {err}")
    return errors


def _effective(data: dict):
    for g in data["groups"]:
        for k, it in g["items"].items():
            place = [p.lower().replace("sei ", "sungai ") for p in it.get("place", g["place"])]
            words = {w for w in re.findall(r"[a-z]{3,}", (it["title"] + " " + it["activity"]).lower())
                     if w not in STOP}
            yield g["id"], k, place, words


def _compatible(p: list[str], q: list[str]) -> bool:
    for a, b in zip(p, q, strict=True):
        if not a or not b:
            return True
        if a != b:
            return False
    return True


def _cross_group(data: dict) -> tuple[list[str], list[str]]:
    errors, review = [], []
    owners = defaultdict(set)
    for gid, _k, place, _w in _effective(data):
        if place[2]:
            owners[tuple(place)].add(gid)
    errors += [f"village {p} in groups {sorted(s)}" for p, s in owners.items() if len(s) > 1]
    items = list(_effective(data))
    scored = []
    for x, y in itertools.combinations(items, 2):
        if x[0] != y[0] and _compatible(x[2], y[2]):
            shared = x[3] & y[3]
            scored.append((len(shared) / max(1, min(len(x[3]), len(y[3]))), x[:2], y[:2], sorted(shared)))
    scored.sort(key=lambda s: -s[0])
    review = [f"{s[0]:.2f} {''.join(s[1])} {''.join(s[2])} {s[3]}" for s in scored[:15]]
    return errors, review


def main(path: str) -> int:
    data = json.load(open(path, encoding="utf-8"))
    errors = _structure(data) + _places(data)
    cross_errors, review = _cross_group(data)
    errors += cross_errors
    counts = defaultdict(int)
    for g in data["groups"]:
        for p in g["pairs"]:
            counts[p[2]] += 1
    styles = defaultdict(int)
    for g in data["groups"]:
        for it in g["items"].values():
            styles[it["style"]] += 1
    print(f"{len(data['groups'])} groups, {sum(styles.values())} items {dict(styles)}, pairs {dict(counts)}")
    print("cross-group pairs with the most shared words (review by hand):")
    print("\n".join("  " + r for r in review))
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/overlap_blind3.json"))
