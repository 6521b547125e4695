"""Staff accounts and their API tokens."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import UTCDateTime, utcnow
from forum.extensions import db


class StaffRole(enum.StrEnum):
    admin = "admin"
    organiser = "organiser"
    moderator = "moderator"
    checkin = "checkin"


# admin ⊃ organiser ⊃ moderator; checkin stands apart and may only check people in.
ROLE_RANK = {StaffRole.checkin: 0, StaffRole.moderator: 1, StaffRole.organiser: 2, StaffRole.admin: 3}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def has_role(self, needed: str | StaffRole) -> bool:
        """True when this account may act as `needed` (the role hierarchy lives here only)."""
        mine, needed = StaffRole(self.role), StaffRole(needed)
        if needed is StaffRole.checkin:
            return True  # every staff role may check people in
        if mine is StaffRole.checkin:
            return False
        return ROLE_RANK[mine] >= ROLE_RANK[needed]


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")
