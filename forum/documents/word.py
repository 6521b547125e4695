"""What the Word documents share (python-docx): the page (A4 or F4, the PDF's margins), the body font, and
small builders for titles, paragraphs, label tables, bordered grids with a repeated header row, signature
blocks and page breaks. Each document module lays out its content with a `WordKit`, after
`forum.documents.letterhead.docx_letterhead` has put the kop in the first page's header."""
from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask_babel import gettext as _

from forum.documents.pdf import paper_size

FONT = "Arial"  # present on the secretariats' computers; the PDF's DejaVu Sans is not
CELL_MARGIN = Pt(5.4)  # each side of a grid's cell: the "Table Grid" style's 108 twips


class WordKit:
    """A new document on the chosen paper, and the builders its sections use."""

    def __init__(self, paper: str, title: str = ""):
        self.document = Document()
        section = self.document.sections[0]
        width, height = paper_size(paper)
        section.page_width, section.page_height = Mm(round(width / 72 * 25.4, 1)), Mm(round(height / 72 * 25.4, 1))
        section.left_margin = section.right_margin = Mm(15)
        section.top_margin, section.bottom_margin = Mm(14), Mm(16)
        section.header_distance = Mm(8)
        normal = self.document.styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(10)
        normal.paragraph_format.space_after = Pt(3)
        self.document.core_properties.title = title
        self.document.core_properties.author = "Forum"
        self.width = section.page_width - section.left_margin - section.right_margin

    def save(self, out: IO[bytes]) -> None:
        self.document.save(out)

    def p(self, text: str = "", *, bold: bool = False, size: float | None = None, center: bool = False,
          after: float | None = None):
        """A paragraph of plain text (line breaks kept)."""
        paragraph = self.document.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if after is not None:
            paragraph.paragraph_format.space_after = Pt(after)
        self.text(paragraph, text, bold=bold, size=size)
        return paragraph

    @staticmethod
    def text(paragraph, text: str, *, bold: bool = False, size: float | None = None, underline: bool = False):
        """Adds `text` as one run; its line breaks become Word's line breaks."""
        run = paragraph.add_run()
        run.bold, run.underline = bold or None, underline or None
        if size:
            run.font.size = Pt(size)
        for n, line in enumerate(str(text or "").split("\n")):
            if n:
                run.add_break()
            run.add_text(line)
        return run

    def title(self, text: str):
        return self.p(text, bold=True, size=14, center=True, after=0)

    def subtitle(self, text: str):
        return self.p(text, bold=True, size=11, center=True, after=8)

    def heading(self, text: str):
        paragraph = self.p(text, bold=True, size=11, after=4)
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _table(self, rows: int, widths: Sequence[int]):
        table = self.document.add_table(rows=rows, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):  # the grid, which fixed layouts follow
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        return table

    def info_table(self, pairs: list[tuple[str, str]], *, label_width: int = Mm(42)):
        """Label : value lines without borders (the meeting's particulars)."""
        table = self._table(len(pairs), [label_width, Mm(5), self.width - label_width - Mm(5)])
        for row, (label, value) in zip(table.rows, pairs, strict=True):
            for cell, text in zip(row.cells, (label, ":", value), strict=True):
                self.text(cell.paragraphs[0], text)
        return table

    def numbered(self, items: list[tuple[str, str]]):
        """KESATU : text, … without borders."""
        return self.info_table(items, label_width=Mm(30))

    def grid(self, header: list[str], rows: list[list], shares: Sequence[float], *, right: Sequence[int] = (),
             bold_last: bool = False, signing_room: float = 0, size: float = 8):
        """A bordered table in `size` points: a shaded header row repeated on every page, rows that do not break
        across pages, `bold_last` for a total row, `signing_room` (mm) to sign under each row's text."""
        table = self._table(1 + len(rows), [int(self.width * share) for share in shares])
        table.style = self.document.styles["Table Grid"]
        for n, (row, values) in enumerate(zip(table.rows, [header, *rows], strict=True)):
            _no_split(row)
            for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                if i in right and n:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self.text(paragraph, "" if value is None else str(value), size=size,
                          bold=n == 0 or (bold_last and n == len(rows)))
                if n == 0:
                    _shade(cell, "E6E6E6")
            if n and signing_room:
                row.height = Mm(signing_room + 6)
        _repeat_header(table.rows[0])
        return table

    def signature_block(self, lines: list[str], name: str = "", nip: str = ""):
        """On the right half: the lines, room to sign, the name underlined in bold (or a dotted line) and the
        NIP; a borderless table whose one row never breaks across pages."""
        table = self._table(1, [self.width // 2, self.width - self.width // 2])
        _no_split(table.rows[0])
        cell = table.cell(0, 1)
        first = True
        for line in [x for x in lines if x] + ["", "", ""]:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = True
            self.text(paragraph, line)
        signer = cell.add_paragraph()
        signer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        signer.paragraph_format.keep_with_next = True
        self.text(signer, name or "(" + "." * 50 + ")", bold=bool(name), underline=bool(name))
        number = cell.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.text(number, _("NIP.") + " " + (nip or "." * 40))
        return table

    def footer(self, left: str, note: str = "") -> None:
        """Every page's footer: the document's name, and a second line (draft or final) when given."""
        section = self.document.sections[0]
        for footer in (section.footer, section.first_page_footer):
            paragraph = footer.paragraphs[0]
            self.text(paragraph, left, size=8)
            if note:
                self.text(footer.add_paragraph(), note, size=6.5)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _no_split(row) -> None:
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)
