"""A person registers on a phone in a real Chromium against `python wsgi.py`, and gets a working QR."""
import io
import uuid

import PIL.Image
import pytest
import requests
import zxingcpp

pytestmark = pytest.mark.browser


@pytest.fixture
def organiser(live_server):
    """An organiser's API token, made with the command line as an operator would."""
    email = f"panitia-{uuid.uuid4().hex[:8]}@bppd.example.id"
    live_server.cli("create-user", "--email", email, "--name", "Panitia BPPD", "--role", "organiser",
                    "--password", "correct horse battery")
    token = live_server.cli("create-token", "--email", email).strip().splitlines()[-1]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def forum(live_server, organiser):
    return live_server.create_forum(organiser, "forum-opd")


def fill_registration_form(page, name):
    page.locator("#name").press_sequentially(name)
    page.locator("#agency").press_sequentially("Dinas Kesehatan")
    page.locator("#position").press_sequentially("Kepala Bidang")
    page.locator("#phone").press_sequentially("0812 3456 7890")
    page.locator("#email").press_sequentially(f"{uuid.uuid4().hex[:8]}@example.id")
    page.check("input[name=attendance][value=in_person]")
    page.check("#consent")
    page.click("form.registration button[type=submit]")


def registered_with_name(live_server, organiser, slug, name):
    response = requests.get(f"{live_server.url}/api/v1/events/{slug}/participants", headers=organiser, timeout=10)
    assert response.status_code == 200
    return [p for p in response.json()["participants"] if p["name"] == name]


def test_person_registers_on_a_phone_and_gets_a_qr_code_that_scans(live_server, organiser, forum, phone_page):
    page = phone_page
    name = "Rina Marlina"
    page.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})  # an Indonesian phone
    page.goto(f"{live_server.url}/events/{forum}")
    assert "Kamis, 25 Februari 2021" in page.inner_text("main")
    page.click(f"a[href='/events/{forum}/register']")
    page.wait_for_url(f"**/events/{forum}/register")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits a phone

    fill_registration_form(page, name)
    page.wait_for_url("**/p/*")
    token = page.url.rsplit("/p/", 1)[1]
    assert name in page.inner_text("h1")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    qr = page.locator("img.qr")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    image = page.request.get(qr.get_attribute("src"))
    assert image.ok and image.headers["content-type"] == "image/png"
    [result] = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(image.body())))
    assert result.text.startswith(f"{live_server.url}/c/")
    code = result.text.rsplit("/c/", 1)[1]
    assert code and code != token

    [participant] = registered_with_name(live_server, organiser, forum, name)
    assert participant["agency"]["name"] == "Dinas Kesehatan"
    assert participant["attendance"] == "in_person"


def test_registration_works_with_javascript_switched_off(live_server, organiser, forum, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/events/{forum}/register")
        fill_registration_form(page, "Agus Salim")
        page.wait_for_url("**/p/*")
        assert "Agus Salim" in page.inner_text("h1")
        assert page.locator("img.qr").count() == 1
    finally:
        context.close()
    assert len(registered_with_name(live_server, organiser, forum, "Agus Salim")) == 1
