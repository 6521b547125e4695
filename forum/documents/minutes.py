"""The minutes of agreement (*berita acara kesepakatan*) as a PDF: `gather` reads everything the
document says into plain data (`MinutesData`), then one function per section lays it out: the
opening, the agreed points (KESATU, KEDUA, …), the signatures, and three attachments (attendance,
agreed programmes, proposals not agreed with their reasons) — and when the forum holds the agencies' plans, three
more: the agreed plan rows in the Renja columns, the decisions on overlapping rows, and each agency's indicative
budget against its ceiling.

The details kept with the minutes (number, chair, extra points, finalisation) come from
forum.services.minutes; this module only reads them."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from babel.numbers import format_decimal
from flask_babel import gettext as _
from flask_babel import ngettext
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle
from sqlalchemy import exists, select

from forum.documents import renja
from forum.documents.base import ExportOptions, Labels
from forum.documents.inputs import InputRecord, input_records
from forum.documents.letterhead import KopSurat, letterhead_for, pdf_letterhead
from forum.documents.pdf import PdfKit, build, event_day_and_time, short_date, text_width
from forum.extensions import db
from forum.i18n import format_rupiah, format_when, locale_code
from forum.models import Attendance, Event, Input, InputKind, InputStatus
from forum.models.plans import OverlapRelation, PlanItem, PlanOverlap
from forum.services import inputs as inputs_service
from forum.services import minutes as minutes_service
from forum.services import overlap, plan_cells
from forum.services import signatories as signatories_service
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


def _money(value) -> str:
    """Whole rupiah without "Rp" (the column says it): "1.500.000.000"."""
    return format_decimal(value, format="#,##0", locale=locale_code()) if value is not None else ""


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
    listed: bool = True  # False for the people of an agency not yet verified, and of none: listed last

    @property
    def total(self) -> int:
        return self.in_person + self.online


@dataclass
class Finalisation:
    """Finalised minutes: when, their content hash, and whether the data still matches it."""

    at: datetime
    content_hash: str
    intact: bool


@dataclass(frozen=True)
class Signer:
    """A signatory as printed: name, position, agency and NIP (empty when the person has none)."""

    name: str
    position: str
    agency: str
    nip: str


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
    chair_nip: str = ""
    extra_points: list[str] = field(default_factory=list)  # typed in on the minutes page
    final: Finalisation | None = None
    co_proposers: dict[int, list[str]] = field(default_factory=dict)  # agreed input id -> merged-in agencies
    signatories: list[Signer] = field(default_factory=list)  # chosen by the organisers, in signing order
    kop: KopSurat = field(default_factory=KopSurat)
    plans: PlanAttachments | None = None  # the agencies' plan rows, when the forum has any

    # The headcount: one number everywhere (page 1 and attachment I), from the presence by agency.
    @property
    def in_person(self) -> int:
        return sum(a.in_person for a in self.by_agency)

    @property
    def online(self) -> int:
        return sum(a.online for a in self.by_agency)

    @property
    def present(self) -> int:
        return sum(a.total for a in self.by_agency)


def _presence_by_agency(ledger: Ledger) -> list[AgencyPresence]:
    by_agency: dict[str, AgencyPresence] = {}
    for row in ledger.rows():
        if row.present:
            agency = row.participant.agency
            # an agency nobody has verified yet is not an agency of the official counts (its people still count)
            listed = agency is not None and agency.verified
            name = agency.name if listed else _("(agency not yet verified)") if agency else _("(no agency)")
            presence = by_agency.setdefault(name, AgencyPresence(name, listed=listed))
            if row.attended_as == Attendance.in_person.value:
                presence.in_person += 1
            else:
                presence.online += 1
    # by name, and the unverified and agency-less after the agencies ("(" sorts before letters)
    return sorted(by_agency.values(), key=lambda a: (not a.listed, a.name.casefold()))


@dataclass(frozen=True)
class PlanPair:
    """A flagged overlap between two agencies' rows (or a row and a proposal) and what became of each."""

    first: PlanItem
    second: PlanItem | None
    proposal: Input | None
    reasons: list[str]
    dismissed: bool


@dataclass
class PlanAttachments:
    """The plans' part of the minutes: each agency's agreed rows (as renja.xlsx has them), the decisions on
    overlapping rows, and each agency's sum against its ceiling."""

    agencies: list[renja.AgencyPlan]
    pairs: list[PlanPair]
    names: dict[int, str]  # agency id → name


def gather_plans(event: Event) -> PlanAttachments | None:
    """None when the forum holds no plan rows (the minutes then have no plan attachments)."""
    if not db.session.scalar(select(exists().where(PlanItem.event_id == event.id))):
        return None
    pairs = []
    query = (select(PlanOverlap).where(PlanOverlap.event_id == event.id,
                                       PlanOverlap.relation == OverlapRelation.overlap.value)
             .order_by(PlanOverlap.item_a_id, PlanOverlap.id))
    seen = set()
    for pair in db.session.scalars(query):
        first = db.session.get(PlanItem, pair.item_a_id)
        second = db.session.get(PlanItem, pair.item_b_id) if pair.item_b_id else None
        proposal = db.session.get(Input, pair.input_id) if pair.input_id else None
        if first is not None and (second is not None or proposal is not None):
            pairs.append(PlanPair(first, second, proposal, overlap.describe(pair.reasons), pair.dismissed))
            seen.add(frozenset((first.id, second.id if second else None)))
    # A row merged into another agency's row left the table, and with it its stored flag: the merge names the pair.
    merged = select(PlanItem).where(PlanItem.event_id == event.id, PlanItem.merged_into_id.is_not(None)) \
        .order_by(PlanItem.id)
    for item in db.session.scalars(merged):
        target = db.session.get(PlanItem, item.merged_into_id)
        if target is not None and frozenset((item.id, target.id)) not in seen:
            pairs.append(PlanPair(item, target, None, [_("the same work: merged")], False))
    return PlanAttachments(renja.gather(event), pairs, {a.id: a.name for a in event.agencies})


def gather(event: Event, options: ExportOptions, now: datetime | None = None) -> MinutesData:
    """The minutes' data. A number and chair given as options fill in for missing ones, but never change
    finalised minutes."""
    ledger = Ledger(event, now)
    data = MinutesData(event, ledger.summary(), _presence_by_agency(ledger), agreed_programmes(event),
                       list(input_records(event, kind=InputKind.proposal.value,
                                          statuses=[InputStatus.rejected.value, InputStatus.deferred.value])))
    agreed_ids = [r.input.id for p in data.programmes for r in p.records]
    data.co_proposers = {i: [a.name for a in agencies]
                         for i, agencies in inputs_service.co_proposers(agreed_ids).items() if agencies}
    data.signatories = [Signer(s.participant.name, s.participant.position,
                               s.participant.agency.name if s.participant.agency else "", s.participant.nip or "")
                        for s in signatories_service.list_signatories(event)]
    data.kop = letterhead_for(event)
    data.plans = gather_plans(event)
    record = minutes_service.peek_minutes(event)
    if record is None:
        data.number, data.chair = options.number, options.chair
        return data
    data.chair_position, data.chair_nip = record.chair_position, record.chair_nip
    data.extra_points = list(record.points)
    if record.finalised_at is None:
        data.number, data.chair = options.number or record.number, options.chair or record.chair
        return data
    data.number, data.chair = record.number, record.chair
    data.final = Finalisation(record.finalised_at, record.content_hash, bool(minutes_service.verify(event)))
    return data


# --- the content, shared by the PDF and the Word document --------------------------------------

BLANK = "." * 40  # a line to fill in by hand


@dataclass(frozen=True)
class Grid:
    """A table of an attachment or the signatures: header, rows of text, each column's share of the width,
    the right-aligned columns, whether the last row is a total, and room to sign under each row."""

    header: list[str]
    rows: list[list]
    shares: tuple[float, ...]
    right: tuple[int, ...] = ()
    bold_last: bool = False
    signing_room: float = 0  # millimetres


def fitted(grids: Sequence[Grid], width: float, measure: Callable[[str, bool], float],
           padding: float) -> tuple[float, ...]:
    """Shares of `width` for the columns of `grids` (all alike, so that one agency's table lines up with the
    next): each column at least as wide as its longest word, in the bold heading, a cell or the bold total, plus
    the cell's `padding` (both sides), so that a heading, a code or an amount breaks only between words; the rest
    of the width as the grids' shares say. `measure(word, bold)` is a word's width in the unit of `width`."""
    shares = grids[0].shares
    least = [0.0] * len(shares)
    for grid in grids:
        rows = [(grid.header, True), *((row, grid.bold_last and n == len(grid.rows)) for n, row in
                                       enumerate(grid.rows, 1))]
        for row, bold in rows:
            for i, value in enumerate(row):
                for word in str("" if value is None else value).split():
                    least[i] = max(least[i], measure(word, bold) + padding)
    if sum(least) >= width:  # too many long words for the page: each column in proportion to its longest
        return tuple(w / sum(least) for w in least)
    free = set(range(len(shares)))  # the columns given their share; the others get their least width
    while True:
        room = width - sum(least[i] for i in range(len(shares)) if i not in free)
        part = sum(shares[i] for i in free)
        narrow = {i for i in free if room * shares[i] / part < least[i]}
        if not narrow:
            return tuple((room * shares[i] / part if i in free else least[i]) / width for i in range(len(shares)))
        free -= narrow


def headcount(data: MinutesData) -> str:
    """'19 orang (16 luring, 3 daring)': the number on page 1, from the same figures as attachment I."""
    return _("%(total)d people (%(in_person)d in person, %(online)d online); see attachment I",
             total=data.present, in_person=data.in_person, online=data.online)


def opening_sentence(data: MinutesData) -> str:
    event = data.event
    return _("On %(date)s, at %(place)s, the %(title)s was held. Having discussed the agencies' draft "
             "programmes and the proposals submitted, the participants reached the agreements below.",
             date=event_day_and_time(event)[0], place=event.venue or BLANK, title=event.title)


def particulars(data: MinutesData) -> list[tuple[str, str]]:
    """The meeting's particulars under the opening sentence."""
    day, hours = event_day_and_time(data.event)
    return [(_("Day, date"), day), (_("Time"), hours), (_("Place"), data.event.venue or BLANK),
            (_("Participants present"), headcount(data)),
            (_("Chair"), ", ".join(x for x in (data.chair, data.chair_position) if x) or BLANK)]


def item_name(record: InputRecord) -> str:
    """An agreed item as the points name it: the activity and, when it says more, the proposal's title."""
    activity, title = record.input.activity or "", record.input.title or ""
    if activity and title and title.casefold() != activity.casefold():
        return f"{activity} ({title})"
    return activity or title


def responsible(data: MinutesData, record: InputRecord) -> str:
    """The agency carrying an agreed item out, with the agencies whose proposals were merged into it."""
    partners = data.co_proposers.get(record.input.id, [])
    if not partners:
        return record.agency_name
    return record.agency_name + "\n" + _("with %(names)s", names=", ".join(partners))


def agreed_points(data: MinutesData) -> list[str]:
    """KESATU, KEDUA, …: one point per agreed programme, the points typed in, the count of proposals not
    agreed, and the closing point."""
    points = []
    for p in data.programmes:
        agencies = sorted({*p.agencies, *(a for r in p.records for a in data.co_proposers.get(r.input.id, []))},
                          key=str.casefold)
        points.append(_("%(programme)s: %(activities)s; indicative budget %(total)s; carried out by %(agencies)s "
                        "(details in attachment II).", programme=p.name,
                        activities="; ".join(item_name(r) for r in p.records), total=format_rupiah(p.total),
                        agencies=", ".join(agencies) or BLANK))
    points = points or [_("No programmes have been agreed yet.")]
    points += data.extra_points
    if data.not_agreed:
        points.append(ngettext(
            "%(num)d proposal was not agreed or was deferred; it is listed with the reason in attachment III.",
            "%(num)d proposals were not agreed or were deferred; they are listed with the reasons in attachment "
            "III.", len(data.not_agreed)))
    if data.plans is not None:
        points.append(_("The agencies' plan rows as agreed in this forum, the decisions on rows that overlapped, and "
                        "each agency's indicative budget against its ceiling are listed in attachments IV, V and VI."))
    points.append(_("These agreements are the basis for refining the draft work plans (Renja) of the agencies "
                    "concerned."))
    return points


def closing_sentence() -> str:
    return _("These minutes were drawn up to be used as appropriate.")


def chair_signature(data: MinutesData) -> tuple[list[str], str, str]:
    """(lines above the signature, name, NIP) of the chair's block."""
    event = data.event
    place = data.kop.place or "." * 20
    return ([f"{place}, {short_date(event.starts_at, event.timezone)}", data.chair_position or _("Chair of the forum")],
            data.chair, data.chair_nip)


def signatories_title() -> str:
    return _("Representatives of the participants")


def signatories_grid(data: MinutesData) -> Grid:
    """The chosen signatories in their order, each with name, position, NIP and agency and room to sign;
    three blank rows to fill in by hand when none were chosen."""
    rows = [[n, "\n".join(x for x in (s.name, s.position, _("NIP. %(nip)s", nip=s.nip) if s.nip else "") if x),
             s.agency, ""] for n, s in enumerate(data.signatories, 1)]
    rows = rows or [[n, "", "", ""] for n in range(1, 4)]
    return Grid([_("No"), _("Name, position and NIP"), _("Agency"), _("Signature")], rows,
                (0.07, 0.4, 0.3, 0.23), signing_room=9)


def attachment_subtitle(data: MinutesData) -> str:
    return data.event.title


def attendance_title() -> str:
    return _("ATTACHMENT I: ATTENDANCE")


def attendance_grids(data: MinutesData) -> tuple[Grid, Grid | None]:
    """Attachment I: the headcount (the same figures as page 1), and the present people by agency."""
    counts = Grid([_("Item"), _("Number")],
                  [[_("Registered"), data.counts["registered"]], [_("Present in person"), data.in_person],
                   [_("Present online"), data.online], [_("Present"), data.present]],
                  (0.7, 0.3), right=(1,), bold_last=True)
    if not data.by_agency:
        return counts, None
    rows = [[n, a.name, a.in_person, a.online, a.total] for n, a in enumerate(data.by_agency, 1)]
    rows.append(["", _("Total"), data.in_person, data.online, data.present])
    return counts, Grid([_("No"), _("Agency"), _("In person"), _("Online"), _("Total")], rows,
                        (0.07, 0.53, 0.13, 0.13, 0.14), right=(2, 3, 4), bold_last=True)


def programmes_title() -> str:
    return _("ATTACHMENT II: AGREED PROGRAMMES")


def programmes_grid(data: MinutesData) -> Grid | None:
    """Attachment II: the agreed items with programme, activity and title, and a total."""
    records = [r for p in data.programmes for r in p.records]
    if not records:
        return None
    # Amounts without "Rp" (the heading says it), in a column as wide as a bold total under a trillion:
    # a cell too narrow for its figure broke it across two lines ("Rp 20.650.000" / ".000").
    rows = [[n, r.input.program, item_name(r), location_text(r.input), r.input.target,
             _money(r.input.budget), responsible(data, r)] for n, r in enumerate(records, 1)]
    rows.append(["", _("Total"), "", "", "", _money(sum(p.total for p in data.programmes)), ""])
    return Grid([_("No"), _("Programme"), _("Activity (proposal)"), _("Location"), _("Volume"), _("Ceiling (Rp)"),
                 _("Responsible agency")], rows, (0.05, 0.16, 0.21, 0.14, 0.09, 0.17, 0.18), right=(5,),
                bold_last=True)


def not_agreed_title() -> str:
    return _("ATTACHMENT III: PROPOSALS NOT AGREED")


def not_agreed_grid(data: MinutesData) -> Grid | None:
    """Attachment III: what was not agreed, with the reason."""
    if not data.not_agreed:
        return None
    names = Labels()
    return Grid([_("No"), _("Proposal"), _("Agency"), _("Decision"), _("Reason")],
                [[n, r.input.title, r.agency_name, names.status(r.input.status), r.input.note]
                 for n, r in enumerate(data.not_agreed, 1)], (0.05, 0.32, 0.2, 0.12, 0.31))


def renja_title() -> str:
    return _("ATTACHMENT IV: AGREED PLAN ROWS (RENJA AFTER THE FORUM)")


def renja_grids(data: MinutesData) -> list[tuple[str, Grid]]:
    """Attachment IV: per agency, its agreed rows in the Renja columns (the forum's decision in the notes), and
    the sum against its ceiling."""
    out = []
    for plan in data.plans.agencies if data.plans else ():
        if not plan.agreed:
            continue
        rows = [[n, item.code, item.name, item.indicator, plan_cells.describe_location(item.locations),
                 " ".join(x for x in (item.target, item.unit) if x), _money(item.budget), item.funding_source,
                 renja.decision_note(item, data.plans.names, plan.agency.id), item.next_year_target,
                 _money(item.next_year_budget)] for n, item in enumerate(plan.agreed, 1)]
        total = _("Total") + (" (" + _("ceiling %(amount)s", amount=format_rupiah(plan.ceiling)) + ")"
                              if plan.ceiling is not None else "")
        rows.append(["", "", total, "", "", "", _money(plan.total), "", "", "", ""])
        out.append((plan.agency.name, Grid(
            [_("No"), _("Code"), _("Programme / activity / sub-activity"), _("Performance indicator"), _("Location"),
             _("Target"), _("Indicative ceiling (Rp)"), _("Funding source"), _("Notes"), _("Target n+1"),
             _("Ceiling n+1 (Rp)")], rows, (0.03, 0.12, 0.19, 0.1, 0.15, 0.06, 0.115, 0.06, 0.07, 0.05, 0.09),
            right=(6, 10), bold_last=True)))
    return out


def overlaps_title() -> str:
    return _("ATTACHMENT V: DECISIONS ON OVERLAPPING ROWS")


def _plan_side(data: MinutesData, item: PlanItem) -> str:
    agency = data.plans.names.get(item.origin_agency_id or item.agency_id, "") if data.plans else ""
    return f"#{item.id} {agency}: {item.name}" if agency else f"#{item.id} {item.name}"


def _outcome(data: MinutesData, item: PlanItem) -> str:
    names = data.plans.names if data.plans else {}
    return renja.decision_note(item, names, item.origin_agency_id or 0) or _("not decided")


def overlaps_grid(data: MinutesData) -> Grid | None:
    """Attachment V: each flagged pair of rows of two agencies (or a row and a proposal), why it was flagged, and
    the decision on each row with its reason."""
    if not data.plans or not data.plans.pairs:
        return None
    rows = []
    for n, pair in enumerate(data.plans.pairs, 1):
        if pair.second is not None:
            other, other_outcome = _plan_side(data, pair.second), _outcome(data, pair.second)
        else:
            other = _("Proposal #%(id)d: %(title)s", id=pair.proposal.id, title=pair.proposal.title)
            other_outcome = Labels().status(pair.proposal.status)
        first_outcome = _outcome(data, pair.first)
        if pair.dismissed:
            outcome = _("Not the same work (flag dismissed)")
        elif first_outcome == other_outcome == _("not decided"):  # said once, not "not decided — not decided"
            outcome = _("Neither row decided yet")
        else:
            outcome = f"{first_outcome}\n— {other_outcome}"
        rows.append([n, _plan_side(data, pair.first), other, "; ".join(pair.reasons), outcome])
    return Grid([_("No"), _("Row"), _("Overlaps with"), _("Why it was flagged"), _("Decision")], rows,
                (0.05, 0.25, 0.25, 0.2, 0.25))


def ceilings_title() -> str:
    return _("ATTACHMENT VI: INDICATIVE BUDGET PER AGENCY AGAINST ITS CEILING")


def ceilings_grid(data: MinutesData) -> Grid | None:
    """Attachment VI: per agency, its ceiling (pagu indikatif), the sum of its agreed rows, and what is over."""
    if not data.plans or not data.plans.agencies:
        return None
    rows, over_total = [], 0
    for n, plan in enumerate(data.plans.agencies, 1):
        over = max(0, plan.total - plan.ceiling) if plan.ceiling is not None else 0
        over_total += over
        rows.append([n, plan.agency.name, _money(plan.ceiling) or "—", _money(plan.total),
                     _money(over) if over else ("—" if plan.ceiling is None else _("fits"))])
    # every money column without "Rp", as its heading says it
    rows.append(["", _("Total"), _money(sum(p.ceiling or 0 for p in data.plans.agencies)),
                 _money(sum(p.total for p in data.plans.agencies)), _money(over_total) if over_total else "—"])
    return Grid([_("No"), _("Agency"), _("Ceiling (Rp)"), _("Sum of the agreed rows (Rp)"),
                 _("Over the ceiling (Rp)")],
                rows, (0.06, 0.4, 0.18, 0.18, 0.18), right=(2, 3, 4), bold_last=True)


def footer_note(data: MinutesData) -> str:
    """Under every page: draft, or final with the hash (and a warning when the data changed since)."""
    if data.final is None:
        return _("Draft: these minutes are not final yet.")
    note = _("Final since %(when)s · SHA-256 %(hash)s", when=format_when(data.final.at, data.event.timezone),
             hash=data.final.content_hash)
    if not data.final.intact:
        note = _("WARNING: the forum's data changed after these minutes were finalised.") + " " + note
    return note


# --- the PDF layout ---------------------------------------------------------------------------

def _grid(kit: PdfKit, grid: Grid, width: float) -> Table:
    return kit.grid(grid.header, grid.rows, [width * w for w in grid.shares], right=grid.right,
                    bold_last=grid.bold_last, signing_room=grid.signing_room * mm)


def _opening(kit: PdfKit, data: MinutesData, width: float) -> list:
    """The kop, the title, the number, the opening sentence and the meeting's particulars."""
    return [
        *pdf_letterhead(data.kop, width),
        kit.p(_("MINUTES OF AGREEMENT"), kit.title), kit.p(data.event.title, kit.subtitle),
        kit.p(_("Number: %(number)s", number=data.number or BLANK), kit.centered), Spacer(1, 4 * mm),
        kit.p(opening_sentence(data)), kit.info_table(particulars(data), width),
        Spacer(1, 4 * mm), kit.p(_("AGREE"), kit.subtitle),
    ]


def _agreed_points(kit: PdfKit, data: MinutesData, width: float) -> list:
    table = Table([[kit.p(ordinal(n)), kit.p(":"), kit.p(text)] for n, text in enumerate(agreed_points(data), 1)],
                  colWidths=[30 * mm, 5 * mm, width - 35 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 3 * mm), kit.p(closing_sentence())]


def _signatures(kit: PdfKit, data: MinutesData, width: float) -> list:
    """The chair's signature, then the chosen signatories, each block kept with its heading."""
    lines, name, nip = chair_signature(data)
    return [
        Spacer(1, 4 * mm), kit.signature_block(width, lines, name, nip), Spacer(1, 6 * mm),
        KeepTogether([kit.p(signatories_title(), kit.heading), _grid(kit, signatories_grid(data), width)]),
    ]


def _attachment(kit: PdfKit, data: MinutesData, title: str) -> list:
    return [PageBreak(), kit.p(title, kit.title), kit.p(attachment_subtitle(data), kit.subtitle)]


def _attendance_attachment(kit: PdfKit, data: MinutesData, width: float) -> list:
    counts, by_agency = attendance_grids(data)
    heading = kit.p(_("Present by agency"), kit.heading)
    story = [*_attachment(kit, data, attendance_title()), _grid(kit, counts, width), Spacer(1, 5 * mm)]
    if by_agency is None:
        return [*story, KeepTogether([heading, kit.p(_("No participants present."))])]
    return [*story, heading, _grid(kit, by_agency, width)]


def _programmes_attachment(kit: PdfKit, data: MinutesData, width: float) -> list:
    grid = programmes_grid(data)
    story = _attachment(kit, data, programmes_title())
    return [*story, _grid(kit, grid, width) if grid else kit.p(_("No programmes have been agreed yet."))]


def _not_agreed_attachment(kit: PdfKit, data: MinutesData, width: float) -> list:
    grid = not_agreed_grid(data)
    story = _attachment(kit, data, not_agreed_title())
    return [*story, _grid(kit, grid, width) if grid else kit.p(_("None."))]


DENSE_SIZE = 6.5  # points: the Renja's eleven columns on a portrait page


def _dense_grid(kit: PdfKit, grid: Grid, widths: list[float]) -> Table:
    """A grid of many columns (the Renja's eleven) in a smaller type, in columns fitted to their words."""
    plain = ParagraphStyle("dense", parent=kit.small, fontSize=DENSE_SIZE, leading=8)
    bold = ParagraphStyle("dense_bold", parent=plain, fontName=kit.small_bold.fontName)
    styles = {(False, False): plain, (True, False): bold,
              (False, True): ParagraphStyle("dense_right", parent=plain, alignment=TA_RIGHT),
              (True, True): ParagraphStyle("dense_bold_right", parent=bold, alignment=TA_RIGHT)}
    data = [[kit.p(h, bold) for h in grid.header]]
    for n, row in enumerate(grid.rows, 1):
        total = grid.bold_last and n == len(grid.rows)
        data.append([kit.p("" if v is None else str(v), styles[(total, i in grid.right)]) for i, v in enumerate(row)])
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(kit.grid_style(grid.bold_last))
    return table


def _dense_widths(kit: PdfKit, grids: list[Grid], width: float) -> list[float]:
    """The columns of all of attachment IV's tables, fitted to their words in the small type: a heading breaks
    between words ("Sumber" / "dana", never "Sumb" / "er"), a code or an amount not at all."""
    def measure(word: str, bold: bool) -> float:
        return stringWidth(word, kit.bold if bold else kit.regular, DENSE_SIZE)

    return [width * share for share in fitted(grids, width, measure, 2 * kit.PAD_X + 1)]


def _plan_attachments(kit: PdfKit, data: MinutesData, width: float) -> list:
    """Attachments IV–VI, when the forum holds plan rows."""
    if data.plans is None:
        return []
    story = _attachment(kit, data, renja_title())
    grids = renja_grids(data)
    widths = _dense_widths(kit, [grid for _agency, grid in grids], width) if grids else []
    for agency, grid in grids:  # a heading never ends a page alone
        story += [KeepTogether([kit.p(agency, kit.heading), _dense_grid(kit, grid, widths)]), Spacer(1, 4 * mm)]
    if not grids:
        story.append(kit.p(_("No plan rows have been agreed yet.")))
    grid = overlaps_grid(data)
    story += [*_attachment(kit, data, overlaps_title()), _grid(kit, grid, width) if grid else kit.p(_("None."))]
    grid = ceilings_grid(data)
    story += [*_attachment(kit, data, ceilings_title()), _grid(kit, grid, width) if grid else kit.p(_("None."))]
    return story


SECTIONS = (_opening, _agreed_points, _signatures, _attendance_attachment, _programmes_attachment,
            _not_agreed_attachment, _plan_attachments)


def minutes_pdf(event: Event, out: IO[bytes], options: ExportOptions, now: datetime | None = None) -> None:
    """The *berita acara kesepakatan*: the kop, the agreed points (KESATU, KEDUA, …), the chair's and the
    chosen signatories' blocks and three attachments (attendance, agreed programmes, proposals not agreed with
    their reasons)."""
    kit, width = PdfKit(), text_width(options)
    data = gather(event, options, now)
    story = [flowable for section in SECTIONS for flowable in section(kit, data, width)]
    build(out, story, options, _("Minutes of agreement") + " — " + event.title, event.title, kit, footer_note(data))
