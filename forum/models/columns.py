"""The columns most tables spell alike: the row's id, the rows it belongs to or refers to, and when it was
written. One place for what deleting a parent does (CASCADE: the row goes with it; SET NULL: the link is
forgotten, the row stays)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.orm import MappedColumn, mapped_column

from forum.db import UTCDateTime, utcnow


def primary_key() -> MappedColumn[Any]:
    return mapped_column(primary_key=True)


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
