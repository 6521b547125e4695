"""Database helpers: a UTC datetime column type and SQLite tuning for concurrent writers."""
from __future__ import annotations

import contextvars
from datetime import UTC, datetime

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

# GET/HEAD requests set this so that their SQLite transactions stay DEFERRED (pure readers,
# e.g. a long export, must not hold the write lock); everything else begins IMMEDIATE.
read_only_transactions: contextvars.ContextVar[bool] = contextvars.ContextVar("forum_read_only", default=False)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, always returns timezone-aware UTC (SQLite keeps no offset)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def tune_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout and write transactions that take the lock up front.

    pysqlite's own transaction handling is switched off so that we issue BEGIN ourselves:
    BEGIN IMMEDIATE makes a read-then-write transaction wait for the write lock at its start
    (honouring busy_timeout) instead of failing with "database is locked" when it upgrades.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=15000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN" if read_only_transactions.get() else "BEGIN IMMEDIATE")
