"""The first scan's short path (issue 18): its holder read as plain columns, on PostgreSQL the check-in and its audit
entry written by one statement, and connections pinged only after a rest. The answers and the rows it leaves are
those of the mapped path; two desks at once still make one check-in with one audit entry."""
import sys
import threading
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, func, select, text

from forum.db import ping_rested_connections
from forum.extensions import db
from forum.models import AuditEntry, Checkin, CheckinScan, Participant
from forum.serialise import participant_json

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def door(app, make, backend):
    slug = make.event()
    person = make.participant(slug, name="Dewi Lestari", agency="Bappeda", deputy_for="Kepala Bappeda")
    return {"slug": slug, "person": person, "headers": make.headers("checkin")}


def scan(client, door, **body):
    return client.post(f"/api/v1/events/{door['slug']}/checkins", json=body, headers=door["headers"])


def test_a_first_scan_answers_as_the_mapped_participant_and_is_audited(app, client, door):
    response = scan(client, door, code=door["person"]["checkin_code"], desk="Meja 1")
    assert response.status_code == 201
    with app.app_context():
        person = db.session.get(Participant, door["person"]["id"])
        assert response.json["participant"] == participant_json(person)  # agency, deputy_for, enums as text
        assert response.json["deputy_for"] == "Kepala Bappeda"
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "checkin.created")).one()
        assert (entry.target_type, entry.target_id, entry.details) == ("Participant", person.id, {"desk": "Meja 1"})
        assert entry.actor_user_id is not None and entry.event_id == person.event_id
        logged = db.session.scalars(select(CheckinScan)).one()
        assert (logged.result, logged.participant_id, logged.response) == ("checked_in", person.id, response.json)


def test_a_repeated_scan_answers_from_the_columns_with_the_first_desk(client, door):
    first = scan(client, door, code=door["person"]["checkin_code"], desk="Meja 2").json
    again = scan(client, door, code=door["person"]["checkin_code"], desk="Meja 1")
    assert again.status_code == 200
    assert {k: again.json[k] for k in ("checked_in_at", "desk", "participant")} == \
        {k: first[k] for k in ("checked_in_at", "desk", "participant")}


def test_twenty_desks_scanning_one_person_make_one_checkin_with_one_audit_entry(app, door):
    answers, barrier = [], threading.Barrier(20)

    def desk(n):
        client = app.test_client()
        barrier.wait()
        answers.append(scan(client, door, code=door["person"]["checkin_code"], desk=f"Meja {n}").status_code)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200] * 19 + [201]
    with app.app_context():
        assert db.session.scalar(select(func.count(Checkin.id))) == 1
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "checkin.created")) == 1
        assert db.session.scalar(select(func.count(CheckinScan.id))) == 20


@pytest.mark.postgresql_only
def test_a_connection_closed_while_resting_is_replaced_and_a_busy_one_is_not_pinged(app, backend, monkeypatch):
    with app.app_context():
        engine = create_engine(db.engine.url, pool_size=1, max_overflow=0)
    pings = []
    ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda conn: pings.append(1) or ping(conn))
    # The pool's rest is measured on a clock of the test's own: "a moment ago" must not become "0.3 s ago" because
    # a busy machine paused this process between two lines.
    clock = [1000.0]
    monkeypatch.setattr(sys.modules["forum.db"], "time", SimpleNamespace(monotonic=lambda: clock[0]))
    ping_rested_connections(engine, after=0.3)
    try:
        with engine.connect() as conn:
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        clock[0] += 0.2
        with engine.connect() as conn:  # back a moment ago: used without a ping
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() == pid
        assert pings == []
        admin = create_engine(engine.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:  # the server closes the resting connection (a restart, an idle timeout)
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
            # pg_terminate_backend only signals the backend: wait until it is gone
            deadline = time.monotonic() + 10
            while conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).scalar():
                assert time.monotonic() < deadline, "the terminated backend is still there"
                time.sleep(0.02)
        admin.dispose()
        clock[0] += 0.4
        with engine.connect() as conn:  # pinged, found closed, replaced: the request never sees it
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != pid
        assert pings == [1]
    finally:
        engine.dispose()


@pytest.mark.postgresql_only
def test_a_connection_terminated_under_an_open_transaction_does_not_break_the_request_end(app, backend):
    """PostgreSQL terminates a request's connection while its transaction is open (a fast shutdown, a restart):
    the ROLLBACK at the request's end fails; that must not escape the app (the client would get the server's bare
    HTML 500 instead of the request's own answer), and the next request gets a new connection."""
    with app.test_request_context():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()  # the request's transaction is open
        admin = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        admin.dispose()
        time.sleep(0.2)
    # the context popped without raising (before: OperationalError AdminShutdown from the teardown's ROLLBACK)
    with app.test_request_context():
        assert db.session.execute(text("SELECT pg_backend_pid()")).scalar() != pid
