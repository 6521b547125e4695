"""The notulen (record of the discussion): who takes the notes, what was said in each session, the
questions with who asked and the answer given, and the conclusions.

Every text a note-taker writes is a row of its own with a `version`, so that two moderators writing at
once never lose each other's text silently: an entry saved over a newer version than the writer had
seen is still saved (the last write wins) and the writer is shown the text it replaced.
"""
from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.columns import Created, OfForum, OneAForum, Revised, belongs_to, refers_to
from forum.models.inputs import Input
from forum.models.participants import Participant


class ForumNotes(OneAForum, Revised, db.Model):
    """One forum's notulen as a whole: the note-taker (a participant the organiser designates, so that
    name, position and NIP are the registration's own) and the conclusions, one per line."""

    __tablename__ = "forum_notes"

    notulis_id: Mapped[int | None] = refers_to("participants")
    conclusions: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=0)

    notulis: Mapped[Participant | None] = relationship()


class NoteEntry(OfForum, Created, Revised, db.Model):
    """The gist of what was said in a session: by one of its speakers, or (speaker None) the session in
    general. A speaker may have more than one entry (two moderators started one at the same moment): each
    is kept and printed."""

    __tablename__ = "note_entries"

    session_id: Mapped[int] = belongs_to("sessions", index=True)
    speaker_id: Mapped[int | None] = belongs_to("participants")
    text: Mapped[str] = mapped_column(Text, default="")

    speaker: Mapped[Participant | None] = relationship()


class NoteQuestion(OfForum, Created, Revised, db.Model):
    """A question put in a session and the answer given. Either a participant's submitted question
    (`input_id`: the asker, agency and question are the input's) or one asked from the floor, typed by the
    note-taker (`asker_name`, `asker_agency`, `question`)."""

    __tablename__ = "note_questions"

    session_id: Mapped[int] = belongs_to("sessions", index=True)
    input_id: Mapped[int | None] = belongs_to("inputs", unique=True)
    asker_name: Mapped[str] = mapped_column(String(200), default="")
    asker_agency: Mapped[str] = mapped_column(String(200), default="")
    question: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(200), default="")  # who gave the answer, e.g. a speaker

    input: Mapped[Input | None] = relationship()

    @property
    def from_the_floor(self) -> bool:
        return self.input_id is None
