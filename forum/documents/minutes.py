"""The minutes of agreement (*berita acara kesepakatan*) as a PDF."""
from __future__ import annotations

from dataclasses import dataclass
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
    width = text_width(options)
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
    build(out, story, options, _("Minutes of agreement") + " — " + event.title, event.title, kit, note)
