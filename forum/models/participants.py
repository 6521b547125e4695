"""Participants: one registration of one person for one forum."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, String, Text, false, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import EnumString, UTCDateTime
from forum.extensions import db
from forum.models.columns import Created, OfForum, Record, Updated, belongs_to, refers_to, timestamp
from forum.models.events import Agency, Event

Attendance = enum.StrEnum("Attendance", "in_person online")
ParticipantRole = enum.StrEnum("ParticipantRole", "participant speaker moderator organiser")
ParticipantStatus = enum.StrEnum("ParticipantStatus", "registered cancelled revoked")


class Participant(OfForum, Created, Updated, db.Model):
    __tablename__ = "participants"
    # One registration per email, per phone and per NIP in a forum, enforced by the database so that two
    # registrations racing each other cannot both land (partial indexes: NULLs are allowed twice). The NIP's
    # leaves out the records an upgrade found already sharing a NIP (`nip_shared`, migration 0013).
    __table_args__ = (
        Index("uq_participant_event_email", "event_id", "email", unique=True,
              sqlite_where=text("email IS NOT NULL"), postgresql_where=text("email IS NOT NULL")),
        Index("uq_participant_event_phone", "event_id", "phone", unique=True,
              sqlite_where=text("phone IS NOT NULL"), postgresql_where=text("phone IS NOT NULL")),
        Index("uq_participant_event_nip", "event_id", "nip", unique=True,
              sqlite_where=text("nip IS NOT NULL AND NOT nip_shared"),
              postgresql_where=text("nip IS NOT NULL AND NOT nip_shared")),
    )

    agency_id: Mapped[int | None] = refers_to("agencies", index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    nip: Mapped[str | None] = mapped_column(String(18))
    # This record's NIP was held by an earlier record of the forum too when migration 0013 made the NIP unique
    # per forum (before, only the code checked it): kept, flagged for the organisers (`duplicate_of`), and left
    # out of the unique index. Only that migration sets it; a new NIP written by an organiser clears it, and a
    # merge carries it with the NIP it carries (services/merging.py). Registration never makes such a record.
    nip_shared: Mapped[bool] = mapped_column(default=False, server_default=false())
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    attendance: Mapped[Attendance] = mapped_column(EnumString(Attendance, 20), default=Attendance.in_person)
    role: Mapped[ParticipantRole] = mapped_column(EnumString(ParticipantRole, 20), default=ParticipantRole.participant)
    status: Mapped[ParticipantStatus] = mapped_column(EnumString(ParticipantStatus, 20),
                                                     default=ParticipantStatus.registered)
    # Two independent secrets: the personal link and the QR payload. Knowing the QR never lets
    # anyone act as the participant online.
    access_token: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    checkin_code: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    # registration (public form), import (invitation list), staff (back office), walk_in (at the door)
    source: Mapped[str] = mapped_column(String(20), default="registration")
    invited: Mapped[bool] = mapped_column(default=False)
    # "mewakili Kepala Dinas …": who this person stands in for, when a deputy came.
    deputy_for: Mapped[str] = mapped_column(String(300), default="")
    # The invited participant this person came in place of (a deputy registered at the door).
    represents_id: Mapped[int | None] = refers_to("participants")
    # A registration that is likely someone already registered (same agency, matching name; see
    # services/identity.py), recorded for the organisers to merge or dismiss; None when not flagged.
    duplicate_of_id: Mapped[int | None] = refers_to("participants")
    notes: Mapped[str] = mapped_column(Text, default="")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    agency: Mapped[Agency | None] = relationship()
    represents: Mapped[Participant | None] = relationship(remote_side="Participant.id", foreign_keys=[represents_id])
    duplicate_of: Mapped[Participant | None] = relationship(remote_side="Participant.id",
                                                           foreign_keys=[duplicate_of_id])

    @hybrid_property
    def is_active(self) -> bool:
        """The registration is active: neither cancelled nor revoked (also a SQL condition:
        `select(Participant).where(Participant.is_active)`)."""
        return self.status == ParticipantStatus.registered

    @classmethod
    def active_in(cls, event: Event):
        """The SQL condition "an active registration of this forum"."""
        return (cls.event_id == event.id) & cls.is_active


class RetiredCode(Record, db.Model):
    """A check-in code replaced by a new one: scanning it says "revoked", not "unknown"."""

    __tablename__ = "retired_codes"

    participant_id: Mapped[int] = belongs_to("participants", index=True)
    code: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    retired_at: Mapped[datetime] = timestamp()

    participant: Mapped[Participant] = relationship()
