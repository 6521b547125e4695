"""A door scan's staff user and forum are used as the process keeps them and confirmed current by the staff stamp read
with the scan's own holder read (services/stamp.py: on_trust), and on PostgreSQL the usual scan's two statements
each commit on their own (forum/db.py: statements_on_their_own): no stamp read, BEGIN or COMMIT of their own. A
change to the account, its role, its token or the forum still counts at the very next scan, which writes nothing."""
import threading

import psycopg
import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ApiToken, AuditEntry, Checkin, CheckinScan, User
from forum.services import accounts

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def door(app, make, backend):
    slug = make.event()
    people = [make.participant(slug, name=f"Peserta {n}") for n in range(4)]
    return {"slug": slug, "people": people, "token": make.token("checkin")}


def scan(client, door, body):
    return client.post(f"/api/v1/events/{door['slug']}/checkins", json=body,
                       headers={"Authorization": f"Bearer {door['token']}"})


def first_scan(client, door, n):
    return scan(client, door, {"code": door["people"][n]["checkin_code"], "desk": "Meja 1"})


def written(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count(model.id))) for model in (Checkin, AuditEntry, CheckinScan))


def sent(app, monkeypatch):
    """What the app sends to the database from now on for the requests of this thread (the test client's): their
    statements, and (PostgreSQL) the driver's own commands (BEGIN, COMMIT, ROLLBACK). The staff's counts, read
    after a check-in by a background task (realtime/emit.py), are not the scan's."""
    seen: list[str] = []
    here = threading.get_ident()
    with app.app_context():
        engine = db.engine

    def statement(_c, _cur, text, *_a):
        if threading.get_ident() == here:
            seen.append(text.split()[0])

    sa_event.listen(engine, "before_cursor_execute", statement)
    command = psycopg.Connection._exec_command

    def recorded(self, cmd, *args, **kwargs):
        if threading.get_ident() == here:
            seen.append(cmd.decode() if isinstance(cmd, bytes) else str(cmd))
        return command(self, cmd, *args, **kwargs)

    monkeypatch.setattr(psycopg.Connection, "_exec_command", recorded)
    return seen


def test_a_first_scan_with_a_kept_token_reads_no_stamp_and_on_postgresql_sends_two_statements(
        app, client, door, backend, monkeypatch):
    assert first_scan(client, door, 0).status_code == 201  # the token's user and the forum kept by the process now
    seen = sent(app, monkeypatch)
    response = first_scan(client, door, 1)
    statements = list(seen)
    assert response.status_code == 201 and response.json["result"] == "checked_in"
    if backend == "postgresql":
        assert statements == ["SELECT", "WITH"]  # the holder (with the stamp), the check-in + audit + scan log
    else:
        assert statements == ["BEGIN", "SELECT", "INSERT", "INSERT", "INSERT"]
    seen.clear()
    again = first_scan(client, door, 1)  # a repeated code: the holder and its scan-log row
    statements = list(seen)
    assert again.status_code == 200 and again.json["result"] == "already_checked_in"
    assert statements == (["SELECT", "INSERT"] if backend == "postgresql" else ["BEGIN", "SELECT", "INSERT"])
    assert written(app) == (2, 2, 3)


def test_connections_go_back_to_the_pool_with_their_transactions(app, client, door, backend):
    assert first_scan(client, door, 0).status_code == 201
    assert first_scan(client, door, 1).status_code == 201
    with app.app_context():
        assert not getattr(db.session.connection().connection.driver_connection, "autocommit", False)
        db.session.rollback()


def _change(app, change):
    with app.app_context():
        change()
        db.session.commit()


def _revoke():
    accounts.revoke_token(db.session.scalar(select(ApiToken)))


def _no_role():
    db.session.scalar(select(User)).role = None


def _deactivate():
    db.session.scalar(select(User)).active = False


@pytest.mark.parametrize(("change", "status"), [(_revoke, 401), (_deactivate, 401), (_no_role, 403)])
def test_a_change_to_the_desk_account_counts_at_the_next_scan_which_writes_nothing(app, client, door, backend, change,
                                                                                  status):
    assert first_scan(client, door, 0).status_code == 201
    _change(app, change)
    assert first_scan(client, door, 1).status_code == status
    assert written(app) == (1, 1, 1)


@pytest.mark.parametrize("body", [{"code": "no-such-code", "desk": "Meja 1"}, {"participant_id": 1, "desk": "Meja 1"},
                                  {"code": 7}, {"code": "x", "client_id": "dev-1-0001"}],
                         ids=["unknown code", "picked by id", "invalid", "client id"])
def test_a_revoked_token_is_refused_whatever_the_scan(app, client, door, backend, body):
    """Scans the holder read does not confirm (no holder, another path, an invalid body): the stamp is read before
    the answer or the commit."""
    assert first_scan(client, door, 0).status_code == 201
    _change(app, _revoke)
    response = scan(client, door, body)
    assert response.status_code == 401 and response.json["error"]["code"] == "invalid_token"
    assert written(app) == (1, 1, 1)


def test_a_forum_renamed_elsewhere_is_not_found_at_its_old_address(app, client, door, backend, make):
    from forum.models import Event

    assert first_scan(client, door, 0).status_code == 201

    def rename():
        db.session.scalar(select(Event)).slug = "renamed"

    _change(app, rename)
    response = first_scan(client, door, 1)
    assert response.status_code == 404
    assert written(app) == (1, 1, 1)
