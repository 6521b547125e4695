"""The agenda: sessions, their speakers and materials, announcements and online presence."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import EnumString, UTCDateTime
from forum.extensions import db
from forum.models.columns import Created, OfForum, belongs_to, refers_to, timestamp
from forum.models.events import Event
from forum.models.participants import Participant

SessionState = enum.StrEnum("SessionState", "scheduled live paused ended")


session_speakers = Table(
    "session_speakers",
    db.metadata,
    Column("session_id", Integer, ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
)


class Session(OfForum, Created, db.Model):
    __tablename__ = "sessions"

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    room: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    position: Mapped[int] = mapped_column(default=0)
    state: Mapped[SessionState] = mapped_column(EnumString(SessionState, 20), default=SessionState.scheduled)
    input_open: Mapped[bool] = mapped_column(default=False)
    stream_url: Mapped[str] = mapped_column(String(500), default="")  # overrides the forum's link
    actual_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    actual_end: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    speakers: Mapped[list[Participant]] = relationship(secondary=session_speakers, order_by=Participant.name)
    materials: Mapped[list[Material]] = relationship(back_populates="session", order_by="Material.id",
                                                     cascade="all, delete-orphan")


class Material(OfForum, Created, db.Model):
    __tablename__ = "materials"

    session_id: Mapped[int] = belongs_to("sessions", index=True)
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(255))  # the uploader's name, sanitised, for downloads
    storage_name: Mapped[str] = mapped_column(String(100), unique=True)  # random name on disk
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64), default="")
    published: Mapped[bool] = mapped_column(default=False)
    publish_on_start: Mapped[bool] = mapped_column(default=False)
    # A replaced file keeps its row; the newer version points back at it.
    replaces_id: Mapped[int | None] = refers_to("materials")
    superseded: Mapped[bool] = mapped_column(default=False)
    uploaded_by_user_id: Mapped[int | None] = refers_to("users")
    uploaded_by_participant_id: Mapped[int | None] = refers_to("participants")

    event: Mapped[Event] = relationship()
    session: Mapped[Session] = relationship(back_populates="materials")


class Announcement(OfForum, db.Model):
    __tablename__ = "announcements"

    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = timestamp()
    user_id: Mapped[int | None] = refers_to("users")


class OnlinePresence(OfForum, db.Model):
    """One live-page connection of a participant: joined, left (None while connected)."""

    __tablename__ = "online_presence"

    participant_id: Mapped[int] = belongs_to("participants", index=True)
    connection_id: Mapped[str] = mapped_column(String(64), index=True)
    joined_at: Mapped[datetime] = timestamp()
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The process holding the connection (forum/lifecycle.py): when it dies, the others close the interval.
    server_id: Mapped[str | None] = mapped_column(String(64), index=True)


class ServerProcess(db.Model):
    """A serving process that holds live-page connections, and its last sign of life (its heartbeat)."""

    __tablename__ = "server_processes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = timestamp()
    seen_at: Mapped[datetime] = timestamp()
