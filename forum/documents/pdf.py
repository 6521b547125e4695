"""What the PDF documents share: the fonts, the paper, styles and small builders (`PdfKit`), a table
streamed page by page, the numbered footer, and the document's header texts.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from babel.dates import format_date
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from forum.documents.base import ExportOptions
from forum.i18n import format_clock, format_long_date, locale_code, to_local
from forum.models import Event

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
        self.signer = ParagraphStyle("signer", parent=self.centered, fontName=bold, spaceAfter=0)

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

    def signature_block(self, width: float, lines: list[str], name: str = "", nip: str = "") -> Table:
        """On the right: the lines, room to sign, then the name underlined in bold (or a dotted line) and
        the NIP (or a dotted line). One table: it never breaks across pages."""
        cell = [self.p(line, self.centered) for line in lines if line]
        shown = f"<u>{escape(name)}</u>" if name else "(" + "." * 50 + ")"
        cell += [Spacer(1, 18 * mm), Paragraph(shown, self.signer),
                 self.p(_("NIP.") + " " + (nip or "." * 40), self.centered)]
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
                 min_height: float = 0, pending: list | None = None, heading: Flowable | None = None):
        super().__init__()
        self.header, self.rows, self.widths, self.style = header, rows, widths, style
        self.min_height = min_height
        self.pending = pending or []
        # Laid out with the first page's rows: never left alone at the foot of a page.
        self.heading = heading

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
        heading_height = 0.0
        if self.heading is not None:
            heading_height = self.heading.wrap(avail_width, avail_height)[1] + self.heading.getSpaceBefore() \
                + self.heading.getSpaceAfter()
        room = avail_height - header_height - heading_height - 1
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
        first = [self.heading, table] if self.heading is not None else [table]
        if not self.pending:
            return first
        # A new flowable for the rest: reportlab marks a flowable it had to postpone.
        return [*first, StreamingTable(self.header, self.rows, self.widths, self.style, min_height=self.min_height,
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


def build(out: IO[bytes], story: list, options: ExportOptions, title: str, footer_left: str, kit: PdfKit,
           footer_note: str = "") -> None:
    doc = SimpleDocTemplate(out, pagesize=paper_size(options.paper), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=14 * mm, bottomMargin=16 * mm, title=title, author="Forum", creator="Forum")
    if len(footer_left) > 100:
        footer_left = footer_left[:99] + "…"

    def footer(page: int, total: int) -> tuple[str, str]:
        return footer_left, _("Page %(page)d of %(total)d", page=page, total=total)

    doc.build(story, canvasmaker=numbered_canvas(footer, kit.regular, footer_note))


def text_width(options: ExportOptions) -> float:
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


def prepend(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest
