"""Staff accounts, their roles (deployment-wide or per forum) and their API tokens."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import EnumString, UTCDateTime, utcnow
from forum.extensions import db
from forum.models.events import Event


class StaffRole(enum.StrEnum):
    admin = "admin"
    organiser = "organiser"
    moderator = "moderator"
    checkin = "checkin"


# admin ⊃ organiser ⊃ moderator; checkin stands apart and may only check people in.
ROLE_RANK = {StaffRole.checkin: 0, StaffRole.moderator: 1, StaffRole.organiser: 2, StaffRole.admin: 3}
# Roles that may be held in one forum only (an administrator is always deployment-wide).
FORUM_ROLES = (StaffRole.organiser, StaffRole.moderator, StaffRole.checkin)


def role_covers(held: str | StaffRole, needed: str | StaffRole) -> bool:
    """True when holding `held` lets one act as `needed` (the role hierarchy lives here only)."""
    held, needed = StaffRole(held), StaffRole(needed)
    if needed is StaffRole.checkin:
        return True  # every staff role may check people in
    if held is StaffRole.checkin:
        return False
    return ROLE_RANK[held] >= ROLE_RANK[needed]


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The role in every forum; None for an account that holds roles in some forums only (forum_staff).
    role: Mapped[StaffRole | None] = mapped_column(EnumString(StaffRole, 20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan")
    forum_roles: Mapped[list[ForumStaff]] = relationship(back_populates="user", cascade="all, delete-orphan",
                                                         order_by="ForumStaff.event_id")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def scoped(self) -> bool:
        """True for an account whose roles hold in some forums only."""
        return self.role is None

    def has_role(self, needed: str | StaffRole, event=None) -> bool:
        """May this account act as `needed` in forum `event`? Its role in every forum counts, and its role
        in that forum. Without a forum: in every forum, which only a deployment-wide role grants. The one
        place that decides who may do what where."""
        if self.role and role_covers(self.role, needed):
            return True  # (without loading the roles per forum)
        return event is not None and any(role_covers(a.role, needed) for a in self.forum_roles
                                         if a.event_id == event.id)

    def has_role_somewhere(self, needed: str | StaffRole) -> bool:
        """True when this account may act as `needed` in at least one forum."""
        return self.event_ids_with(needed) != set()

    def event_ids_with(self, needed: str | StaffRole) -> set[int] | None:
        """The ids of the forums where this account may act as `needed`; None means every forum."""
        if self.role and role_covers(self.role, needed):
            return None
        return {a.event_id for a in self.forum_roles if role_covers(a.role, needed)}


class ForumStaff(db.Model):
    """A role held in one forum only."""

    __tablename__ = "forum_staff"
    __table_args__ = (UniqueConstraint("user_id", "event_id", name="uq_forum_staff_user_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[StaffRole] = mapped_column(EnumString(StaffRole, 20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="forum_roles")
    event: Mapped[Event] = relationship()


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
