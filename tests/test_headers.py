"""Security headers and cookies: every HTML page carries the CSP (no inline scripts), nosniff and frame
protection; uploaded materials are served so that the browser never runs them; the session cookie is
HttpOnly and SameSite=Lax, and Secure when FORUM_SECURE_COOKIES=1."""
from __future__ import annotations

import io
import re
import time
import uuid
from http.cookies import SimpleCookie

import pytest
import requests

from forum import create_app
from forum.extensions import db
from tests.conftest import _test_config, login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# Both a PDF (by its first bytes) and an HTML page with a script, for a browser that sniffs.
POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
# GET endpoints that answer something other than a page, or act (logout is POST-only anyway).
NOT_PAGES = {"static", "ops.healthz", "ops.readyz", "checkin.service_worker", "checkin.csrf_token"}


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


def assert_page_protected(response, where: str) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    found = directives(policy)
    script_src = found.get("script-src", found.get("default-src"))
    assert script_src, f"{where}: no script-src in {policy!r}"
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, f"{where}: {policy}"
    assert "*" not in script_src and "data:" not in script_src, f"{where}: {policy}"
    assert found.get("object-src") == ["'none'"], f"{where}: {policy}"
    # WebSockets (and fetches) only to this site: 'self' covers ws:/wss: of the same host; a bare `ws:` or
    # `wss:` would let an injected script send data to any host.
    assert found.get("connect-src") == ["'self'"], f"{where}: {policy}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    framing = found.get("frame-ancestors")
    assert framing == ["'none'"] or response.headers.get("X-Frame-Options") == "DENY", where


def upload(client, slug, session_id, headers, content: bytes, name: str, published="true"):
    return client.post(f"/api/v1/events/{slug}/sessions/{session_id}/materials", headers=headers,
                       data={"file": (io.BytesIO(content), name), "published": published},
                       content_type="multipart/form-data")


@pytest.fixture
def world(app, client, make):
    slug = make.event()
    org, mod = make.headers("organiser"), make.headers("moderator")
    me = make.participant(slug, name="Peserta Saya", agency="Bappeda")
    session = client.post(f"/api/v1/events/{slug}/sessions", headers=org, json={
        "title": "Diskusi", "starts_at": "2021-02-25T13:00", "ends_at": "2021-02-25T15:00"}).json
    client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/state", json={"state": "live", "input_open": True},
                headers=mod)
    pdf = upload(client, slug, session["id"], mod, PDF, "paparan.pdf").json
    png = upload(client, slug, session["id"], mod, PNG, "peta.png").json
    item = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/inputs", json={
        "kind": "question", "title": "Pertanyaan"}, headers={"Authorization": f"Bearer {me['access_token']}"}).json
    with app.app_context():
        from forum.models import Agency

        agency_id = db.session.scalar(db.select(Agency.id).where(Agency.name == "Bappeda"))
    values = {"slug": slug, "session_id": session["id"], "material_id": pdf["id"], "input_id": item["id"],
              "participant_id": me["id"], "agency_id": agency_id, "user_id": 1, "token": me["access_token"],
              "code": me["checkin_code"], "action": "cancel"}
    return {"slug": slug, "values": values, "mod": mod, "session_id": session["id"], "pdf": pdf, "png": png,
            "me": me}


def get_urls(app, values) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or rule.rule.startswith("/api/"):
            continue
        path = rule.rule
        for name in re.findall(r"<(?:[^:<>]+:)?(\w+)>", path):
            path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(values.get(name, "x")), path)
        path = path.replace("<any(attendance, inputs, minutes):name>", "attendance")
        urls.append((rule.endpoint, path.replace(".<any(csv, xlsx, pdf):fmt>", ".csv")))
    return urls


def test_every_html_page_has_the_csp_nosniff_and_frame_protection(app, client, world):
    urls = get_urls(app, world["values"])
    anonymous = app.test_client()
    login(client, app, "admin")
    pages = 0
    for endpoint, url in urls:
        for who, visitor in (("admin", client), ("anonymous", anonymous)):
            response = visitor.get(url)
            if response.mimetype == "text/html":
                pages += 1
                assert_page_protected(response, f"{who} {endpoint} {url} ({response.status_code})")
            else:
                assert response.headers.get("X-Content-Type-Options") == "nosniff", (endpoint, url)
            response.close()  # a streamed file keeps its request context until closed
    assert pages > 40  # the sweep really reached the pages


@pytest.mark.parametrize("url", ["/no-such-page", "/admin/no-such-forum/", "/events/no-such-forum"])
def test_error_pages_are_protected_too(client, url):
    response = client.get(url)
    assert response.status_code in (302, 404) and response.mimetype == "text/html"
    assert_page_protected(response, url)


def test_api_answers_are_nosniff_and_not_framable(client, world):
    response = client.get(f"/api/v1/events/{world['slug']}")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


# --- uploads ----------------------------------------------------------------------------------------

def material(client, world, material_json, query=""):
    return client.get(f"/events/{world['slug']}/materials/{material_json['id']}{query}")


def assert_never_runs(response) -> None:
    policy = directives(response.headers["Content-Security-Policy"])
    assert "sandbox" in policy and policy["sandbox"] == []  # no allow-scripts, no allow-same-origin
    assert policy.get("default-src") == ["'none'"] and "script-src" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_opens_inline_but_sandboxed(client, world):
    response = material(client, world, world["pdf"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert_never_runs(response)
    download = material(client, world, world["pdf"], "?download=1")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert_never_runs(download)


def test_anything_but_a_pdf_is_an_attachment(client, world):
    response = material(client, world, world["png"])
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert_never_runs(response)


def test_a_pdf_html_polyglot_is_served_as_a_sandboxed_pdf(client, world):
    stored = upload(client, world["slug"], world["session_id"], world["mod"], POLYGLOT, "halaman.html")
    assert stored.status_code == 201 and stored.json["mime"] == "application/pdf"
    assert stored.json["filename"].endswith(".pdf")  # the extension follows the content, not the name
    response = material(client, world, stored.json)
    assert response.mimetype == "application/pdf"
    assert_never_runs(response)


@pytest.mark.parametrize("content, name", [
    (b"<html><script>alert(1)</script></html>", "paparan.pdf"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "peta.svg"),
    (b"MZ\x90\x00" + b"\x00" * 60, "setup.exe"),
])
def test_content_that_a_browser_could_run_is_refused_whatever_its_name(client, world, content, name):
    response = upload(client, world["slug"], world["session_id"], world["mod"], content, name)
    assert response.status_code == 415 and response.json["error"]["code"] == "unsupported_type"


# --- cookies ----------------------------------------------------------------------------------------

def login_cookies(client, app) -> dict[str, str]:
    """The Set-Cookie headers of a staff login, by cookie name."""
    from forum.services import accounts

    with app.app_context():
        accounts.create_user("kuki@forum.example.id", "Staf Kuki", "organiser", "correct horse battery")
        db.session.commit()
    response = client.post("/login", data={"email": "kuki@forum.example.id", "password": "correct horse battery"})
    assert response.status_code == 302
    return {SimpleCookie(header).popitem()[0]: header for header in response.headers.getlist("Set-Cookie")}


def flags(header: str) -> set[str]:
    """A Set-Cookie header's attributes, lower-cased: {"httponly", "samesite=lax", "path=/", …}."""
    return {part.strip().lower() for part in header.split(";")[1:]}


def test_the_session_cookie_is_httponly_and_samesite_lax(app, client):
    cookies = login_cookies(client, app)
    session = cookies[app.config["SESSION_COOKIE_NAME"]]
    assert {"httponly", "samesite=lax"} <= flags(session)
    assert "secure" not in flags(session)  # plain-HTTP installs (a laptop at the venue) must still log in


@pytest.fixture
def secure_app(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUM_SECURE_COOKIES", "1")
    app = create_app(_test_config(tmp_path, f"sqlite:///{tmp_path / 'secure.db'}"))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_with_forum_secure_cookies_the_session_cookie_is_secure(secure_app):
    client = secure_app.test_client()
    cookies = login_cookies(client, secure_app)
    session = cookies[secure_app.config["SESSION_COOKIE_NAME"]]
    assert {"httponly", "samesite=lax", "secure"} <= flags(session)
    assert secure_app.config["REMEMBER_COOKIE_SECURE"] is True


@pytest.mark.browser
def test_the_live_page_still_connects_over_websocket_under_connect_src_self(live_server, phone_page):
    """Chromium counts ws:/wss: of the page's own host as 'self' (CSP level 3): the live page's Socket.IO
    upgrades to a WebSocket and receives messages over it, with no CSP violation reported."""
    slug = "forum-opd-bppd-2022"
    registration = requests.post(f"{live_server.url}/api/v1/events/{slug}/registrations", timeout=10, json={
        "name": "Yohanes Bujang", "agency": "Kecamatan Badau", "position": "Camat", "attendance": "online",
        "email": f"csp-{uuid.uuid4().hex[:8]}@example.id", "consent": True})
    assert registration.status_code == 201, registration.text
    sockets, frames, violations = [], [], []

    def websocket(ws):
        sockets.append(ws.url)
        ws.on("framereceived", lambda payload: frames.append(payload))

    phone_page.on("websocket", websocket)
    phone_page.on("console", lambda message: violations.append(message.text)
                  if "Content Security Policy" in message.text else None)
    phone_page.goto(registration.json()["personal_url"])
    response = phone_page.goto(f"{live_server.url}/events/{slug}/live")
    assert directives(response.headers["content-security-policy"])["connect-src"] == ["'self'"]
    phone_page.locator("body[data-current]").wait_for(state="attached")  # the first agenda arrived
    deadline = time.monotonic() + 10
    while not frames and time.monotonic() < deadline:
        phone_page.wait_for_timeout(200)
    assert any("/socket.io/" in url and "transport=websocket" in url for url in sockets), sockets
    assert frames, "no message arrived over the WebSocket"
    assert violations == []
