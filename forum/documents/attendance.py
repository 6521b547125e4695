"""The attendance list (*daftar hadir*): the ledger as CSV and XLSX (`AttendanceExporter`) and as a
PDF with a blank signature column (`attendance_pdf`).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import IO

from flask_babel import gettext as _
from flask_babel import ngettext
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer
from sqlalchemy import select

from forum.db import utcnow
from forum.documents.base import DATETIME, NUMBER, TEXT, Column, ExportOptions, Labels, ListExporter, Sheet, local_naive
from forum.documents.letterhead import KopSurat, letterhead_for, pdf_letterhead
from forum.documents.pdf import PdfKit, StreamingTable, build, event_day_and_time, prepend, short_date, text_width
from forum.errors import NotFound
from forum.extensions import db
from forum.i18n import format_clock, format_long_date, zone_label
from forum.models import Attendance, Event, Session
from forum.services import minutes as minutes_service
from forum.services.attendance import AttendanceRow, Ledger, session_window


def export_session(event: Event, options: ExportOptions) -> Session | None:
    """The session an attendance export is limited to (None: the whole forum)."""
    if options.session is None:
        return None
    session = db.session.scalar(select(Session).where(Session.id == options.session, Session.event_id == event.id))
    if session is None:
        raise NotFound("session_not_found", _("This forum has no such session."))
    return session


def _ledger(event: Event, now: datetime | None, session: Session | None) -> Ledger:
    """The forum's ledger, or one session's: online minutes inside its times, a check-in counting for it."""
    now = now or utcnow()
    return Ledger(event, now, session_window(session, now) if session is not None else None)


def session_heading(session: Session, tz: str, now: datetime) -> str:
    """'Diskusi (13.00 WIB – 15.00 WIB)', the times attendance was counted in."""
    start, end = session_window(session, now)
    return f"{session.title} ({format_clock(start, tz)} – {format_clock(end, tz)})"


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
        tz, names = self.event.timezone, Labels.current()
        for n, row in enumerate(self.ledger.rows(attended_as=attended_as), 1):
            p, came = row.participant, row.checked_in_at is not None or row.online is not None
            values = [n, p.name, p.nip or "", p.position, p.agency.name if p.agency else "", names.role(p.role),
                      p.deputy_for, names.mode(p.attendance), names.mode(row.attended_as) if came else "",
                      local_naive(row.checked_in_at, tz), row.desk, local_naive(row.online_first_joined_at, tz),
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
            [_("Exported at (%(zone)s)", zone=zone_label(event.timezone)),
             local_naive(self.ledger.now, event.timezone)],
        ]

    def sheets(self) -> Iterator[Sheet]:
        yield Sheet(_("Summary"), [Column(_("Item"), TEXT, 44), Column(_("Value"), TEXT, 50)], self.summary_rows())
        yield Sheet(_("In person"), self.columns(), self._rows(Attendance.in_person.value))
        yield Sheet(_("Online"), self.columns(), self._rows(Attendance.online.value))

    def csv_sheet(self) -> Sheet:
        return Sheet(_("Attendance"), self.columns(), self._rows())


# --- PDF: the attendance list (daftar hadir) --------------------------------------------------

def signing_line(kop: KopSurat, event: Event) -> str:
    """'Pontianak, 25 Februari 2021': the place of signing (a dotted line when not set) and the forum's date."""
    return f"{kop.place or '.' * 20}, {short_date(event.starts_at, event.timezone)}"


def _numbered(cells, rows: Iterator[AttendanceRow], signing: bool) -> Iterator[list]:
    for n, row in enumerate(rows, 1):
        yield cells(n, row, signing)


def _when_cell(row: AttendanceRow, tz: str) -> str:
    """The time column: the check-in time, or the online join time and minutes."""
    if row.checked_in_at is not None:
        return format_clock(row.checked_in_at, tz)
    if row.online is not None:
        return format_clock(row.online.first_joined_at, tz) + "\n" + ngettext(
            "%(num)d minute", "%(num)d minutes", row.online.minutes)
    return ""


def attendance_pdf(event: Event, out: IO[bytes], options: ExportOptions, now: datetime | None = None) -> None:
    """The *daftar hadir*: the kop, the header, people in person (with a blank signature column) and online
    (join time and minutes, no signature), page numbers and the closing block with place, date and the chair.
    Only people who came are marked present. Phone numbers appear only on the internal copy."""
    kit, names = PdfKit(), Labels()
    session = export_session(event, options)
    ledger = _ledger(event, now, session)
    width = text_width(options)
    tz = event.timezone
    day, hours = event_day_and_time(event)
    counts = ledger.summary()
    kop = letterhead_for(event)

    def cells(n: int, row: AttendanceRow, signing: bool) -> list:
        p = row.participant
        name = p.name
        if p.deputy_for:
            name += "\n" + _("deputy for %(name)s", name=p.deputy_for)
        if options.internal and p.phone:
            name += "\n" + _("Phone: %(phone)s", phone=p.phone)
        values = [kit.p(str(n), kit.small), kit.p(name, kit.small),
                  kit.p("\n".join(x for x in (p.nip, p.position) if x), kit.small),
                  kit.p(p.agency.name if p.agency else "", kit.small),
                  kit.p(names.mode(row.attended_as) if row.present else "—", kit.small),
                  kit.p(_when_cell(row, tz), kit.small)]
        return [*values, ""] if signing else values

    story = [*pdf_letterhead(kop, width), kit.p(_("ATTENDANCE LIST"), kit.title), kit.p(event.title, kit.subtitle),
             kit.info_table([(_("Day, date"), day), (_("Time"), hours), (_("Place"), event.venue or "—"),
                             *([(_("Session"), session_heading(session, tz, ledger.now))] if session else [])], width),
             Spacer(1, 3 * mm),
             kit.p(_("Registered: %(registered)d · present: %(present)d · checked in: %(checked_in)d · joined "
                     "online: %(online)d", registered=counts["registered"], present=ledger.present_count(),
                     checked_in=counts["checked_in"], online=counts["online_joined"]), kit.small)]
    if options.internal:
        story.append(kit.p(_("Internal copy for the organisers: it contains phone numbers; do not share it."),
                           kit.small_bold))
    in_person = [_("No"), _("Name"), _("NIP / Position"), _("Agency"), _("Attendance"), _("Time"), _("Signature")]
    online = [_("No"), _("Name"), _("NIP / Position"), _("Agency"), _("Attendance"), _("Joined, minutes online")]
    sections = ((Attendance.in_person.value, _("A. Participants in person"), in_person,
                 (0.05, 0.205, 0.195, 0.16, 0.115, 0.11, 0.165), 11 * mm),  # an 18-digit NIP fits
                (Attendance.online.value, _("B. Participants online"), online,
                 (0.05, 0.25, 0.22, 0.22, 0.11, 0.15), 0))
    for mode, title, header, shares, min_height in sections:
        heading, signing = kit.p(title, kit.heading), bool(min_height)
        rows = _numbered(cells, ledger.rows(attended_as=mode), signing)  # read lazily, while the PDF is laid out
        first = next(rows, None)
        if first is None:
            story.append(KeepTogether([heading, kit.p(_("No participants."))]))
        else:
            story.append(StreamingTable([kit.p(h, kit.small_bold) for h in header], prepend(first, rows),
                                        [width * share for share in shares], kit.grid_style(),
                                        min_height=min_height, heading=heading))
    story += [Spacer(1, 8 * mm), closing_block(kit, event, width, kop)]
    footer = event.title + (" · " + _("internal copy") if options.internal else "")
    build(out, story, options, _("Attendance list") + " — " + event.title, footer, kit)


def closing_block(kit: PdfKit, event: Event, width: float, kop: KopSurat):
    """'Pontianak, 25 Februari 2021 / Mengetahui, / Pimpinan Sidang' and the chair's name and NIP, as
    the minutes record them (dotted lines when not recorded)."""
    record = minutes_service.peek_minutes(event)
    chair, position, nip = (record.chair, record.chair_position, record.chair_nip) if record else ("", "", "")
    return kit.signature_block(width, [signing_line(kop, event), _("Acknowledged by,"),
                                       position or _("Chair of the forum")], chair, nip)
