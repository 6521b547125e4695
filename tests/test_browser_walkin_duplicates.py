"""The desk's walk-in form in a real Chromium: someone on the invitation list who lost their QR code is offered
as "this is the invited …" and checked in with one click, instead of becoming a second person; someone else of
the same name registers once the desk says so."""
import sqlite3
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.test_browser_scanner import SLUG, open_scanner

pytestmark = pytest.mark.browser


def invite(live_server, name: str, agency: str, position: str) -> int:
    response = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/registrations", timeout=10, json={
        "name": name, "agency": agency, "position": position, "attendance": "in_person",
        "email": f"{uuid.uuid4().hex[:10]}@example.id", "consent": True})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def rows(live_server, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(live_server.tmp / "live.db") as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture
def desk(live_server):
    email = f"meja-{uuid.uuid4().hex[:8]}@bppd.example.id"
    live_server.cli("create-user", "--email", email, "--name", "Petugas Meja", "--role", "checkin",
                    "--password", "correct horse battery")
    return email


def fill_walk_in(page, name: str, agency: str, position: str) -> None:
    page.click("#walkin-box summary")
    page.fill("#walkin-name", name)
    page.fill("#walkin-agency", agency)
    page.fill("#walkin-position", position)
    page.check("#walkin-consent")
    page.click("#walkin-form button[type=submit]")


def test_the_desk_checks_in_the_invited_person_instead_of_a_second_record(live_server, desk, desktop_page):
    invited = invite(live_server, "Budi Santoso", "BNNP", "Kepala Seksi")
    page = desktop_page
    errors = open_scanner(page, live_server, desk, desk="Meja 2")
    people_before = rows(live_server, "SELECT count(*) FROM participants")[0][0]
    fill_walk_in(page, "Drs. Budi Santoso", "BNNP", "Kasi Pemberantasan")
    match = page.locator(f"#walkin-match-list button[data-participant-id='{invited}']")
    expect(match).to_be_visible()
    expect(page.locator("#walkin-match-list")).to_contain_text("Budi Santoso, Kepala Seksi, BNNP")
    match.click()
    expect(page.locator("#result")).to_have_attribute("data-tone", "green")
    expect(page.locator("#result-name")).to_have_text("Budi Santoso")
    assert rows(live_server, "SELECT desk FROM checkins WHERE participant_id = ?", invited) == [("Meja 2",)]
    assert rows(live_server, "SELECT count(*) FROM participants")[0][0] == people_before  # nobody new
    expect(page.locator("#walkin-matches")).to_be_hidden()
    expect(page.locator("#walkin-name")).to_have_value("")
    assert errors == []


def test_someone_else_with_a_matching_name_registers_once_the_desk_says_so(live_server, desk, desktop_page):
    invited = invite(live_server, "Siti Aminah", "Satpol PP", "Kepala Bidang")
    page = desktop_page
    errors = open_scanner(page, live_server, desk, desk="Meja 3")
    fill_walk_in(page, "Siti Aminah, S.Pd.", "Satpol PP", "Staf")
    expect(page.locator(f"#walkin-match-list button[data-participant-id='{invited}']")).to_be_visible()
    page.click("#walkin-register-anyway")
    expect(page.locator("#result")).to_have_attribute("data-tone", "green")
    expect(page.locator("#result-name")).to_have_text("Siti Aminah, S.Pd.")
    new = rows(live_server, "SELECT duplicate_of_id, source FROM participants WHERE name = 'Siti Aminah, S.Pd.'")
    assert new == [(invited, "walk_in")]  # registered, and flagged for the organisers to look at
    assert rows(live_server, "SELECT count(*) FROM checkins WHERE participant_id = ?", invited) == [(0,)]
    assert errors == []
