"""The presence intervals of this process's live pages, written in batches.

Each participant's page that opens or closes was one transaction of its own (SELECT, INSERT, COMMIT: a third
of what opening a page cost). Now the connect and disconnect handlers queue what happened (`Joined`, `Left`,
each with its own time) and write it by group commit: a handler that finds no write under way writes the queue
itself, at once, as before (so a quiet process writes each page as it opens); what arrives while a write is
under way waits for it and is then written together, in one transaction, by a background task — in a storm of
connects, one transaction per batch instead of one per page, and the staff's counts once per forum and batch.

Order: one write at a time, each taking the whole queue in the order it came, so a page's leave is never
written before its join (both in one batch make one closed interval).

A write that fails because the database is away puts its batch back at the head of the queue for the next
write (a connect whose own write failed is refused, as before, and its join taken out); one that fails
otherwise (say a participant erased meanwhile) writes the batch's changes one by one and drops those that fail.

A crash (SIGKILL, out of memory, power) loses what is queued: at most the changes of the last moments — under
load a batch, at rest nothing. A join lost leaves its page without an interval (its page reconnects to another
process and opens one there); a leave lost leaves the interval open until the other processes close it at this
process's last heartbeat (forum/lifecycle.py), as every interval of a dead process. A drain (SIGTERM) takes no
more changes and waits for the writes under way (bounded) before it closes this process's intervals, so none of
them is left open.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy.exc import OperationalError

from forum.actions import presence as presence_actions
from forum.db import read_only_transactions
from forum.extensions import db, socketio
from forum.services.presence import Joined, Left

log = logging.getLogger(__name__)


@dataclass
class Writer:
    """One app's queue of presence changes (tests run many apps in one process), and whether a write is under
    way: at most one at a time."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    queue: list[Joined | Left] = field(default_factory=list)
    writing: bool = False
    closed: bool = False  # the process is draining: its intervals are being closed, nothing more is written

    def begin(self, change: Joined | Left) -> list[Joined | Left]:
        """Queue `change`; the batch to write now, or none when a write is under way (it takes the queue next)
        or the process is draining (a page opening now would get an interval nobody closes)."""
        with self.lock:
            if self.closed:
                return []
            self.queue.append(change)
            if self.writing:
                return []
            self.writing = True
            batch, self.queue = self.queue, []
        return batch

    def next_batch(self) -> list[Joined | Left]:
        """What was queued meanwhile, for the writer to write next; none: the write is over."""
        with self.lock:
            batch, self.queue = self.queue, []
            self.writing = bool(batch)
        return batch

    def put_back(self, batch: list[Joined | Left]) -> None:
        """A write failed: its batch is written first by the next write."""
        with self.lock:
            self.queue[:0] = batch
            self.writing = False


    def close(self, wait: float) -> bool:
        """Take no more changes, and wait up to `wait` seconds for the writes under way (with what they had
        queued) to end; False if they had not ended by then."""
        with self.lock:
            self.closed = True
        deadline = time.monotonic() + wait
        while True:
            with self.lock:
                if not self.writing:
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)


def close(app: Flask, wait: float = 5.0) -> bool:
    """The process stops (forum/lifecycle.py's drain): no more writes; those under way end first, so that the
    drain closes every interval they open."""
    return _writer(app).close(wait)


def _writer(app: Flask) -> Writer:
    return app.extensions.setdefault("forum_presence_writer", Writer())


def write(app: Flask, change: Joined | Left) -> None:
    """Queue `change` and, unless a write is under way, write the queue now; what arrives meanwhile is written
    next by a background task. Inside a Socket.IO handler's app context; raises OperationalError when the
    database is away (the change is then kept for the next write, but a join: its connection is refused)."""
    writer = _writer(app)
    batch = writer.begin(change)
    if not batch:
        return
    try:
        _record(batch)
    except BaseException:
        writer.put_back([c for c in batch if c is not change or isinstance(c, Left)])
        raise
    rest = writer.next_batch()
    if rest:
        socketio.start_background_task(_write_the_rest, app, writer, rest)


def flush(app: Flask) -> None:
    """Write what a failed write kept, unless a write is under way (which takes it). The heartbeat calls this, so
    a leave kept while the database was away is written once it is back, not only at the next page's connect or
    disconnect in this process."""
    writer = _writer(app)
    with writer.lock:
        if writer.writing or writer.closed or not writer.queue:
            return
        writer.writing = True
        batch, writer.queue = writer.queue, []
    _write_the_rest(app, writer, batch)


def _write_the_rest(app: Flask, writer: Writer, batch: list[Joined | Left]) -> None:
    """Batch after batch until the queue is empty (the handlers that queued them have returned)."""
    with app.app_context():
        try:
            while batch:
                try:
                    _record(batch)
                except OperationalError as exc:  # the database is away: the next write tries again
                    writer.put_back(batch)
                    log.warning("presence: %d changes kept for the next write: %s", len(batch), exc.orig)
                    return
                finally:
                    db.session.remove()
                batch = writer.next_batch()
        except BaseException:
            writer.put_back(batch)
            raise


def _record(batch: list[Joined | Left]) -> None:
    db.session.rollback()  # end the handler's reading transaction, if any (it wrote nothing)
    read_only_transactions.set(False)
    try:
        presence_actions.record_live(batch)
    except OperationalError:
        raise
    except Exception:  # noqa: BLE001  (one change the database refuses must not hold the others back)
        log.exception("presence: a batch of %d changes refused; writing them one by one", len(batch))
        for change in batch:
            try:
                presence_actions.record_live([change])
            except OperationalError:
                raise
            except Exception:  # noqa: BLE001
                log.exception("presence: %r dropped", change)
