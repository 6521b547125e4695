"""Actions: one function per thing a person sets out to do ("check in", "start a session", "decide an
input"). The page, the API, a Socket.IO handler and the command line all call the same action; it runs
the services, commits once, and returns the domain result. It is the only layer that commits, and the
domain events its services recorded go out after that commit (`forum/domain_events.py`): routes and
handlers neither commit nor emit.

    request ─▶ route (parse) ─▶ action: services … commit ─▶ result ─▶ render / JSON
                                          └▶ after the commit: domain events ─▶ handlers (Socket.IO, …)
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import has_request_context

from forum import domain_events
from forum.db import commit_then_read, read_only_transactions
from forum.extensions import db


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Run the block's services as one transaction: commit at the end (the rest of the request then reads
    only), roll back on any exception, and hand the recorded domain events to their handlers only after
    the commit succeeded. Outside a request (a command, a background thread) the block's caller gets the
    transaction mode back as it found it once the handlers have run: there is no rest of a request to read only."""
    outside = None if has_request_context() else read_only_transactions.get()
    try:
        try:
            yield
            commit_then_read()
        except BaseException:
            db.session.rollback()
            raise
        domain_events.dispatch(db.session())
    finally:
        if outside is not None:
            read_only_transactions.set(outside)
