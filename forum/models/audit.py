"""The append-only audit log: the ORM refuses to update or delete its rows (guards at the end)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, event
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm import Session as OrmSession

from forum.extensions import db
from forum.models.columns import primary_key, refers_to, timestamp


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = primary_key()
    at: Mapped[datetime] = timestamp(index=True)
    event_id: Mapped[int | None] = refers_to("events", index=True)
    actor_user_id: Mapped[int | None] = refers_to("users")
    actor_participant_id: Mapped[int | None] = refers_to("participants")
    actor_label: Mapped[str] = mapped_column(String(300), default="")  # kept when the actor is deleted
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[int | None] = mapped_column()
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(_mapper, _connection, target):
    raise AppendOnlyError(f"the audit log is append-only (entry {target.id})")


@event.listens_for(OrmSession, "do_orm_execute")
def _refuse_bulk_change(state):
    """ORM-enabled bulk UPDATE and DELETE statements skip the mapper events above: refuse them here."""
    if (state.is_update or state.is_delete) and any(m.class_ is AuditEntry for m in state.all_mappers):
        raise AppendOnlyError("the audit log is append-only")
