"""Statements of the busiest writes built once per shape and process, then run with their values.

Building a SELECT with a few conditions costs SQLAlchemy more than running it on a forum's indexes: about 0.35 ms
for a proposal's candidate query on this machine, against 0.02 ms for the same statement built before (its compiled
form is then found by identity). A proposal's submission runs several, at 100 a second. A statement kept here is
built by `build()` the first time its `key` (everything its text depends on: which conditions it has, the literals
in them) is asked for, and its values are passed as bound parameters every time. A statement whose text depends on
the database (an upsert's ON CONFLICT, PostgreSQL's data-modifying WITH) has the dialect's name in its key: the door
check-in's writes are kept under (dialect, name) (services/checkin.py).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

S = TypeVar("S")

KEEP = 2000  # shapes kept per process: the kinds of work in a lexicon, times a few conditions
_KEPT: dict = {}


def statement(key, build: Callable[[], S]) -> S:
    """The statement kept under `key`, built by `build()` when there is none (two threads may both build it once:
    the same statement)."""
    kept = _KEPT.get(key)
    if kept is None:
        if len(_KEPT) >= KEEP:
            _KEPT.clear()
        kept = _KEPT[key] = build()
    return kept
