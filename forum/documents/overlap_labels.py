"""The moderators' verdicts on pairs as a CSV file (one row per pair), for measuring the overlap detector on
the forum's own history. Data from forum/services/overlap_labels.py; every text cell goes through the exports'
formula escaping (a cell starting with = + - @ gets a leading ').

Each side carries what the detector reads (title, activity, sub_activity, program, problem, body, code, its places)
and its agency, so that a verdict can be computed again. bench/overlap_quality.py does not read this file: it
reads the labelled sets in tests/data/. To measure the detector on an export, turn each row into a pair of
tests/data/overlap_pairs.json's shape — {"id", "split", "label": label == "same", "a": {...}, "b": {...}} with
each side's agency, title, activity, program, problem, body, code, regency, district and village (a proposal's
sub_activity joined to its activity; a plan row's further places are in `places`, JSON
[[regency, district, village], ...]) — after removing the leading ' the escaping put before = + - @."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from forum.documents.base import TEXT, Column, ListExporter, Sheet
from forum.services.overlap_labels import SIDE_FIELDS


class OverlapLabelsExporter(ListExporter):
    def __init__(self, pairs: Iterable):
        self.pairs = pairs

    def csv_sheet(self) -> Sheet:
        names = ["label", "source", "decided_at", *(f"a_{f}" for f in SIDE_FIELDS),
                 *(f"b_{f}" for f in SIDE_FIELDS), "detector_relation", "detector_score"]
        rows = ([p.label, p.source, p.decided_at.replace(microsecond=0).isoformat() if p.decided_at else "",
                 *(p.a[f] for f in SIDE_FIELDS), *(p.b[f] for f in SIDE_FIELDS), p.detector_relation,
                 p.detector_score] for p in self.pairs)
        return Sheet("overlap-labels", [Column(n, TEXT) for n in names], rows)

    def sheets(self) -> Iterator[Sheet]:
        yield self.csv_sheet()
