"""The letterhead (*kop surat*) at the head of every official document, in PDF and in Word: the forum's
logo on the left, its header lines centred beside it, and a double rule (thick over thin) underneath.

One module draws it for every document, so the daftar hadir, the berita acara and the notulen look alike.
The API is small and stable:

    from forum.documents.letterhead import letterhead_for, pdf_letterhead, docx_letterhead

    kop = letterhead_for(event)    # KopSurat: the forum's lines, logo (PNG bytes or None) and place of signing

    # PDF (reportlab platypus): the first flowables of the story, i.e. at the top of the first page.
    story = [*pdf_letterhead(kop, width), ...]        # width: the frame's text width in points

    # PDF drawn on a canvas instead (e.g. in an onPage callback): returns the height used.
    used = draw_letterhead(canvas, kop, x, top, width)

    # Word (python-docx): the kop goes into the first page's header of the document's first section.
    document = docx.Document()
    docx_letterhead(document, kop)

A forum without a letterhead (`kop.is_empty`) gets nothing: `pdf_letterhead` returns [] and
`docx_letterhead` / `draw_letterhead` draw nothing. The logo is always a PNG that the upload already
checked and re-encoded (forum/services/letterhead.py), never the uploaded file itself.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from forum.documents.pdf import pdf_fonts
from forum.models import Event
from forum.services import letterhead as letterhead_service

MAX_LINES = letterhead_service.MAX_LINES
LOGO_HEIGHT = 24 * mm  # the logo's height on paper (its width follows its proportions)
LOGO_COLUMN = 30 * mm  # room for the logo, and the same on the right so that the lines sit in the middle
THICK, THIN, GAP = 1.8, 0.6, 1.6  # the double rule, in points: a thick line, a gap, a thin line


@dataclass(frozen=True)
class KopSurat:
    """What a letterhead shows: its lines (at most four, blank ones dropped) and the logo as PNG bytes."""

    lines: tuple[str, ...] = ()
    logo: bytes | None = None
    place: str = ""  # where the documents are signed ("Pontianak"), for the closing "Pontianak, 25 Februari 2021"

    @property
    def is_empty(self) -> bool:
        return not self.lines and not self.logo


def letterhead_for(event: Event) -> KopSurat:
    """The forum's letterhead (an empty one when the organisers set none)."""
    record = letterhead_service.peek(event)
    if record is None:
        return KopSurat()
    lines = tuple(line for line in (record.lines or [])[:MAX_LINES] if line and line.strip())
    return KopSurat(lines, record.logo_png or None, record.place or "")


def line_style(index: int, count: int) -> tuple[bool, float]:
    """(bold, font size in points) of header line `index` of `count`: the government's and the agency's
    names large and bold, the address and contact lines small."""
    if count <= 2 or index < 2:
        return True, (12.0 if index == 0 and count > 1 else 14.0)
    return False, 9.0


def _fitted(text: str, font: str, size: float, width: float) -> float:
    """The font size at which `text` fits on one line of `width` (never below 6 pt)."""
    needed = stringWidth(text, font, size)
    return size if needed <= width else max(6.0, size * width / needed)


def _logo_size(logo: bytes) -> tuple[float, float]:
    """(width, height) on paper: LOGO_HEIGHT tall, at most as wide as the logo column."""
    pixels_w, pixels_h = ImageReader(io.BytesIO(logo)).getSize()
    ratio = pixels_w / pixels_h if pixels_h else 1
    width = min(LOGO_COLUMN - 2 * mm, LOGO_HEIGHT * ratio)
    return width, width / ratio


# --- PDF ---------------------------------------------------------------------------------------

class DoubleRule(Flowable):
    """The kop's rule: a thick line over a thin one, across the text width."""

    def __init__(self, width: float):
        super().__init__()
        self.width, self.height = width, THICK + GAP + THIN

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.setLineWidth(THICK)
        canvas.line(0, self.height - THICK / 2, self.width, self.height - THICK / 2)
        canvas.setLineWidth(THIN)
        canvas.line(0, THIN / 2, self.width, THIN / 2)


def _pdf_lines(kop: KopSurat, width: float) -> list[Paragraph]:
    regular, bold = pdf_fonts()
    paragraphs = []
    for n, text in enumerate(kop.lines):
        is_bold, size = line_style(n, len(kop.lines))
        font = bold if is_bold else regular
        size = _fitted(text, font, size, width - 2)
        style = ParagraphStyle(f"kop{n}", fontName=font, fontSize=size, leading=size * 1.25, alignment=TA_CENTER)
        paragraphs.append(Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), style))
    return paragraphs


def pdf_letterhead(kop: KopSurat, width: float) -> list[Flowable]:
    """The kop as flowables for the top of a document's first page: logo and lines, then the double rule
    and a little space. Nothing for an empty letterhead."""
    if kop.is_empty:
        return []
    text_width = width - 2 * LOGO_COLUMN
    logo = ""
    if kop.logo:
        logo_w, logo_h = _logo_size(kop.logo)
        logo = Image(io.BytesIO(kop.logo), width=logo_w, height=logo_h)
    table = Table([[logo, _pdf_lines(kop, text_width), ""]], colWidths=[LOGO_COLUMN, text_width, LOGO_COLUMN],
                  hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (0, 0), "LEFT"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return [table, DoubleRule(width), Spacer(1, 5 * mm)]


def draw_letterhead(canvas, kop: KopSurat, x: float, top: float, width: float) -> float:
    """Draws the kop on a reportlab canvas with its top-left corner at (x, top); returns the height used
    (0 for an empty letterhead)."""
    if kop.is_empty:
        return 0.0
    flowables = pdf_letterhead(kop, width)
    y = top
    for flowable in flowables:
        _, height = flowable.wrapOn(canvas, width, top)
        y -= height
        flowable.drawOn(canvas, x, y)
    return top - y


# --- Word --------------------------------------------------------------------------------------

def docx_letterhead(document, kop: KopSurat) -> None:
    """Writes the kop into the first-page header of the document's first section (later pages keep an
    empty header): a borderless table with the logo and the centred lines, and the double rule as the
    bottom border of the paragraph under it. Call it once, before or after adding the body."""
    if kop.is_empty:
        return
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Emu, Pt

    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.is_linked_to_previous = False
    width = section.page_width - section.left_margin - section.right_margin
    logo_column = Emu(int(LOGO_COLUMN / 72 * 914400))
    table = header.add_table(rows=1, cols=3, width=width)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (logo_column, Emu(width - 2 * logo_column), logo_column)
    for cell, cell_width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = cell_width
        _docx_middle(cell)
    if kop.logo:
        logo_w, logo_h = _logo_size(kop.logo)
        run = table.cell(0, 0).paragraphs[0].add_run()
        run.add_picture(io.BytesIO(kop.logo), width=Emu(int(logo_w / 72 * 914400)),
                        height=Emu(int(logo_h / 72 * 914400)))
    text_cell = table.cell(0, 1)
    regular, bold = pdf_fonts()
    for n, text in enumerate(kop.lines):
        paragraph = text_cell.paragraphs[0] if n == 0 else text_cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        is_bold, size = line_style(n, len(kop.lines))
        size = _fitted(text, bold if is_bold else regular, size, (width - 2 * logo_column) / 12700 - 4)
        run = paragraph.add_run(text)
        run.bold, run.font.size = is_bold, Pt(round(size * 2) / 2)
    rule = header.paragraphs[0]  # a new header has one empty paragraph, above the table: move it below
    rule._p.getparent().remove(rule._p)
    table._tbl.addnext(rule._p)
    _docx_double_rule(rule)
    rule.paragraph_format.space_after = Pt(6)


def _docx_middle(cell) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _docx_double_rule(paragraph) -> None:
    """A thick-over-thin bottom border under the paragraph (Word's "thickThinSmallGap")."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "thickThinSmallGap"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
