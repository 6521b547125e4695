"""Name badges for the door, printed before the forum: A4 sheets of 2 × 4 badges (90 × 65 mm) with
cut marks, each with the person's name, position, agency, the forum's title and their QR code.

Only active in-person registrations get a badge (all of them, one agency's, or a selection); an
online registrant who decides to come is switched to in person first, or checks in at the desk.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from forum.documents.base import role_label
from forum.documents.pdf import pdf_fonts
from forum.extensions import db
from forum.models import Agency, Attendance, Event, Participant, ParticipantRole, ParticipantStatus
from forum.services import tickets

COLUMNS, ROWS = 2, 4
PER_PAGE = COLUMNS * ROWS
BADGE_W, BADGE_H = 90 * mm, 65 * mm
PAD = 4 * mm
BAND_H = 13 * mm  # the forum's title across the top
QR_SIZE = 33 * mm  # the PNG carries its own quiet zone (4 modules)
QR_BOX = 8  # pixels per QR module in the embedded PNG (about 250 dpi at this size)
MARK_LEN, MARK_GAP = 5 * mm, 1.5 * mm
BAND_COLOUR = colors.HexColor("#0b2e4f")
MAX_IDS = 5000


def badge_holders(event: Event, *, agency_id: int | None = None, ids: Iterable[int] | None = None) -> list[Participant]:
    """The active in-person registrations to print: all, one agency's (`agency_id`) or a selection
    (`ids`; ids of anyone else are ignored), ordered by agency then name so each agency's badges
    come off the printer together."""
    query = (select(Participant).outerjoin(Agency, Participant.agency_id == Agency.id)
             .options(contains_eager(Participant.agency))
             .where(Participant.event_id == event.id, Participant.status == ParticipantStatus.registered.value,
                    Participant.attendance == Attendance.in_person.value))
    if agency_id is not None:
        query = query.where(Participant.agency_id == agency_id)
    if ids is not None:
        wanted = sorted({i for i in ids if 0 < i < 2**31})[:MAX_IDS]
        query = query.where(Participant.id.in_(wanted))
    query = query.order_by(Agency.name.is_(None), func.lower(Agency.name), func.lower(Participant.name),
                           Participant.id)
    return list(db.session.scalars(query))


def _fit(text: str, width: float, height: float, font: str, sizes: Iterable[float], *,
         colour=colors.black, leading: float = 1.15) -> Paragraph:
    """A paragraph of `text` at the largest size in `sizes` that fits the box (long names wrap, long
    words are split); at the smallest size the text is shortened with an ellipsis if it still overflows."""
    size = 0.0
    for size in sizes:
        paragraph = _paragraph(text, font, size, colour, leading)
        if paragraph.wrap(width, height)[1] <= height:
            return paragraph
    words = text.split()
    while len(words) > 1:
        words.pop()
        paragraph = _paragraph(" ".join(words) + " …", font, size, colour, leading)
        if paragraph.wrap(width, height)[1] <= height:
            return paragraph
    cut = text
    while len(cut) > 1:
        cut = cut[:-max(1, len(cut) // 10)]
        paragraph = _paragraph(cut + "…", font, size, colour, leading)
        if paragraph.wrap(width, height)[1] <= height:
            return paragraph
    return _paragraph("", font, size, colour, leading)


def _paragraph(text: str, font: str, size: float, colour, leading: float) -> Paragraph:
    style = ParagraphStyle("badge", fontName=font, fontSize=size, leading=size * leading, textColor=colour,
                           splitLongWords=1)
    return Paragraph(escape(text), style)


def _draw_top(canvas: Canvas, paragraph: Paragraph, x: float, top: float, width: float) -> float:
    """Draws a paragraph whose top edge is at `top`; returns its bottom edge."""
    _w, h = paragraph.wrap(width, 10_000)
    paragraph.drawOn(canvas, x, top - h)
    return top - h


def _sizes(largest: float, smallest: float, step: float = 0.5) -> list[float]:
    count = int(round((largest - smallest) / step))
    return [largest - i * step for i in range(count + 1)]


def _draw_badge(canvas: Canvas, x: float, y: float, event: Event, person: Participant, payload: str) -> None:
    """One badge with its lower left corner at (x, y)."""
    regular, bold = pdf_fonts()
    # a hairline outline helps when cutting with scissors; the cut marks guide a guillotine
    canvas.setStrokeColor(colors.HexColor("#c8c8c8"))
    canvas.setLineWidth(0.25)
    canvas.rect(x, y, BADGE_W, BADGE_H)

    canvas.setFillColor(BAND_COLOUR)
    canvas.rect(x, y + BADGE_H - BAND_H, BADGE_W, BAND_H, stroke=0, fill=1)
    title = _fit(event.title, BADGE_W - 2 * PAD, BAND_H - 3 * mm, bold, _sizes(9, 6), colour=colors.white)
    _tw, th = title.wrap(BADGE_W - 2 * PAD, BAND_H)
    title.drawOn(canvas, x + PAD, y + BADGE_H - BAND_H + (BAND_H - th) / 2)

    qr_x = x + BADGE_W - PAD - QR_SIZE + 2 * mm  # the QR's own white border sits in the padding
    qr_y = y + (BADGE_H - BAND_H - QR_SIZE) / 2
    image = ImageReader(io.BytesIO(tickets.qr_png(payload, box_size=QR_BOX)))
    canvas.drawImage(image, qr_x, qr_y, QR_SIZE, QR_SIZE)

    text_w = qr_x - x - PAD
    top = y + BADGE_H - BAND_H - 3.5 * mm
    bottom = y + PAD
    role = person.role if person.role != ParticipantRole.participant.value else ""
    reserve = 6 * mm if role else 0
    top = _draw_top(canvas, _fit(person.name, text_w, 21 * mm, bold, _sizes(17, 9)), x + PAD, top, text_w)
    top -= 1.5 * mm
    if person.position:  # at most two lines, leaving room for the agency below
        room = min(9 * mm, top - bottom - reserve - 8 * mm)
        if room > 2 * mm:
            top = _draw_top(canvas, _fit(person.position, text_w, room, regular, _sizes(8.5, 6.5),
                                         colour=colors.HexColor("#333333")), x + PAD, top, text_w)
            top -= 1.2 * mm
    if person.agency is not None:
        _draw_top(canvas, _fit(person.agency.name, text_w, max(top - bottom - reserve, 3 * mm), bold, _sizes(9.5, 6.5)),
                  x + PAD, top, text_w)
    if role:
        canvas.setFillColor(BAND_COLOUR)
        canvas.setFont(bold, 8)
        canvas.drawString(x + PAD, y + PAD, role_label(role).upper())


def _draw_cut_marks(canvas: Canvas, left: float, bottom: float, count: int) -> None:
    """Marks in the page margin on every cutting line around the page's `count` badges (a desk's single
    badge gets the four lines around it, not a sheet's empty grid)."""
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.3)
    columns, rows = min(count, COLUMNS), -(-count // COLUMNS)
    top = bottom + ROWS * BADGE_H
    right, lowest = left + columns * BADGE_W, top - rows * BADGE_H
    for i in range(columns + 1):
        x = left + i * BADGE_W
        canvas.line(x, top + MARK_GAP, x, top + MARK_GAP + MARK_LEN)
        canvas.line(x, lowest - MARK_GAP, x, lowest - MARK_GAP - MARK_LEN)
    for j in range(rows + 1):
        y = top - j * BADGE_H
        canvas.line(left - MARK_GAP, y, left - MARK_GAP - MARK_LEN, y)
        canvas.line(right + MARK_GAP, y, right + MARK_GAP + MARK_LEN, y)


def render_badges(event: Event, people: list[Participant], payload_of: Callable[[Participant], str]) -> bytes:
    """The PDF: A4 pages of badges, left to right and top to bottom; `payload_of(person)` is what the
    person's QR code carries (forum.urls.checkin_payload)."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("Name badges: %(title)s", title=event.title))
    canvas.setAuthor("Forum")
    page_w, page_h = A4
    left, bottom = (page_w - COLUMNS * BADGE_W) / 2, (page_h - ROWS * BADGE_H) / 2
    for start in range(0, max(len(people), 1), PER_PAGE):
        page = people[start:start + PER_PAGE]
        _draw_cut_marks(canvas, left, bottom, max(len(page), 1))
        for k, person in enumerate(page):
            row, column = divmod(k, COLUMNS)
            x = left + column * BADGE_W
            y = bottom + (ROWS - 1 - row) * BADGE_H
            canvas.saveState()
            _draw_badge(canvas, x, y, event, person, payload_of(person))
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buf.getvalue()
