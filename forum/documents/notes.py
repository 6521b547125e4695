"""The notulen (record of the discussion) as PDF and as Word: `gather` reads everything the document says into
plain data (`NotesData`), then one function per section lays it out, once for reportlab and once for
python-docx, in the same order: the kop surat, the title, the meeting's particulars (day and date, time,
place, chair, note-taker, who was present), the agenda, each session (its speakers and the gist of what they
said, the questions with who asked and the answer given), the conclusions, and the signatures of the
note-taker and the chair, kept on one page with the closing sentence above them.

What the note-taker wrote comes from forum/services/notes.py; the chair from the minutes
(forum/services/minutes.py); the headcount from the attendance ledger the berita acara reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm
from flask_babel import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from forum.documents.base import ExportOptions
from forum.documents.letterhead import KopSurat, docx_letterhead, letterhead_for, pdf_letterhead
from forum.documents.pdf import PdfKit, build, event_day_and_time, short_date, text_width
from forum.documents.word import WordKit
from forum.i18n import format_clock
from forum.models import Attendance, Event, Participant, Session
from forum.services import minutes as minutes_service
from forum.services import notes as notes_service
from forum.services.attendance import Ledger
from forum.services.notes import QuestionLine, SessionNotes

BLANK = "." * 40  # a line to fill in by hand


# --- the data ---------------------------------------------------------------------------------

@dataclass
class Signer:
    """A signature block: the role above, the name and NIP below (blank lines when unknown)."""

    role: str
    name: str = ""
    position: str = ""
    nip: str = ""


@dataclass
class SpeakerNotes:
    """What one speaker said (in the speakers' order); `speaker` None for the session in general."""

    speaker: Participant | None
    texts: list[str]


@dataclass
class SessionRecord:
    session: Session
    hours: str
    speakers: list[Participant]
    said: list[SpeakerNotes]
    questions: list[QuestionLine]

    @property
    def is_empty(self) -> bool:
        return not self.said and not self.questions


@dataclass
class NotesData:
    """Everything the notulen says, read once before any layout."""

    event: Event
    kop: KopSurat
    day: str
    hours: str
    chair: Signer
    notulis: Signer
    in_person: int
    online: int
    sessions: list[SessionRecord] = field(default_factory=list)
    conclusions: list[str] = field(default_factory=list)

    @property
    def present(self) -> int:
        return self.in_person + self.online


def _headcount(event: Event, now: datetime | None) -> tuple[int, int]:
    """People present (in person, online), as the attendance list and the berita acara count them."""
    in_person = online = 0
    for row in Ledger(event, now).rows():
        if row.present:
            if row.attended_as == Attendance.in_person.value:
                in_person += 1
            else:
                online += 1
    return in_person, online


def _hours(session: Session, tz: str) -> str:
    """When it ran (its actual times once it has ended), else when it was planned."""
    start, end = session.starts_at, session.ends_at
    if session.actual_start and session.actual_end:
        start, end = session.actual_start, session.actual_end
    return f"{format_clock(start, tz).split(' ')[0]}–{format_clock(end, tz)}"


def _session_record(sheet: SessionNotes, tz: str) -> SessionRecord:
    said = []
    for speaker in [None, *sheet.session.speakers]:
        texts = [e.text for e in sheet.entries_of(speaker) if e.text.strip()]
        if texts:
            said.append(SpeakerNotes(speaker, texts))
    return SessionRecord(sheet.session, _hours(sheet.session, tz), list(sheet.session.speakers), said,
                         [q for q in sheet.questions if q.in_record])


def _chair(event: Event, options: ExportOptions) -> Signer:
    record = minutes_service.peek_minutes(event)
    if record is None:
        return Signer(_("Chair of the meeting"), options.chair)
    return Signer(_("Chair of the meeting"), record.chair or options.chair, record.chair_position,
                  record.chair_nip)


def _notulis(notulis: Participant | None) -> Signer:
    if notulis is None:
        return Signer(_("Note-taker"))
    return Signer(_("Note-taker"), notulis.name, notulis.position, notulis.nip or "")


def gather(event: Event, options: ExportOptions, now: datetime | None = None) -> NotesData:
    tz = event.timezone
    day, hours = event_day_and_time(event)
    record = notes_service.peek_notes(event)
    data = NotesData(event, letterhead_for(event), day, hours, _chair(event, options),
                     _notulis(record.notulis if record else None), *_headcount(event, now))
    data.sessions = [_session_record(sheet, tz) for sheet in notes_service.session_notes(event)]
    data.conclusions = notes_service.conclusions_of(record)
    return data


# --- shared wording ---------------------------------------------------------------------------

def _person(name: str, position: str = "", agency: str = "") -> str:
    return ", ".join(x for x in (name, position, agency) if x)


def _speaker_label(speaker: Participant | None) -> str:
    if speaker is None:
        return _("In general")
    return _person(speaker.name, speaker.position, speaker.agency.name if speaker.agency else "")


def _particulars(data: NotesData) -> list[tuple[str, str]]:
    return [
        (_("Day, date"), data.day), (_("Time"), data.hours), (_("Place"), data.event.venue or BLANK),
        (_("Chair"), _person(data.chair.name, data.chair.position) or BLANK),
        (_("Note-taker"), _person(data.notulis.name, data.notulis.position) or BLANK),
        (_("Participants present"), _("%(total)d people (%(in_person)d in person, %(online)d online)",
                                      total=data.present, in_person=data.in_person, online=data.online)),
    ]


def _asked(q: QuestionLine) -> str:
    asker = _person(q.asker, q.agency) or _("(unknown)")
    origin = "" if q.input_id else " " + _("(from the floor)")
    return _("Question from %(asker)s%(origin)s:", asker=asker, origin=origin)


def _answered(q: QuestionLine) -> str:
    if not q.answer:
        return _("Answered in the session; the answer was not recorded.")
    if q.answered_by:
        return _("Answer (%(by)s): %(answer)s", by=q.answered_by, answer=q.answer)
    return _("Answer: %(answer)s", answer=q.answer)


def _closing(data: NotesData) -> str:
    return _("These notes were drawn up truthfully, to be used as appropriate.")


def _signature_date(data: NotesData) -> str:
    """'Pontianak, 25 Februari 2021': the place of signing the kop names (a dotted line without one)."""
    return f"{data.kop.place or '.' * 20}, {short_date(data.event.starts_at, data.event.timezone)}"


def _signer_lines(signer: Signer, above: str) -> list[str]:
    """A signature block's lines: the place and date (the chair's), the role, three blank lines to sign on,
    the name (or a dotted line) and the NIP."""
    return [above, signer.role + ",", "", "", "", signer.name or "(" + "." * 45 + ")",
            _("NIP.") + " " + (signer.nip or "." * 36)]


# --- PDF ----------------------------------------------------------------------------------------

class _Styles:
    """The kit's styles, with headings that stay with what follows them."""

    def __init__(self, kit: PdfKit):
        self.kit = kit
        self.heading = ParagraphStyle("notes_heading", parent=kit.heading, keepWithNext=1)
        self.label = ParagraphStyle("notes_label", parent=kit.body, fontName=kit.bold, keepWithNext=1, spaceAfter=2)
        self.indented = ParagraphStyle("notes_indented", parent=kit.body, leftIndent=6 * mm)
        self.signer = ParagraphStyle("notes_signer", parent=kit.centered, fontName=kit.bold)
        self.lead = ParagraphStyle("notes_lead", parent=kit.body, keepWithNext=1)  # a line that introduces more


def _pdf_heading(s: _Styles, data: NotesData, width: float) -> list:
    kit = s.kit
    return [*pdf_letterhead(data.kop, width), kit.p(_("NOTES OF THE MEETING"), kit.title),
            kit.p(data.event.title, kit.subtitle), Spacer(1, 2 * mm)]


def _pdf_particulars(s: _Styles, data: NotesData, width: float) -> list:
    return [s.kit.info_table(_particulars(data), width), Spacer(1, 2 * mm)]


def _pdf_agenda(s: _Styles, data: NotesData, width: float) -> list:
    kit = s.kit
    if not data.sessions:
        return [kit.p(_("Agenda"), s.heading), kit.p(_("The agenda has no sessions."))]
    rows = [[kit.p(f"{n}."), kit.p(r.hours), kit.p(r.session.title)] for n, r in enumerate(data.sessions, 1)]
    table = Table(rows, colWidths=[8 * mm, 42 * mm, width - 50 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [kit.p(_("Agenda"), s.heading), table]


def _pdf_session(s: _Styles, n: int, record: SessionRecord) -> list:
    kit = s.kit
    story = [kit.p(f"{n}. {record.session.title} ({record.hours})", s.heading)]
    if record.speakers:
        story.append(kit.p(_("Speakers: %(names)s", names="; ".join(_speaker_label(p) for p in record.speakers)),
                           s.lead))
    if record.is_empty:
        return [*story, kit.p(_("Nothing was recorded for this session."))]
    if record.said:
        story.append(kit.p(_("Gist of the discussion"), s.label))
    for part in record.said:
        story.append(kit.p(_speaker_label(part.speaker), s.label))
        story += [kit.p(text, s.indented) for text in part.texts]
    for m, q in enumerate(record.questions, 1):
        block = [kit.p(f"{m}. {_asked(q)}", s.label), kit.p(q.question, s.indented), kit.p(_answered(q), s.indented)]
        if m == 1:  # the heading goes with the first question
            block.insert(0, kit.p(_("Questions and answers"), s.label))
        story.append(KeepTogether(block))
    return story


def _pdf_sessions(s: _Styles, data: NotesData, width: float) -> list:
    story = [s.kit.p(_("Course of the meeting"), s.heading)] if data.sessions else []
    for n, record in enumerate(data.sessions, 1):
        story += _pdf_session(s, n, record)
    return story


def _pdf_conclusions(s: _Styles, data: NotesData, width: float) -> list:
    kit = s.kit
    if not data.conclusions:
        return [kit.p(_("Conclusions"), s.heading), kit.p(_("No conclusions were recorded."))]
    rows = [[kit.p(f"{n}."), kit.p(text)] for n, text in enumerate(data.conclusions, 1)]
    table = Table(rows, colWidths=[8 * mm, width - 8 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [kit.p(_("Conclusions"), s.heading), table]


def _pdf_signer(s: _Styles, signer: Signer, above: str) -> list:
    *head, name, nip = _signer_lines(signer, above)
    kit = s.kit
    return [*(kit.p(line or "\u00a0", kit.centered) for line in head[:2]), Spacer(1, 18 * mm),
            kit.p(name, s.signer if signer.name else kit.centered), kit.p(nip, kit.centered)]


def _pdf_signatures(s: _Styles, data: NotesData, width: float) -> list:
    """The closing sentence and both signatures, never split over two pages."""
    kit = s.kit
    table = Table([[_pdf_signer(s, data.notulis, ""), _pdf_signer(s, data.chair, _signature_date(data))]],
                  colWidths=[width / 2, width / 2], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 4 * mm), KeepTogether([kit.p(_closing(data)), Spacer(1, 4 * mm), table])]


PDF_SECTIONS = (_pdf_heading, _pdf_particulars, _pdf_agenda, _pdf_sessions, _pdf_conclusions, _pdf_signatures)


def notes_pdf(event: Event, out: IO[bytes], options: ExportOptions, now: datetime | None = None) -> None:
    kit, width = PdfKit(), text_width(options)
    styles, data = _Styles(kit), gather(event, options, now)
    story = [flowable for section in PDF_SECTIONS for flowable in section(styles, data, width)]
    build(out, story, options, _("Notes of the meeting") + " — " + event.title, event.title, kit)


# --- Word ---------------------------------------------------------------------------------------

def _docx_heading(kit: WordKit, data: NotesData) -> None:
    docx_letterhead(kit.document, data.kop)
    kit.title(_("NOTES OF THE MEETING"))
    kit.subtitle(data.event.title)


def _docx_particulars(kit: WordKit, data: NotesData) -> None:
    kit.info_table(_particulars(data))


def _docx_agenda(kit: WordKit, data: NotesData) -> None:
    kit.heading(_("Agenda"))
    if not data.sessions:
        kit.p(_("The agenda has no sessions."))
    for n, record in enumerate(data.sessions, 1):
        kit.p(f"{n}. {record.hours}  {record.session.title}", after=0)


def _indented(kit: WordKit, text: str, *, keep: bool = False, bold: bool = False):
    paragraph = kit.p(text, bold=bold)
    paragraph.paragraph_format.left_indent = Mm(6)
    paragraph.paragraph_format.keep_with_next = keep
    return paragraph


def _docx_session(kit: WordKit, n: int, record: SessionRecord) -> None:
    kit.heading(f"{n}. {record.session.title} ({record.hours})")
    if record.speakers:
        kit.p(_("Speakers: %(names)s", names="; ".join(_speaker_label(p) for p in record.speakers)))
    if record.is_empty:
        kit.p(_("Nothing was recorded for this session."))
        return
    if record.said:
        kit.p(_("Gist of the discussion"), bold=True).paragraph_format.keep_with_next = True
    for part in record.said:
        kit.p(_speaker_label(part.speaker), bold=True).paragraph_format.keep_with_next = True
        for text in part.texts:
            _indented(kit, text)
    if record.questions:
        kit.p(_("Questions and answers"), bold=True).paragraph_format.keep_with_next = True
    for m, q in enumerate(record.questions, 1):
        kit.p(f"{m}. {_asked(q)}", bold=True).paragraph_format.keep_with_next = True
        _indented(kit, q.question, keep=True)
        _indented(kit, _answered(q))


def _docx_sessions(kit: WordKit, data: NotesData) -> None:
    if data.sessions:
        kit.heading(_("Course of the meeting"))
    for n, record in enumerate(data.sessions, 1):
        _docx_session(kit, n, record)


def _docx_conclusions(kit: WordKit, data: NotesData) -> None:
    kit.heading(_("Conclusions"))
    if not data.conclusions:
        kit.p(_("No conclusions were recorded."))
    for n, text in enumerate(data.conclusions, 1):
        kit.p(f"{n}. {text}")


def _docx_signatures(kit: WordKit, data: NotesData) -> None:
    """The closing sentence kept with a two-column table (note-taker, chair) whose one row never breaks."""
    kit.p(_closing(data)).paragraph_format.keep_with_next = True
    kit.p("").paragraph_format.keep_with_next = True
    table = kit.document.add_table(rows=1, cols=2)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, lines in zip(table.rows[0].cells, (_signer_lines(data.notulis, ""),
                                                  _signer_lines(data.chair, _signature_date(data))), strict=True):
        cell.width = kit.width // 2
        for n, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = True
            kit.text(paragraph, line, bold=bool(line) and n == len(lines) - 2)


DOCX_SECTIONS = (_docx_heading, _docx_particulars, _docx_agenda, _docx_sessions, _docx_conclusions,
                 _docx_signatures)


def notes_docx(event: Event, out: IO[bytes], options: ExportOptions, now: datetime | None = None) -> None:
    """The same notulen as a Word document, for the secretariat to edit before signing."""
    data = gather(event, options, now)
    kit = WordKit(options.paper, _("Notes of the meeting") + " — " + event.title)
    for layout in DOCX_SECTIONS:
        layout(kit, data)
    kit.footer(event.title)
    kit.save(out)


def write_notes(event: Event, fmt: str, out: IO[bytes], options: ExportOptions) -> None:
    """notes.pdf or notes.docx."""
    (notes_docx if fmt == "docx" else notes_pdf)(event, out, options)
