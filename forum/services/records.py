"""One record of a forum, found by the id a request named. An id that is no id (a bool, a text, a number beyond
the id column) names no record, and neither does another forum's: both are the caller's `NotFound`."""
from __future__ import annotations

from sqlalchemy import select

from forum.errors import NotFound
from forum.extensions import db
from forum.models import Event
from forum.services.validation import MAX_RECORD_ID


def one_of_forum(model, event: Event, record_id, missing: NotFound):
    """The `model` row of `event` whose id is `record_id`, else `missing` raised."""
    row = None
    if isinstance(record_id, int) and not isinstance(record_id, bool) and 0 < record_id <= MAX_RECORD_ID:
        row = db.session.scalar(select(model).where(model.id == record_id, model.event_id == event.id))
    if row is None:
        raise missing
    return row
