"""Writing the notulen in a real Chromium against `python wsgi.py`: the text saves itself as it is typed and says
when; a second moderator's save in between is replaced but shown (nothing is lost); text typed while the
connection is down is kept in the browser and saved when the page is opened again; a question is answered in
place and one from the floor is added."""
import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """A server of its own, without the demo: this test makes the forum it writes the notes of."""
    server = LiveServer(tmp_path_factory.mktemp("notes-live"))
    server.cli("init")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def notes_forum(live_server):
    """A forum with one session with a speaker, and a participant's question in it."""
    org_email, org = live_server.staff("organiser")
    slug = live_server.create_forum(org, prefix="notulen")
    speaker = live_server.register(org, slug, "Ir. Yosef Ngadi", "Bappeda")
    asker = requests.post(f"{live_server.url}/api/v1/events/{slug}/registrations", timeout=10, json={
        "name": "Agus Santoso", "agency": "Dinas PUPR", "position": "Kepala Seksi", "attendance": "online",
        "email": "agus.notulen@example.id", "consent": True}).json()
    session = requests.post(f"{live_server.url}/api/v1/events/{slug}/sessions", headers=org, timeout=10, json={
        "title": "Paparan rancangan Renja", "starts_at": "2021-02-25T09:00", "ends_at": "2021-02-25T10:30",
        "speaker_ids": [speaker["id"]]}).json()
    requests.post(f"{live_server.url}/api/v1/events/{slug}/sessions/{session['id']}/state", headers=org, timeout=10,
                  json={"state": "live", "input_open": True})
    token = asker["personal_url"].rstrip("/").rsplit("/", 1)[-1]
    question = requests.post(f"{live_server.url}/api/v1/events/{slug}/sessions/{session['id']}/inputs", timeout=10,
                             headers={"Authorization": f"Bearer {token}"},
                             json={"kind": "question", "title": "Kapan jalan Sebunga diaspal?"})
    assert question.status_code == 201, question.text
    return {"slug": slug, "session": session["id"], "speaker": speaker["id"], "question": question.json()["id"],
            "org": org, "org_email": org_email}


def staff_page(browser, live_server, email):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    live_server.log_in(page, email)
    return page


def general_entry(page, session_id):
    return page.locator(f"#session-{session_id} form[data-autosave]:not([data-speaker])").first


def test_notes_save_themselves_and_survive_a_second_writer_and_a_lost_connection(browser, live_server, notes_forum):
    url = f"{live_server.url}/admin/{notes_forum['slug']}/notes"
    sid = notes_forum["session"]
    first = staff_page(browser, live_server, live_server.staff("moderator")[0])
    first.goto(url)
    entry = general_entry(first, sid)
    entry.locator("textarea").fill("Moderator membuka sesi.")
    expect(entry.locator("[data-state]")).to_contain_text("Saved ", timeout=10_000)  # after the pause
    assert entry.get_attribute("data-id")

    # The organiser (a moderator too) opens the page, sees the text and saves a change when leaving the field.
    second = staff_page(browser, live_server, notes_forum["org_email"])
    second.goto(url)
    theirs = general_entry(second, sid)
    expect(theirs.locator("textarea")).to_have_value("Moderator membuka sesi.")
    theirs.locator("textarea").fill("Moderator membuka sesi pukul 09.05.")
    second.locator("body").click()  # blur: saved at once
    expect(theirs.locator("[data-state]")).to_contain_text("Saved ")

    # The first moderator, still on the old version, types on: the last write wins and theirs is shown.
    entry.locator("textarea").fill("Moderator membuka sesi dan membacakan tata tertib.")
    entry.locator("textarea").blur()
    warning = entry.locator("[data-overwritten]")
    expect(warning).to_be_visible()
    expect(warning.locator("textarea[data-their=text]")).to_have_value("Moderator membuka sesi pukul 09.05.")

    # The connection drops while the speaker's gist is typed; the page is closed before it comes back.
    speaker_entry = first.locator(f"#session-{sid} form[data-speaker='{notes_forum['speaker']}']")
    first.context.set_offline(True)
    speaker_entry.locator("textarea").fill("Pagu indikatif naik 5 persen.")
    speaker_entry.locator("textarea").blur()
    expect(speaker_entry.locator("[data-state]")).to_contain_text("no connection")
    first.context.set_offline(False)
    first.close()  # a beforeunload retry may or may not reach the server: the browser's copy must do
    again = first.context.new_page()
    again.goto(url)
    restored = again.locator(f"#session-{sid} form[data-speaker='{notes_forum['speaker']}']").first
    expect(restored.locator("textarea")).to_have_value("Pagu indikatif naik 5 persen.")
    expect(restored.locator("[data-state]")).to_contain_text("Saved ", timeout=10_000)

    # Answering the participant's question in place, and a question from the floor.
    answer = again.locator(f"[data-question='{notes_forum['question']}'] form")
    answer.locator("textarea[name=answer]").fill("Tahun anggaran 2023.")
    answer.locator("input[name=answered_by]").fill("Kepala Bappeda")
    answer.locator("input[name=answered_by]").blur()
    expect(answer.locator("[data-state]")).to_contain_text("Saved ")
    again.locator(f"#session-{sid} [data-add-floor]").click()
    floor = again.locator(f"#session-{sid} [data-floor-question] form").last
    floor.locator("input[name=asker_name]").fill("Hendrikus Nyangun")
    floor.locator("input[name=asker_agency]").fill("Kecamatan Sajingan Besar")
    floor.locator("textarea[name=question]").fill("Apakah PLBN Aruk masuk prioritas?")
    floor.locator("textarea[name=answer]").fill("Ya.")
    floor.locator("textarea[name=answer]").blur()
    expect(floor.locator("[data-state]")).to_contain_text("Saved ")
    again.locator("#conclusions textarea").fill("Renja disesuaikan dengan pagu.")
    again.locator("#conclusions textarea").blur()
    expect(again.locator("#conclusions [data-state]")).to_contain_text("Saved ")

    # What the server holds: the document says it all.
    pdf = requests.get(f"{live_server.url}/api/v1/events/{notes_forum['slug']}/exports/notes.docx?lang=en",
                       headers=notes_forum["org"], timeout=30)
    assert pdf.status_code == 200
    from io import BytesIO

    from docx import Document
    text = "\n".join(p.text for p in Document(BytesIO(pdf.content)).paragraphs)
    for expected in ("Moderator membuka sesi dan membacakan tata tertib.", "Pagu indikatif naik 5 persen.",
                     "Agus Santoso", "Tahun anggaran 2023.", "Hendrikus Nyangun", "Apakah PLBN Aruk",
                     "Renja disesuaikan dengan pagu."):
        assert expected in text, expected
    second.context.close()
    again.context.close()
