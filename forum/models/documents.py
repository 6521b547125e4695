"""What the official documents carry beyond the forum's data: the letterhead (*kop surat*) and the
signatories of the minutes of agreement, chosen by the organisers."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.columns import belongs_to, primary_key, timestamp
from forum.models.participants import Participant


class Letterhead(db.Model):
    """A forum's kop surat: up to four header lines and a logo, stored as a checked, re-encoded PNG."""

    __tablename__ = "letterheads"

    id: Mapped[int] = primary_key()
    event_id: Mapped[int] = belongs_to("events", unique=True)
    lines: Mapped[list] = mapped_column(JSON, default=list)
    place: Mapped[str] = mapped_column(String(100), default="")  # where documents are signed: "Pontianak"
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_sha256: Mapped[str] = mapped_column(String(64), default="")  # of the PNG as stored
    updated_at: Mapped[datetime] = timestamp(on_update=True)


class Signatory(db.Model):
    """One signature block of the minutes: a participant, in the organiser's order (1 signs first)."""

    __tablename__ = "minutes_signatories"
    __table_args__ = (UniqueConstraint("event_id", "participant_id", name="uq_signatory_event_participant"),)

    id: Mapped[int] = primary_key()
    event_id: Mapped[int] = belongs_to("events", index=True)
    participant_id: Mapped[int] = belongs_to("participants")
    rank: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = timestamp()

    participant: Mapped[Participant] = relationship()
