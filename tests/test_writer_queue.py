"""The SQLite writer queue of one process (forum/db.py::WriterQueue): one writer at a time, in arrival order,
re-entrant for its owner, released from any thread — and handed over, so that a thread arriving just as the lock
is released queues behind the threads already waiting instead of taking it."""
from __future__ import annotations

import importlib
import threading
import time

from sqlalchemy.exc import OperationalError

forum_db = importlib.import_module("forum.db")  # the module (forum.db is also the package's name for the database)


def _wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.001)


def _writer(queue, name, order, held: threading.Event | None = None, release: threading.Event | None = None):
    info: dict = {}
    queue.acquire(info)
    order.append(name)
    if held is not None:
        held.set()
    if release is not None:
        release.wait(5)
    queue.release(info)


def test_waiting_writers_get_the_lock_in_arrival_order():
    queue = forum_db.WriterQueue()
    order: list[str] = []
    first = {}
    queue.acquire(first)
    threads = []
    for name in "abcde":
        thread = threading.Thread(target=_writer, args=(queue, name, order))
        thread.start()
        threads.append(thread)
        _wait_until(lambda n=len(threads): len(queue._waiting) == n)
    queue.release(first)
    for thread in threads:
        thread.join(5)
    assert order == list("abcde")


def test_a_thread_arriving_at_the_release_queues_behind_the_waiting_one():
    queue = forum_db.WriterQueue()
    order: list[str] = []
    first = {}
    queue.acquire(first)
    b_may_go = threading.Event()
    b = threading.Thread(target=_writer, args=(queue, "b", order, None, b_may_go))
    b.start()
    _wait_until(lambda: len(queue._waiting) == 1)
    threading.Timer(0.2, b_may_go.set).start()
    # this thread releases and at once asks again, before b has woken up: b waited first, so b goes first
    queue.release(first)
    again: dict = {}
    queue.acquire(again)
    order.append("c")
    queue.release(again)
    b.join(5)
    assert order == ["b", "c"]


def test_the_owner_takes_the_lock_again_without_waiting_and_one_release_frees_it():
    queue = forum_db.WriterQueue()
    outer, inner = {}, {}
    queue.acquire(outer)
    queue.acquire(inner)  # a nested connection of the same thread
    queue.release(inner)
    assert queue._owner == threading.get_ident()
    queue.release(outer)
    assert queue._owner is None and queue._depth == 0
    queue.release({})  # a connection that never held the lock releases nothing


def test_a_lock_held_by_one_thread_can_be_released_from_another():
    queue = forum_db.WriterQueue()
    info: dict = {}
    queue.acquire(info)
    other = threading.Thread(target=queue.release, args=(info,))
    other.start()
    other.join(5)
    second: dict = {}
    queue.acquire(second)  # free again: no wait
    queue.release(second)


def test_a_writer_that_waits_too_long_gives_up_and_leaves_the_queue(monkeypatch):
    monkeypatch.setattr(forum_db, "WRITE_LOCK_TIMEOUT", 0.05)
    queue = forum_db.WriterQueue()
    held: dict = {}
    queue.acquire(held)
    errors = []

    def wait():
        try:
            queue.acquire({})
        except OperationalError as exc:
            errors.append(exc)

    thread = threading.Thread(target=wait)
    thread.start()
    thread.join(5)
    assert len(errors) == 1 and "writer queue" in str(errors[0])
    assert not queue._waiting
    queue.release(held)
    assert queue._owner is None


def test_many_writers_never_overlap():
    writers = 16
    queue = forum_db.WriterQueue()
    inside = []
    overlaps = []

    def work():
        for _ in range(20):
            info: dict = {}
            queue.acquire(info)
            inside.append(1)
            if len(inside) > 1:
                overlaps.append(len(inside))
            time.sleep(0)
            inside.pop()
            queue.release(info)

    threads = [threading.Thread(target=work) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not overlaps
    assert queue._owner is None and not queue._waiting
