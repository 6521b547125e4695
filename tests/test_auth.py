"""Staff login, logout, tokens and staff administration."""
import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ApiToken, AuditEntry, User


def test_login_and_logout(client, make):
    make.user("organiser", email="panitia@bppd.example.id")
    response = client.post("/login", data={"email": "Panitia@bppd.example.id", "password": "correct horse battery"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    assert client.get("/account").status_code == 200
    client.post("/logout")
    assert client.get("/account").status_code == 302


def test_failed_login_gives_the_same_page_whether_or_not_the_account_exists(app, make):
    make.user("organiser", email="panitia@bppd.example.id")
    user_id = make.user("organiser", email="old@bppd.example.id")
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    answers = set()
    for email, password in (("panitia@bppd.example.id", "wrong password"),  # a wrong password
                            ("nobody@bppd.example.id", "correct horse battery"),  # no such account
                            ("old@bppd.example.id", "correct horse battery")):  # a deactivated account
        response = app.test_client().post("/login", data={"email": email, "password": password})
        answers.add((response.status_code, response.get_data(as_text=True).replace(email, "EMAIL")))
    assert len(answers) == 1
    status, page = answers.pop()
    assert status == 200 and "Email or password is not correct." in page


@pytest.mark.config(FORUM_PASSWORD_HASH=None)
def test_passwords_are_hashed_with_scrypt_unless_configured_otherwise(app, make):
    """The suite's cheap hash is its own setting: the app's default is scrypt."""
    from config import Config

    assert Config().FORUM_PASSWORD_HASH == "scrypt"
    user_id = make.user("organiser", email="panitia@bppd.example.id")
    with app.app_context():
        assert db.session.get(User, user_id).password_hash.startswith("scrypt:")


@pytest.mark.config(FORUM_PASSWORD_HASH="scrypt")
def test_an_unknown_email_costs_as_much_time_as_a_wrong_password(app, make):
    """An unknown email is checked against a dummy hash: timing does not tell whether an account exists.
    (Without it an unknown email would answer in well under a tenth of the time of a password check.)"""
    import statistics
    import time

    from forum.services import accounts

    make.user("organiser", email="panitia@bppd.example.id")

    def duration(email):  # the work done (CPU time of this thread): other jobs on the machine do not blur it
        with app.app_context():
            start = time.thread_time()
            assert accounts.authenticate(email, "wrong password") is None
            return time.thread_time() - start

    known = statistics.median(duration("panitia@bppd.example.id") for _ in range(5))
    unknown = statistics.median(duration("nobody@bppd.example.id") for _ in range(5))
    malformed = statistics.median(duration("not an email") for _ in range(5))
    assert 0.5 < unknown / known < 2 and 0.5 < malformed / known < 2, (known, unknown, malformed)


def test_inactive_account_cannot_log_in(client, make, app):
    user_id = make.user("organiser", email="old@bppd.example.id")
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    response = client.post("/login", data={"email": "old@bppd.example.id", "password": "correct horse battery"})
    assert response.status_code == 200


def test_login_redirects_only_to_local_paths(client, make):
    make.user("organiser", email="p@bppd.example.id")
    response = client.post("/login?next=https://evil.example/x",
                           data={"email": "p@bppd.example.id", "password": "correct horse battery"})
    assert response.headers["Location"].endswith("/admin/")


def test_login_starts_a_new_session(client, make):
    """Session fixation: whatever session the visitor had before logging in is not kept."""
    make.user("organiser", email="p@bppd.example.id")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/login", data={"email": "p@bppd.example.id", "password": "correct horse battery"})
    with client.session_transaction() as session:
        assert "planted" not in session


@pytest.mark.config(RATELIMIT_ENABLED=True, FORUM_LOGIN_LIMIT="3 per minute")
def test_login_is_rate_limited(client, make):
    for _ in range(3):
        client.post("/login", data={"email": "x@bppd.example.id", "password": "nope"})
    response = client.post("/login", data={"email": "x@bppd.example.id", "password": "nope"})
    assert response.status_code == 429


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_login_form_needs_its_csrf_token(client, make):
    make.user("organiser", email="p@bppd.example.id")
    response = client.post("/login", data={"email": "p@bppd.example.id", "password": "correct horse battery"})
    assert response.status_code == 400
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": "p@bppd.example.id", "password": "correct horse battery",
                                           "csrf_token": token})
    assert response.status_code == 302


def test_token_created_in_the_ui_is_shown_once_and_works(client, app, login_as):
    login_as("organiser")
    page = client.post("/account", data={"label": "Meja 2"}).get_data(as_text=True)
    token = re.search(r'id="new-token"[^>]*>(fst_[^<]+)<', page).group(1)
    assert token not in client.get("/account").get_data(as_text=True)
    fresh = app.test_client()
    assert fresh.get("/api/v1/events/x/participants", headers={"Authorization": f"Bearer {token}"}).status_code == 404
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    client.post(f"/account/tokens/{token_id}/revoke")
    assert fresh.get("/api/v1/events/x/participants", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_admin_creates_staff_and_changes_a_role(client, app, login_as):
    login_as("admin")
    response = client.post("/staff", data={"email": "desk@bppd.example.id", "name": "Meja", "role": "checkin",
                                           "password": "a long enough password"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "desk@bppd.example.id"))
        user_id = user.id
    client.post(f"/staff/{user_id}", data={"role": "moderator", "active": "y"})
    with app.app_context():
        assert db.session.get(User, user_id).role == "moderator"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "staff.updated"))
        assert entry.details["changes"]["role"] == ["checkin", "moderator"]


def test_admin_cannot_demote_themselves(client, app, login_as):
    admin_id = login_as("admin")
    client.post(f"/staff/{admin_id}", data={"role": "checkin", "active": "y"})
    with app.app_context():
        assert db.session.get(User, admin_id).role == "admin"


@pytest.mark.parametrize("role", ["organiser", "moderator", "checkin"])
def test_only_admins_manage_staff(client, login_as, role):
    login_as(role)
    assert client.get("/staff").status_code == 403


def test_role_hierarchy():
    user = User(role="admin")
    assert all(user.has_role(r) for r in ("admin", "organiser", "moderator", "checkin"))
    organiser = User(role="organiser")
    assert organiser.has_role("moderator") and not organiser.has_role("admin")
    desk = User(role="checkin")
    assert desk.has_role("checkin") and not desk.has_role("moderator")
