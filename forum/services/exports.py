"""The files a forum produces: attendance lists (CSV, XLSX, PDF *daftar hadir*), agency input (CSV, XLSX)
and the minutes of agreement (PDF *berita acara kesepakatan*).

Tabular exports follow pretix's pattern: an exporter only yields sheets of rows, and one base renders
CSV (streamed) and XLSX (rows streamed to a temporary file by openpyxl's write-only mode). Every
string cell goes through `safe_cell`, the one place that neutralises spreadsheet formulas.

Texts are translated in the current locale; callers pick it (exports default to Indonesian).
"""
from __future__ import annotations

import csv
import io
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from babel.dates import format_date
from flask_babel import gettext as _
from flask_babel import ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from forum.db import utcnow
from forum.errors import NotFound, ValidationFailed
from forum.extensions import db
from forum.i18n import format_clock, format_long_date, format_rupiah, format_when, locale_code, to_local, zone_label
from forum.models import (
    Agency,
    Attendance,
    Event,
    Input,
    InputHistory,
    InputKind,
    InputStatus,
    InputSupport,
    InputVote,
    Participant,
    ParticipantRole,
    Session,
    User,
)
from forum.services import minutes as minutes_service
from forum.services.attendance import AttendanceRow, Ledger, session_window
from forum.services.validation import parse_record_id

# --- one rule for spreadsheet safety ------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A text cell that no spreadsheet will run as a formula: a leading `'` when it starts with
    = + - @ tab or carriage return (CSV and XLSX both use this)."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# --- the catalogue ------------------------------------------------------------------------

FORMATS: dict[str, tuple[str, ...]] = {"attendance": ("csv", "xlsx", "pdf"), "inputs": ("csv", "xlsx"),
                                       "minutes": ("pdf",)}
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "pdf": "application/pdf"}
PAPER_SIZES = ("a4", "f4")


@dataclass(frozen=True)
class ExportOptions:
    internal: bool = False  # the organisers' copy of the attendance list, with email and phone
    paper: str = "a4"  # a4 or f4 (215 x 330 mm)
    number: str = ""  # the minutes' number; a blank line when empty
    chair: str = ""  # who chaired the forum; a blank line when empty
    session: int | None = None  # attendance in one session (its id) instead of the whole forum


def parse_options(args: Mapping[str, str]) -> ExportOptions:
    """Options from query parameters (or CLI flags): internal, paper, number, chair, session."""
    errors = {}
    internal = str(args.get("internal", "")).strip().lower()
    if internal not in ("", "0", "1", "true", "false", "yes", "no"):
        errors["internal"] = _("Use 1 or 0.")
    paper = str(args.get("paper") or "a4").strip().lower()
    if paper not in PAPER_SIZES:
        errors["paper"] = _("Must be one of: %(values)s.", values=", ".join(PAPER_SIZES))
    texts = {}
    for name in ("number", "chair"):
        texts[name] = " ".join(str(args.get(name) or "").split())
        if len(texts[name]) > 200:
            errors[name] = _("At most %(n)d characters.", n=200)
    session = str(args.get("session") or "").strip() or None
    if session is not None:
        try:
            session = parse_record_id(session)
        except ValueError:
            errors["session"] = _("Choose one of the forum's sessions.")
    if errors:
        raise ValidationFailed(errors)
    return ExportOptions(internal=internal in ("1", "true", "yes"), paper=paper, session=session, **texts)


def export_session(event: Event, options: ExportOptions) -> Session | None:
    """The session an attendance export is limited to (None: the whole forum)."""
    if options.session is None:
        return None
    session = db.session.scalar(select(Session).where(Session.id == options.session, Session.event_id == event.id))
    if session is None:
        raise NotFound("session_not_found", _("This forum has no such session."))
    return session


def is_export(name: str, fmt: str) -> bool:
    return fmt in FORMATS.get(name, ())


def download_name(event: Event, name: str, fmt: str, options: ExportOptions) -> str:
    suffix = ""
    if name == "attendance":
        suffix = (f"-session-{options.session}" if options.session else "") + ("-internal" if options.internal else "")
    return f"{event.slug}-{name}{suffix}.{fmt}"


def stream_csv(event: Event, name: str, options: ExportOptions) -> Iterator[str]:
    """The CSV file as text chunks (the first starts with a byte-order mark)."""
    return render_csv(_tabular(event, name, options))


def write_export(event: Event, name: str, fmt: str, out: IO[bytes], options: ExportOptions) -> None:
    """Writes one export file to the binary file `out`."""
    if fmt == "csv":
        for chunk in stream_csv(event, name, options):
            out.write(chunk.encode("utf-8"))
    elif fmt == "xlsx":
        render_xlsx(_tabular(event, name, options), out)
    elif name == "attendance":
        attendance_pdf(event, out, options)
    else:
        minutes_pdf(event, out, options)


def _tabular(event: Event, name: str, options: ExportOptions) -> ListExporter:
    if name == "attendance":
        return AttendanceExporter(event, internal=options.internal, session=export_session(event, options))
    return InputsExporter(event)


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


def _ledger(event: Event, now: datetime | None, session: Session | None) -> Ledger:
    """The forum's ledger, or one session's: online minutes inside its times, a check-in counting for it."""
    now = now or utcnow()
    return Ledger(event, now, session_window(session, now) if session is not None else None)


def session_heading(session: Session, tz: str, now: datetime) -> str:
    """'Diskusi (13.00 WIB – 15.00 WIB)', the times attendance was counted in."""
    start, end = session_window(session, now)
    return f"{session.title} ({format_clock(start, tz)} – {format_clock(end, tz)})"


def _local(dt: datetime | None, tz: str) -> datetime | None:
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


class AttendanceExporter(ListExporter):
    """The ledger as a spreadsheet: a summary sheet and one sheet per way of attending."""

    def __init__(self, event: Event, *, internal: bool = False, now: datetime | None = None,
                 session: Session | None = None):
        self.event = event
        self.internal = internal
        self.session = session
        self.ledger = _ledger(event, now, session)

    def columns(self) -> list[Column]:
        zone = zone_label(self.event.timezone)
        columns = [
            Column(_("No"), NUMBER, 6), Column(_("Name"), TEXT, 30), Column(_("NIP"), TEXT, 20),
            Column(_("Position"), TEXT, 26), Column(_("Agency"), TEXT, 30), Column(_("Role"), TEXT, 14),
            Column(_("Deputy for"), TEXT, 24), Column(_("Registered as"), TEXT, 14),
            Column(_("Attended as"), TEXT, 14), Column(_("Checked in at (%(zone)s)", zone=zone), DATETIME, 18),
            Column(_("Desk"), TEXT, 12), Column(_("Joined online at (%(zone)s)", zone=zone), DATETIME, 18),
            Column(_("Minutes online"), NUMBER, 10), Column(_("Present"), TEXT, 10),
        ]
        if self.internal:
            columns += [Column(_("Email"), TEXT, 28), Column(_("Phone"), TEXT, 16)]
        return columns

    def _rows(self, attended_as: str | None = None) -> Iterator[list]:
        tz, names = self.event.timezone, Labels()
        for n, row in enumerate(self.ledger.rows(attended_as=attended_as), 1):
            p = row.participant
            values = [n, p.name, p.nip or "", p.position, p.agency.name if p.agency else "", names.role(p.role),
                      p.deputy_for, names.mode(p.attendance), names.mode(row.attended_as),
                      _local(row.checked_in_at, tz), row.desk, _local(row.online_first_joined_at, tz),
                      row.online_minutes if row.online else None, names.yes_no(row.present)]
            if self.internal:
                values += [p.email or "", p.phone or ""]
            yield values

    def summary_rows(self) -> list[list]:
        event, counts = self.event, self.ledger.summary()
        return [
            [_("Forum"), event.title],
            [_("Day and date"), format_long_date(event.starts_at, event.timezone)],
            [_("Place"), event.venue],
            *([[_("Session"), session_heading(self.session, event.timezone, self.ledger.now)]] if self.session else []),
            [_("Registered"), counts["registered"]],
            [_("Registered to attend in person"), counts["in_person_registered"]],
            [_("Registered to attend online"), counts["online_registered"]],
            [_("Checked in at the door"), counts["checked_in"]],
            [_("Joined online"), counts["online_joined"]],
            [_("Online now"), counts["online_now"]],
            [_("Present"), self.ledger.present_count()],
            [_("Minimum minutes online to count as present"), event.presence_min_minutes or 0],
            [_("Exported at (%(zone)s)", zone=zone_label(event.timezone)), _local(self.ledger.now, event.timezone)],
        ]

    def sheets(self) -> Iterator[Sheet]:
        yield Sheet(_("Summary"), [Column(_("Item"), TEXT, 44), Column(_("Value"), TEXT, 50)], self.summary_rows())
        yield Sheet(_("In person"), self.columns(), self._rows(Attendance.in_person.value))
        yield Sheet(_("Online"), self.columns(), self._rows(Attendance.online.value))

    def csv_sheet(self) -> Sheet:
        return Sheet(_("Attendance"), self.columns(), self._rows())


@dataclass
class InputRecord:
    """One input with what it is joined to, read by `input_records` in one query."""

    input: Input
    session_title: str
    agency_name: str
    author: str
    supports: int
    votes: int = 0
    history: list = field(default_factory=list)


def input_records(event: Event, *, kind: str | None = None, statuses: Iterable[str] | None = None
                  ) -> Iterator[InputRecord]:
    """The forum's inputs (optionally of one kind and some statuses), oldest first, streamed."""
    supports = (select(InputSupport.input_id, func.count().label("n")).group_by(InputSupport.input_id)
                .subquery())
    votes = select(InputVote.input_id, func.count().label("n")).group_by(InputVote.input_id).subquery()
    author = aliased(Participant)
    query = (select(Input, Session.title, Agency.name, author.name, User.name, supports.c.n, votes.c.n)
             .join(Session, Input.session_id == Session.id)
             .outerjoin(Agency, Input.agency_id == Agency.id)
             .outerjoin(author, Input.participant_id == author.id)
             .outerjoin(User, Input.entered_by_user_id == User.id)
             .outerjoin(supports, supports.c.input_id == Input.id)
             .outerjoin(votes, votes.c.input_id == Input.id)
             .where(Input.event_id == event.id)
             .order_by(Input.created_at, Input.id))
    if kind:
        query = query.where(Input.kind == kind)
    if statuses is not None:
        query = query.where(Input.status.in_(list(statuses)))
    for item, session_title, agency_name, participant_name, user_name, n_supports, n_votes in db.session.execute(
            query.execution_options(yield_per=500)):
        yield InputRecord(item, session_title or "", agency_name or "", participant_name or user_name or "",
                          n_supports or 0, n_votes or 0)


def input_history(event: Event) -> Iterator[tuple[InputHistory, str, str]]:
    """Every status change of the forum's inputs (with the input's title and who made it)."""
    query = (select(InputHistory, Input.title, User.name)
             .join(Input, InputHistory.input_id == Input.id)
             .outerjoin(User, InputHistory.user_id == User.id)
             .where(Input.event_id == event.id)
             .order_by(InputHistory.input_id, InputHistory.at, InputHistory.id))
    for entry, title, user_name in db.session.execute(query.execution_options(yield_per=1000)):
        yield entry, title, user_name or ""


def describe_changes(changes) -> str:
    """'status: submitted → accepted; note: … → …' from a history entry's changes."""
    if not isinstance(changes, dict):
        return str(changes or "")
    parts = []
    for key, value in changes.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            parts.append(f"{key}: {'' if value[0] is None else value[0]} → {'' if value[1] is None else value[1]}")
        else:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


class InputsExporter(ListExporter):
    """Every field of every input, and its history (a second sheet; a column in CSV)."""

    def __init__(self, event: Event):
        self.event = event

    def columns(self) -> list[Column]:
        zone = zone_label(self.event.timezone)
        return [
            Column(_("ID"), NUMBER, 7), Column(_("Session"), TEXT, 26), Column(_("Kind"), TEXT, 12),
            Column(_("Title"), TEXT, 36), Column(_("Text"), TEXT, 50), Column(_("Programme"), TEXT, 30),
            Column(_("Activity"), TEXT, 30), Column(_("Sub-activity"), TEXT, 24), Column(_("Problem"), TEXT, 30),
            Column(_("Regency"), TEXT, 16), Column(_("Sub-district"), TEXT, 16), Column(_("Village"), TEXT, 16),
            Column(_("Location details"), TEXT, 20), Column(_("Volume / target"), TEXT, 16),
            Column(_("Indicative budget (Rp)"), MONEY, 18), Column(_("Priority"), TEXT, 10),
            Column(_("Origin"), TEXT, 12), Column(_("Status"), TEXT, 12), Column(_("Note"), TEXT, 30),
            Column(_("Merged into"), NUMBER, 10), Column(_("Pinned"), TEXT, 8), Column(_("Agency"), TEXT, 28),
            Column(_("Author"), TEXT, 24), Column(_("Supports"), NUMBER, 10), Column(_("Votes"), NUMBER, 8),
            Column(_("Answered"), TEXT, 10),
            Column(_("Created at (%(zone)s)", zone=zone), DATETIME, 18),
            Column(_("Updated at (%(zone)s)", zone=zone), DATETIME, 18),
        ]

    def _values(self, record: InputRecord, names: Labels) -> list:
        i, tz = record.input, self.event.timezone
        return [i.id, record.session_title, names.kind(i.kind), i.title, i.body, i.program, i.activity,
                i.sub_activity, i.problem, i.regency, i.district, i.village, i.location_detail, i.target, i.budget,
                i.priority, i.origin, names.status(i.status), i.note, i.merged_into_id, names.yes_no(i.pinned),
                record.agency_name, record.author, record.supports, record.votes, names.yes_no(i.answered),
                _local(i.created_at, tz),
                _local(i.updated_at, tz)]

    def history_columns(self) -> list[Column]:
        return [Column(_("Input ID"), NUMBER, 9), Column(_("Title"), TEXT, 36),
                Column(_("At (%(zone)s)", zone=zone_label(self.event.timezone)), DATETIME, 18),
                Column(_("Action"), TEXT, 16), Column(_("By"), TEXT, 24), Column(_("Changes"), TEXT, 60)]

    def _history_rows(self) -> Iterator[list]:
        tz = self.event.timezone
        for entry, title, user_name in input_history(self.event):
            yield [entry.input_id, title, _local(entry.at, tz), entry.action, user_name,
                   describe_changes(entry.changes)]

    def sheets(self) -> Iterator[Sheet]:
        names = Labels()
        yield Sheet(_("Inputs"), self.columns(), (self._values(r, names) for r in input_records(self.event)))
        yield Sheet(_("History"), self.history_columns(), self._history_rows())

    def csv_sheet(self) -> Sheet:
        tz = self.event.timezone
        history: dict[int, list[str]] = {}
        for entry, _title, user_name in input_history(self.event):
            at = _local(entry.at, tz).strftime("%Y-%m-%d %H:%M")
            by = f" ({user_name})" if user_name else ""
            changes = describe_changes(entry.changes)
            history.setdefault(entry.input_id, []).append(f"{at} {entry.action}{by}{': ' + changes if changes else ''}")
        names = Labels()
        rows = (self._values(r, names) + [" | ".join(history.get(r.input.id, []))] for r in input_records(self.event))
        return Sheet(_("Inputs"), self.columns() + [Column(_("History"), TEXT, 60)], rows)


# --- PDF: shared pieces -------------------------------------------------------------------

FONT_DIRS = (Path(__file__).resolve().parent.parent / "fonts", Path("/usr/share/fonts/truetype/dejavu"))
F4 = (215 * mm, 330 * mm)
_fonts: tuple[str, str] | None = None


def pdf_fonts() -> tuple[str, str]:
    """(regular, bold): DejaVu Sans shipped in forum/fonts/ (covers Indonesian and far more), else the
    system's copy, else Helvetica."""
    global _fonts
    if _fonts is None:
        _fonts = ("Helvetica", "Helvetica-Bold")
        for folder in FONT_DIRS:
            regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
            if regular.exists() and bold.exists():
                pdfmetrics.registerFont(TTFont("ForumSans", str(regular)))
                pdfmetrics.registerFont(TTFont("ForumSans-Bold", str(bold)))
                for is_bold, is_italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
                    addMapping("ForumSans", is_bold, is_italic, "ForumSans-Bold" if is_bold else "ForumSans")
                _fonts = ("ForumSans", "ForumSans-Bold")
                break
    return _fonts


def paper_size(paper: str) -> tuple[float, float]:
    return F4 if paper == "f4" else A4


class PdfKit:
    """Styles and small builders shared by the attendance list and the minutes."""

    PAD_X, PAD_Y = 3, 2  # cell padding of grid tables (each side)

    def __init__(self):
        regular, bold = pdf_fonts()
        self.regular, self.bold = regular, bold
        self.body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, spaceAfter=4)
        self.small = ParagraphStyle("small", fontName=regular, fontSize=8, leading=10)
        self.small_bold = ParagraphStyle("small_bold", parent=self.small, fontName=bold)
        self.small_right = ParagraphStyle("small_right", parent=self.small, alignment=TA_RIGHT)
        self.small_bold_right = ParagraphStyle("small_bold_right", parent=self.small_bold, alignment=TA_RIGHT)
        self.title = ParagraphStyle("title", fontName=bold, fontSize=14, leading=18, alignment=TA_CENTER,
                                    spaceAfter=2)
        self.subtitle = ParagraphStyle("subtitle", fontName=bold, fontSize=11, leading=14, alignment=TA_CENTER,
                                       spaceAfter=8)
        self.centered = ParagraphStyle("centered", parent=self.body, alignment=TA_CENTER)
        self.heading = ParagraphStyle("heading", fontName=bold, fontSize=11, leading=14, spaceBefore=10,
                                      spaceAfter=6)

    def p(self, text: str, style=None) -> Paragraph:
        """A paragraph of plain text: escaped (a name never becomes markup), line breaks kept, and it
        wraps inside its cell (long words are split)."""
        return Paragraph(escape(text or "").replace("\n", "<br/>"), style or self.body)

    def info_table(self, pairs: list[tuple[str, str]], width: float) -> Table:
        data = [[self.p(label), self.p(":"), self.p(value)] for label, value in pairs]
        table = Table(data, colWidths=[42 * mm, 5 * mm, width - 47 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        return table

    def grid(self, header: list[str], rows: list[list], widths: list[float], *, right: Sequence[int] = (),
             bold_last: bool = False, signing_room: float = 0) -> Table:
        """A small bordered table, whole (not streamed), with cells that wrap; `bold_last` for a total row,
        `signing_room` for space to sign under each row's text."""
        data = [[self.p(h, self.small_bold) for h in header]]
        for n, row in enumerate(rows, 1):
            bold = bold_last and n == len(rows)
            styles = ((self.small_bold_right, self.small_bold) if bold else (self.small_right, self.small))
            data.append([self.p("" if v is None else str(v), styles[0] if i in right else styles[1])
                         for i, v in enumerate(row)])
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(self.grid_style(bold_last))
        if signing_room:
            table.setStyle(TableStyle([("BOTTOMPADDING", (0, 1), (-1, -1), signing_room)]))
        return table

    def grid_style(self, bold_last: bool = False) -> TableStyle:
        commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                    ("LEFTPADDING", (0, 0), (-1, -1), self.PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), self.PAD_X),
                    ("TOPPADDING", (0, 0), (-1, -1), self.PAD_Y), ("BOTTOMPADDING", (0, 0), (-1, -1), self.PAD_Y)]
        if bold_last:
            commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f2f2f2")))
        return TableStyle(commands)

    def signature_block(self, width: float, lines: list[str], name: str = "") -> Table:
        """On the right: the lines, room to sign, then the name (or a dotted line) and NIP."""
        cell = [self.p(line, self.centered) for line in lines]
        cell += [Spacer(1, 18 * mm), self.p(name or "(" + "." * 50 + ")", self.centered),
                 self.p(_("NIP.") + " " + "." * 40, self.centered)]
        table = Table([["", cell]], colWidths=[width - 85 * mm, 85 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table


class StreamingTable(Flowable):
    """A bordered table fed from an iterator and laid out page by page.

    reportlab's Table measures all its remaining rows again at every page break, which is quadratic for
    a list of thousands; this flowable pulls only the rows that fit on the current page and hands that
    page's part to the frame as an ordinary Table (with the header repeated), so a list of any length is
    laid out in linear time with about one page of rows in memory.
    """

    def __init__(self, header: list, rows: Iterator[list], widths: list[float], style: TableStyle, *,
                 min_height: float = 0, pending: list | None = None):
        super().__init__()
        self.header, self.rows, self.widths, self.style = header, rows, widths, style
        self.min_height = min_height
        self.pending = pending or []

    def _height(self, row: list, minimum: float) -> float:
        tallest = 0.0
        for cell, width in zip(row, self.widths, strict=True):
            if isinstance(cell, Flowable):
                tallest = max(tallest, cell.wrap(width - 2 * PdfKit.PAD_X, 100_000)[1])
        return max(minimum, tallest + 2 * PdfKit.PAD_Y)

    def _next_row(self) -> list | None:
        return self.pending.pop() if self.pending else next(self.rows, None)

    def wrap(self, avail_width, avail_height):
        # Always "too tall": the frame then asks split() for the part that fits here.
        return sum(self.widths), avail_height + 1

    def split(self, avail_width, avail_height):
        header_height = self._height(self.header, 0)
        room = avail_height - header_height - 1
        at_top = getattr(getattr(self, "_frame", None), "_atTop", False)
        rows, heights, used = [], [], 0.0
        while (row := self._next_row()) is not None:
            height = self._height(row, self.min_height)
            if used + height > room and (rows or not at_top):
                self.pending.append(row)
                break
            rows.append(row)
            heights.append(height)
            used += height
        if not rows:
            return []  # not even one row fits under what is on this page already: the next page
        table = Table([self.header, *rows], colWidths=self.widths, rowHeights=[header_height, *heights],
                      hAlign="LEFT")
        table.setStyle(self.style)
        if not self.pending:
            return [table]
        # A new flowable for the rest: reportlab marks a flowable it had to postpone.
        return [table, StreamingTable(self.header, self.rows, self.widths, self.style, min_height=self.min_height,
                                      pending=self.pending)]

    def draw(self):  # never drawn: always split into Tables
        pass


def numbered_canvas(footer: Callable[[int, int], tuple[str, str]], font: str, note: str = "") -> type[Canvas]:
    """A canvas that writes its footer ("Page n of N", and an optional second line) once the number of
    pages is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802  (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for page in self._pages:
                self.__dict__.update(page)
                left, right = footer(self._pageNumber, total)
                width = self._pagesize[0]
                self.setFont(font, 8)
                self.drawString(15 * mm, 9 * mm, left)
                self.drawRightString(width - 15 * mm, 9 * mm, right)
                if note:  # shrunk to fit the line when long
                    size = min(6.5, 6.5 * (width - 30 * mm) / pdfmetrics.stringWidth(note, font, 6.5))
                    self.setFont(font, size)
                    self.drawString(15 * mm, 5.5 * mm, note)
                super().showPage()
            super().save()

    return NumberedCanvas


def _build(out: IO[bytes], story: list, options: ExportOptions, title: str, footer_left: str, kit: PdfKit,
           footer_note: str = "") -> None:
    doc = SimpleDocTemplate(out, pagesize=paper_size(options.paper), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=14 * mm, bottomMargin=16 * mm, title=title, author="Forum", creator="Forum")
    if len(footer_left) > 100:
        footer_left = footer_left[:99] + "…"

    def footer(page: int, total: int) -> tuple[str, str]:
        return footer_left, _("Page %(page)d of %(total)d", page=page, total=total)

    doc.build(story, canvasmaker=numbered_canvas(footer, kit.regular, footer_note))


def _text_width(options: ExportOptions) -> float:
    return paper_size(options.paper)[0] - 30 * mm


def event_day_and_time(event: Event) -> tuple[str, str]:
    """('Kamis, 25 Februari 2021', '08.00 WIB – 16.00 WIB') for document headers."""
    tz = event.timezone
    day = format_long_date(event.starts_at, tz)
    if to_local(event.starts_at, tz).date() != to_local(event.ends_at, tz).date():
        day = f"{day} – {format_long_date(event.ends_at, tz)}"
    return day, f"{format_clock(event.starts_at, tz)} – {format_clock(event.ends_at, tz)}"


def short_date(dt: datetime, tz: str) -> str:
    """'25 Februari 2021', above a signature."""
    return format_date(to_local(dt, tz), "d MMMM y", locale=locale_code())


def _prepend(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest


# --- PDF: the attendance list (daftar hadir) --------------------------------------------------

def attendance_pdf(event: Event, out: IO[bytes], options: ExportOptions, now: datetime | None = None) -> None:
    """The *daftar hadir*: header, a section per way of attending with a blank signature column, page
    numbers and the "Mengetahui" block. Phone numbers appear only on the internal copy."""
    kit, names = PdfKit(), Labels()
    session = export_session(event, options)
    ledger = _ledger(event, now, session)
    width = _text_width(options)
    tz = event.timezone
    day, hours = event_day_and_time(event)
    counts = ledger.summary()

    header = [_("No"), _("Name"), _("NIP / Position"), _("Agency"), _("Attendance"), _("Time"), _("Signature")]
    widths = [width * share for share in (0.05, 0.205, 0.195, 0.16, 0.115, 0.11, 0.165)]  # an 18-digit NIP fits

    def cells(n: int, row: AttendanceRow) -> list:
        p = row.participant
        name = p.name
        if p.deputy_for:
            name += "\n" + _("deputy for %(name)s", name=p.deputy_for)
        if options.internal and p.phone:
            name += "\n" + _("Phone: %(phone)s", phone=p.phone)
        if row.checked_in_at is not None:
            when = format_clock(row.checked_in_at, tz)
        elif row.online is not None:
            when = format_clock(row.online.first_joined_at, tz) + "\n" + ngettext(
                "%(num)d minute", "%(num)d minutes", row.online.minutes)
        else:
            when = ""
        values = [kit.p(str(n), kit.small), kit.p(name, kit.small),
                  kit.p("\n".join(x for x in (p.nip, p.position) if x), kit.small),
                  kit.p(p.agency.name if p.agency else "", kit.small), kit.p(names.mode(row.attended_as), kit.small),
                  kit.p(when, kit.small), ""]
        return values

    story = [kit.p(_("ATTENDANCE LIST"), kit.title), kit.p(event.title, kit.subtitle),
             kit.info_table([(_("Day, date"), day), (_("Time"), hours), (_("Place"), event.venue or "—"),
                             *([(_("Session"), session_heading(session, tz, ledger.now))] if session else [])], width),
             Spacer(1, 3 * mm),
             kit.p(_("Registered: %(registered)d · checked in: %(checked_in)d · joined online: %(online)d",
                     registered=counts["registered"], checked_in=counts["checked_in"],
                     online=counts["online_joined"]), kit.small)]
    if options.internal:
        story.append(kit.p(_("Internal copy for the organisers: it contains phone numbers; do not share it."),
                           kit.small_bold))
    header_cells = [kit.p(h, kit.small_bold) for h in header]
    sections = ((Attendance.in_person.value, _("A. Participants in person"), 11 * mm),
                (Attendance.online.value, _("B. Participants online"), 0))
    for mode, title, min_height in sections:
        story += [CondPageBreak(30 * mm), kit.p(title, kit.heading)]
        rows = (cells(n, row) for n, row in enumerate(ledger.rows(attended_as=mode), 1))
        first = next(rows, None)
        if first is None:
            story.append(kit.p(_("No participants.")))
        else:
            story.append(StreamingTable(header_cells, _prepend(first, rows), widths, kit.grid_style(),
                                        min_height=min_height))
    story += [CondPageBreak(60 * mm), Spacer(1, 8 * mm),
              kit.signature_block(width, [short_date(event.starts_at, tz), _("Acknowledged by,"),
                                          _("Chair of the forum")])]
    footer = event.title + (" · " + _("internal copy") if options.internal else "")
    _build(out, story, options, _("Attendance list") + " — " + event.title, footer, kit)


# --- PDF: the minutes of agreement (berita acara kesepakatan) --------------------------------

NUMBERS_ID = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
ORDINALS_EN = ("FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH")


def _indonesian_number(n: int) -> str:
    if n < 10:
        return NUMBERS_ID[n]
    if n < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(n) or f"{NUMBERS_ID[n - 10]} belas"
    tens, ones = divmod(n, 10)
    return f"{NUMBERS_ID[tens]} puluh {NUMBERS_ID[ones]}".strip()


def ordinal(n: int) -> str:
    """The numbered points of an agreement: KESATU, KEDUA, … (FIRST, SECOND, … in English)."""
    if locale_code() == "id":
        return "KE" + _indonesian_number(n).upper() if n < 100 else f"KE-{n}"
    return ORDINALS_EN[n - 1] if n <= len(ORDINALS_EN) else f"{n}TH"


def location_text(item: Input) -> str:
    return ", ".join(x for x in (item.village, item.district, item.regency) if x)


@dataclass
class Programme:
    """Accepted proposals sharing a programme name: one point of the agreement."""

    name: str
    records: list[InputRecord]

    @property
    def total(self) -> int:
        return sum(r.input.budget or 0 for r in self.records)

    @property
    def agencies(self) -> list[str]:
        return sorted({r.agency_name for r in self.records if r.agency_name}, key=str.casefold)


def agreed_programmes(event: Event) -> list[Programme]:
    """Accepted proposals grouped by programme, in the order the first of each was submitted."""
    groups: dict[str, Programme] = {}
    for record in input_records(event, kind=InputKind.proposal.value, statuses=[InputStatus.accepted.value]):
        name = record.input.program or _("Other activities")
        groups.setdefault(name.casefold(), Programme(name, [])).records.append(record)
    return list(groups.values())


def minutes_pdf(event: Event, out: IO[bytes], options: ExportOptions, now: datetime | None = None) -> None:
    """The *berita acara kesepakatan*: the agreed points (KESATU, KEDUA, …), signature blocks and three
    attachments (attendance, agreed programmes, proposals not agreed with their reasons)."""
    kit, names = PdfKit(), Labels()
    width = _text_width(options)
    ledger = Ledger(event, now)
    counts = ledger.summary()
    by_agency: dict[str, list[int]] = {}  # agency -> [present in person, present online]
    for row in ledger.rows():
        if row.present:
            agency = row.participant.agency.name if row.participant.agency else _("(no agency)")
            by_agency.setdefault(agency, [0, 0])[0 if row.attended_as == Attendance.in_person.value else 1] += 1
    in_person = sum(v[0] for v in by_agency.values())
    present = in_person + sum(v[1] for v in by_agency.values())
    programmes = agreed_programmes(event)
    not_agreed = list(input_records(event, kind=InputKind.proposal.value,
                                    statuses=[InputStatus.rejected.value, InputStatus.deferred.value]))
    day, hours = event_day_and_time(event)
    blank = "." * 40
    # The details kept with the minutes (services/minutes.py); number and chair given as options fill in
    # for missing ones, but never change finalised minutes.
    record = minutes_service.peek_minutes(event)
    final = record is not None and record.finalised_at is not None
    number = (record.number if record else "") if final else (options.number or (record.number if record else ""))
    chair = (record.chair if record else "") if final else (options.chair or (record.chair if record else ""))
    chair_position = record.chair_position if record else ""
    if final:
        note = _("Final since %(when)s · SHA-256 %(hash)s", when=format_when(record.finalised_at, event.timezone),
                 hash=record.content_hash)
        if not minutes_service.verify(event):
            note = _("WARNING: the forum's data changed after these minutes were finalised.") + " " + note
    else:
        note = _("Draft: these minutes are not final yet.")

    story = [
        kit.p(_("MINUTES OF AGREEMENT"), kit.title), kit.p(event.title, kit.subtitle),
        kit.p(_("Number: %(number)s", number=number or blank), kit.centered), Spacer(1, 4 * mm),
        kit.p(_("On %(date)s, at %(place)s, the %(title)s was held. Having discussed the agencies' draft "
                "programmes and the proposals submitted, the participants reached the agreements below.",
                date=day, place=event.venue or blank, title=event.title)),
        kit.info_table([
            (_("Day, date"), day), (_("Time"), hours), (_("Place"), event.venue or blank),
            (_("Participants present"),
             _("%(total)d people (%(in_person)d in person, %(online)d online); see attachment I",
               total=present, in_person=in_person, online=present - in_person)),
            (_("Chair"), ", ".join(x for x in (chair, chair_position) if x) or blank)], width),
        Spacer(1, 4 * mm), kit.p(_("AGREE"), kit.subtitle),
    ]
    points = [_("%(programme)s: %(activities)s; indicative budget %(total)s; carried out by %(agencies)s "
                "(details in attachment II).", programme=p.name,
                activities="; ".join(r.input.activity or r.input.title for r in p.records),
                total=format_rupiah(p.total), agencies=", ".join(p.agencies) or blank)
              for p in programmes] or [_("No programmes have been agreed yet.")]
    points += list(record.points) if record else []
    if not_agreed:
        points.append(ngettext(
            "%(num)d proposal was not agreed or was deferred; it is listed with the reason in attachment III.",
            "%(num)d proposals were not agreed or were deferred; they are listed with the reasons in attachment "
            "III.", len(not_agreed)))
    points.append(_("These agreements are the basis for refining the draft work plans (Renja) of the agencies "
                    "concerned."))
    table = Table([[kit.p(ordinal(n)), kit.p(":"), kit.p(text)] for n, text in enumerate(points, 1)],
                  colWidths=[30 * mm, 5 * mm, width - 35 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    agencies = sorted({a for p in programmes for a in p.agencies}, key=str.casefold) or ["", "", ""]
    story += [
        table, Spacer(1, 3 * mm), kit.p(_("These minutes were drawn up to be used as appropriate.")),
        CondPageBreak(70 * mm), Spacer(1, 4 * mm),
        kit.signature_block(width, [short_date(event.starts_at, event.timezone),
                                    chair_position or _("Chair of the forum")], chair),
        Spacer(1, 6 * mm), kit.p(_("Representatives of the participants"), kit.heading),
        kit.grid([_("No"), _("Agency"), _("Name"), _("Signature")], [[n, a, "", ""] for n, a in enumerate(agencies, 1)],
                 [width * w for w in (0.07, 0.38, 0.3, 0.25)], signing_room=9 * mm),
    ]

    # Attachment I: attendance in numbers (the full list is an export of its own).
    story += [PageBreak(), kit.p(_("ATTACHMENT I: ATTENDANCE"), kit.title), kit.p(event.title, kit.subtitle),
              kit.grid([_("Item"), _("Number")],
                       [[_("Registered"), counts["registered"]], [_("Checked in at the door"), counts["checked_in"]],
                        [_("Joined online"), counts["online_joined"]], [_("Present"), present]],
                       [width * 0.7, width * 0.3], right=(1,)),
              Spacer(1, 5 * mm), kit.p(_("Present by agency"), kit.heading)]
    if by_agency:
        rows = [[n, name, v[0], v[1], v[0] + v[1]]
                for n, (name, v) in enumerate(sorted(by_agency.items(), key=lambda kv: kv[0].casefold()), 1)]
        rows.append(["", _("Total"), in_person, present - in_person, present])
        story.append(kit.grid([_("No"), _("Agency"), _("In person"), _("Online"), _("Total")], rows,
                              [width * w for w in (0.07, 0.53, 0.13, 0.13, 0.14)], right=(2, 3, 4), bold_last=True))
    else:
        story.append(kit.p(_("No participants present.")))

    # Attachment II: the agreed programmes.
    story += [PageBreak(), kit.p(_("ATTACHMENT II: AGREED PROGRAMMES"), kit.title), kit.p(event.title, kit.subtitle)]
    records = [r for p in programmes for r in p.records]
    if records:
        rows = [[n, r.input.program, r.input.activity or r.input.title, location_text(r.input), r.input.target,
                 format_rupiah(r.input.budget), r.agency_name] for n, r in enumerate(records, 1)]
        rows.append(["", _("Total"), "", "", "", format_rupiah(sum(p.total for p in programmes)), ""])
        story.append(kit.grid([_("No"), _("Programme"), _("Activity"), _("Location"), _("Volume"),
                               _("Ceiling (Rp)"), _("Responsible agency")], rows,
                              [width * w for w in (0.05, 0.18, 0.2, 0.16, 0.1, 0.14, 0.17)], right=(5,),
                              bold_last=True))
    else:
        story.append(kit.p(_("No programmes have been agreed yet.")))

    # Attachment III: what was not agreed, with the reason.
    story += [PageBreak(), kit.p(_("ATTACHMENT III: PROPOSALS NOT AGREED"), kit.title),
              kit.p(event.title, kit.subtitle)]
    if not_agreed:
        story.append(kit.grid([_("No"), _("Proposal"), _("Agency"), _("Decision"), _("Reason")],
                              [[n, r.input.title, r.agency_name, names.status(r.input.status), r.input.note]
                               for n, r in enumerate(not_agreed, 1)],
                              [width * w for w in (0.05, 0.32, 0.2, 0.12, 0.31)]))
    else:
        story.append(kit.p(_("None.")))
    _build(out, story, options, _("Minutes of agreement") + " — " + event.title, event.title, kit, note)
