"""Desk staff print a walk-in's badge from the scanner: one person's PDF, the badge sheets stay the organisers'."""
import pytest
from playwright.sync_api import expect

from tests.test_browser_scanner import SLUG, desk_user, open_scanner  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def test_a_walk_in_s_badge_is_offered_to_the_desk_and_downloads(live_server, desk_user, desktop_page):  # noqa: F811
    page = desktop_page
    errors = open_scanner(page, live_server, desk_user, desk="Meja 2")
    page.click("#walkin-box summary")
    expect(page.locator("#walkin-badge")).to_be_hidden()
    page.fill("#walkin-name", "Yohanes Batubara")
    page.fill("#walkin-agency", "Dinas PUPR")
    page.fill("#walkin-position", "Staf Teknik")
    page.check("#walkin-consent")
    page.click("#walkin-form button[type=submit]")
    expect(page.locator("#result")).to_have_attribute("data-tone", "green")
    page.keyboard.press("Escape")
    link = page.locator("#walkin-badge-link")
    expect(link).to_be_visible()
    expect(link).to_contain_text("Yohanes Batubara")
    assert f"/admin/{SLUG}/badges/" in link.get_attribute("href")
    with page.expect_download() as download_info:
        link.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    # the desk account still cannot reach the badge sheets
    assert page.request.get(f"{live_server.url}/admin/{SLUG}/badges.pdf").status == 403
    assert errors == []
