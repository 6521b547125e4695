"""The notulen (record of the discussion): the rules for what the note-taker writes while the sessions run.

- The gist of a session is written per speaker (one of the session's speakers) or for the session in
  general; each text is a `NoteEntry` of its own.
- A participant's submitted question (an input of kind `question`) gets its answer here, with who gave it;
  a question asked from the floor is typed in with the asker's name and agency. Recording an answer marks the
  submitted question answered on the moderation board.
- The conclusions belong to the forum as a whole; the note-taker (*notulis*) is a participant of the forum
  the organiser designates, so that the name, position and NIP printed are the registration's own.

Two moderators may write at the same time. Every save names the `version` the writer last saw: a save over a
newer version still wins (nothing the writer typed is lost), and the answer says what it replaced, by whom and
when (`Saved.overwritten`), for the page to show. Entries and questions are rows of their own, so two people
writing different ones never meet at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from forum.db import utcnow
from forum.errors import DomainError, ValidationFailed
from forum.extensions import db
from forum.models import (
    Event,
    ForumNotes,
    Input,
    InputKind,
    InputStatus,
    NoteEntry,
    NoteQuestion,
    Participant,
    Session,
)
from forum.services import agenda, audit, inputs
from forum.services.validation import FieldErrors, clean_text, parse_record_id

MAX_TEXT = 20_000  # one entry, one answer, the conclusions: pages of text, not a book
MAX_NAME = 200
QUESTION_FIELDS = ("asker_name", "asker_agency", "question", "answer", "answered_by")
# Questions the moderators threw out are not part of the record (unless an answer was written for them).
LEFT_OUT = (InputStatus.rejected.value, InputStatus.merged.value)


@dataclass
class Overwritten:
    """A save over a newer version than the writer had seen: the values it replaced, by whom and when."""

    values: dict[str, str]
    by: str
    at: datetime


@dataclass
class Saved:
    """What a save stored, and what it replaced when another writer had saved in between."""

    record: ForumNotes | NoteEntry | NoteQuestion
    overwritten: Overwritten | None = None


# --- the forum's notes ------------------------------------------------------------------------

def peek_notes(event: Event) -> ForumNotes | None:
    """The forum's notes if they exist (never writes: safe in read-only requests)."""
    return db.session.scalar(select(ForumNotes).where(ForumNotes.event_id == event.id))


def get_notes(event: Event) -> ForumNotes:
    """The forum's notes, created empty on first use."""
    notes = peek_notes(event)
    if notes is None:
        notes = ForumNotes(event_id=event.id, conclusions="", version=0)
        db.session.add(notes)
        db.session.flush()
    return notes


def set_notulis(event: Event, participant_id, *, user) -> ForumNotes:
    """The organiser designates the note-taker: an active participant of this forum (None: nobody yet)."""
    notulis = None
    if participant_id not in (None, ""):
        notulis = _participant(event, participant_id)
        if notulis is None:
            raise ValidationFailed({"notulis_id": _("Choose a registered participant of this forum.")})
    notes = get_notes(event)
    notes.notulis_id = notulis.id if notulis else None
    audit.record("notes.notulis_set", event=event, user=user, target=notes,
                 notulis=notulis.id if notulis else None)
    return notes


def _participant(event: Event, participant_id) -> Participant | None:
    try:
        participant_id = parse_record_id(participant_id)
    except ValueError:
        return None
    person = db.session.get(Participant, participant_id)
    return person if person is not None and person.event_id == event.id and person.is_active else None


def save_conclusions(event: Event, data: dict, *, user) -> Saved:
    """The conclusions, one per line."""
    errors = FieldErrors()
    text = errors.check("conclusions", clean_text, data.get("conclusions"), max_length=MAX_TEXT, multiline=True)
    seen = _seen_version(data, errors)
    errors.raise_if_any()
    notes = get_notes(event)
    return _write(notes, {"conclusions": text}, seen, user)


def conclusions_of(notes: ForumNotes | None) -> list[str]:
    """The conclusions as printed: one per non-empty line."""
    return [line.strip() for line in (notes.conclusions if notes else "").splitlines() if line.strip()]


# --- saving with versions -------------------------------------------------------------------

def _seen_version(data: dict, errors: FieldErrors) -> int | None:
    """The `version` the writer last saw (None: not given, nothing to compare with)."""
    value = data.get("version")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        errors.add("version", _("Must be a whole number."))
        return None
    return value


def _write(record, values: dict[str, str], seen: int | None, user) -> Saved:
    """Store `values` on `record` (last write wins) and bump its version; an `Overwritten` when someone
    else's newer text was replaced by a different one."""
    overwritten = None
    current = {name: getattr(record, name) for name in values}
    if seen is not None and seen < record.version and current != values and any(current.values()):
        by = record.updated_by.name if record.updated_by is not None else ""
        overwritten = Overwritten(current, by, record.updated_at)
    changed = current != values
    for name, value in values.items():
        setattr(record, name, value)
    if changed or record.version == 0:
        record.version += 1
        record.updated_at = utcnow()
        record.updated_by_user_id = user.id if user is not None else None
    db.session.flush()
    return Saved(record, overwritten)


# --- the gist of each session ---------------------------------------------------------------

def _of_forum(event: Event, model, record_id, message: str):
    """A note record of this forum by its id; an unknown id, or another forum's, is refused naming `id`."""
    record = None
    try:
        record = db.session.get(model, parse_record_id(record_id))
    except ValueError:
        pass
    if record is None or record.event_id != event.id:
        raise ValidationFailed({"id": message})
    return record


def get_entry(event: Event, entry_id) -> NoteEntry:
    return _of_forum(event, NoteEntry, entry_id, _("There is no such note in this forum."))


def save_entry(event: Event, session: Session, data: dict, *, user) -> Saved:
    """A new entry (no `id`: for `speaker_id`, one of the session's speakers, or none for the session in
    general) or a change to one (`id` and the `version` the writer last saw)."""
    errors = FieldErrors()
    text = errors.check("text", clean_text, data.get("text"), max_length=MAX_TEXT, multiline=True)
    seen = _seen_version(data, errors)
    entry = None
    if data.get("id") is not None:
        entry = get_entry(event, data["id"])
        if entry.session_id != session.id:
            errors.add("id", _("This note belongs to another session."))
    else:
        speaker = _speaker(session, data.get("speaker_id"), errors)
    errors.raise_if_any()
    if entry is None:
        entry = NoteEntry(event_id=event.id, session_id=session.id, speaker_id=speaker.id if speaker else None,
                          text="", version=0)
        db.session.add(entry)
    return _write(entry, {"text": text}, seen, user)


def _speaker(session: Session, speaker_id, errors: FieldErrors) -> Participant | None:
    if speaker_id in (None, ""):
        return None
    found = next((p for p in session.speakers if p.id == speaker_id), None)
    if found is None:
        errors.add("speaker_id", _("Choose one of this session's speakers."))
    return found


# --- questions and answers ------------------------------------------------------------------

def answer_question(event: Event, item: Input, data: dict, *, user) -> Saved:
    """The answer given to a participant's submitted question, and who gave it. A non-empty answer marks the
    question answered on the moderation board."""
    if item.kind != InputKind.question.value:
        raise DomainError("not_a_question", _("Only questions are answered."))
    errors = FieldErrors()
    values = _texts(data, ("answer", "answered_by"), errors)
    seen = _seen_version(data, errors)
    errors.raise_if_any()
    row = _question_row(event, item)
    saved = _write(row, values, seen, user)
    if values["answer"] and not item.answered:
        inputs.moderate(event, item, inputs.Moderation(answered=True), user=user)
    return saved


def _question_row(event: Event, item: Input) -> NoteQuestion:
    """The notes' row of a submitted question, made on its first answer. Two first answers at the same moment
    both land on the one row (the database refuses a second)."""
    row = db.session.scalar(select(NoteQuestion).where(NoteQuestion.input_id == item.id))
    if row is not None:
        return row
    row = NoteQuestion(event_id=event.id, session_id=item.session_id, input_id=item.id, version=0,
                       **dict.fromkeys(QUESTION_FIELDS, ""))
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        row = db.session.scalar(select(NoteQuestion).where(NoteQuestion.input_id == item.id))
    return row


def _texts(data: dict, names: tuple[str, ...], errors: FieldErrors, required: tuple[str, ...] = ()) -> dict:
    limits = {"question": MAX_TEXT, "answer": MAX_TEXT}
    return {name: errors.check(name, clean_text, data.get(name), max_length=limits.get(name, MAX_NAME),
                               multiline=name in limits, required=name in required)
            for name in names}


def get_floor_question(event: Event, question_id) -> NoteQuestion:
    message = _("There is no such question in this forum.")
    row = _of_forum(event, NoteQuestion, question_id, message)
    if not row.from_the_floor:
        raise ValidationFailed({"id": message})
    return row


def save_floor_question(event: Event, session: Session, data: dict, *, user) -> Saved:
    """A question asked from the floor (no `id`: a new one), with the asker's name and agency and the answer;
    or a change to one (`id` and the `version` the writer last saw)."""
    errors = FieldErrors()
    values = _texts(data, QUESTION_FIELDS, errors, required=("asker_name", "question"))
    seen = _seen_version(data, errors)
    row = get_floor_question(event, data["id"]) if data.get("id") is not None else None
    if row is not None and row.session_id != session.id:
        errors.add("id", _("This question belongs to another session."))
    errors.raise_if_any()
    if row is None:
        row = NoteQuestion(event_id=event.id, session_id=session.id, version=0, **dict.fromkeys(QUESTION_FIELDS, ""))
        db.session.add(row)
    return _write(row, values, seen, user)


def remove_floor_question(event: Event, question_id, *, user) -> None:
    row = get_floor_question(event, question_id)
    audit.record("notes.question_removed", event=event, user=user, target=row, session=row.session_id)
    db.session.delete(row)
    db.session.flush()


# --- the notes as read, session by session ---------------------------------------------------

@dataclass
class QuestionLine:
    """A question as the notes show it: submitted (input) or from the floor."""

    asker: str
    agency: str
    question: str
    answer: str = ""
    answered_by: str = ""
    input_id: int | None = None
    note_id: int | None = None
    version: int = 0
    marked_answered: bool = False  # on the moderation board
    at: datetime | None = None

    @property
    def in_record(self) -> bool:
        """Printed in the notulen: asked from the floor, or answered (a written answer, or marked on the board)."""
        return self.input_id is None or bool(self.answer) or self.marked_answered


@dataclass
class SessionNotes:
    """One session's part of the notes: its speakers, the entries (the general ones first, then each speaker's
    in the speakers' order) and its questions in the order they were asked."""

    session: Session
    entries: list[NoteEntry] = field(default_factory=list)
    questions: list[QuestionLine] = field(default_factory=list)

    def entries_of(self, speaker: Participant | None) -> list[NoteEntry]:
        speaker_id = speaker.id if speaker is not None else None
        return [e for e in self.entries if e.speaker_id == speaker_id]

    @property
    def general(self) -> list[NoteEntry]:
        return self.entries_of(None)


def _input_line(item: Input, row: NoteQuestion | None) -> QuestionLine:
    question = "\n".join(x for x in (item.title, item.body) if x)
    line = QuestionLine(item.participant.name if item.participant else "", item.agency.name if item.agency else "",
                        question, input_id=item.id, marked_answered=item.answered, at=item.created_at)
    if row is not None:
        line.answer, line.answered_by, line.note_id, line.version = row.answer, row.answered_by, row.id, row.version
    return line


def _floor_line(row: NoteQuestion) -> QuestionLine:
    return QuestionLine(row.asker_name, row.asker_agency, row.question, row.answer, row.answered_by,
                        note_id=row.id, version=row.version, at=row.created_at)


def session_notes(event: Event) -> list[SessionNotes]:
    """Every session of the forum in agenda order, with its entries and questions (four queries in all)."""
    sheets = {s.id: SessionNotes(s) for s in agenda.sessions_of(event)}
    entries = db.session.scalars(select(NoteEntry).where(NoteEntry.event_id == event.id).order_by(NoteEntry.id))
    for entry in entries:
        sheets[entry.session_id].entries.append(entry)
    rows = list(db.session.scalars(select(NoteQuestion).where(NoteQuestion.event_id == event.id)
                                   .order_by(NoteQuestion.id)))
    by_input = {r.input_id: r for r in rows if r.input_id is not None}
    asked = db.session.scalars(
        select(Input).where(Input.event_id == event.id, Input.kind == InputKind.question.value)
        .options(selectinload(Input.participant), selectinload(Input.agency)).order_by(Input.created_at, Input.id))
    for item in asked:
        row = by_input.get(item.id)
        if item.status in LEFT_OUT and not (row and row.answer):
            continue
        sheets[item.session_id].questions.append(_input_line(item, row))
    for row in rows:
        if row.input_id is None:
            sheets[row.session_id].questions.append(_floor_line(row))
    for sheet in sheets.values():
        order = {None: -1, **{p.id: n for n, p in enumerate(sheet.session.speakers)}}
        sheet.entries.sort(key=lambda e: (order.get(e.speaker_id, len(order)), e.id))
        sheet.questions.sort(key=lambda q: q.at)
    return list(sheets.values())
