"""The agencies' input as CSV and XLSX: every field of every input and its history. `input_records`
reads the inputs with what they are joined to; the minutes use it too.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from forum.documents.base import DATETIME, MONEY, NUMBER, TEXT, Column, Labels, ListExporter, Sheet, local_naive
from forum.extensions import db
from forum.i18n import zone_label
from forum.models import Agency, Event, Input, InputHistory, InputSupport, InputVote, Participant, Session, User


@dataclass
class InputRecord:
    """One input with what it is joined to, read by `input_records` in one query."""

    input: Input
    session_title: str
    agency_name: str
    author: str
    supports: int
    votes: int = 0
    history: list = field(default_factory=list)


def input_records(event: Event, *, kind: str | None = None, statuses: Iterable[str] | None = None
                  ) -> Iterator[InputRecord]:
    """The forum's inputs (optionally of one kind and some statuses), oldest first, streamed."""
    supports = (select(InputSupport.input_id, func.count().label("n")).group_by(InputSupport.input_id)
                .subquery())
    votes = select(InputVote.input_id, func.count().label("n")).group_by(InputVote.input_id).subquery()
    author = aliased(Participant)
    query = (select(Input, Session.title, Agency.name, author.name, User.name, supports.c.n, votes.c.n)
             .join(Session, Input.session_id == Session.id)
             .outerjoin(Agency, Input.agency_id == Agency.id)
             .outerjoin(author, Input.participant_id == author.id)
             .outerjoin(User, Input.entered_by_user_id == User.id)
             .outerjoin(supports, supports.c.input_id == Input.id)
             .outerjoin(votes, votes.c.input_id == Input.id)
             .where(Input.event_id == event.id)
             .order_by(Input.created_at, Input.id))
    if kind:
        query = query.where(Input.kind == kind)
    if statuses is not None:
        query = query.where(Input.status.in_(list(statuses)))
    for item, session_title, agency_name, participant_name, user_name, n_supports, n_votes in db.session.execute(
            query.execution_options(yield_per=500)):
        yield InputRecord(item, session_title or "", agency_name or "", participant_name or user_name or "",
                          n_supports or 0, n_votes or 0)


def input_history(event: Event) -> Iterator[tuple[InputHistory, str, str]]:
    """Every status change of the forum's inputs (with the input's title and who made it)."""
    query = (select(InputHistory, Input.title, User.name)
             .join(Input, InputHistory.input_id == Input.id)
             .outerjoin(User, InputHistory.user_id == User.id)
             .where(Input.event_id == event.id)
             .order_by(InputHistory.input_id, InputHistory.at, InputHistory.id))
    for entry, title, user_name in db.session.execute(query.execution_options(yield_per=1000)):
        yield entry, title, user_name or ""


def describe_changes(changes, names: Labels | None = None) -> str:
    """'Status: Diajukan → Diterima; Catatan: … → …' from a history entry's changes, in the current language."""
    return (names or Labels.current()).changes(changes)


class InputsExporter(ListExporter):
    """Every field of every input, and its history (a second sheet; a column in CSV)."""

    def __init__(self, event: Event):
        self.event = event

    def columns(self) -> list[Column]:
        zone = zone_label(self.event.timezone)
        return [
            Column(_("ID"), NUMBER, 7), Column(_("Session"), TEXT, 26), Column(_("Kind"), TEXT, 12),
            Column(_("Title"), TEXT, 36), Column(_("Text"), TEXT, 50), Column(_("Programme"), TEXT, 30),
            Column(_("Activity"), TEXT, 30), Column(_("Sub-activity"), TEXT, 24), Column(_("Problem"), TEXT, 30),
            Column(_("Regency"), TEXT, 16), Column(_("Sub-district"), TEXT, 16), Column(_("Village"), TEXT, 16),
            Column(_("Location details"), TEXT, 20), Column(_("Volume / target"), TEXT, 16),
            Column(_("Indicative budget (Rp)"), MONEY, 18), Column(_("Priority"), TEXT, 10),
            Column(_("Origin"), TEXT, 12), Column(_("Status"), TEXT, 12), Column(_("Note"), TEXT, 30),
            Column(_("Merged into"), NUMBER, 10), Column(_("Pinned"), TEXT, 8), Column(_("Agency"), TEXT, 28),
            Column(_("Author"), TEXT, 24), Column(_("Supports"), NUMBER, 10), Column(_("Votes"), NUMBER, 8),
            Column(_("Answered"), TEXT, 10),
            Column(_("Created at (%(zone)s)", zone=zone), DATETIME, 18),
            Column(_("Updated at (%(zone)s)", zone=zone), DATETIME, 18),
        ]

    def _values(self, record: InputRecord, names: Labels) -> list:
        i, tz = record.input, self.event.timezone
        return [i.id, record.session_title, names.kind(i.kind), i.title, i.body, i.program, i.activity,
                i.sub_activity, i.problem, i.regency, i.district, i.village, i.location_detail, i.target, i.budget,
                names.priority(i.priority), names.origin(i.origin), names.status(i.status), i.note,
                i.merged_into_id, names.yes_no(i.pinned), record.agency_name, record.author, record.supports,
                record.votes, names.yes_no(i.answered), local_naive(i.created_at, tz), local_naive(i.updated_at, tz)]

    def history_columns(self) -> list[Column]:
        return [Column(_("Input ID"), NUMBER, 9), Column(_("Title"), TEXT, 36),
                Column(_("At (%(zone)s)", zone=zone_label(self.event.timezone)), DATETIME, 18),
                Column(_("Action"), TEXT, 16), Column(_("By"), TEXT, 24), Column(_("Changes"), TEXT, 60)]

    def _history_rows(self, names: Labels) -> Iterator[list]:
        tz = self.event.timezone
        for entry, title, user_name in input_history(self.event):
            yield [entry.input_id, title, local_naive(entry.at, tz), names.history_action(entry.action), user_name,
                   names.changes(entry.changes)]

    def sheets(self) -> Iterator[Sheet]:
        names = Labels.current()
        yield Sheet(_("Inputs"), self.columns(), (self._values(r, names) for r in input_records(self.event)))
        yield Sheet(_("History"), self.history_columns(), self._history_rows(names))

    def csv_sheet(self) -> Sheet:
        tz, names = self.event.timezone, Labels.current()
        history: dict[int, list[str]] = {}
        for entry, _title, user_name in input_history(self.event):
            at = local_naive(entry.at, tz).strftime("%Y-%m-%d %H:%M")
            by = f" ({user_name})" if user_name else ""
            changes = names.changes(entry.changes)
            history.setdefault(entry.input_id, []).append(
                f"{at} {names.history_action(entry.action)}{by}{': ' + changes if changes else ''}")
        rows = (self._values(r, names) + [" | ".join(history.get(r.input.id, []))] for r in input_records(self.event))
        return Sheet(_("Inputs"), self.columns() + [Column(_("History"), TEXT, 60)], rows)
