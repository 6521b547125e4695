"""The minutes of agreement (*berita acara kesepakatan*) as a PDF: `gather` reads everything the
document says into plain data (`MinutesData`), then one function per section lays it out: the
opening, the agreed points (KESATU, KEDUA, …), the signatures, and three attachments (attendance,
agreed programmes, proposals not agreed with their reasons).

The details kept with the minutes (number, chair, extra points, finalisation) come from
forum.services.minutes; this module only reads them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from flask_babel import gettext as _
from flask_babel import ngettext
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer, Table, TableStyle

from forum.documents.base import ExportOptions, Labels
from forum.documents.inputs import InputRecord, input_records
from forum.documents.pdf import PdfKit, build, event_day_and_time, short_date, text_width
from forum.i18n import format_rupiah, format_when, locale_code
from forum.models import Attendance, Event, Input, InputKind, InputStatus
from forum.services import minutes as minutes_service
from forum.services.attendance import Ledger

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


# --- the data ---------------------------------------------------------------------------------

@dataclass
class AgencyPresence:
    """How many of one agency's people were present, in person and online."""

    name: str
    in_person: int = 0
    online: int = 0

    @property
    def total(self) -> int:
        return self.in_person + self.online


@dataclass
class Finalisation:
    """Finalised minutes: when, their content hash, and whether the data still matches it."""

    at: datetime
    content_hash: str
    intact: bool


@dataclass
class MinutesData:
    """Everything the minutes say, read once before any layout."""

    event: Event
    counts: dict[str, int]  # the ledger's summary: registered, checked_in, online_joined, …
    by_agency: list[AgencyPresence]  # present people per agency, by name
    programmes: list[Programme]  # the agreed ones
    not_agreed: list[InputRecord]  # rejected or deferred proposals
    number: str = ""
    chair: str = ""
    chair_position: str = ""
    extra_points: list[str] = field(default_factory=list)  # typed in on the minutes page
    final: Finalisation | None = None

    @property
    def in_person(self) -> int:
        return sum(a.in_person for a in self.by_agency)

    @property
    def present(self) -> int:
        return sum(a.total for a in self.by_agency)


def _presence_by_agency(ledger: Ledger) -> list[AgencyPresence]:
    by_agency: dict[str, AgencyPresence] = {}
    for row in ledger.rows():
        if row.present:
            name = row.participant.agency.name if row.participant.agency else _("(no agency)")
            presence = by_agency.setdefault(name, AgencyPresence(name))
            if row.attended_as == Attendance.in_person.value:
                presence.in_person += 1
            else:
                presence.online += 1
    return sorted(by_agency.values(), key=lambda a: a.name.casefold())


def gather(event: Event, options: ExportOptions, now: datetime | None = None) -> MinutesData:
    """The minutes' data. A number and chair given as options fill in for missing ones, but never change
    finalised minutes."""
    ledger = Ledger(event, now)
    data = MinutesData(event, ledger.summary(), _presence_by_agency(ledger), agreed_programmes(event),
                       list(input_records(event, kind=InputKind.proposal.value,
                                          statuses=[InputStatus.rejected.value, InputStatus.deferred.value])))
    record = minutes_service.peek_minutes(event)
    if record is None:
        data.number, data.chair = options.number, options.chair
        return data
    data.chair_position, data.extra_points = record.chair_position, list(record.points)
    if record.finalised_at is None:
        data.number, data.chair = options.number or record.number, options.chair or record.chair
        return data
    data.number, data.chair = record.number, record.chair
    data.final = Finalisation(record.finalised_at, record.content_hash, bool(minutes_service.verify(event)))
    return data


# --- the layout -------------------------------------------------------------------------------

BLANK = "." * 40  # a line to fill in by hand


def _opening(kit: PdfKit, data: MinutesData, width: float) -> list:
    """The title, the number, the opening sentence and the meeting's particulars."""
    event = data.event
    day, hours = event_day_and_time(event)
    present, in_person = data.present, data.in_person
    return [
        kit.p(_("MINUTES OF AGREEMENT"), kit.title), kit.p(event.title, kit.subtitle),
        kit.p(_("Number: %(number)s", number=data.number or BLANK), kit.centered), Spacer(1, 4 * mm),
        kit.p(_("On %(date)s, at %(place)s, the %(title)s was held. Having discussed the agencies' draft "
                "programmes and the proposals submitted, the participants reached the agreements below.",
                date=day, place=event.venue or BLANK, title=event.title)),
        kit.info_table([
            (_("Day, date"), day), (_("Time"), hours), (_("Place"), event.venue or BLANK),
            (_("Participants present"),
             _("%(total)d people (%(in_person)d in person, %(online)d online); see attachment I",
               total=present, in_person=in_person, online=present - in_person)),
            (_("Chair"), ", ".join(x for x in (data.chair, data.chair_position) if x) or BLANK)], width),
        Spacer(1, 4 * mm), kit.p(_("AGREE"), kit.subtitle),
    ]


def _agreed_points(kit: PdfKit, data: MinutesData, width: float) -> list:
    """KESATU, KEDUA, …: one point per agreed programme, the points typed in, the count of proposals not
    agreed, and the closing point."""
    points = [_("%(programme)s: %(activities)s; indicative budget %(total)s; carried out by %(agencies)s "
                "(details in attachment II).", programme=p.name,
                activities="; ".join(r.input.activity or r.input.title for r in p.records),
                total=format_rupiah(p.total), agencies=", ".join(p.agencies) or BLANK)
              for p in data.programmes] or [_("No programmes have been agreed yet.")]
    points += data.extra_points
    if data.not_agreed:
        points.append(ngettext(
            "%(num)d proposal was not agreed or was deferred; it is listed with the reason in attachment III.",
            "%(num)d proposals were not agreed or were deferred; they are listed with the reasons in attachment "
            "III.", len(data.not_agreed)))
    points.append(_("These agreements are the basis for refining the draft work plans (Renja) of the agencies "
                    "concerned."))
    table = Table([[kit.p(ordinal(n)), kit.p(":"), kit.p(text)] for n, text in enumerate(points, 1)],
                  colWidths=[30 * mm, 5 * mm, width - 35 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 3 * mm), kit.p(_("These minutes were drawn up to be used as appropriate."))]


def _signatures(kit: PdfKit, data: MinutesData, width: float) -> list:
    """The chair's signature, then a row to sign for each agency carrying out an agreed programme (three blank
    rows when there is none)."""
    event = data.event
    agencies = sorted({a for p in data.programmes for a in p.agencies}, key=str.casefold) or ["", "", ""]
    return [
        CondPageBreak(70 * mm), Spacer(1, 4 * mm),
        kit.signature_block(width, [short_date(event.starts_at, event.timezone),
                                    data.chair_position or _("Chair of the forum")], data.chair),
        Spacer(1, 6 * mm), kit.p(_("Representatives of the participants"), kit.heading),
        kit.grid([_("No"), _("Agency"), _("Name"), _("Signature")], [[n, a, "", ""] for n, a in enumerate(agencies, 1)],
                 [width * w for w in (0.07, 0.38, 0.3, 0.25)], signing_room=9 * mm),
    ]


def _attachment(kit: PdfKit, data: MinutesData, title: str) -> list:
    return [PageBreak(), kit.p(title, kit.title), kit.p(data.event.title, kit.subtitle)]


def _attendance_attachment(kit: PdfKit, data: MinutesData, width: float) -> list:
    """Attachment I: attendance in numbers (the full list is an export of its own)."""
    counts, present, in_person = data.counts, data.present, data.in_person
    story = [*_attachment(kit, data, _("ATTACHMENT I: ATTENDANCE")),
             kit.grid([_("Item"), _("Number")],
                      [[_("Registered"), counts["registered"]], [_("Checked in at the door"), counts["checked_in"]],
                       [_("Joined online"), counts["online_joined"]], [_("Present"), present]],
                      [width * 0.7, width * 0.3], right=(1,)),
             Spacer(1, 5 * mm), kit.p(_("Present by agency"), kit.heading)]
    if not data.by_agency:
        return [*story, kit.p(_("No participants present."))]
    rows = [[n, a.name, a.in_person, a.online, a.total] for n, a in enumerate(data.by_agency, 1)]
    rows.append(["", _("Total"), in_person, present - in_person, present])
    return [*story, kit.grid([_("No"), _("Agency"), _("In person"), _("Online"), _("Total")], rows,
                             [width * w for w in (0.07, 0.53, 0.13, 0.13, 0.14)], right=(2, 3, 4), bold_last=True)]


def _programmes_attachment(kit: PdfKit, data: MinutesData, width: float) -> list:
    """Attachment II: the agreed programmes, activity by activity, with a total."""
    story = _attachment(kit, data, _("ATTACHMENT II: AGREED PROGRAMMES"))
    records = [r for p in data.programmes for r in p.records]
    if not records:
        return [*story, kit.p(_("No programmes have been agreed yet."))]
    rows = [[n, r.input.program, r.input.activity or r.input.title, location_text(r.input), r.input.target,
             format_rupiah(r.input.budget), r.agency_name] for n, r in enumerate(records, 1)]
    rows.append(["", _("Total"), "", "", "", format_rupiah(sum(p.total for p in data.programmes)), ""])
    return [*story, kit.grid([_("No"), _("Programme"), _("Activity"), _("Location"), _("Volume"),
                              _("Ceiling (Rp)"), _("Responsible agency")], rows,
                             [width * w for w in (0.05, 0.18, 0.2, 0.16, 0.1, 0.14, 0.17)], right=(5,),
                             bold_last=True)]


def _not_agreed_attachment(kit: PdfKit, data: MinutesData, width: float) -> list:
    """Attachment III: what was not agreed, with the reason."""
    story = _attachment(kit, data, _("ATTACHMENT III: PROPOSALS NOT AGREED"))
    if not data.not_agreed:
        return [*story, kit.p(_("None."))]
    names = Labels()
    return [*story, kit.grid([_("No"), _("Proposal"), _("Agency"), _("Decision"), _("Reason")],
                             [[n, r.input.title, r.agency_name, names.status(r.input.status), r.input.note]
                              for n, r in enumerate(data.not_agreed, 1)],
                             [width * w for w in (0.05, 0.32, 0.2, 0.12, 0.31)])]


def _footer_note(data: MinutesData) -> str:
    """Under every page: draft, or final with the hash (and a warning when the data changed since)."""
    if data.final is None:
        return _("Draft: these minutes are not final yet.")
    note = _("Final since %(when)s · SHA-256 %(hash)s", when=format_when(data.final.at, data.event.timezone),
             hash=data.final.content_hash)
    if not data.final.intact:
        note = _("WARNING: the forum's data changed after these minutes were finalised.") + " " + note
    return note


SECTIONS = (_opening, _agreed_points, _signatures, _attendance_attachment, _programmes_attachment,
            _not_agreed_attachment)


def minutes_pdf(event: Event, out: IO[bytes], options: ExportOptions, now: datetime | None = None) -> None:
    """The *berita acara kesepakatan*: the agreed points (KESATU, KEDUA, …), signature blocks and three
    attachments (attendance, agreed programmes, proposals not agreed with their reasons)."""
    kit, width = PdfKit(), text_width(options)
    data = gather(event, options, now)
    story = [flowable for section in SECTIONS for flowable in section(kit, data, width)]
    build(out, story, options, _("Minutes of agreement") + " — " + event.title, event.title, kit, _footer_note(data))
