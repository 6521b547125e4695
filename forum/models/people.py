"""Staff accounts, their roles (deployment-wide or per forum) and their API tokens."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String, UniqueConstraint, event, insert, inspect, update
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm import Session as OrmSession

from forum.db import EnumString, UTCDateTime
from forum.extensions import db
from forum.models.columns import Created, Record, belongs_to
from forum.models.events import Event

StaffRole = enum.StrEnum("StaffRole", "admin organiser moderator checkin")


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


class User(UserMixin, Record, Created, db.Model):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The role in every forum; None for an account that holds roles in some forums only (forum_staff).
    role: Mapped[StaffRole | None] = mapped_column(EnumString(StaffRole, 20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
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


class ForumStaff(Record, Created, db.Model):
    """A role held in one forum only."""

    __tablename__ = "forum_staff"
    __table_args__ = (UniqueConstraint("user_id", "event_id", name="uq_forum_staff_user_event"),)

    user_id: Mapped[int] = belongs_to("users", index=True)
    event_id: Mapped[int] = belongs_to("events", index=True)
    role: Mapped[StaffRole] = mapped_column(EnumString(StaffRole, 20))

    user: Mapped[User] = relationship(back_populates="forum_roles")
    event: Mapped[Event] = relationship()


class ApiToken(Record, Created, db.Model):
    __tablename__ = "api_tokens"

    user_id: Mapped[int] = belongs_to("users", index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class StaffStamp(db.Model):
    """One row whose `value` grows with every change to a staff account, its roles or its tokens, in the
    transaction of the change. Each process keeps the user behind an API token while this value is
    unchanged (forum/services/accounts.py), and reads it once per Bearer request: a revoked token, a
    deactivated account or a changed role takes effect on the next request in every process."""

    __tablename__ = "staff_stamp"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(default=0)


# Attributes whose change leaves who may do what as it was (a login's time).
_UNSTAMPED = {"last_login_at", "last_used_at"}


def _changes_access(session, obj) -> bool:
    if obj in session.new or obj in session.deleted:
        return True
    state = inspect(obj)
    return any(attr.history.has_changes() for attr in state.attrs if attr.key not in _UNSTAMPED)


@event.listens_for(OrmSession, "before_flush")
def _stamp_staff_changes(session, _flush_context, _instances):
    """Any account, role or token added, changed or deleted moves the stamp on, in the same transaction."""
    touched = (o for o in (*session.new, *session.dirty, *session.deleted)
               if isinstance(o, User | ForumStaff | ApiToken))
    if any(_changes_access(session, o) for o in touched):
        bump_staff_stamp(session.connection())


def bump_staff_stamp(connection) -> None:
    table = StaffStamp.__table__
    moved = connection.execute(update(table).where(table.c.id == 1).values(value=table.c.value + 1))
    if moved.rowcount == 0:  # a schema made by create_all (tests), or emptied: the row starts here
        connection.execute(insert(table).values(id=1, value=1))
