"""Agency input in a real Chromium against `python wsgi.py`: two participants on phones send proposals
for the same road in the same village, the moderator's board shows both and the overlap flag without a
reload, the moderator accepts one, and the projector shows it. And a phone on a bad connection: the
input is retried until the server confirms it, and stored once."""
import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SLUG = "forum-opd-bppd-2022"
PASSWORD = "correct horse battery"
SESSION = "Diskusi dan masukan perangkat daerah"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def moderator(live_server):
    email = f"pimpinan-{uuid.uuid4().hex[:8]}@bppd.example.id"
    live_server.cli("create-user", "--email", email, "--name", "Pimpinan Sidang", "--role", "moderator",
                    "--password", PASSWORD)
    token = live_server.cli("create-token", "--email", email).strip().splitlines()[-1]
    return {"email": email, "headers": {"Authorization": f"Bearer {token}"}}


@pytest.fixture
def discussion(live_server, moderator):
    """The demo's discussion session, fresh (scheduled, input closed), and left that way afterwards for the
    other browser tests sharing the live server."""
    sid = session_id(live_server, SESSION)
    set_state(live_server, moderator, sid, state="scheduled", input_open=False)
    yield sid
    set_state(live_server, moderator, sid, state="scheduled", input_open=False)


def register(live_server, name, agency, position):
    response = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/registrations", timeout=10, json={
        "name": name, "agency": agency, "position": position, "attendance": "online",
        "email": f"{uuid.uuid4().hex[:8]}@example.id", "consent": True})
    assert response.status_code == 201, response.text
    return response.json()


def session_id(live_server, title):
    sessions = requests.get(f"{live_server.url}/api/v1/events/{SLUG}/agenda", timeout=10).json()["sessions"]
    return next(s["id"] for s in sessions if s["title"].startswith(title))


def set_state(live_server, moderator, sid, **body):
    response = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/sessions/{sid}/state", json=body,
                             headers=moderator["headers"], timeout=10)
    assert response.status_code == 200, response.text


def inputs_titled(live_server, moderator, title):
    response = requests.get(f"{live_server.url}/api/v1/events/{SLUG}/inputs", headers=moderator["headers"], timeout=10)
    return [i for i in response.json()["inputs"] if i["title"] == title]


def log_in(page, live_server, email):
    page.goto(f"{live_server.url}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/admin/**")


def open_live_page(browser, live_server, person):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_extra_http_headers({"Accept-Language": "id-ID,id;q=0.9"})
    page.goto(person["personal_url"])
    page.goto(f"{live_server.url}/events/{SLUG}/live")
    page.locator("body[data-current]").wait_for(state="attached")  # connected: the first agenda arrived
    return page


def propose(page, title, activity, budget="1,5 M"):
    form = page.locator("form[data-input-form]")
    form.locator("input[name=kind][value=proposal]").check()
    form.locator("input[name=title]").fill(title)
    form.locator("input[name=program]").fill("Program penyelenggaraan jalan")
    form.locator("input[name=activity]").fill(activity)
    form.locator("select[name=regency]").select_option("Kabupaten Sambas")
    form.locator("select[name=district]").select_option("Sajingan Besar")  # the typed box became a select
    form.locator("select[name=village]").select_option("Sebunga")
    form.locator("input[name=volume]").fill("5")
    form.locator("input[name=unit]").fill("km")
    form.locator("input[name=budget]").fill(budget)
    form.locator("button[data-send]").click()
    return form


def test_overlapping_proposals_from_two_phones_reach_the_board_and_the_projector(
        live_server, browser, moderator, discussion, desktop_page):
    sid = discussion

    pupr = register(live_server, "Agus Santoso", "Dinas PUPR", "Kepala Bidang Bina Marga")
    dpmd = register(live_server, "Maria Siregar", "DPMD", "Kepala Bidang Pemerintahan Desa")
    phone_a = open_live_page(browser, live_server, pupr)
    phone_b = open_live_page(browser, live_server, dpmd)

    # The moderator, logged in through the form, starts the session and opens input on the control panel.
    desk = desktop_page
    log_in(desk, live_server, moderator["email"])
    desk.goto(f"{live_server.url}/admin/{SLUG}/control")
    card = desk.locator("article[data-session]", has_text=SESSION)
    card.locator("button[name=state][value=live]").click()
    card.locator("button[name=state][value=ended]").wait_for()  # the panel updated itself
    card.locator("button[name=input_open][value=true]").click()
    card.locator("button[name=input_open][value=false]").wait_for()

    board = desk.context.new_page()
    board.goto(f"{live_server.url}/admin/{SLUG}/board?session={sid}")
    board_marker = board.evaluate("window.forumBoardPageId")
    screen = desk.context.new_page()
    screen.goto(f"{live_server.url}/events/{SLUG}/screen")
    screen.locator("body[data-current]").wait_for(state="attached")

    # The phones' forms appear without a reload once input is open.
    expect(phone_a.locator("form[data-input-form]")).to_be_visible()
    expect(phone_b.locator("form[data-input-form]")).to_be_visible()
    assert phone_a.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits a phone

    first = propose(phone_a, "Pembangunan jalan desa Sebunga", "Pembangunan jalan desa")
    expect(first.locator("[data-budget-shown]")).to_have_text("Rp 1.500.000.000")
    expect(first.locator("[data-form-status]")).to_contain_text("Pembangunan jalan desa Sebunga")
    expect(phone_a.locator("[data-own] [data-own-input]").first).to_contain_text("Pembangunan jalan desa Sebunga")
    second = propose(phone_b, "Peningkatan jalan poros desa Sebunga", "Peningkatan jalan poros desa", "750 jt")
    expect(second.locator("[data-form-status].ok")).to_be_visible()

    # The board shows both, and the overlap flag on both cards, without a reload.
    [road_a] = inputs_titled(live_server, moderator, "Pembangunan jalan desa Sebunga")
    [road_b] = inputs_titled(live_server, moderator, "Peningkatan jalan poros desa Sebunga")
    card_a = board.locator(f"article[data-input='{road_a['id']}']")
    card_b = board.locator(f"article[data-input='{road_b['id']}']")
    expect(card_b.locator(f"[data-overlap='{road_a['id']}']")).to_contain_text(f"#{road_a['id']} (Dinas PUPR)")
    expect(card_b.locator(f"[data-overlap='{road_a['id']}']")).to_contain_text("Sebunga")
    expect(card_a.locator(f"[data-overlap='{road_b['id']}']")).to_contain_text(f"#{road_b['id']} (DPMD)")
    assert card_a.get_attribute("data-status") == "submitted"
    assert re.search(r"Rp 750[.,]000[.,]000", card_b.inner_text())  # "750 jt", formatted in the page's language
    assert board.evaluate("window.forumBoardPageId") == board_marker

    # The moderator accepts the first with the keyboard: select it, press "a".
    card_a.locator(".card-title").click()
    board.keyboard.press("a")
    expect(board.locator(f"[data-column=accepted] article[data-input='{road_a['id']}']")).to_be_visible()
    assert board.evaluate("window.forumBoardPageId") == board_marker

    # The projector shows it; so does the other agency's phone, with a Support button.
    expect(screen.locator("[data-region=inputs]")).to_contain_text("Pembangunan jalan desa Sebunga")
    expect(screen.locator("[data-region=inputs] .accepted-group")).to_contain_text("Dinas PUPR")
    accepted = phone_b.locator(f"[data-accepted] [data-input='{road_a['id']}']")
    expect(accepted).to_contain_text("Pembangunan jalan desa Sebunga")
    accepted.locator("button[data-support]").click()
    expect(accepted.locator("[data-count]")).to_have_text("1")
    expect(accepted.locator("button[data-support]")).to_have_attribute("aria-pressed", "true")
    # Pressed again, the support is withdrawn; and given once more.
    accepted.locator("button[data-support]").click()
    expect(accepted.locator("[data-count]")).to_have_text("0")
    expect(accepted.locator("button[data-support]")).to_have_attribute("aria-pressed", "false")
    accepted.locator("button[data-support]").click()
    expect(accepted.locator("[data-count]")).to_have_text("1")
    # PUPR cannot support its own input.
    expect(phone_a.locator(f"[data-accepted] [data-input='{road_a['id']}'] button")).to_be_disabled()

    # The moderator changes their mind: rejected, it leaves the phones and the projector without a reload.
    response = requests.patch(f"{live_server.url}/api/v1/events/{SLUG}/inputs/{road_a['id']}", timeout=10,
                              json={"status": "rejected", "note": "Sudah ada di Renja Dinas PUPR"},
                              headers=moderator["headers"])
    assert response.status_code == 200, response.text
    expect(phone_b.locator(f"[data-accepted] [data-input='{road_a['id']}']")).to_have_count(0)
    expect(screen.locator("[data-region=inputs]")).not_to_contain_text("Pembangunan jalan desa Sebunga")
    assert phone_b.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload

    for page in (phone_a, phone_b):
        page.context.close()


def test_a_proposal_sent_over_a_bad_connection_is_retried_and_stored_once(live_server, browser, moderator,
                                                                         discussion):
    sid = discussion
    set_state(live_server, moderator, sid, state="live", input_open=True)
    person = register(live_server, "Yohanes Bujang", "Kecamatan Sajingan Besar", "Camat")
    phone = open_live_page(browser, live_server, person)
    title = f"Pembangunan pos kesehatan desa Aruk {uuid.uuid4().hex[:4]}"
    attempts = []

    def flaky(route):
        attempts.append(route.request.post_data_json["client_id"])
        if len(attempts) == 1:
            route.abort()  # no connection at all
        elif len(attempts) == 2:
            route.fetch()  # it reaches the server, but the answer is lost on the way back
            route.abort()
        else:
            route.continue_()

    phone.route("**/api/v1/events/*/sessions/*/inputs", flaky)
    form = phone.locator("form[data-input-form]")
    form.locator("input[name=kind][value=comment]").check()
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=body]").fill("Warga perlu pos kesehatan")
    form.locator("button[data-send]").click()
    expect(form.locator("[data-form-status].warn")).to_be_visible()  # kept on the device, will retry
    assert phone.evaluate("Object.keys(localStorage).some(k => k.indexOf('forum-input-draft:') === 0)")
    expect(form.locator("[data-form-status].ok")).to_be_visible(timeout=15000)
    assert len(attempts) >= 3 and len(set(attempts)) == 1  # one client_id for every attempt
    assert len(inputs_titled(live_server, moderator, title)) == 1
    assert not phone.evaluate("Object.keys(localStorage).some(k => k.indexOf('forum-input-draft:') === 0)")
    phone.context.close()


def api_propose(live_server, sid, person, title, village="Sebunga", district="Sajingan Besar"):
    response = requests.post(f"{live_server.url}/api/v1/events/{SLUG}/sessions/{sid}/inputs", timeout=10, json={
        "kind": "proposal", "title": title, "activity": title, "budget": "1 M",
        "location": {"regency": "Kabupaten Sambas", "district": district, "village": village}},
        headers={"Authorization": f"Bearer {person['personal_url'].rsplit('/', 1)[-1]}"})  # the access token
    assert response.status_code == 201, response.text
    return response.json()


def test_the_board_dialogs_and_the_facilitators_entry(live_server, browser, moderator, discussion, desktop_page):
    sid = discussion
    set_state(live_server, moderator, sid, state="live", input_open=True)
    tag = uuid.uuid4().hex[:4]
    # a name of this run's own: the forum is the worker's demo, which other tests (and modules) register people in
    bpbd = register(live_server, f"Rudi Hartono {tag}", "BPBD", "Kepala Pelaksana")
    kesbangpol = register(live_server, "Siti Aminah", "Badan Kesbangpol", "Kepala Bidang")
    tanggul = api_propose(live_server, sid, bpbd, f"Tanggul Sungai Paloh {tag}", "Temajuk", "Paloh")
    pos = api_propose(live_server, sid, kesbangpol, f"Pos pantau batas Temajuk {tag}", "Temajuk", "Paloh")
    other = api_propose(live_server, sid, bpbd, f"Turap pengaman tebing Temajuk {tag}", "Temajuk", "Paloh")

    page = desktop_page
    log_in(page, live_server, moderator["email"])
    page.goto(f"{live_server.url}/admin/{SLUG}/board?session={sid}")
    marker = page.evaluate("window.forumBoardPageId")

    # Reject: the dialog refuses an empty reason, then sends the reason.
    page.locator(f"article[data-input='{tanggul['id']}'] .card-title").click()
    page.keyboard.press("r")
    dialog = page.locator("dialog[data-dialog=reject]")
    dialog.locator("textarea").fill("   ")
    dialog.locator("button[type=submit]").click()
    expect(dialog.locator("[data-dialog-error]")).to_be_visible()
    assert page.locator(f"article[data-input='{tanggul['id']}']").get_attribute("data-status") == "submitted"
    dialog.locator("textarea").fill("Sudah ditangani BWS Kalimantan I")
    dialog.locator("button[type=submit]").click()
    expect(page.locator(f"[data-column=rejected] article[data-input='{tanggul['id']}']")).to_contain_text(
        "Sudah ditangani BWS Kalimantan I")

    # Accept with changes: the edit dialog sends only what changed; the history shows it.
    page.locator(f"article[data-input='{pos['id']}'] .card-title").click()
    page.keyboard.press("e")
    edit = page.locator("dialog[data-dialog=edit]")
    expect(edit.locator("input[name=title]")).to_have_value(pos["title"])
    edit.locator("input[name=budget]").fill("800 jt")
    edit.locator("button[type=submit]").click()
    accepted = page.locator(f"[data-column=accepted] article[data-input='{pos['id']}']")
    expect(accepted).to_contain_text("800")
    page.keyboard.press("h")
    history = page.locator("dialog[data-dialog=history]")
    expect(history.locator("ol.history")).to_contain_text("Indicative budget (Rp): 1000000000 → 800000000")
    history.locator("button[data-close]").click()

    # Merge the third into the accepted one, picked in the dialog; its agency becomes co-proposer.
    page.locator(f"article[data-input='{other['id']}'] .card-title").click()
    page.keyboard.press("m")
    merge = page.locator("dialog[data-dialog=merge]")
    merge.locator("select").select_option(str(pos["id"]))
    merge.locator("button[type=submit]").click()
    expect(page.locator(f"[data-column=merged] article[data-input='{other['id']}']")).to_be_visible()
    expect(accepted).to_contain_text("BPBD")
    page.keyboard.press("?")
    expect(page.locator("dialog[data-dialog=help]")).to_be_visible()
    page.keyboard.press("Escape")
    assert page.evaluate("window.forumBoardPageId") == marker

    # The facilitator's entry, on behalf of a participant found by name, lands on the board.
    entry = page.context.new_page()
    entry.goto(f"{live_server.url}/admin/{SLUG}/inputs/new")
    entry.locator("input[data-filter-select]").fill(f"Rudi Hartono {tag}")
    entry.locator("select[name=participant_id]").select_option(str(bpbd["id"]))
    assert entry.locator("select[name=participant_id] option").count() == 2  # "—" and this Rudi Hartono
    entry.locator("input[name=kind][value=question]").check()
    entry.locator("input[name=title]").fill(f"Bagaimana peringatan dini banjir di Paloh? {tag}")
    entry.locator("button[data-send]").click()
    expect(entry.locator("[data-form-status].ok")).to_contain_text("Bagaimana peringatan dini banjir")
    expect(page.locator("[data-column=submitted] article", has_text=f"peringatan dini banjir di Paloh? {tag}")
           ).to_contain_text("Rudi Hartono")
