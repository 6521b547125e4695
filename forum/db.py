"""Database helpers: a UTC datetime column type, an enum column type and SQLite tuning for concurrent writers."""
from __future__ import annotations

import collections
import contextvars
import enum
import logging
import threading
import time
from datetime import UTC, datetime

from sqlalchemy import DateTime, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.orm import Session
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


WRITE_LOCK_TIMEOUT = 15.0


class WriterQueue:
    """One SQLite writer at a time within this process, in arrival order.

    SQLite's own busy handler makes waiting writers sleep and retry, which gives a long latency
    tail under a burst of check-ins; queueing them here instead keeps p99 close to p50. The queue
    is held from BEGIN IMMEDIATE until the connection returns to the pool (right after COMMIT or
    ROLLBACK), is re-entrant for its owner thread (a thread never waits on itself), and may be
    released from any thread (a connection can be reset by the garbage collector). SQLite's
    busy_timeout still arbitrates between processes.

    The lock is handed over: a release gives it to the longest-waiting thread before waking it, so a
    thread arriving meanwhile queues behind the waiters instead of taking the lock while the woken
    one waits for the GIL (with a condition variable, such barging sent the woken thread to the back
    of the queue again, and at 32 desks p99 was three to five times p50).
    """

    KEY = "forum_write_lock"

    def __init__(self):
        self._mutex = threading.Lock()
        self._owner: int | None = None
        self._depth = 0
        self._waiting: collections.deque[tuple[int, threading.Event]] = collections.deque()

    def acquire(self, record_info: dict) -> None:
        me = threading.get_ident()
        with self._mutex:
            if self._owner == me or (self._owner is None and not self._waiting):
                self._owner = me
                self._depth += 1
                turn = None
            else:
                turn = (me, threading.Event())
                self._waiting.append(turn)
        if turn is not None and not turn[1].wait(WRITE_LOCK_TIMEOUT):
            with self._mutex:
                handed = self._owner == me  # handed over just as the wait ended
                if not handed:
                    self._waiting.remove(turn)
            if not handed:
                from sqlalchemy.exc import OperationalError

                raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is busy (writer queue)"))
        record_info[self.KEY] = record_info.get(self.KEY, 0) + 1

    def release(self, record_info: dict) -> None:
        held = record_info.pop(self.KEY, 0)
        if not held:
            return
        with self._mutex:
            self._depth -= held
            if self._depth > 0:
                return
            if self._waiting:
                self._owner, turn = self._waiting.popleft()
                self._depth = 1  # the next owner's acquire, counted on its behalf
                turn.set()
            else:
                self._owner, self._depth = None, 0


def tune_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout and write transactions that take the lock up front.

    pysqlite's own transaction handling is switched off so that we issue BEGIN ourselves:
    BEGIN IMMEDIATE makes a read-then-write transaction wait for the write lock at its start
    (honouring busy_timeout) instead of failing with "database is locked" when it upgrades.
    """
    if engine.dialect.name != "sqlite":
        return
    writers = WriterQueue()

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
        if read_only_transactions.get():
            conn.exec_driver_sql("BEGIN")
            return
        info = conn.connection.info
        writers.acquire(info)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            writers.release(info)
            raise

    # The write lock is released when the connection goes back to the pool, which the session
    # does right after COMMIT or ROLLBACK has run (a "commit" event would fire before it).
    @event.listens_for(engine.pool, "reset")
    def _reset(_dbapi_connection, record, _reset_state):
        writers.release(record.info)

    @event.listens_for(engine.pool, "checkin")
    def _checkin(_dbapi_connection, record):
        writers.release(record.info)


# A server's connection that rested in the pool this long is pinged before use (a busy process's connections come
# back within milliseconds and are not).
PING_AFTER_REST = 1.0
_RETURNED = "forum_returned_at"


def ping_rested_connections(engine: Engine, after: float = PING_AFTER_REST) -> None:
    """pool_pre_ping's check, only for a connection that rested in the pool for `after` seconds or more.

    pool_pre_ping sends a query before every checkout: on PostgreSQL a round trip per request, 5 % of a gunicorn
    worker's samples at 8 desks of check-ins (py-spy). What it guards against, connections closed by a
    restarted server, a firewall or an idle timeout, happens to connections at rest; one that a request
    returned a moment ago and that fails anyway (the server stopped in between) gives that request the 503 of
    any database failure, and SQLAlchemy then replaces every connection opened before the failure."""
    if engine.dialect.name == "sqlite":  # a file cannot go away under a connection
        return

    @event.listens_for(engine.pool, "checkin")
    def _returned(_dbapi_connection, record):
        record.info[_RETURNED] = time.monotonic()

    @event.listens_for(engine.pool, "connect")
    def _connected(_dbapi_connection, record):
        record.info.pop(_RETURNED, None)

    @event.listens_for(engine.pool, "checkout")
    def _checkout(dbapi_connection, record, _proxy):
        if getattr(dbapi_connection, "autocommit", False):  # left so by statements_on_their_own(): never expected
            try:
                dbapi_connection.autocommit = False
            except engine.dialect.loaded_dbapi.Error as exc:
                raise DisconnectionError() from exc
        returned = record.info.get(_RETURNED)
        if returned is None or time.monotonic() - returned < after:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            if engine.dialect.is_disconnect(exc, dbapi_connection, None):
                raise DisconnectionError() from exc  # the pool opens a new connection and tries again
            raise


_ALONE = "forum_statements_alone"  # Session.info: the driver's connection committing each statement on its own


def statements_on_their_own(session) -> bool:
    """PostgreSQL, when the session's transaction has sent no statement yet: its next statements each commit on their
    own (the driver's autocommit), without the BEGIN and the COMMIT of a transaction, two of a door scan's four
    round trips; whether they do. For statements that each stand alone: reads, and writes each complete in one
    statement (at READ COMMITTED a statement sees the database afresh inside a transaction too). Before a statement
    that must share a transaction with another, and at the latest when the session's transaction ends,
    `in_one_transaction(session)`. Elsewhere (SQLite, a transaction already begun) nothing changes."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name != "postgresql" or driver.info.transaction_status != driver.info.transaction_status.IDLE:
        return False
    driver.autocommit = True
    session.info[_ALONE] = driver
    return True


def in_one_transaction(session) -> None:
    """The session's next statements in one transaction again, after statements_on_their_own()."""
    driver = session.info.pop(_ALONE, None)
    if driver is None:
        return
    import psycopg  # (the only driver statements_on_their_own() changes)

    try:
        driver.autocommit = False
    except psycopg.Error:  # a connection lost: the pool's checkout replaces it (ping_rested_connections)
        pass


@event.listens_for(Session, "after_transaction_end")
def _one_transaction_again(session, transaction) -> None:
    if transaction.parent is None and _ALONE in session.info:
        in_one_transaction(session)


def close_sessions_quietly(app, db) -> None:
    """Ends each request's session before Flask-SQLAlchemy's own teardown does, and survives a database that went
    away under it: the ROLLBACK of a transaction whose connection PostgreSQL terminated (a restart, a fast
    shutdown) raises, and an exception in a teardown escapes the app, so the client got the server's bare HTML 500
    instead of the request's own answer (its JSON 503 with Retry-After). The connection is invalidated by
    SQLAlchemy on that error; the session is dropped, and Flask-SQLAlchemy's teardown then finds none."""

    @app.teardown_appcontext  # registered after db.init_app: runs before Flask-SQLAlchemy's (reverse order)
    def _close_session(_exc):
        try:
            db.session.remove()
        except SQLAlchemyError as exc:
            db.session.registry.clear()
            logging.getLogger("forum").warning("database connection lost while ending a request: %s",
                                               str(exc).splitlines()[0])


def commit_then_read() -> None:
    """Commit, and keep the rest of this request (emits, the response) in read-only transactions,
    so that it does not queue for SQLite's write lock a second time."""
    from forum.extensions import db

    # What this request wrote is what the database now holds: keep the loaded objects as they are
    # instead of expiring them, so that the emits and the answer do not read them all back (on
    # PostgreSQL a transaction and a query per object; on SQLite a second wait for the database).
    session = db.session()  # the request's Session itself, not the scoped proxy
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
    read_only_transactions.set(True)


class EnumString(TypeDecorator):
    """A StrEnum kept as its value in a plain VARCHAR (no database enum, no CHECK: the schema is the
    migrations' string column). Python reads the enum member; a value outside the enum is refused
    before it reaches the database."""

    impl = String
    cache_ok = True

    def __init__(self, enum_class: type[enum.StrEnum], length: int):
        super().__init__(length)
        self.enum_class = enum_class

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum_class(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_class(value)


def where_given(query, *filters):
    """The query narrowed to the rows whose column equals the value, for each (column, value) filter that is
    given: an empty value (None, "", 0) narrows nothing, as a list page's unset filter."""
    for column, value in filters:
        if value:
            query = query.where(column == value)
    return query
