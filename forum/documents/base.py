"""The tabular half of every document, following pretix's exporter: an exporter only yields sheets of
rows, and this base renders CSV (streamed) and XLSX (rows streamed to a temporary file by openpyxl's
write-only mode). Every string cell goes through `safe_cell`, the one place that neutralises spreadsheet
formulas. Also the options a download takes, and the names of stored values in the current language.
"""
from __future__ import annotations

import csv
import io
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from forum.i18n import to_local
from forum.models import Attendance, InputKind, InputStatus, ParticipantRole

# --- one rule for spreadsheet safety ------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A text cell that no spreadsheet will run as a formula: a leading `'` when it starts with
    = + - @ tab or carriage return (CSV and XLSX both use this)."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# --- options -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportOptions:
    internal: bool = False  # the organisers' copy of the attendance list, with email and phone
    paper: str = "a4"  # a4 or f4 (215 x 330 mm)
    number: str = ""  # the minutes' number; a blank line when empty
    chair: str = ""  # who chaired the forum; a blank line when empty
    session: int | None = None  # attendance in one session (its id) instead of the whole forum



# --- tabular exports ----------------------------------------------------------------------

TEXT, NUMBER, MONEY, DATETIME = "text", "number", "money", "datetime"
XLSX_FORMATS = {DATETIME: "yyyy-mm-dd hh:mm", MONEY: "#,##0", NUMBER: "0"}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT
    width: float = 16


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[Sequence]  # values: str, int, naive local datetime or None


class ListExporter(ABC):
    """Yields sheets of rows; `csv_sheet` is the one a CSV file holds."""

    @abstractmethod
    def sheets(self) -> Iterator[Sheet]:
        """Every sheet of the XLSX file, in order."""

    @abstractmethod
    def csv_sheet(self) -> Sheet:
        """The one sheet a CSV file holds."""


def _csv_value(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, int):
        return value
    return safe_cell(str(value))


def render_csv(exporter: ListExporter, chunk_rows: int = 500) -> Iterator[str]:
    """UTF-8 with a byte-order mark (Excel then reads the accents right), yielded in chunks."""
    sheet = exporter.csv_sheet()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([safe_cell(c.label) for c in sheet.columns])
    for n, row in enumerate(sheet.rows, 1):
        writer.writerow([_csv_value(v) for v in row])
        if n % chunk_rows == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _xlsx_value(ws, column: Column, value):
    if value is None:
        return None
    if isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = XLSX_FORMATS[DATETIME]
        return cell
    if isinstance(value, int) and not isinstance(value, bool):
        if column.kind == MONEY:
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = XLSX_FORMATS[MONEY]
            return cell
        return value
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def render_xlsx(exporter: ListExporter, out: IO[bytes]) -> None:
    """One worksheet per sheet: typed cells, a frozen bold header, an autofilter and column widths."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for sheet in exporter.sheets():
        ws = wb.create_sheet(title=_sheet_title(sheet.title))
        for i, column in enumerate(sheet.columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        ws.freeze_panes = "A2"
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=safe_cell(column.label))
            cell.font, cell.alignment = bold, wrap
            header.append(cell)
        ws.append(header)
        count = 1
        for row in sheet.rows:
            ws.append([_xlsx_value(ws, column, value) for column, value in zip(sheet.columns, row, strict=True)])
            count += 1
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{count}"
    wb.save(out)


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def local_naive(dt: datetime | None, tz: str) -> datetime | None:
    """A naive local time for spreadsheets (they have no time zones; the header names the zone)."""
    return to_local(dt, tz).replace(tzinfo=None) if dt is not None else None


# names of stored values, in the current language

def _mode_names() -> dict[str, str]:
    return {Attendance.in_person.value: _("In person"), Attendance.online.value: _("Online")}


def _role_names() -> dict[str, str]:
    return {ParticipantRole.participant.value: _("Participant"), ParticipantRole.speaker.value: _("Speaker"),
            ParticipantRole.moderator.value: _("Moderator"), ParticipantRole.organiser.value: _("Organiser")}


def _kind_names() -> dict[str, str]:
    return {InputKind.proposal.value: _("Proposal"), InputKind.comment.value: _("Comment"),
            InputKind.question.value: _("Question")}


def _status_names() -> dict[str, str]:
    return {InputStatus.submitted.value: _("Submitted"), InputStatus.discussed.value: _("Discussed"),
            InputStatus.accepted.value: _("Accepted"), InputStatus.rejected.value: _("Rejected"),
            InputStatus.deferred.value: _("Deferred"), InputStatus.merged.value: _("Merged")}


def role_label(value: str) -> str:
    return _role_names().get(value, value)


class Labels:
    """The names of stored values, translated once per file (a gettext call for every cell of 10,000 rows
    would take longer than writing the file)."""

    def __init__(self):
        self.modes, self.roles = _mode_names(), _role_names()
        self.kinds, self.statuses = _kind_names(), _status_names()
        self.yes, self.no = _("Yes"), _("No")

    def mode(self, value: str) -> str:
        return self.modes.get(value, value)

    def role(self, value: str) -> str:
        return self.roles.get(value, value)

    def kind(self, value: str) -> str:
        return self.kinds.get(value, value)

    def status(self, value: str) -> str:
        return self.statuses.get(value, value)

    def yes_no(self, value: bool) -> str:
        return self.yes if value else self.no
