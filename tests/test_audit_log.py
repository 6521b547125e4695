"""The audit log: organisers read their forum's, administrators everyone's; filtered, paginated, exported
as formula-safe CSV; and append-only — nothing in the app changes or deletes an entry."""
import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from forum.documents.base import FORMULA_STARTS
from forum.extensions import db
from forum.models import AuditEntry, User
from forum.models.audit import AppendOnlyError
from forum.services import audit, events

pytestmark = pytest.mark.both_dbs

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def forum(app, client, make, backend):
    """A check-in by a desk, an input accepted by a moderator, a download, and another forum's check-in."""
    slug = make.event(title="Forum OPD BPPD Kalimantan Barat")
    other = make.event(title="Forum lain")
    andi = make.participant(slug, name="Andi Wijaya", agency="Dinas PUPR")
    budi = make.participant(slug, name="Budi Santoso", agency="DPMD", attendance="online")
    stranger = make.participant(other, name="Orang Lain")
    desk_email = "meja-dua@bppd.example.id"
    make.user("checkin", email=desk_email)
    with app.app_context():
        from forum.services import accounts

        desk = db.session.scalar(select(User).where(User.email == desk_email))
        _t, desk_token = accounts.create_token(desk, "meja 2")
        db.session.commit()
    desk_headers = {"Authorization": f"Bearer {desk_token}"}
    assert client.post(f"/api/v1/events/{slug}/checkins", headers=desk_headers,
                       json={"code": andi["checkin_code"], "desk": "Meja 2"}).status_code == 201
    assert client.post(f"/api/v1/events/{other}/checkins", headers=desk_headers,
                       json={"code": stranger["checkin_code"]}).status_code == 201
    org, mod = make.headers("organiser"), make.headers("moderator")
    session = client.post(f"/api/v1/events/{slug}/sessions", headers=org, json={
        "title": "Diskusi", "starts_at": "2021-02-25T13:00", "ends_at": "2021-02-25T15:00"}).json
    client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/state", json={"state": "live", "input_open": True},
                headers=mod)
    item = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/inputs", headers={
        "Authorization": f"Bearer {budi['access_token']}"}, json={"kind": "proposal", "title": "Jalan desa Sebunga",
                                                                  "body": "Pembangunan jalan"}).json
    assert client.patch(f"/api/v1/events/{slug}/inputs/{item['id']}", json={"status": "accepted"},
                        headers=mod).status_code == 200
    return {"slug": slug, "other": other, "desk_email": desk_email, "input": item}


def _rows(html: str) -> list[tuple[str, str]]:
    """(entry id, action) of each row of the log, in page order."""
    return re.findall(r'<tr data-audit="(\d+)" data-action="([^"]+)">', html)


def _csv(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


# --- the forum's log -------------------------------------------------------------------------

def test_organisers_see_who_checked_whom_in(client, login_as, forum):
    login_as("organiser")
    response = client.get(f"/admin/{forum['slug']}/audit")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    row = html[html.index('data-action="checkin.created"'):]
    row = row[:row.index("</tr>")]
    assert forum["desk_email"] in row and "Andi Wijaya" in row and "desk: Meja 2" in row
    assert "Checked someone in" in row


def test_the_log_shows_who_changed_an_inputs_status(client, login_as, forum):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/audit?action=input.moderated").get_data(as_text=True)
    assert [action for _id, action in _rows(html)] == ["input.moderated"]
    assert "Jalan desa Sebunga" in html and "status" in html


def test_only_this_forums_entries_newest_first(client, app, login_as, forum):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/audit").get_data(as_text=True)
    ids = [int(entry_id) for entry_id, _action in _rows(html)]
    assert ids == sorted(ids, reverse=True)
    assert "Orang Lain" not in html
    with app.app_context():
        event_id = events.get_event(forum["slug"]).id
        mine = db.session.scalars(select(AuditEntry.id).where(AuditEntry.event_id == event_id)).all()
    assert sorted(ids) == sorted(mine)


def test_filter_by_action(client, login_as, forum):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/audit?action=checkin.created").get_data(as_text=True)
    assert [action for _id, action in _rows(html)] == ["checkin.created"]
    assert '<option value="checkin.created" selected>' in html
    assert _rows(client.get(f"/admin/{forum['slug']}/audit?action=no.such").get_data(as_text=True)) == []


def test_the_log_is_paginated(client, app, login_as, forum):
    with app.app_context():
        event = events.get_event(forum["slug"])
        for n in range(60):
            audit.record("badges.downloaded", event=event, count=n)
        db.session.commit()
    login_as("organiser")
    first = client.get(f"/admin/{forum['slug']}/audit?action=badges.downloaded").get_data(as_text=True)
    second = client.get(f"/admin/{forum['slug']}/audit?action=badges.downloaded&page=2").get_data(as_text=True)
    assert len(_rows(first)) == 50 and len(_rows(second)) == 10
    assert "count: 59" in first and "count: 0" in second
    assert 'href="/admin/{}/audit?action=badges.downloaded&amp;page=2"'.format(forum["slug"]) in first
    beyond = client.get(f"/admin/{forum['slug']}/audit?action=badges.downloaded&page=9")
    assert beyond.status_code == 302 and "page=2" in beyond.headers["Location"]


@pytest.mark.parametrize("role", ["checkin", "moderator"])
def test_door_staff_and_moderators_may_not_read_it(client, login_as, forum, role):
    login_as(role)
    assert client.get(f"/admin/{forum['slug']}/audit").status_code == 403
    assert client.get(f"/admin/{forum['slug']}/audit.csv").status_code == 403
    assert client.get("/admin/audit").status_code == 403


# --- CSV ---------------------------------------------------------------------------------------

def test_the_csv_has_every_entry_with_safe_cells(client, app, login_as, make, forum):
    attacker = make.participant(forum["slug"], name="=HYPERLINK(\"http://evil\",\"klik\")", agency="@SUM(A1)")
    client.post(f"/api/v1/events/{forum['slug']}/checkins", headers=make.headers("checkin"),
                json={"code": attacker["checkin_code"], "desk": "+Meja 9"})
    login_as("organiser")
    response = client.get(f"/admin/{forum['slug']}/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = _csv(response)
    assert header[:4] == ["Time", "Forum", "Who", "Action"]
    target = [row for row in rows if row[3] == "checkin.created" and "HYPERLINK" in row[5]]
    assert target and target[0][5] == "'=HYPERLINK(\"http://evil\",\"klik\")"
    for row in rows:
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row if cell), row
    assert all(row[1] == forum["slug"] for row in rows)


def test_the_csv_follows_the_filter_and_its_download_is_audited(client, app, login_as, forum):
    user_id = login_as("organiser")
    _header, *rows = _csv(client.get(f"/admin/{forum['slug']}/audit.csv?action=checkin.created"))
    assert [row[3] for row in rows] == ["checkin.created"]
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export.downloaded")).one()
        assert entry.actor_user_id == user_id and entry.details["what"] == "audit.csv"


# --- administrators: every forum, staff and role changes ---------------------------------------------

def test_admins_see_every_forum_and_role_changes(client, app, login_as, forum):
    login_as("admin")
    client.post("/staff", data={"email": "desk@bppd.example.id", "name": "Meja", "role": "checkin",
                                "password": "a long enough password"})
    with app.app_context():
        desk_id = db.session.scalar(select(User.id).where(User.email == "desk@bppd.example.id"))
    client.post(f"/staff/{desk_id}", data={"role": "moderator", "active": "y"})
    html = client.get("/admin/audit").get_data(as_text=True)
    actions = [action for _id, action in _rows(html)]
    assert actions[0] == "staff.updated" and "staff.created" in actions
    assert "Role: Registration desk → Moderator" in html  # the change, named in the reader's language
    assert "Orang Lain" in html and "Andi Wijaya" in html  # both forums
    outside = client.get("/admin/audit?forum=none").get_data(as_text=True)
    assert "checkin.created" not in [a for _i, a in _rows(outside)] and "staff.updated" in outside
    one = client.get(f"/admin/audit?forum={forum['other']}").get_data(as_text=True)
    assert [a for _i, a in _rows(one)] == ["checkin.created"]
    _header, *rows = _csv(client.get("/admin/audit.csv?action=staff.updated"))
    assert [row[3] for row in rows] == ["staff.updated"] and rows[0][1] == ""


def test_organisers_do_not_see_staff_changes(client, login_as, forum):
    login_as("organiser")
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403
    assert "staff." not in client.get(f"/admin/{forum['slug']}/audit").get_data(as_text=True)


# --- append-only -------------------------------------------------------------------------------

def test_an_entry_cannot_be_changed(app, forum):
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry)).first()
        entry.actor_label = "someone else"
        with pytest.raises(AppendOnlyError):
            db.session.flush()
        db.session.rollback()


def test_an_entry_cannot_be_deleted(app, forum):
    with app.app_context():
        db.session.delete(db.session.scalars(select(AuditEntry)).first())
        with pytest.raises(AppendOnlyError):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize("statement", [update(AuditEntry).values(actor_label="x"), delete(AuditEntry)])
def test_bulk_statements_on_the_log_are_refused(app, forum, statement):
    with app.app_context():
        before = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
        with pytest.raises(AppendOnlyError):
            db.session.execute(statement)
        db.session.rollback()
        assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) == before


def test_new_entries_are_still_written(app, forum):
    with app.app_context():
        audit.record("test.appended", note="x")
        db.session.commit()
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "test.appended")) is not None


def test_no_code_of_the_app_updates_or_deletes_the_log():
    """The ORM guard covers the ORM; raw SQL would pass it, so the source must not hold any."""
    pattern = re.compile(r"(update|delete)\(\s*AuditEntry|UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|"
                         r"TRUNCATE[^\n]*audit_log", re.IGNORECASE)
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "forum").rglob("*.py")
                 for n, line in enumerate(path.read_text().splitlines(), 1) if pattern.search(line)]
    assert offenders == []
