"""The moderators' verdicts on pairs as a CSV file (one row per pair), for measuring the overlap detector on
the forum's own history (bench/overlap_quality.py reads the same columns). Data from
forum/services/overlap_labels.py; every text cell goes through the exports' formula escaping."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from forum.documents.base import TEXT, Column, ListExporter, Sheet

SIDE = ("kind", "id", "agency", "title", "activity", "regency", "district", "village")


class OverlapLabelsExporter(ListExporter):
    def __init__(self, pairs: Iterable):
        self.pairs = pairs

    def csv_sheet(self) -> Sheet:
        names = ["label", "source", "decided_at", *(f"a_{f}" for f in SIDE), *(f"b_{f}" for f in SIDE),
                 "detector_relation", "detector_score"]
        rows = ([p.label, p.source, p.decided_at.replace(microsecond=0).isoformat() if p.decided_at else "",
                 *(p.a[f] for f in SIDE), *(p.b[f] for f in SIDE), p.detector_relation, p.detector_score]
                for p in self.pairs)
        return Sheet("overlap-labels", [Column(n, TEXT) for n in names], rows)

    def sheets(self) -> Iterator[Sheet]:
        yield self.csv_sheet()
