"""Door check-ins and the log of every scan."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import UTCDateTime
from forum.extensions import db
from forum.models.columns import Created, OfForum, belongs_to, refers_to, timestamp
from forum.models.participants import Participant


class Checkin(OfForum, Created, db.Model):
    """A participant's arrival at the door. Unique per participant: exactly one, by the database."""

    __tablename__ = "checkins"

    participant_id: Mapped[int] = belongs_to("participants", unique=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    desk: Mapped[str] = mapped_column(String(100), default="")
    user_id: Mapped[int | None] = refers_to("users")
    note: Mapped[str] = mapped_column(String(100), default="")

    participant: Mapped[Participant] = relationship()


class CheckinScan(OfForum, db.Model):
    """Every scan a desk sent, with its answer, so that a retried `client_id` gets the same answer."""

    __tablename__ = "checkin_scans"
    __table_args__ = (UniqueConstraint("event_id", "client_id", name="uq_scan_event_client"),)

    client_id: Mapped[str | None] = mapped_column(String(64))
    participant_id: Mapped[int | None] = refers_to("participants", index=True)
    result: Mapped[str] = mapped_column(String(40))
    http_status: Mapped[int] = mapped_column()
    response: Mapped[dict] = mapped_column(JSON, default=dict)
    desk: Mapped[str] = mapped_column(String(100), default="")
    user_id: Mapped[int | None] = refers_to("users")
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = timestamp()
    offline: Mapped[bool] = mapped_column(default=False)
