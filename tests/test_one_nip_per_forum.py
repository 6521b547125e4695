"""A NIP is one person in a forum, and the database holds it so (issue 14): twenty registrations with one NIP at the
same instant make one person; wherever a NIP is written (the form, the API, the desk, an invitation list, an
organiser's edit) the database's refusal of a second one is the checks' own 409 `already_registered` naming the
NIP; and the upgrade (migration 0013) keeps every record of a forum that already had a NIP twice, flagged for the
organisers to merge."""
from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime

import pytest
from sqlalchemy import MetaData, Table, func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from bench.plans import database
from forum import create_app
from forum.errors import DomainError
from forum.extensions import db
from forum.models import Participant
from forum.services import events, identity, imports, registration
from tests.conftest import _test_config, login

pytestmark = pytest.mark.both_dbs

NIP = "197806152005011002"
AT_ONCE = 20


def person(n: int, **fields) -> dict:
    return {"name": f"Orang Ke {n}", "agency": f"Dinas {n}", "position": "Staf", "attendance": "in_person",
            "email": f"orang{n}@example.id", "nip": NIP, "consent": True, **fields}


def holders(app, slug, nip=NIP) -> int:
    with app.app_context():
        event = events.get_event(slug)
        return db.session.scalar(select(func.count()).select_from(Participant)
                                 .where(Participant.event_id == event.id, Participant.nip == nip))


def test_twenty_registrations_with_one_nip_at_once_make_one_person(app, make, backend):
    slug = make.event()
    answers, barrier = [], threading.Barrier(AT_ONCE)

    def one(n):
        client = app.test_client()
        barrier.wait()
        response = client.post(f"/api/v1/events/{slug}/registrations", json=person(n))
        answers.append((response.status_code, json.dumps(response.json, sort_keys=True)))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(status for status, _ in answers) == [201] + [409] * (AT_ONCE - 1)
    refusals = {body for status, body in answers if status == 409}
    # one answer for all: the checks' and the index's refusals read the same, every field given marked
    assert len(refusals) == 1
    error = json.loads(refusals.pop())["error"]
    assert error["code"] == "already_registered" and set(error["fields"]) == {"email", "nip"}
    assert holders(app, slug) == 1


@pytest.fixture
def race(monkeypatch):
    """The moment of a race: the checks have not seen the other registration yet (it commits meanwhile), so only
    the database's unique index stands between the two."""
    monkeypatch.setattr(identity, "likely_duplicates", lambda *args, **kwargs: [])


def test_the_database_refusal_over_the_api_is_the_checks_answer(client, app, make, race):
    slug = make.event()
    make.participant(slug, name="Rahmat Hidayat", nip=NIP)
    response = client.post(f"/api/v1/events/{slug}/registrations", json=person(1, phone="0812 1111 2222"))
    assert response.status_code == 409
    error = response.json["error"]
    assert error["code"] == "already_registered" and set(error["fields"]) == {"email", "phone", "nip"}
    assert "/p/" not in response.text and "personal_url" not in response.text
    assert holders(app, slug) == 1


def test_the_database_refusal_on_the_form_is_the_already_registered_page(client, app, make, race):
    slug = make.event()
    make.participant(slug, name="Rahmat Hidayat", nip=NIP)
    response = client.post(f"/events/{slug}/register", data={**person(1), "consent": "y", "not_duplicate": "y"})
    assert response.status_code == 409
    assert "NIP" in response.text and "/p/" not in response.text
    assert holders(app, slug) == 1


@pytest.mark.parametrize("blind", [False, True], ids=["checked", "raced"])
def test_the_desk_cannot_register_a_nip_in_the_forum_as_another_person(client, app, make, request, blind):
    """"Not a duplicate" answers a question about a name: a NIP already in the forum is that person, said plainly,
    whether the checks find it or the database refuses it (a race)."""
    if blind:
        request.getfixturevalue("race")
    slug = make.event()
    make.participant(slug, name="Rahmat Hidayat", nip=NIP)
    url, desk = f"/api/v1/events/{slug}/walkins", make.headers("checkin")
    response = client.post(url, headers=desk, json={**person(1), "not_duplicate": True})
    assert response.status_code == 409
    error = response.json["error"]
    assert error["code"] == "already_registered" and error["fields"] == {"nip": "Already registered for this forum."}
    assert "cannot be registered twice, even as another person" in error["message"]
    response = client.post(url, headers={**desk, "Accept-Language": "id"}, json={**person(2), "not_duplicate": True})
    assert response.status_code == 409 and "satu orang" in response.json["error"]["message"]
    assert holders(app, slug) == 1


def test_an_invitation_row_whose_nip_was_registered_meanwhile_is_an_error_naming_the_nip(app, make, race,
                                                                                          monkeypatch):
    slug = make.event()
    classify = imports.classify

    def classified_then_someone_registers(event, rows):
        outcome = classify(event, rows)
        registration.register(event, person(9, name="Rahmat Hidayat"), source="registration")
        return outcome

    monkeypatch.setattr(imports, "classify", classified_then_someone_registers)
    rows = [{"line": 2, "values": {"name": "Ir. Rahmat Hidayat", "agency": "Dinas PUPR", "position": "Kasi",
                                   "attendance": "luring", "nip": NIP}},
            {"line": 3, "values": {"name": "Siti Aminah", "agency": "Bappeda", "position": "Analis",
                                   "attendance": "luring"}}]
    with app.app_context():
        outcome = imports.apply(events.get_event(slug), rows)
        db.session.commit()
        found = {row.line: row for row in outcome.rows}
        assert found[2].status == imports.ERROR and set(found[2].errors) == {"nip"}
        assert found[3].status == imports.NEW
    assert holders(app, slug) == 1


def test_an_organisers_edit_to_a_nip_taken_meanwhile_is_refused_naming_the_nip(client, app, make, monkeypatch):
    slug = make.event()
    make.participant(slug, name="Rahmat Hidayat", nip=NIP)
    other = make.participant(slug, name="Siti Aminah")
    monkeypatch.setattr(registration, "_held_elsewhere", lambda *args, **kwargs: {})  # the checks saw nothing
    response = client.patch(f"/api/v1/events/{slug}/participants/{other['id']}", headers=make.headers("organiser"),
                            json={"nip": NIP})
    assert response.status_code == 409
    error = response.json["error"]
    assert error["code"] == "already_registered" and set(error["fields"]) == {"nip"}
    assert holders(app, slug) == 1


# --- the upgrade ----------------------------------------------------------------------------------------------

@pytest.fixture
def blank_app(backend, tmp_path):
    """The app on a database of its own with no tables, to be brought up by the migrations."""
    with database(backend, tmp_path) as url:
        app = create_app(_test_config(tmp_path, url))
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _old_forum(conn, event_id: int, slug: str, people: list[dict]) -> None:
    """A forum and its registrations written as an application at revision 0012 wrote them."""
    tables = MetaData()
    events_table, participants = (Table(name, tables, autoload_with=conn) for name in ("events", "participants"))
    when = datetime(2026, 1, 1)
    conn.execute(insert(events_table).values(
        id=event_id, slug=slug, title=slug, theme="", venue="", starts_at=when, ends_at=when, timezone="Asia/Pontianak",
        stream_url="", registration_open=True, presence_min_minutes=0, created_at=when, updated_at=when))
    for values in people:  # ids from the database, in this order (a sequence stays right on PostgreSQL)
        conn.execute(insert(participants).values({
            "event_id": event_id, "position": "", "attendance": "in_person", "role": "participant",
            "status": "registered", "access_token": uuid.uuid4().hex, "checkin_code": uuid.uuid4().hex,
            "source": "registration", "invited": False, "deputy_for": "", "notes": "", "created_at": when,
            "updated_at": when, **values}))


def test_the_upgrade_keeps_every_record_of_a_shared_nip_and_flags_the_later_ones(blank_app, backend):
    from flask_migrate import downgrade, upgrade

    other_nip = "198503152010012001"
    with blank_app.app_context():
        upgrade(revision="0012")
        with db.engine.begin() as conn:
            _old_forum(conn, 1, "lama", [
                {"name": "Rahmat Hidayat", "nip": NIP, "status": "cancelled"},
                {"name": "Ir. Rahmat Hidayat", "nip": NIP, "email": "rahmat@example.id"},
                {"name": "R. Hidayat", "nip": NIP},
                {"name": "Rahmat H.", "nip": NIP, "duplicate_of_id": 3},
                {"name": "Siti Aminah", "nip": other_nip},
                {"name": "Tanpa NIP"}, {"name": "Juga Tanpa NIP"},
            ])
            _old_forum(conn, 2, "lain", [{"name": "Rahmat Hidayat", "nip": NIP}])
        upgrade()
        rows = {p.id: (p.nip, p.nip_shared, p.duplicate_of_id)
                for p in db.session.scalars(select(Participant).order_by(Participant.id))}
        db.session.rollback()
        # nothing dropped, no NIP rewritten; the earliest active record holds the NIP, the others point at it
        assert rows == {1: (NIP, True, 2), 2: (NIP, False, None), 3: (NIP, True, 2), 4: (NIP, True, 3),
                        5: (other_nip, False, None), 6: (None, False, None), 7: (None, False, None),
                        8: (NIP, False, None)}
        indexes = {i["name"]: i for i in inspect(db.engine).get_indexes("participants")}
        assert indexes["uq_participant_event_nip"]["unique"]
        # from now on the database refuses the NIP a third time, and a NIP held once
        for nip in (NIP, other_nip):
            with pytest.raises(IntegrityError), db.engine.begin() as conn:
                _again(conn, nip)
        event = events.get_event("lama")
        with pytest.raises(DomainError) as refused:
            registration.register(event, person(1, email="baru@example.id"))
        assert refused.value.code == "already_registered"
        db.session.rollback()
        # a flagged record stays editable as it is; a NIP of its own takes it into the index
        shared = db.session.get(Participant, 3)
        registration.update_participant(shared, registration.ParticipantEdit(name="Rahmat Hidayat, S.T.", nip=NIP))
        registration.update_participant(shared, registration.ParticipantEdit(nip="199001012015031001"))
        db.session.commit()
        assert (shared.nip, shared.nip_shared) == ("199001012015031001", False)
        # and back: the downgrade drops the index and the column, not a record nor a flag
        db.session.remove()
        downgrade(revision="0012")
        with db.engine.connect() as conn:
            flagged = conn.execute(text("SELECT count(*) FROM participants WHERE duplicate_of_id IS NOT NULL"))
            assert flagged.scalar() == 3
        upgrade()


def _again(conn, nip):
    participants = Table("participants", MetaData(), autoload_with=conn)
    when = datetime(2026, 1, 2)
    conn.execute(insert(participants).values(
        event_id=1, name="Lagi", position="", nip=nip, attendance="in_person", role="participant",
        status="registered", access_token=uuid.uuid4().hex, checkin_code=uuid.uuid4().hex, source="registration",
        invited=False, deputy_for="", notes="", created_at=when, updated_at=when, nip_shared=False))


def test_merging_the_records_the_upgrade_flagged_leaves_one_holder_of_the_nip(blank_app, backend):
    from flask_migrate import upgrade

    from forum.services import merging

    with blank_app.app_context():
        upgrade(revision="0012")
        with db.engine.begin() as conn:
            _old_forum(conn, 1, "lama", [
                {"name": "Rahmat Hidayat", "nip": NIP},
                {"name": "Ir. Rahmat Hidayat", "nip": NIP},
                {"name": "R. Hidayat", "nip": NIP},
                {"name": "Rahmat Hidayat (tanpa NIP)"},
            ])
        upgrade()
    client = blank_app.test_client()
    login(client, blank_app, "organiser")
    page = client.get("/admin/lama/participants/3", headers={"Accept-Language": "id"}).text
    assert "Terdaftar dengan NIP yang sama dengan Rahmat Hidayat" in page and "/participants/3/merge/1" in page
    with blank_app.app_context():
        event = events.get_event("lama")
        merging.merge_participants(event, 3, 4)   # the flagged one's NIP moves, still left out of the index
        db.session.commit()
        merging.merge_participants(event, 1, 2)   # the holder goes: the kept record with its NIP takes its place
        db.session.commit()
        merging.merge_participants(event, 4, 2)
        db.session.commit()
        rows = [(p.id, p.nip, p.nip_shared) for p in db.session.scalars(select(Participant))]
        assert rows == [(2, NIP, False)]
