"""Every answer under /api/v1 is JSON: unknown paths, wrong methods, large bodies, bad tokens, CSRF;
and the language of the messages."""
import re

import pytest
from flask_babel import get_locale

pytestmark = pytest.mark.both_dbs

EVENT = {"title": "Forum OPD", "starts_at": "2021-02-25T08:00:00+07:00", "ends_at": "2021-02-25T16:00:00+07:00"}


def assert_json_error(response, status, code=None):
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code


# --- unknown paths and wrong methods ------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1", "/api/v1/", "/api/v1/events/x/y/z",
                                  "/api/v1/events/forum/participants/not-a-number"])
def test_unknown_path_is_a_json_404(client, backend, path):
    assert_json_error(client.get(path), 404)


def test_unknown_forum_slug_with_odd_characters_is_a_json_404(client, backend):
    for slug in ("a%00b", "ÄÖÜ", "x" * 500, "..%2F..%2Fetc"):
        assert_json_error(client.get(f"/api/v1/events/{slug}"), 404)


@pytest.mark.parametrize("method, path, allowed", [
    ("delete", "/api/v1/events/forum", {"GET", "PATCH"}),
    ("put", "/api/v1/events", {"GET", "POST"}),
    ("get", "/api/v1/events/forum/registrations", {"POST"}),
])
def test_wrong_method_is_a_json_405_with_allow(client, backend, method, path, allowed):
    response = getattr(client, method)(path)
    assert_json_error(response, 405, "method_not_allowed")
    assert allowed <= set(re.split(r",\s*", response.headers["Allow"]))


def test_pages_outside_the_api_keep_html_errors(client, backend):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


# --- bodies -------------------------------------------------------------------------------------

@pytest.mark.config(MAX_CONTENT_LENGTH=1024)
def test_body_over_the_limit_is_a_json_413(client, make, backend):
    slug = make.event()
    body = {"name": "x" * 2000, "agency": "Bappeda", "attendance": "online", "consent": True}
    assert_json_error(client.post(f"/api/v1/events/{slug}/registrations", json=body), 413, "too_large")


@pytest.mark.config(MAX_CONTENT_LENGTH=1024)
def test_staff_body_over_the_limit_is_a_json_413(client, make, backend):
    response = client.post("/api/v1/events", json={**EVENT, "theme": "x" * 2000}, headers=make.headers())
    assert_json_error(response, 413, "too_large")


@pytest.mark.config(MAX_CONTENT_LENGTH=1024)
def test_body_under_the_limit_is_accepted(client, make, backend):
    assert client.post("/api/v1/events", json=EVENT, headers=make.headers()).status_code == 201


def test_non_utf8_body_is_a_json_400(client, make, backend):
    response = client.post("/api/v1/events", data=b'{"title": "\xff\xfe"}', content_type="application/json",
                           headers=make.headers())
    assert_json_error(response, 400, "malformed_json")


def test_deeply_nested_json_is_a_400_not_a_500(client, make, backend):
    response = client.post("/api/v1/events", data="[" * 200_000, content_type="application/json",
                           headers=make.headers())
    assert_json_error(response, 400, "malformed_json")


def test_json_null_body_is_a_400(client, make, backend):
    response = client.post("/api/v1/events", data="null", content_type="application/json", headers=make.headers())
    assert_json_error(response, 400)


def test_stream_url_with_control_characters_is_a_422_not_a_500(client, make, backend):
    response = client.post("/api/v1/events", json={**EVENT, "stream_url": "https://zoom.us/\u0000j"},
                           headers=make.headers())
    assert_json_error(response, 422, "invalid")


# --- tokens -------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", ["Bearer fst_not-a-real-token", "Bearer nonsense", "Bearer " + "A" * 32,
                                    "bearer fst_" + "x" * 300])
def test_invalid_bearer_token_is_a_json_401(client, backend, header):
    response = client.post("/api/v1/events", json=EVENT, headers={"Authorization": header})
    assert_json_error(response, 401, "invalid_token")


def test_revoked_token_is_a_json_401(client, make, app, backend):
    from forum.extensions import db
    from forum.models import ApiToken
    from forum.services import accounts

    headers = make.headers()
    with app.app_context():
        accounts.revoke_token(db.session.query(ApiToken).one())
        db.session.commit()
    assert_json_error(client.get("/api/v1/events/x/participants", headers=headers), 401, "invalid_token")


def test_token_of_a_deactivated_user_is_a_json_401(client, make, app, backend):
    from forum.extensions import db
    from forum.models import User

    headers = make.headers()
    with app.app_context():
        db.session.query(User).one().active = False
        db.session.commit()
    assert_json_error(client.post("/api/v1/events", json=EVENT, headers=headers), 401, "invalid_token")


def test_authorization_header_without_bearer_is_anonymous(client, backend):
    response = client.post("/api/v1/events", json=EVENT, headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert_json_error(response, 401, "unauthenticated")


def test_bearer_token_is_read_case_insensitively(client, make, backend):
    token = make.token()
    assert client.post("/api/v1/events", json=EVENT, headers={"Authorization": f"bearer {token}"}).status_code == 201


def test_bearer_token_writes_no_session_cookie(client, make, backend):
    response = client.post("/api/v1/events", json=EVENT, headers=make.headers())
    assert response.status_code == 201
    assert "session=" not in response.headers.get("Set-Cookie", "")


# --- CSRF ---------------------------------------------------------------------------------------

def csrf_token_from(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', html).group(1)


def browser_login(client, make, role="organiser") -> str:
    """Logs in through the real form (CSRF on); returns a CSRF token of the new session."""
    email = f"{role}-browser@forum.example.id"
    make.user(role, email=email)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": "correct horse battery", "csrf_token": token})
    assert response.status_code == 302
    return csrf_token_from(client.get("/account").get_data(as_text=True))


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_cookie_session_post_without_csrf_token_is_refused(client, make, app, backend):
    browser_login(client, make)
    assert_json_error(client.post("/api/v1/events", json=EVENT), 403, "csrf_failed")
    assert client.get("/api/v1/events").json["events"] == []


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_cookie_session_patch_without_csrf_token_is_refused(client, make, backend):
    slug = make.event(title="Original")
    browser_login(client, make)
    assert_json_error(client.patch(f"/api/v1/events/{slug}", json={"title": "Changed"}), 403, "csrf_failed")
    assert client.get(f"/api/v1/events/{slug}").json["title"] == "Original"


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_cookie_session_post_with_a_forged_csrf_token_is_refused(client, make, backend):
    browser_login(client, make)
    response = client.post("/api/v1/events", json=EVENT, headers={"X-CSRFToken": "forged"})
    assert_json_error(response, 403, "csrf_failed")


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_cookie_session_post_with_its_csrf_token_is_accepted(client, make, backend):
    token = browser_login(client, make)
    assert client.post("/api/v1/events", json=EVENT, headers={"X-CSRFToken": token}).status_code == 201


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_bearer_token_needs_no_csrf_token(client, make, backend):
    assert client.post("/api/v1/events", json=EVENT, headers=make.headers()).status_code == 201


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_cookie_session_reads_need_no_csrf_token(client, make, backend):
    slug = make.event()
    browser_login(client, make)
    assert client.get(f"/api/v1/events/{slug}/participants").status_code == 200


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_anonymous_public_registration_needs_no_csrf_token(client, make, backend):
    response = client.post(f"/api/v1/events/{make.event()}/registrations",
                           json={"name": "Budi", "agency": "Bappeda", "position": "Staf", "attendance": "online",
                                 "consent": True})
    assert response.status_code == 201, response.json


# --- language -----------------------------------------------------------------------------------

@pytest.mark.parametrize("headers, query, expected", [
    ({}, "", "id"),
    ({"Accept-Language": "en"}, "", "en"),
    ({"Accept-Language": "en-US,en;q=0.9"}, "", "en"),
    ({"Accept-Language": "en-US"}, "", "en"),  # a regional variant alone counts for its language
    ({"Accept-Language": "en-GB,id;q=0.5"}, "", "en"),  # ranked above Indonesian, though not "en" exactly
    ({"Accept-Language": "id-ID"}, "", "id"),
    ({"Accept-Language": "id,en;q=0.8"}, "", "id"),
    ({"Accept-Language": "fr"}, "", "id"),
    ({}, "?lang=en", "en"),
    ({"Accept-Language": "en"}, "?lang=id", "id"),
])
@pytest.mark.config(BABEL_DEFAULT_LOCALE="id")  # Forum's real default; the tests' own default is English
def test_api_language_follows_accept_language_or_lang_with_indonesian_by_default(app, backend, headers, query,
                                                                                  expected):
    with app.test_request_context(f"/api/v1/events{query}", headers=headers):
        assert str(get_locale()) == expected


def test_api_does_not_remember_a_language_in_the_session(client, app, backend):
    client.get("/api/v1/events?lang=en")
    with client.session_transaction() as session:
        assert "lang" not in session


@pytest.fixture
def catalogue(app, tmp_path):
    """A tiny Indonesian catalogue for one message (the real one is produced later)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="id")
    catalog.add("There is no forum at this address.", "Tidak ada forum di alamat ini.")
    target = tmp_path / "translations" / "id" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as fh:
        write_mo(fh, catalog)
    config = app.extensions["babel"]
    # The Babel object is shared by every app of the test run, and so is its translations cache.
    cache = config.instance.domain_instance.cache
    cache.clear()
    config.translation_directories = [str(tmp_path / "translations")]
    yield
    cache.clear()


@pytest.mark.config(BABEL_DEFAULT_LOCALE="id")
def test_error_message_is_indonesian_by_default(client, catalogue, backend):
    response = client.get("/api/v1/events/no-such-forum")
    assert response.json["error"]["message"] == "Tidak ada forum di alamat ini."


def test_error_message_is_english_on_request(client, catalogue, backend):
    response = client.get("/api/v1/events/no-such-forum", headers={"Accept-Language": "en"})
    assert response.json["error"]["message"] == "There is no forum at this address."


# --- query strings ------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["session=x", "session=99999999999999", "agency=-1", "agency=²"])
def test_bad_id_in_a_query_string_is_a_422_naming_it(client, make, backend, query):
    response = client.get(f"/api/v1/events/{make.event()}/inputs?{query}", headers=make.headers("moderator"))
    assert_json_error(response, 422, "invalid")
    assert set(response.json["error"]["fields"]) == {query.split("=")[0]}


def test_nul_in_a_query_string_text_is_a_422_naming_it(client, make, backend):
    response = client.get(f"/api/v1/events/{make.event()}/inputs?regency=Samb%00as", headers=make.headers("moderator"))
    assert_json_error(response, 422, "invalid")
    assert set(response.json["error"]["fields"]) == {"regency"}


# --- the database's last word -------------------------------------------------------------------

@pytest.fixture
def refused_by_the_database(app):
    """A route that stores what no column holds, as a validation missing somewhere would."""
    from sqlalchemy import text

    from forum.extensions import db

    def store():
        db.session.execute(text("SELECT CAST(:n AS INTEGER) + 2147483647"), {"n": 2147483647})
        return "stored"

    app.add_url_rule("/api/v1/_refused", "refused_api", store, methods=["POST"])
    app.add_url_rule("/_refused", "refused_page", store, methods=["POST"])
    return app


@pytest.mark.postgresql_only  # SQLite widens an integer beyond its range instead of refusing it
def test_a_value_the_database_refuses_is_a_400_not_a_500(client, refused_by_the_database, backend):
    assert_json_error(client.post("/api/v1/_refused"), 400, "unstorable_value")
    page = client.post("/_refused")
    assert page.status_code == 400 and page.mimetype == "text/html"
