"""A first scan's statements (issue 18): on PostgreSQL the check-in, its audit entry and the scan-log row are one
statement (into the row claimed for a `client_id` too), kept per process; a desk that lost the race to another
desk writes neither a check-in nor an audit entry, and logs its scan as a repeat with the winner's check-in."""
import threading

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select, text

from forum.extensions import db
from forum.models import AuditEntry, Checkin, CheckinScan
from forum.services import checkin, prepared

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def door(app, make, backend):
    slug = make.event()
    people = [make.participant(slug, name=f"Peserta {n}", agency="Bappeda") for n in range(4)]
    return {"slug": slug, "people": people, "headers": make.headers("checkin")}


def scan(client, door, person, **body):
    return client.post(f"/api/v1/events/{door['slug']}/checkins", headers=door["headers"],
                       json={"code": person["checkin_code"], "desk": "Meja 1", **body})


def watch(app):
    """The statements the app's engine sends from now on for this thread's requests (the test client's), and a
    function that stops watching. The staff's counts, read after a check-in by a background task
    (realtime/emit.py), are not the scan's."""
    statements: list[str] = []
    here = threading.get_ident()

    def seen(_conn, _cursor, statement, *_args):
        if threading.get_ident() == here:
            statements.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", seen)
    return statements, lambda: sa_event.remove(engine, "before_cursor_execute", seen)


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(Checkin.id))),
                db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "checkin.created")),
                db.session.scalar(select(func.count(CheckinScan.id))))


def writes(statements):
    return [s for s in statements if s.startswith(("INSERT", "UPDATE", "WITH"))]


def test_a_first_scan_writes_checkin_audit_and_scan_log_in_one_statement_on_postgresql(app, client, door, backend):
    assert scan(client, door, door["people"][0]).status_code == 201  # the process's statements built
    statements, stop = watch(app)
    try:
        response = scan(client, door, door["people"][1])
    finally:
        stop()
    assert response.status_code == 201
    assert counts(app) == (2, 2, 2)
    if backend == "postgresql":
        assert len(writes(statements)) == 1, statements
        assert writes(statements)[0].startswith("WITH won AS (INSERT INTO checkins")
        # the holder read, the one write (and the stamp's read, the commit): nothing else per scan
        assert len([s for s in statements if s.startswith("SELECT")]) <= 2, statements
    else:
        assert [s.split()[2] for s in writes(statements)] == ["checkins", "audit_log", "checkin_scans"]
    with app.app_context():
        logged = db.session.scalars(select(CheckinScan).where(CheckinScan.participant_id == door["people"][1]["id"])
                                    ).one()
        assert (logged.result, logged.response, logged.client_id) == ("checked_in", response.json, None)


def test_a_first_scan_with_a_client_id_fills_its_claimed_row_and_a_retry_gets_the_same_answer(app, client, door,
                                                                                             backend):
    assert scan(client, door, door["people"][0], client_id="warm").status_code == 201
    statements, stop = watch(app)
    try:
        first = scan(client, door, door["people"][1], client_id="dev-1-0001")
    finally:
        stop()
    again = scan(client, door, door["people"][1], client_id="dev-1-0001")
    assert first.status_code == again.status_code == 201
    assert again.json == first.json
    assert counts(app) == (2, 2, 2)
    if backend == "postgresql":  # the claim, then the check-in with its entry and the claimed row filled
        assert len(writes(statements)) == 2, statements
        assert "UPDATE checkin_scans" in writes(statements)[1]
    with app.app_context():
        logged = db.session.scalars(select(CheckinScan).where(CheckinScan.client_id == "dev-1-0001")).one()
        assert (logged.result, logged.participant_id, logged.response) == \
            ("checked_in", door["people"][1]["id"], first.json)


@pytest.mark.parametrize("client_id", [None, "dev-2-0001"])
def test_a_desk_that_lost_the_race_writes_neither_checkin_nor_audit_entry(app, client, door, monkeypatch, client_id):
    """The holder was read before another desk's check-in committed: this desk's insert finds the other's row
    (ON CONFLICT DO NOTHING) and answers as a repeated scan, writing no second check-in and no audit entry."""
    person = door["people"][2]
    with app.app_context():  # the other desk's check-in, committed (with no audit entry of its own here)
        db.session.execute(text("INSERT INTO checkins (event_id, participant_id, checked_in_at, desk, note, "
                                "created_at) SELECT event_id, id, :at, 'Meja 9', '', :at FROM participants "
                                "WHERE id = :id"), {"id": person["id"], "at": "2021-02-25 01:00:00"})
        db.session.commit()
    usual = checkin._usual_holder

    def read_before_the_other_desk(event, code, may_move):
        found = usual(event, code, may_move)
        return (found[0], None) if found is not None else None

    monkeypatch.setattr(checkin, "_usual_holder", read_before_the_other_desk)
    body = {"client_id": client_id} if client_id else {}
    response = scan(client, door, person, desk="Meja 1", **body)
    assert response.status_code == 200
    assert (response.json["result"], response.json["desk"]) == ("already_checked_in", "Meja 9")
    assert counts(app) == (1, 0, 1)
    with app.app_context():
        logged = db.session.scalars(select(CheckinScan)).one()
        assert (logged.result, logged.participant_id, logged.desk) == ("already_checked_in", person["id"], "Meja 1")
        assert logged.response == response.json and logged.client_id == client_id


def test_the_scan_statements_are_kept_per_dialect_and_name(app, client, door, backend):
    assert scan(client, door, door["people"][3]).status_code == 201
    dialect = "postgresql" if backend == "postgresql" else "sqlite"
    with app.app_context():
        kept = checkin._statement("scan")
        assert checkin._statement("scan") is kept
        assert prepared.statement((dialect, "scan"), lambda: None) is kept
        assert kept.dialect_kwargs == {} and type(kept).__module__.startswith(f"sqlalchemy.dialects.{dialect}")
