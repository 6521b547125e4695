"""In a real Chromium against `python wsgi.py`: a phone that follows one participant's personal link is not
silently switched to another participant by a link on another website — the page asks first — and a forged
form on that website cannot switch it either."""
import uuid

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SLUG = "forum-opd-bppd-2022"
EVIL = "https://hadiah.example"


def register(live_server, name: str, agency: str) -> dict:
    response = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/registrations", timeout=10, json={
        "name": name, "agency": agency, "position": "Analis", "attendance": "online",
        "email": f"{uuid.uuid4().hex[:8]}@example.id", "consent": True})
    assert response.status_code == 201, response.text
    return response.json()


def serve_evil_page(page, html: str) -> None:
    """A page of another website (another origin, another site) that the phone visits."""
    page.route(f"{EVIL}/**", lambda route: route.fulfill(status=200, content_type="text/html", body=html))


def test_a_link_on_another_site_asks_before_the_phone_acts_as_someone_else(live_server, phone_page):
    me = register(live_server, "Yohanes Bujang", "Kecamatan Badau")
    other = register(live_server, "Rudi Hartono", "Kecamatan Entikong")
    phone = phone_page
    phone.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})
    phone.goto(me["personal_url"])
    expect(phone.locator("body")).to_contain_text("Yohanes Bujang")
    expect(phone.locator("img[src*='/qr/']")).to_be_visible()

    serve_evil_page(phone, f'<p>Selamat! <a id="prize" href="{other["personal_url"]}">Ambil hadiah</a></p>')
    phone.goto(f"{EVIL}/hadiah")
    phone.click("#prize")
    expect(phone.locator("h1")).to_have_text("Lanjutkan sebagai Rudi Hartono?")
    expect(phone.locator("#switch-participant")).to_contain_text("Yohanes Bujang")
    expect(phone.locator("img[src*='/qr/']")).to_have_count(0)  # not the other person's page (yet)
    phone.click("#switch-participant a:has-text('Tetap sebagai Yohanes Bujang')")
    phone.wait_for_url(f"**/events/{SLUG}/live")

    phone.goto(me["personal_url"])  # still acting as me: my own link asks nothing
    expect(phone.locator("#switch-participant")).to_have_count(0)
    expect(phone.locator("body")).to_contain_text("Yohanes Bujang")

    phone.goto(other["personal_url"])  # the other link, opened on purpose this time
    expect(phone.locator("#switch-participant button[type=submit]")).to_have_text("Lanjutkan sebagai Rudi Hartono")
    with phone.expect_navigation():  # (the question is asked at the same address)
        phone.click("#switch-participant button[type=submit]")
    assert phone.url == other["personal_url"]
    expect(phone.locator("#switch-participant")).to_have_count(0)
    expect(phone.locator("img[src*='/qr/']")).to_be_visible()
    phone.goto(me["personal_url"])
    expect(phone.locator("h1")).to_have_text("Lanjutkan sebagai Yohanes Bujang?")  # now the phone is Rudi's


def test_a_forged_form_on_another_site_cannot_switch_the_phone(live_server, phone_page):
    me = register(live_server, "Maria Siregar", "DPMD")
    other = register(live_server, "Agus Santoso", "Dinas PUPR")
    phone = phone_page
    phone.goto(me["personal_url"])
    serve_evil_page(phone, f'<form id="f" method="post" action="{other["personal_url"]}/use">'
                           '<button id="go">Ambil hadiah</button></form>')
    phone.goto(f"{EVIL}/form")
    with phone.expect_navigation() as navigation:
        phone.click("#go")
    assert navigation.value.status == 400
    phone.goto(me["personal_url"])
    expect(phone.locator("#switch-participant")).to_have_count(0)  # still Maria's phone
    expect(phone.locator("body")).to_contain_text("Maria Siregar")
