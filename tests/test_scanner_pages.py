"""The door scanner pages: who may open them, what the page hands its script, its service worker,
and the CSRF token the page's API calls carry."""
import json
import re
from pathlib import Path

import pytest

from tests.static_names import unhashed

ROOT = Path(__file__).resolve().parent.parent
STAFF_ROLES = ["checkin", "moderator", "organiser", "admin"]


@pytest.fixture
def slug(make):
    return make.event(title="Forum OPD Entikong", timezone="Asia/Pontianak")


def scanner_config(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="scanner-config">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


@pytest.mark.parametrize("path", ["/checkin/", "/checkin/{slug}", "/checkin/csrf-token"])
def test_anonymous_visitor_goes_to_the_login_page(client, slug, path):
    response = client.get(path.format(slug=slug))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_participant_session_is_not_staff(client, make, slug):
    person = make.participant(slug)
    client.get(f"/p/{person['access_token']}")
    assert client.get(f"/checkin/{slug}").status_code == 302


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_staff_role_opens_the_scanner(client, slug, login_as, role):
    login_as(role)
    response = client.get(f"/checkin/{slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Forum OPD Entikong" in html
    assert 'id="code-input"' in html
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_staff_role_sees_the_forum_list(client, slug, login_as, role):
    login_as(role)
    html = client.get("/checkin/").get_data(as_text=True)
    assert f'href="/checkin/{slug}"' in html
    assert "Forum OPD Entikong" in html


def test_unknown_forum_is_404(client, login_as):
    login_as("checkin")
    assert client.get("/checkin/no-such-forum").status_code == 404


def test_page_hands_its_script_the_forum_and_the_api_addresses(client, slug, login_as):
    login_as("checkin")
    page = client.get(f"/checkin/{slug}", headers={"Accept-Language": "id"})  # an Indonesian laptop
    config = scanner_config(page.get_data(as_text=True))
    assert config["slug"] == slug
    assert config["timezone"] == "Asia/Pontianak"
    assert config["locale"] == "id"
    api = f"/api/v1/events/{slug}"
    assert config["urls"]["checkin"] == f"{api}/checkins"
    assert config["urls"]["batch"] == f"{api}/checkins/batch"
    assert config["urls"]["data"] == f"{api}/checkin-data"
    assert config["urls"]["search"] == f"{api}/checkin-search"
    assert config["urls"]["walkins"] == f"{api}/walkins"
    assert config["urls"]["worker"] == "/checkin/sw.js"
    assert "%(time)s" in config["messages"]["already"] and "%(desk)s" in config["messages"]["already"]


def test_page_runs_no_inline_script_and_loads_the_vendored_decoder(client, slug, login_as):
    login_as("checkin")
    html = client.get(f"/checkin/{slug}").get_data(as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert '<script src="/static/vendor/jsqr/jsQR.js"></script>' in unhashed(html)
    assert client.get("/static/vendor/jsqr/jsQR.js").status_code == 200
    assert client.get("/static/js/scanner.js").status_code == 200


def test_vendored_decoder_says_which_package_and_version_it_is():
    folder = ROOT / "static" / "vendor" / "jsqr"
    assert "Apache License" in (folder / "LICENSE").read_text()
    assert (folder / "VERSION").read_text().strip() == "1.4.0"
    assert "jsqr` 1.4.0" in (folder / "README.md").read_text()


def test_service_worker_is_served_for_the_checkin_scope_without_caching(client):
    response = client.get("/checkin/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "addEventListener(\"fetch\"" in response.get_data(as_text=True)


def test_csrf_token_endpoint_gives_staff_a_fresh_token(client, login_as):
    login_as("checkin")
    response = client.get("/checkin/csrf-token")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert len(response.json["csrf_token"]) > 20


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_pages_csrf_token_lets_its_cookie_session_call_the_api(client, make, slug):
    person = make.participant(slug, name="Antonius Bujang")
    make.user("checkin", email="meja1@bppd.example.id")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"email": "meja1@bppd.example.id", "password": "correct horse battery",
                                "csrf_token": token})
    html = client.get(f"/checkin/{slug}").get_data(as_text=True)
    page_token = re.search(r'<meta name="csrf-token" content="([^"]+)">', html).group(1)
    url = f"/api/v1/events/{slug}/checkins"
    refused = client.post(url, json={"code": person["checkin_code"]})
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "csrf_failed"
    accepted = client.post(url, json={"code": person["checkin_code"], "desk": "Meja 1"},
                           headers={"X-CSRFToken": page_token})
    assert accepted.status_code == 201
    fresh = client.get("/checkin/csrf-token").json["csrf_token"]
    again = client.post(url, json={"code": person["checkin_code"]}, headers={"X-CSRFToken": fresh})
    assert again.json["result"] == "already_checked_in"


def test_desk_staff_land_on_the_scanner_forum_list_after_login(client, make):
    make.user("checkin", email="meja2@bppd.example.id")
    response = client.post("/login", data={"email": "meja2@bppd.example.id", "password": "correct horse battery"})
    assert response.headers["Location"] == "/checkin/"
