"""The minutes of agreement (*berita acara kesepakatan*) as a Word document: the same data (`gather`) and
the same texts and tables as the PDF (forum/documents/minutes.py), laid out with python-docx so that a
secretariat can edit before signing: the kop in the first page's header, the title, number and
particulars, the numbered points, the chair's and the signatories' blocks, and the three attachments."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import IO

from docx.shared import Emu
from flask_babel import gettext as _
from reportlab.pdfbase.pdfmetrics import stringWidth

from forum.documents import minutes as content
from forum.documents.base import ExportOptions
from forum.documents.letterhead import docx_letterhead
from forum.documents.word import CELL_MARGIN, WordKit
from forum.models import Event

DENSE_SIZE = 7  # points: the Renja's eleven columns on a portrait page


def _grid(kit: WordKit, grid: content.Grid, size: float = 8) -> None:
    kit.grid(grid.header, grid.rows, grid.shares, right=grid.right, bold_last=grid.bold_last,
             signing_room=grid.signing_room, size=size)


def _dense_shares(kit: WordKit, grids: list[content.Grid]) -> tuple[float, ...]:
    """Attachment IV's columns fitted to their words as the PDF's are, measured in Helvetica (Arial's widths) at
    the small size: Word breaks a heading between words and keeps a code or an amount whole."""
    def measure(word: str, bold: bool) -> float:
        return stringWidth(word, "Helvetica-Bold" if bold else "Helvetica", DENSE_SIZE)

    return content.fitted(grids, Emu(kit.width).pt, measure, 2 * CELL_MARGIN.pt + 1)


def _opening(kit: WordKit, data: content.MinutesData) -> None:
    kit.title(_("MINUTES OF AGREEMENT"))
    kit.subtitle(data.event.title)
    kit.p(_("Number: %(number)s", number=data.number or content.BLANK), center=True)
    kit.p(content.opening_sentence(data))
    kit.info_table(content.particulars(data))
    kit.p()
    kit.subtitle(_("AGREE"))


def _points(kit: WordKit, data: content.MinutesData) -> None:
    kit.numbered([(content.ordinal(n), text) for n, text in enumerate(content.agreed_points(data), 1)])
    kit.p()
    kit.p(content.closing_sentence())


def _signatures(kit: WordKit, data: content.MinutesData) -> None:
    lines, name, nip = content.chair_signature(data)
    kit.signature_block(lines, name, nip)
    kit.heading(content.signatories_title())
    _grid(kit, content.signatories_grid(data))


def _attachment(kit: WordKit, data: content.MinutesData, title: str) -> None:
    kit.page_break()
    kit.title(title)
    kit.subtitle(content.attachment_subtitle(data))


def _attachments(kit: WordKit, data: content.MinutesData) -> None:
    _attachment(kit, data, content.attendance_title())
    counts, by_agency = content.attendance_grids(data)
    _grid(kit, counts)
    kit.heading(_("Present by agency"))
    _grid_or(kit, by_agency, _("No participants present."))
    _attachment(kit, data, content.programmes_title())
    _grid_or(kit, content.programmes_grid(data), _("No programmes have been agreed yet."))
    _attachment(kit, data, content.not_agreed_title())
    _grid_or(kit, content.not_agreed_grid(data), _("None."))


def _grid_or(kit: WordKit, grid, empty: str) -> None:
    """A table, or one line saying there is nothing to list."""
    if grid is None:
        kit.p(empty)
    else:
        _grid(kit, grid)


def _plan_attachments(kit: WordKit, data: content.MinutesData) -> None:
    """Attachments IV–VI (the agreed plan rows, the decisions on overlapping rows, the ceilings), as in the PDF."""
    if data.plans is None:
        return
    _attachment(kit, data, content.renja_title())
    grids = content.renja_grids(data)
    shares = _dense_shares(kit, [grid for _agency, grid in grids]) if grids else ()
    for agency, grid in grids:
        kit.heading(agency)
        _grid(kit, replace(grid, shares=shares), DENSE_SIZE)
    if not grids:
        kit.p(_("No plan rows have been agreed yet."))
    for title, grid in ((content.overlaps_title(), content.overlaps_grid(data)),
                        (content.ceilings_title(), content.ceilings_grid(data))):
        _attachment(kit, data, title)
        _grid_or(kit, grid, _("None."))


def minutes_docx(event: Event, out: IO[bytes], options: ExportOptions, now: datetime | None = None) -> None:
    """The berita acara as .docx, on A4 or F4 like the PDF."""
    data = content.gather(event, options, now)
    kit = WordKit(options.paper, _("Minutes of agreement") + " — " + event.title)
    docx_letterhead(kit.document, data.kop)
    for section in (_opening, _points, _signatures, _attachments, _plan_attachments):
        section(kit, data)
    kit.footer(event.title, content.footer_note(data))
    kit.save(out)
