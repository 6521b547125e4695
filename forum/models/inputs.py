"""Agency input during sessions: proposals, comments and questions, their history and supports."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, BigInteger, String, Text, UniqueConstraint, or_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import EnumString, UTCDateTime
from forum.extensions import db
from forum.models.columns import Change, Created, OfForum, OneAForum, Record, Updated, belongs_to, refers_to, timestamp
from forum.models.events import Agency
from forum.models.participants import Participant

InputKind = enum.StrEnum("InputKind", "proposal comment question")
InputStatus = enum.StrEnum("InputStatus", "submitted discussed accepted rejected deferred merged")


class Input(OfForum, Updated, db.Model):
    __tablename__ = "inputs"
    __table_args__ = (UniqueConstraint("event_id", "client_id", name="uq_input_event_client"),)

    session_id: Mapped[int] = belongs_to("sessions", index=True)
    participant_id: Mapped[int | None] = refers_to("participants")
    agency_id: Mapped[int | None] = refers_to("agencies", index=True)
    entered_by_user_id: Mapped[int | None] = refers_to("users")
    client_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[InputKind] = mapped_column(EnumString(InputKind, 20))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    program: Mapped[str] = mapped_column(String(300), default="")
    activity: Mapped[str] = mapped_column(String(300), default="")
    sub_activity: Mapped[str] = mapped_column(String(300), default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    regency: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    village: Mapped[str] = mapped_column(String(100), default="")
    location_detail: Mapped[str] = mapped_column(String(300), default="")
    # Where the overlap detector compares the proposal: its location, or for one sent without a location the one
    # place its texts name (services/overlap: `place_in_text`), kept apart from the location the agency gave.
    place_regency: Mapped[str] = mapped_column(String(100), default="", server_default="")
    place_district: Mapped[str] = mapped_column(String(100), default="", server_default="")
    place_village: Mapped[str] = mapped_column(String(100), default="", server_default="")
    target: Mapped[str] = mapped_column(String(200), default="")  # volume with unit, e.g. "5 km"
    budget: Mapped[int | None] = mapped_column(BigInteger)  # whole rupiah
    priority: Mapped[str] = mapped_column(String(20), default="")
    origin: Mapped[str] = mapped_column(String(20), default="")  # musrenbang, pokir, agency, forum
    status: Mapped[InputStatus] = mapped_column(EnumString(InputStatus, 20), default=InputStatus.submitted, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    pinned: Mapped[bool] = mapped_column(default=False)
    answered: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = refers_to("inputs")
    # Normalised activity words (see services/overlap.py), kept so that a new proposal is compared
    # with thousands of earlier ones without normalising them again.
    match_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = timestamp(index=True)

    participant: Mapped[Participant | None] = relationship()
    agency: Mapped[Agency | None] = relationship()
    history: Mapped[list[InputHistory]] = relationship(back_populates="input", order_by="InputHistory.id",
                                                       cascade="all, delete-orphan")

    @hybrid_property
    def is_public(self) -> bool:
        """Everyone may see it: accepted or pinned (also a SQL condition, `.where(Input.is_public)`)."""
        return self.status == InputStatus.accepted or self.pinned

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls):
        return or_(cls.status == InputStatus.accepted, cls.pinned.is_(True))

    @property
    def place_read_from_text(self) -> bool:
        """Sent without a location, compared at the place its texts name."""
        return not self.regency and bool(self.place_regency)


class InputHistory(Change, db.Model):
    __tablename__ = "input_history"

    input_id: Mapped[int] = belongs_to("inputs", index=True)

    input: Mapped[Input] = relationship(back_populates="history")


class InputSupport(Record, Created, db.Model):
    __tablename__ = "input_supports"
    __table_args__ = (UniqueConstraint("input_id", "agency_id", name="uq_support_input_agency"),)

    input_id: Mapped[int] = belongs_to("inputs", index=True)
    agency_id: Mapped[int] = belongs_to("agencies")
    participant_id: Mapped[int | None] = refers_to("participants")


class InputVote(Record, Created, db.Model):
    """A participant's upvote of a question (one per participant)."""

    __tablename__ = "input_votes"
    __table_args__ = (UniqueConstraint("input_id", "participant_id", name="uq_vote_input_participant"),)

    input_id: Mapped[int] = belongs_to("inputs", index=True)
    participant_id: Mapped[int] = belongs_to("participants")


class InputOverlap(OfForum, Created, db.Model):
    """Two agencies' proposals that look like the same work in the same place (smaller id first)."""

    __tablename__ = "input_overlaps"
    __table_args__ = (UniqueConstraint("input_a_id", "input_b_id", name="uq_overlap_pair"),)

    input_a_id: Mapped[int] = belongs_to("inputs", index=True)
    input_b_id: Mapped[int] = belongs_to("inputs", index=True)
    score: Mapped[float] = mapped_column()
    reasons: Mapped[list] = mapped_column(JSON, default=list)


class Minutes(OneAForum, Updated, db.Model):
    """The berita acara of a forum; once finalised, decisions are locked and its hash is kept."""

    __tablename__ = "minutes"

    number: Mapped[str] = mapped_column(String(100), default="")
    chair: Mapped[str] = mapped_column(String(200), default="")
    chair_position: Mapped[str] = mapped_column(String(200), default="")
    chair_nip: Mapped[str] = mapped_column(String(18), default="", server_default="")  # under the chair's name
    points: Mapped[list] = mapped_column(JSON, default=list)  # extra agreement points (text)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalised_by_user_id: Mapped[int | None] = refers_to("users")
    content_hash: Mapped[str] = mapped_column(String(64), default="")


class OverlapDismissal(Record, Created, db.Model):
    """A moderator's "not the same" for a pair of inputs (stored with the smaller id first)."""

    __tablename__ = "overlap_dismissals"
    __table_args__ = (UniqueConstraint("input_a_id", "input_b_id", name="uq_dismissal_pair"),)

    input_a_id: Mapped[int] = belongs_to("inputs")
    input_b_id: Mapped[int] = belongs_to("inputs")
    user_id: Mapped[int | None] = refers_to("users")
