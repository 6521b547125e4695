"""The notulen: what the note-taker writes while the sessions run (the gist per session and speaker, the
answers to questions, questions from the floor, the conclusions) and the organiser's choice of note-taker.
The notes page (forum/moderation/notes.py) calls these; each runs the service and commits once."""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.models import Event, ForumNotes, Input, Session
from forum.services import notes
from forum.services.notes import Saved


def save_entry(event: Event, session: Session, data: dict, *, user) -> Saved:
    """A session's gist, in general or for one speaker: new, or changed (the last write wins)."""
    with unit_of_work():
        return notes.save_entry(event, session, data, user=user)


def answer_question(event: Event, item: Input, data: dict, *, user) -> Saved:
    """The answer to a participant's question, and who gave it; the question is then marked answered."""
    with unit_of_work():
        return notes.answer_question(event, item, data, user=user)


def save_floor_question(event: Event, session: Session, data: dict, *, user) -> Saved:
    """A question asked from the floor, with its asker and answer: new, or changed."""
    with unit_of_work():
        return notes.save_floor_question(event, session, data, user=user)


def remove_floor_question(event: Event, question_id, *, user) -> None:
    with unit_of_work():
        notes.remove_floor_question(event, question_id, user=user)


def save_conclusions(event: Event, data: dict, *, user) -> Saved:
    with unit_of_work():
        return notes.save_conclusions(event, data, user=user)


def set_notulis(event: Event, participant_id, *, user) -> ForumNotes:
    """The organiser designates the note-taker among the forum's participants."""
    with unit_of_work():
        return notes.set_notulis(event, participant_id, user=user)
