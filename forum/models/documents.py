"""What the official documents carry beyond the forum's data: the letterhead (*kop surat*) and the
signatories of the minutes of agreement, chosen by the organisers."""
from __future__ import annotations

from sqlalchemy import JSON, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.columns import Created, OfForum, OneAForum, Updated, belongs_to
from forum.models.participants import Participant


class Letterhead(OneAForum, Updated, db.Model):
    """A forum's kop surat: up to four header lines and a logo, stored as a checked, re-encoded PNG."""

    __tablename__ = "letterheads"

    lines: Mapped[list] = mapped_column(JSON, default=list)
    place: Mapped[str] = mapped_column(String(100), default="")  # where documents are signed: "Pontianak"
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_sha256: Mapped[str] = mapped_column(String(64), default="")  # of the PNG as stored


class Signatory(OfForum, Created, db.Model):
    """One signature block of the minutes: a participant, in the organiser's order (1 signs first)."""

    __tablename__ = "minutes_signatories"
    __table_args__ = (UniqueConstraint("event_id", "participant_id", name="uq_signatory_event_participant"),)

    participant_id: Mapped[int] = belongs_to("participants")
    rank: Mapped[int] = mapped_column(default=0)

    participant: Mapped[Participant] = relationship()
