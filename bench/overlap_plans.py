"""A labelled set's items imported as plan rows, as an organiser imports them, against the detector's own pool over
the same texts: do the flags a client reads back on the rows equal the ones the detector finds?

    python bench/overlap_plans.py [--split blind12 …] [--problem] [--proposals before|after] [--database-url URL]

For each named set (default: every development blind set) it makes a forum through `/api/v1` (an organiser's
token), makes each agency of the set known to it (one participant registered per agency, as bench/overlap_api.py
does) and imports the set's items through `POST /events/{slug}/plans/import` in the template's columns
(`GET /events/{slug}/plans/template.xlsx`): one CSV per source in the set's order — the agencies' items as the
Renja, the Musrenbang items as the Musrenbang results, the pokir as pokir — a row per item: No., Kode (the item's
code, if any), the name (its title), Indikator Kinerja (its activity), Lokasi as a client types it ("Desa Sebunga,
Kec. Sajingan Besar, Kab. Sambas"; "Kel." in a city; the sub-district or regency alone when the item names no
village) and Perangkat Daerah (its agency). Rows the preview refuses are left out of the import and counted. Then
it reads the rows back (`GET /events/{slug}/plans`) and collects the pairs their `overlaps` name ("overlap" only).

Printed per set, each counted as bench/overlap_quality.py's `pool` counts (TP / FP / FN): through the import;
the detector's pool over the same texts (title and activity; a row has no description or programme column, and its
problem only with `--problem`); how many pairs the two do not both flag (0 is the aim: the location cell's parsing,
the import's agency and source handling, the stored signatures, the pairing of an import's rows with each other and
with earlier files must lose nothing the detector finds on those texts), leaving out pairs of refused rows; and the
pool with the Musrenbang's and pokir's problem text too (what an export's "Permasalahan" column adds) and with every
text (the proposals' pool). `--problem` fills a "Permasalahan" column in the Musrenbang and pokir files (the Renja
has none), compared with the pool reading the same. `--proposals before` (or `after`) posts the Musrenbang and pokir
items as live proposals (bench/overlap_api.py's way, with the same texts) before (after) the Renja's import instead of
importing them: a row and a proposal are then compared, through the import's pairing (before) or the proposal's
SQL first cut for rows (after), and the pairs of two proposals are read from the proposals' `overlaps`. Held-out sets
may be named: only those counts are printed, never a pair.

SQLite in a temporary file by default; `--database-url postgresql+psycopg://postgres@127.0.0.1:5432/DB` runs the
same on PostgreSQL (the database is emptied first). Not a timed benchmark: every figure is an exact count.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import overlap_api  # noqa: E402
from bench import overlap_quality as quality  # noqa: E402

SOURCES = {"agency": "renja", "musrenbang": "musrenbang", "pokir": "pokir"}  # an item's style → the file it is in
COLUMNS = ("No.", "Kode", "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Lokasi",
           "Perangkat Daerah")
PROBLEM = "Permasalahan"  # a Musrenbang or pokir export's column of the problem the proposal answers


def _items(name: str) -> list[dict]:
    """The set's items in its order: {"key", "source", "fields", "place"} with the place as the set's writer typed
    it (regency, sub-district, village)."""
    data = json.loads((quality.DATA / name).read_text())
    return [{"key": f"{group['id']}:{key}", "source": SOURCES[fields["style"]], "fields": fields,
             "place": fields.get("place", group["place"])}
            for group in data["groups"] for key, fields in group["items"].items()]


def typed_location(regency: str, district: str, village: str) -> str:
    """The place as a client types it in the Lokasi cell (the template's example: "Desa Sebunga, Kec. Sajingan
    Besar"), the regency written as people shorten it ("Kab. Sambas", "Kota Pontianak")."""
    city = regency.startswith("Kota ")
    regency = regency if city else "Kab. " + regency.removeprefix("Kabupaten ").removeprefix("Kab. ") if regency else ""
    parts = [f"{'Kel.' if city else 'Desa'} {village}" if village else "", f"Kec. {district}" if district else "",
             regency]
    return ", ".join(p for p in parts if p)


def plan_file(items: list[dict], *, problem: bool) -> bytes:
    """The items as one CSV in the template's columns (and "Permasalahan" with `problem`), numbered from 1."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS + ((PROBLEM,) if problem else ()))
    for n, item in enumerate(items, start=1):
        f = item["fields"]
        writer.writerow([n, f.get("code", ""), f["title"], f.get("activity", ""), typed_location(*item["place"]),
                         f["agency"]] + ([f.get("problem", "")] if problem else []))
    return out.getvalue().encode()


def through_import(app, name: str, *, problem: bool = False, proposals: str = "") -> tuple[set[frozenset], set[str]]:
    """The pairs of set keys that the plan rows' `overlaps` name after every source's file was imported, and the
    keys of the items whose rows the preview refused. With `proposals` ("before" or "after" the import) the
    Musrenbang and pokir items are posted as live proposals instead (title and activity, and the problem with
    `problem`), the Renja imported; the pairs of two proposals are their own `overlaps`."""
    items = _items(name)
    forum = overlap_api.open_forum(app, [i["fields"]["agency"] for i in items])
    client, organiser = forum.client, forum.organiser
    live = [i for i in items if proposals and i["source"] != "renja"]
    posted = {i["key"] for i in live}
    texts = ROW_TEXTS + (("problem",) if problem else ())
    key_of, refused = {}, set()

    def post() -> dict:
        found, not_taken = overlap_api.post_proposals(
            forum, [i for i in overlap_api._items(name) if i["key"] in posted], texts)
        refused.update(not_taken)
        return found

    by_input = post() if proposals == "before" else {}
    for source in dict.fromkeys(SOURCES.values()):
        rows = [i for i in items if i["source"] == source and i["key"] not in posted]
        if not rows:
            continue
        content = plan_file(rows, problem=problem and source != "renja")
        preview = client.post(f"/api/v1/events/{forum.slug}/plans/import", headers=organiser, data={
            "file": (io.BytesIO(content), f"{source}.csv"), "source": source}).json
        bad = {e["row"] - 2 for e in preview["errors"]}  # a file line: the header is line 1
        refused |= {rows[n]["key"] for n in bad}
        kept = [row for n, row in enumerate(rows) if n not in bad]
        content = plan_file(kept, problem=problem and source != "renja")
        answer = client.post(f"/api/v1/events/{forum.slug}/plans/import", headers=organiser, data={
            "file": (io.BytesIO(content), f"{source}.csv"), "source": source, "commit": "true"})
        assert answer.status_code == 201, answer.json
        key_of |= {(source, str(n)): row["key"] for n, row in enumerate(kept, start=1)}
    if proposals == "after":
        by_input = post()
    listed = client.get(f"/api/v1/events/{forum.slug}/plans", headers=organiser).json["items"]
    keys = {row["id"]: key_of[(row["source"], row["ref"])] for row in listed}
    pairs = {frozenset((keys[row["id"]], keys[o["item_id"]] if o.get("item_id") else by_input[o["input_id"]]))
             for row in listed for o in row["overlaps"] if o["relation"] == "overlap"}
    return pairs | (overlap_api.proposal_pairs(forum, by_input) if by_input else set()), refused


def in_pool(name: str, read) -> set[frozenset]:
    """The pairs the detector's index flags in the set's pool, reading only the texts `read` names
    (overlap_quality.pool_items)."""
    items, _labels, _groups = quality.pool_items(name, read)
    return quality.flagged_in_pool(items)


ROW_TEXTS = ("title", "activity")  # what a plan row's name and Indikator Kinerja carry


def with_problem(fields: dict) -> tuple[str, ...]:
    """The texts of an item imported with the Musrenbang's and pokir's Permasalahan column (the Renja has none)."""
    return ROW_TEXTS + (("problem",) if SOURCES[fields["style"]] != "renja" else ())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    splits = [s for s, _n, _d in quality.BLIND]
    parser.add_argument("--split", nargs="*", choices=splits,
                        default=[s for s, _n, development in quality.BLIND if development])
    parser.add_argument("--problem", action="store_true",
                        help="the Musrenbang and pokir files carry a Permasalahan column (each item's problem)")
    parser.add_argument("--proposals", choices=("before", "after"), default="",
                        help="the Musrenbang and pokir items posted as live proposals before or after the Renja's "
                             "import (a row and a proposal compared), not imported")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    names = dict((s, n) for s, n, _d in quality.BLIND)
    held_out = {s for s, _n, development in quality.BLIND if not development}
    same = with_problem if args.problem else ROW_TEXTS
    path = "the import" + (" with Permasalahan" if args.problem else "") + (
        f", Musrenbang and pokir as proposals {args.proposals} it" if args.proposals else "")
    print(f"| set | items | through {path}: TP / FP / FN | the "
          "pool, the same texts | flagged by one path only | refused | the pool, title + activity + Musrenbang's "
          "and pokir's problem | the pool, every text | seconds |")
    print("|---|---:|---|---|---:|---:|---|---|---:|")
    worst = 0
    for split in args.split:
        if not (quality.DATA / names[split]).exists():
            continue
        with overlap_api.fresh_app(args.database_url) as app:
            started = time.perf_counter()
            rows, refused = through_import(app, names[split], problem=args.problem, proposals=args.proposals)
            seconds = time.perf_counter() - started
            with app.app_context():
                pool = in_pool(names[split], same)
                figures = [overlap_api.counts(names[split], flagged) for flagged in (
                    rows, pool, in_pool(names[split], with_problem), in_pool(names[split], quality.READ))]
        apart = [pair for pair in rows ^ pool if not pair & refused]
        worst = max(worst, len(apart))
        cells = [split, len(_items(names[split])), *(" / ".join(map(str, c)) for c in figures[:2]), len(apart),
                 len(refused), *(" / ".join(map(str, c)) for c in figures[2:]), f"{seconds:.0f}"]
        print("| " + " | ".join(map(str, cells)) + " |", flush=True)
        if split not in held_out:  # a development set's pairs one path flags and the other not
            for pair in sorted(sorted(p) for p in apart):
                print("  ", "only the import" if frozenset(pair) in rows else "only the pool", *pair)
            for key in sorted(refused):
                print("   refused", key)
    return 0 if worst == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
