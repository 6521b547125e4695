"""Staff per forum (contract version 2): accounts holding a role in some forums only, how they are made
(command line, API, the staff page), where they may act, and that every existing account keeps working."""
import pytest
from sqlalchemy import select, text

from forum.extensions import db
from forum.extensions import socketio as app_socketio
from forum.models import AuditEntry, User
from tests.test_permissions import login_scoped

PASSWORD = "correct horse battery"


@pytest.fixture
def forums(make):
    """Two forums with one participant each, and Bearer headers of a deployment-wide organiser."""
    own, other = make.event(title="Forum Kota"), make.event(title="Forum Kabupaten")
    return {"own": own, "other": other, "make": make, "org": make.headers("organiser"),
            "own_person": make.participant(own, name="Peserta Kota", phone="0812-1111-2222"),
            "other_person": make.participant(other, name="Peserta Kabupaten")}


def scoped_headers(app, role, *slugs) -> tuple[int, dict]:
    """A new account with `role` in `slugs` only, and Bearer headers of its API token."""
    from forum.services import accounts, events

    with app.app_context():
        user = accounts.create_user(f"{role}-{len(slugs)}-{slugs[0]}@forum.example.id", "Staf", role, PASSWORD,
                                    events=[events.get_event(s) for s in slugs])
        _token, raw = accounts.create_token(user, "test")
        db.session.commit()
        return user.id, {"Authorization": f"Bearer {raw}"}


def audit_entries(app, action):
    with app.app_context():
        return [(e.event_id, e.actor_user_id, e.details) for e in
                db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))]


# --- where a scoped account may act ------------------------------------------------------------------

@pytest.mark.both_dbs
def test_a_scoped_organiser_acts_in_its_forum_and_gets_403_forbidden_in_another(client, app, forums, backend):
    _uid, headers = scoped_headers(app, "organiser", forums["own"])
    assert client.get(f"/api/v1/events/{forums['own']}/participants", headers=headers).status_code == 200
    response = client.get(f"/api/v1/events/{forums['other']}/participants", headers=headers)
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    response = client.patch(f"/api/v1/events/{forums['other']}", headers=headers, json={"title": "Diambil alih"})
    assert response.status_code == 403
    assert client.get(f"/api/v1/events/{forums['other']}/exports/attendance.csv", headers=headers).status_code == 403


def test_an_account_made_without_a_forum_keeps_its_role_everywhere(client, app, forums):
    for slug in (forums["own"], forums["other"]):
        assert client.get(f"/api/v1/events/{slug}/participants", headers=forums["org"]).status_code == 200


def test_scoped_pages_and_exports_of_another_forum_are_refused(client, app, forums):
    login_scoped(client, app, "organiser", forums["own"])
    assert client.get(f"/admin/{forums['own']}/participants").status_code == 200
    for url in (f"/admin/{forums['other']}/participants", f"/admin/{forums['other']}/dashboard",
                f"/admin/{forums['other']}/audit", f"/events/{forums['other']}/exports/attendance.csv",
                f"/checkin/{forums['other']}"):
        assert client.get(url).status_code == 403, url


def test_forum_lists_show_only_the_accounts_forums(client, app, forums):
    login_scoped(client, app, "moderator", forums["own"])
    for url in ("/admin/", "/checkin/"):
        html = client.get(url).get_data(as_text=True)
        assert "Forum Kota" in html and "Forum Kabupaten" not in html, url


def test_the_door_view_shows_phones_to_the_forums_own_organiser(client, app, forums):
    login_scoped(client, app, "organiser", forums["own"])
    assert "+6281211112222" in client.get(f"/admin/{forums['own']}/door").get_data(as_text=True)


def test_a_scanned_code_of_another_forum_shows_its_holder_only_to_that_forums_desk(client, app, forums):
    login_scoped(client, app, "checkin", forums["own"])
    other_code = forums["other_person"]["checkin_code"]
    assert "Peserta Kabupaten" not in client.get(f"/c/{other_code}").get_data(as_text=True)
    assert client.post(f"/checkin/confirm/{other_code}", data={"desk": "Meja 1"}).status_code == 403
    own_code = forums["own_person"]["checkin_code"]
    assert "Peserta Kota" in client.get(f"/c/{own_code}").get_data(as_text=True)


def test_socketio_refuses_a_scoped_account_in_another_forum(client, app, forums):
    _uid, headers = scoped_headers(app, "moderator", forums["own"])
    token = headers["Authorization"].split()[1]
    own = app_socketio.test_client(app, namespace="/live", auth={"event": forums["own"], "token": token},
                                   flask_test_client=client)
    assert own.is_connected("/live")
    other = app_socketio.test_client(app, namespace="/live", auth={"event": forums["other"], "token": token},
                                     flask_test_client=client)
    assert not other.is_connected("/live")


def test_socketio_refuses_a_scoped_browser_session_in_another_forum(client, app, forums):
    login_scoped(client, app, "checkin", forums["own"])
    assert app_socketio.test_client(app, namespace="/live", auth={"event": forums["own"]},
                                    flask_test_client=client).is_connected("/live")
    assert not app_socketio.test_client(app, namespace="/live", auth={"event": forums["other"]},
                                        flask_test_client=client).is_connected("/live")


# --- giving and taking roles per forum ----------------------------------------------------------------

@pytest.mark.both_dbs
def test_the_forums_organiser_gives_and_takes_a_role_there(client, app, forums, backend):
    organiser_id, organiser = scoped_headers(app, "organiser", forums["own"])
    desk_id, desk = scoped_headers(app, "checkin", forums["other"])
    url = f"/api/v1/events/{forums['own']}/staff/{desk_id}"
    assert client.get(f"/api/v1/events/{forums['own']}/minutes", headers=desk).status_code == 403
    response = client.put(url, headers=organiser, json={"role": "moderator"})
    assert response.status_code == 200
    assert response.json == {"user_id": desk_id, "event": forums["own"], "role": "moderator"}
    assert client.get(f"/api/v1/events/{forums['own']}/minutes", headers=desk).status_code == 200
    assert client.delete(url, headers=organiser).status_code == 204
    assert client.get(f"/api/v1/events/{forums['own']}/minutes", headers=desk).status_code == 403
    # the account's own forum is untouched
    assert client.get(f"/api/v1/events/{forums['other']}/checkin-data", headers=desk).status_code == 200
    with app.app_context():
        own_id = db.session.scalar(text("SELECT id FROM events WHERE slug = :s"), {"s": forums["own"]})
    assert [(e, a, d["changes"]) for e, a, d in audit_entries(app, "staff.forum_role")] == [
        (own_id, organiser_id, {"role": [None, "moderator"]}), (own_id, organiser_id, {"role": ["moderator", None]})]


def test_an_organiser_of_one_forum_cannot_give_roles_in_another(client, app, forums):
    _oid, organiser = scoped_headers(app, "organiser", forums["own"])
    desk_id, _desk = scoped_headers(app, "checkin", forums["own"])
    for method in ("put", "delete"):
        response = client.open(f"/api/v1/events/{forums['other']}/staff/{desk_id}", method=method.upper(),
                               headers=organiser, json={"role": "organiser"})
        assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    _mid, moderator = scoped_headers(app, "moderator", forums["own"])
    assert client.put(f"/api/v1/events/{forums['own']}/staff/{desk_id}", headers=moderator,
                      json={"role": "organiser"}).status_code == 403


@pytest.mark.parametrize("body", [{"role": "admin"}, {"role": "boss"}, {}, {"role": None}, {"role": 3}])
def test_a_role_per_forum_is_organiser_moderator_or_checkin(client, app, forums, body):
    desk_id, _desk = scoped_headers(app, "checkin", forums["own"])
    response = client.put(f"/api/v1/events/{forums['own']}/staff/{desk_id}", headers=forums["org"], json=body)
    assert response.status_code == 422 and "role" in response.json["error"]["fields"]


def test_an_unknown_account_is_404(client, forums):
    for user_id in (999, 2**40):
        response = client.put(f"/api/v1/events/{forums['own']}/staff/{user_id}", headers=forums["org"],
                              json={"role": "moderator"})
        assert response.status_code == 404 and response.json["error"]["code"] in ("user_not_found", "not_found")


def test_an_organiser_who_creates_a_forum_becomes_its_organiser(client, app, forums):
    _uid, organiser = scoped_headers(app, "organiser", forums["own"])
    response = client.post("/api/v1/events", headers=organiser, json={
        "title": "Forum Baru", "starts_at": "2031-02-25T08:00", "ends_at": "2031-02-25T16:00"})
    assert response.status_code == 201
    slug = response.json["slug"]
    assert client.patch(f"/api/v1/events/{slug}", headers=organiser, json={"venue": "Aula"}).status_code == 200
    assert client.get(f"/api/v1/events/{forums['other']}/participants", headers=organiser).status_code == 403


def test_an_organiser_who_creates_a_forum_on_the_page_becomes_its_organiser(client, app, forums):
    login_scoped(client, app, "organiser", forums["own"])
    response = client.post("/admin/new", data={"title": "Forum Halaman", "slug": "forum-halaman",
                                                "starts_at": "2031-02-25T08:00", "ends_at": "2031-02-25T16:00",
                                                "timezone": "Asia/Pontianak"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    slug = response.headers["Location"].rstrip("/").split("/")[-1]
    assert client.get(f"/admin/{slug}/participants").status_code == 200


# --- the command line ------------------------------------------------------------------------------------

def test_create_user_with_forums(app, runner, forums):
    result = runner.invoke(args=["forum", "create-user", "--email", "meja@bppd.example.id", "--name", "Meja",
                                 "--role", "checkin", "--event", forums["own"], "--event", forums["other"],
                                 "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "meja@bppd.example.id"))
        assert user.role is None and sorted(a.role for a in user.forum_roles) == ["checkin", "checkin"]
        assert {a.event.slug for a in user.forum_roles} == {forums["own"], forums["other"]}
    assert len(audit_entries(app, "staff.created")) == 2


@pytest.mark.parametrize("args, message", [(["--role", "admin", "--event", "OWN"], "administrator"),
                                           (["--role", "moderator", "--event", "no-such-forum"], "No forum")])
def test_create_user_refuses_a_forum_admin_and_an_unknown_forum(app, runner, forums, args, message):
    args = [forums["own"] if a == "OWN" else a for a in args]
    result = runner.invoke(args=["forum", "create-user", "--email", "x@bppd.example.id", "--name", "X", *args,
                                 "--password", "a long enough password"])
    assert result.exit_code != 0 and message in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "x@bppd.example.id")) is None


def test_creating_staff_on_the_command_line_is_audited(app, runner):
    result = runner.invoke(args=["forum", "create-user", "--email", "admin2@bppd.example.id", "--name", "Admin",
                                 "--role", "admin", "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    [(event_id, actor, details)] = audit_entries(app, "staff.created")
    assert event_id is None and actor is None
    assert details == {"email": "admin2@bppd.example.id", "role": "admin", "via": "cli"}


# --- the administrator's staff page ---------------------------------------------------------------------

def test_an_admin_gives_and_removes_a_role_in_one_forum_on_the_staff_page(client, app, login_as, forums):
    login_as("admin")
    response = client.post("/staff", data={"email": "moderator@bppd.example.id", "name": "Moderator Kota",
                                           "role": "moderator", "forum": forums["own"],
                                           "password": "a long enough password"})
    assert response.status_code == 302
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == "moderator@bppd.example.id"))
    page = client.get(f"/staff/{user_id}").get_data(as_text=True)
    assert "Roles per forum" in page and "Forum Kota" in page
    response = client.post(f"/staff/{user_id}/forums", data={"grant-forum": forums["other"], "grant-role": "checkin"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.role is None
        assert {(a.event.slug, a.role) for a in user.forum_roles} == {(forums["own"], "moderator"),
                                                                      (forums["other"], "checkin")}
    client.post(f"/staff/{user_id}/forums", data={"grant-forum": forums["own"], "grant-role": ""})
    with app.app_context():
        assert [a.event.slug for a in db.session.get(User, user_id).forum_roles] == [forums["other"]]
    assert client.post(f"/staff/{user_id}/forums", data={"grant-forum": "", "grant-role": "checkin"}).status_code == 422


def test_the_staff_page_is_translated(client, app, login_as, forums):
    login_as("admin")
    client.post("/staff", data={"email": "m@bppd.example.id", "name": "M", "role": "moderator",
                                "forum": forums["own"], "password": "a long enough password"})
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == "m@bppd.example.id"))
    page = client.get(f"/staff/{user_id}", headers={"Accept-Language": "id"}).get_data(as_text=True)
    assert "Peran per forum" in page and "Roles per forum" not in page
    page = client.get("/staff", headers={"Accept-Language": "id"}).get_data(as_text=True)
    assert "Semua forum" in page and "Every forum" not in page


# --- the migration ---------------------------------------------------------------------------------------

def test_the_migration_keeps_every_existing_account_working_in_every_forum(app, runner):
    from flask_migrate import upgrade

    from forum.services import accounts, events

    with app.app_context():
        db.drop_all()
        upgrade(revision="0004")
        db.session.execute(text("INSERT INTO users (email, name, role, password_hash, active, created_at) "
                                "VALUES ('lama@bppd.example.id', 'Lama', 'organiser', 'x', 1, '2026-01-01')"))
        db.session.commit()
        upgrade()
        event = events.create_event(events.ForumSettings(title="Forum Sesudah", starts_at="2031-02-25T08:00",
                                                         ends_at="2031-02-25T16:00"))
        user = db.session.scalar(select(User).where(User.email == "lama@bppd.example.id"))
        assert user.role == "organiser" and not user.scoped and user.has_role("organiser", event)
        _token, raw = accounts.create_token(user, "test")
        db.session.commit()
        slug = event.slug
    client = app.test_client()
    assert client.get(f"/api/v1/events/{slug}/participants",
                      headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_a_scoped_account_sees_its_forums_in_the_menu_and_on_its_account_page(client, app, forums):
    login_scoped(client, app, "moderator", forums["own"])
    html = client.get("/account").get_data(as_text=True)
    assert 'href="/admin/"' in html  # the menu's forum list
    assert "Moderator" in html and "Forum Kota" in html and "Forum Kabupaten" not in html
