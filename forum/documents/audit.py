"""The audit log as a CSV file: one row per entry, every text cell through the exports' formula escaping.

The entries come already named (forum, actor, target) from the viewer (forum.dashboard.audit_log.lines);
this module only lays them out.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Protocol

from flask_babel import lazy_gettext as _l

from forum.documents.base import TEXT, Column, ListExporter, Sheet


class AuditRow(Protocol):
    """What a row needs from an entry of the log."""

    at: datetime
    forum: object | None  # the Event, with a slug
    who: str
    action: str
    action_label: str
    target: str
    details: str


class AuditExporter(ListExporter):
    """The log as one sheet (the CSV file's; the XLSX file would hold the same)."""

    def __init__(self, lines: Iterable[AuditRow]):
        self.lines = lines

    def csv_sheet(self) -> Sheet:
        columns = [Column(str(label), TEXT) for label in (
            _l("Time"), _l("Forum"), _l("Who"), _l("Action"), _l("Description"), _l("Target"), _l("Details"))]
        rows = ([line.at.replace(microsecond=0).isoformat(), line.forum.slug if line.forum else "", line.who,
                 line.action, line.action_label, line.target, line.details] for line in self.lines)
        return Sheet(str(_l("Audit log")), columns, rows)

    def sheets(self) -> Iterator[Sheet]:
        yield self.csv_sheet()
