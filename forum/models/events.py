"""Forums (events) and the agencies taking part in them."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import EnumString, UTCDateTime
from forum.extensions import db
from forum.models.columns import Created, OfForum, Record, Updated, belongs_to

AgencyKind = enum.StrEnum("AgencyKind",
                         "provincial_opd regency_opd dprd kecamatan village vertical academia ngo other")


class Event(Record, Created, Updated, db.Model):
    __tablename__ = "events"

    slug: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str] = mapped_column(Text, default="")
    venue: Mapped[str] = mapped_column(String(300), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Pontianak")
    stream_url: Mapped[str] = mapped_column(String(500), default="")
    registration_open: Mapped[bool] = mapped_column(default=True)
    # Presence rule: checked in, or online for at least this many minutes (0: any online join counts).
    presence_min_minutes: Mapped[int] = mapped_column(default=0)
    # Days after the forum's end after which contact details may be erased (UU PDP); None: not set.
    retention_days: Mapped[int | None] = mapped_column()

    agencies: Mapped[list[Agency]] = relationship(back_populates="event", cascade="all, delete-orphan",
                                                  order_by="Agency.name")


class Agency(OfForum, Created, db.Model):
    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_agency_event_name"),)

    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60), default="")
    kind: Mapped[AgencyKind] = mapped_column(EnumString(AgencyKind, 20), default=AgencyKind.other)
    # False for a name nobody on the list matched (typed at registration or at the door): kept as written
    # until an organiser maps it to a listed agency or confirms it; not in the official per-agency counts.
    verified: Mapped[bool] = mapped_column(default=True, server_default=true())

    aliases: Mapped[list[AgencyAlias]] = relationship(back_populates="agency", cascade="all, delete-orphan",
                                                      order_by="AgencyAlias.name")
    event: Mapped[Event] = relationship(back_populates="agencies")


class AgencyAlias(OfForum, Created, db.Model):
    """Another name people write for an agency ("Dinkes", "Dinas Kesehatan Prov. Kalbar")."""

    __tablename__ = "agency_aliases"
    # `key`: the name folded for lookup (case, spaces, punctuation); one agency per key in a forum.
    __table_args__ = (UniqueConstraint("event_id", "key", name="uq_agency_alias_event_key"),)

    agency_id: Mapped[int] = belongs_to("agencies", index=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))

    agency: Mapped[Agency] = relationship(back_populates="aliases")
