"""The public registration form after an error: the summary takes the focus and lists the fields in the form's order."""
import pytest

from tests.test_browser_registration import forum, organiser  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_the_error_summary_takes_the_focus_and_follows_the_forms_order(live_server, forum, phone_page):  # noqa: F811
    page = phone_page
    page.goto(f"{live_server.url}/events/{forum}/register")
    page.locator("#position").press_sequentially("Kepala Bidang")
    page.locator("#email").press_sequentially("not-an-address")
    page.click("form.registration button[type=submit]")
    page.wait_for_selector("#form-errors")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    linked = page.eval_on_selector_all("#form-errors a", "links => links.map(a => a.getAttribute('href'))")
    in_form = page.eval_on_selector_all(
        "form.registration [id]", "els => els.map(e => '#' + e.id)")
    assert linked and linked == sorted(linked, key=in_form.index), (linked, in_form)
    assert linked[:2] == ["#name", "#agency"] and "#email" in linked and linked[-1] == "#consent"
    page.click("#form-errors a[href='#email']")
    assert page.evaluate("document.activeElement.id") == "email"
