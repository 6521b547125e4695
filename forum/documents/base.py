"""The tabular half of every document, following pretix's exporter: an exporter only yields sheets of
rows, and this base renders CSV (streamed) and XLSX (rows streamed to a temporary file by openpyxl's
write-only mode). Formula safety has one rule per format: a CSV cell goes through `safe_cell` (a leading
apostrophe, the only defence a CSV file has), an XLSX cell is typed as text (`xlsx_text`), never as a formula.
The Excel variant of a CSV (`excel=True`) also keeps number-like text (NIP, phone numbers) as text.
Also the options a download takes, and the names of stored values in the current language (`Labels`).
"""
from __future__ import annotations

import csv
import io
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from flask import g
from flask_babel import get_locale, pgettext
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from forum.i18n import to_local
from forum.models import Attendance, InputKind, InputStatus, ParticipantRole, ParticipantStatus, StaffRole

# --- one rule for spreadsheet safety ------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    return bool(value) and value.startswith(FORMULA_STARTS)


def safe_cell(value: str) -> str:
    """A CSV text cell that no spreadsheet will run as a formula: a leading `'` when it starts with
    = + - @ tab or carriage return. (XLSX cells are typed as text instead: `xlsx_text`.)"""
    if looks_like_formula(value):
        return "'" + value
    return value


# Text that Excel turns into something else when it opens a CSV file or when the text is typed into a cell:
# digits with signs and separators (a number, a date, a time, a fraction, a percentage) or an exponent.
# "198001012005011001" becomes 1.98E+17 (digits beyond the 15th lost), "+6281234567890" loses its "+",
# "0812…" its leading zero. No letter can match (but the exponent's E), so no function or cell name.
_NUMBER_LIKE = re.compile(r"[+-]?[(]?[0-9][0-9 .,:/()+-]*%?|[+-]?[0-9]+([.,][0-9]+)?[eE][+-]?[0-9]+")


def excel_reads_as_number(value: str) -> bool:
    return bool(_NUMBER_LIKE.fullmatch(value.strip()))


def excel_csv_text(value: str) -> str:
    """A text cell of the Excel variant: number-like text gets a leading tab, which Excel keeps as text
    (all digits, the "+" and the leading zero intact) and which is no formula: what follows has no
    letter, so a tool that dropped the tab would find at most arithmetic. Anything else: `safe_cell`."""
    if excel_reads_as_number(value):
        return "\t" + value
    return safe_cell(value)


# --- options -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportOptions:
    internal: bool = False  # the organisers' copy of the attendance list, with email and phone
    paper: str = "a4"  # a4 or f4 (215 x 330 mm)
    number: str = ""  # the minutes' number; a blank line when empty
    chair: str = ""  # who chaired the forum; a blank line when empty
    session: int | None = None  # attendance in one session (its id) instead of the whole forum
    variant: str = ""  # CSV only: "excel" for Excel with Indonesian settings (";", number-like text kept as text)



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


def _excel_csv_value(value) -> str | int:
    if isinstance(value, str):
        return excel_csv_text(value)
    return _csv_value(value)


def render_csv(exporter: ListExporter, chunk_rows: int = 500, *, excel: bool = False) -> Iterator[str]:
    """UTF-8 with a byte-order mark (Excel then reads the accents right), CRLF line ends (RFC 4180),
    yielded in chunks. The standard file is comma-separated, for scripts; `excel=True` writes the variant
    for Excel with Indonesian (or any European) regional settings: `;`-separated, number-like text kept
    as text (docs/EXPORTS.md)."""
    sheet = exporter.csv_sheet()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    value = _excel_csv_value if excel else _csv_value
    buffer.write("\ufeff")
    writer.writerow([safe_cell(c.label) for c in sheet.columns])
    for n, row in enumerate(sheet.rows, 1):
        writer.writerow([value(v) for v in row])
        if n % chunk_rows == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_text(ws, value: str):
    """A text cell, never a formula, and without a visible apostrophe: text that looks like a formula or
    a number is an explicit string cell with Excel's quote prefix (an edit in Excel keeps it text too);
    any other text is passed as is (a plain string is the cheapest cell to write)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not (looks_like_formula(value) or excel_reads_as_number(value)):
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # openpyxl took a leading "=" for a formula
    cell.quotePrefix = True
    return cell


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
    return xlsx_text(ws, str(value))


def print_setup(ws: WriteOnlyWorksheet) -> None:
    """Landscape A4, all columns on the page's width, the header row on every page, gridlines printed,
    'page n of m' at the foot."""
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = _("Page &P of &N")
    ws.freeze_panes = "A2"


def render_xlsx(exporter: ListExporter, out: IO[bytes]) -> None:
    """One worksheet per sheet: typed cells, a frozen bold header, an autofilter, column widths and a
    print setup."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for sheet in exporter.sheets():
        ws = wb.create_sheet(title=_sheet_title(sheet.title))
        for i, column in enumerate(sheet.columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        print_setup(ws)
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=column.label)
            cell.data_type = "s"
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


def _staff_role_names() -> dict[str, str]:
    return {StaffRole.admin.value: _("Administrator"), StaffRole.checkin.value: _("Registration desk")}


def _kind_names() -> dict[str, str]:
    return {InputKind.proposal.value: _("Proposal"), InputKind.comment.value: _("Comment"),
            InputKind.question.value: _("Question")}


def _agency_kind_names() -> dict[str, str]:
    return {"provincial_opd": _("Provincial agency (OPD)"), "regency_opd": _("Regency or city agency (OPD)"),
            "dprd": _("Regional parliament (DPRD)"), "kecamatan": _("Sub-district (kecamatan)"),
            "village": _("Village (desa)"), "vertical": _("Central or vertical body"),
            "academia": _("University or research"), "ngo": _("Civil society or NGO"), "other": _("Other")}


def _status_names() -> dict[str, str]:
    return {InputStatus.submitted.value: _("Submitted"), InputStatus.discussed.value: _("Discussed"),
            InputStatus.accepted.value: _("Accepted"), InputStatus.rejected.value: _("Rejected"),
            InputStatus.deferred.value: _("Deferred"), InputStatus.merged.value: _("Merged")}


def _registration_status_names() -> dict[str, str]:
    return {ParticipantStatus.registered.value: _("Registered"), ParticipantStatus.cancelled.value: _("Cancelled"),
            ParticipantStatus.revoked.value: _("Revoked")}


def _priority_names() -> dict[str, str]:
    return {"high": _("High"), "medium": _("Medium"), "low": _("Low")}


def _origin_names() -> dict[str, str]:
    return {"musrenbang": _("Musrenbang (sub-district planning meeting)"),
            "pokir": _("Pokir (DPRD members' proposal)"), "agency": _("The agency's own plan"),
            "forum": _("Raised in this forum")}


def _history_action_names() -> dict[str, str]:
    return {"submitted": _("submitted"), "accepted": _("accepted"), "accepted_with_changes": _("accepted with changes"),
            "rejected": _("rejected"), "deferred": _("deferred"), "merged": _("merged"), "discussed": _("discussed"),
            "edited": _("edited"), "updated": _("updated"), "overlap_dismissed": _("overlap dismissed")}


def _field_names() -> dict[str, str]:
    """The names of the fields a change in a history or the audit log names (inputs, people, forums)."""
    return {
        "status": _("Status"), "note": _("Note"), "pinned": _("Pinned"), "answered": _("Answered"),
        "merged_into": _("Merged into"), "title": _("Title"), "body": _("Text"), "program": _("Programme"),
        "activity": _("Activity"), "sub_activity": _("Sub-activity"), "problem": _("Problem"),
        "regency": _("Regency"), "district": _("Sub-district"), "village": _("Village"),
        "location_detail": _("Location details"), "target": _("Volume / target"),
        "budget": _("Indicative budget (Rp)"), "priority": _("Priority"), "origin": _("Origin"), "kind": _("Kind"),
        "role": _("Role"), "attendance": _("Attendance"), "name": _("Name"), "position": _("Position"),
        "agency": _("Agency"), "nip": _("NIP"), "email": _("Email"), "phone": _("Phone"),
        "deputy_for": _("Deputy for"), "active": _("Active"), "password_reset": _("Password"), "by": _("By"),
        "other": _("Other input"), "short_name": _("Short name"), "theme": _("Theme"), "venue": _("Place"),
        "starts_at": _("Starts"), "ends_at": _("Ends"), "timezone": _("Time zone"),
        "stream_url": _("Online meeting link"), "registration_open": _("Registration is open"),
        "presence_min_minutes": _("Minutes online to count as present"),
        "retention_days": _("Keep contact details for (days after the forum)"),
    }


def role_label(value: str) -> str:
    return _role_names().get(value, value)


def _named_by(table: str) -> Callable[[Labels, str], str]:
    def name(self: Labels, value: str) -> str:
        return getattr(self, table).get(value, value)

    return name


class Labels:
    """The names of stored values, translated once per file (a gettext call for every cell of 10,000 rows
    would take longer than writing the file). `Labels.current()` keeps one per language for the request."""

    def __init__(self):
        self.modes, self.roles = _mode_names(), _role_names()
        self.kinds, self.statuses = _kind_names(), _status_names()
        self.priorities, self.origins = _priority_names(), _origin_names()
        self.history_actions, self.fields = _history_action_names(), _field_names()
        # "No" alone is the number column's heading ("No" in Indonesian too): the answer has its context
        self.yes, self.no = pgettext("answer", "Yes"), pgettext("answer", "No")
        # what a changed value is named by, per field (input and registration statuses never share a value)
        self.values_of = {"status": self.statuses | _registration_status_names(),
                          "kind": self.kinds | _agency_kind_names(), "role": self.roles | _staff_role_names(),
                          "attendance": self.modes, "priority": self.priorities, "origin": self.origins}

    @classmethod
    def current(cls) -> Labels:
        cache = g.setdefault("_document_labels", {})
        key = str(get_locale())
        if key not in cache:
            cache[key] = cls()
        return cache[key]

    # Each names a stored value by its table (the value itself when the table has no name for it).
    mode = _named_by("modes")
    role = _named_by("roles")
    kind = _named_by("kinds")
    status = _named_by("statuses")
    priority = _named_by("priorities")
    origin = _named_by("origins")
    history_action = _named_by("history_actions")

    def yes_no(self, value: bool) -> str:
        return self.yes if value else self.no

    def value(self, field: str, value) -> str:
        """A stored value as a reader says it: yes/no, the name of a status or role…, a list joined."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return self.yes_no(value)
        if isinstance(value, list | tuple):
            return ", ".join(self.value(field, v) for v in value)
        text = str(value)
        return self.values_of.get(field, {}).get(text, text)

    def changes(self, changes) -> str:
        """'Status: Diajukan → Diterima; Disematkan: Tidak → Ya' from a history entry's or an audit entry's
        changes ({field: [old, new]} or {field: value})."""
        if not isinstance(changes, dict):
            return str(changes or "")
        parts = []
        for key, value in changes.items():
            name = self.fields.get(key, key)
            if isinstance(value, list | tuple) and len(value) == 2:
                parts.append(f"{name}: {self.value(key, value[0])} → {self.value(key, value[1])}")
            else:
                parts.append(f"{name}: {self.value(key, value)}")
        return "; ".join(parts)
