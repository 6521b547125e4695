"""The columns most tables spell alike: the row's id, the rows it belongs to or refers to, and when it was
written. One place for what deleting a parent does (CASCADE: the row goes with it; SET NULL: the link is
forgotten, the row stays).

The groups of them that many tables share are mixins, listed before `db.Model` in a model's bases: `Record`
(the id), `OfForum` (a row of one forum), `OneAForum` (the one row of its kind a forum has), `Created`,
`Updated`, `Revised` (a text several moderators edit) and `Change` (one entry of a record's history). The id
and the forum come first in a table made from the models, the other mixins' columns after the model's own
(the migrations keep their own order: the database is the same, tests/test_cli.py compares).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, MappedColumn, declared_attr, mapped_column, relationship

from forum.db import UTCDateTime, utcnow


def primary_key() -> MappedColumn[Any]:
    return mapped_column(primary_key=True, sort_order=-2)


def belongs_to(table: str, **options) -> MappedColumn[Any]:
    """A link to the row this one is part of: deleted with it."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), **options)


def refers_to(table: str, **options) -> MappedColumn[Any]:
    """A link that is forgotten (NULL) when the row it names is deleted."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="SET NULL"), **options)


def timestamp(*, on_update: bool = False, **options) -> MappedColumn[Any]:
    """A time in UTC, now when the row is written (and again at each update with `on_update`)."""
    if on_update:
        options["onupdate"] = utcnow
    return mapped_column(UTCDateTime, default=utcnow, **options)


def status_in(statuses: Iterable[StrEnum], doc: str) -> hybrid_property:
    """The condition "the row's `status` is one of `statuses`", on a row and in SQL (`.where(Model.name)`)."""
    chosen = tuple(statuses)

    def condition(row) -> bool:
        return row.status in chosen

    condition.__doc__ = doc
    return hybrid_property(condition, expr=lambda cls: cls.status.in_([s.value for s in chosen]))


class Record:
    """A row known by a number of its own."""

    id: Mapped[int] = primary_key()


class OfForum(Record):
    """A row of one forum (`event_id`, looked up by it): deleted with the forum."""

    event_id: Mapped[int] = belongs_to("events", index=True, sort_order=-1)


class OneAForum(Record):
    """The one row of its kind a forum has (its minutes, its letterhead, its notulen): deleted with it."""

    event_id: Mapped[int] = belongs_to("events", unique=True, sort_order=-1)


class Created:
    created_at: Mapped[datetime] = timestamp()


class Updated:
    """`updated_at`: set again by every update of the row."""

    updated_at: Mapped[datetime] = timestamp(on_update=True)


class Revised:
    """A text moderators edit at the same time: its `version` (the one a writer saw, to show what a save
    replaced), when and by whom it was last saved (set by the service, not by every update of the row)."""

    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = timestamp()
    updated_by_user_id: Mapped[int | None] = refers_to("users")

    @declared_attr
    def updated_by(cls):
        return relationship("User")


class Change(Record):
    """One entry of a record's history: when, by whom, what was done and what changed (field → [old, new])."""

    at: Mapped[datetime] = timestamp()
    user_id: Mapped[int | None] = refers_to("users")
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
