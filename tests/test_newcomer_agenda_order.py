"""A live page being opened while the moderator changes the agenda ends on the current agenda, never an older one.

The page joins its rooms before it is sent the agenda (so a change sent meanwhile reaches it), which leaves two
ways for it to end on an older agenda than the last change: the agenda it is sent was read before the change but
arrives after the change's own message, or (on SQLite) it was read in the connect's snapshot, begun before the
change committed. Found by a busy-core suite run: fifty pages reconnecting after a restart while a session was
started, one of them left showing none live."""
import threading

import pytest

from forum.extensions import socketio
from forum.realtime import live
from forum.services import agenda


def sessions_and_moderator(app, make) -> tuple[str, int, dict]:
    slug = make.event()
    mod = make.headers("moderator")
    answer = app.test_client().post(f"/api/v1/events/{slug}/sessions", headers=make.headers("organiser"), json={
        "title": "Paparan Kepala Bappeda", "starts_at": "2021-02-25T09:00", "ends_at": "2021-02-25T10:00"})
    assert answer.status_code == 201, answer.json
    return slug, answer.json["id"], mod


def start(app, slug: str, session_id: int, mod: dict) -> None:
    """The moderator's click, as another request's thread serves it (not inside the connect handler's context)."""
    answers = []
    click = threading.Thread(target=lambda: answers.append(app.test_client().post(
        f"/api/v1/events/{slug}/sessions/{session_id}/state", json={"state": "live"}, headers=mod)))
    click.start()
    click.join(30)
    assert answers and answers[0].status_code == 200, answers and answers[0].json


def agendas_received(page) -> list:
    return [m["args"][0]["current_session_id"] for m in page.get_received("/live") if m["name"] == "agenda"]


def open_page(app, slug: str):
    return socketio.test_client(app, namespace="/live", auth={"event": slug}, flask_test_client=app.test_client())


@pytest.mark.both_dbs
def test_a_change_sent_while_the_page_is_sent_its_agenda_is_not_overtaken_by_the_older_one(app, make, backend,
                                                                                           monkeypatch):
    slug, session_id, mod = sessions_and_moderator(app, make)
    build = agenda.agenda_payload
    changed = []

    def built_then_changed(event, **kwargs):
        payload = build(event, **kwargs)  # read before the moderator's click ...
        if not changed:
            changed.append(True)
            start(app, slug, session_id, mod)  # ... whose message reaches the page (in its rooms) first
        return payload

    monkeypatch.setattr(agenda, "agenda_payload", built_then_changed)
    page = open_page(app, slug)
    assert changed and page.is_connected("/live")
    received = agendas_received(page)
    assert session_id in received and received[-1] == session_id, received


def test_on_sqlite_a_change_committed_after_the_page_began_reading_is_in_its_agenda(app, make, monkeypatch):
    """The connect's transaction began with the forum's row, before the change committed; the agenda, built after
    the change's message passed (and kept for the next pages under that change), is read in a transaction of its own."""
    slug, session_id, mod = sessions_and_moderator(app, make)
    identify = live._identify
    changed = []

    def identified_then_changed(auth, event):
        found = identify(auth, event)
        if not changed:
            changed.append(True)
            start(app, slug, session_id, mod)  # before the page has joined any room: it never gets this message
        return found

    monkeypatch.setattr(live, "_identify", identified_then_changed)
    page = open_page(app, slug)
    assert changed and page.is_connected("/live")
    assert agendas_received(page) == [session_id]
    later = open_page(app, slug)  # the agenda kept for the next pages is the current one as well
    assert agendas_received(later) == [session_id]
