"""The moderation board, the facilitator's entry, an input's page and the minutes page: who may open
them, what they show (the overlap flag above all), and their forms, which work without JavaScript."""
import re

import pytest
from sqlalchemy import select

from forum.extensions import db, socketio
from forum.models import Input, InputHistory

from .conftest import login

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(app, client, make, backend):
    slug = make.event()
    mod = make.headers("moderator")
    session = client.post(f"/api/v1/events/{slug}/sessions", headers=make.headers("organiser"), json={
        "title": "Diskusi dan masukan", "starts_at": "2021-02-25T13:00", "ends_at": "2021-02-25T15:00"}).json
    client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/state", json={"state": "live", "input_open": True},
                headers=mod)
    pupr = make.participant(slug, name="Agus Santoso", agency="Dinas PUPR")
    dpmd = make.participant(slug, name="Maria Siregar", agency="DPMD")
    return {"slug": slug, "session": session, "mod": mod, "pupr": pupr, "dpmd": dpmd, "make": make}


def submit(client, forum, person, **body):
    data = {"kind": "proposal", "title": "Pembangunan jalan desa Sebunga", "activity": "Pembangunan jalan desa",
            "budget": "1,5 M", "target": "5 km",
            "location": {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}, **body}
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/inputs", json=data,
                           headers={"Authorization": f"Bearer {person['access_token']}"})
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def overlap(client, forum):
    """Dinas PUPR and DPMD propose the same road in Sebunga."""
    road = submit(client, forum, forum["pupr"])
    poros = submit(client, forum, forum["dpmd"], title="Peningkatan jalan poros desa Sebunga",
                   activity="Peningkatan jalan poros desa", budget="750 jt")
    flagged = forum_input(client, forum, poros["id"])  # (DPMD's own answer does not name PUPR's hidden input)
    assert [o["input_id"] for o in flagged["overlaps"]] == [road["id"]]
    return road, poros


def forum_input(client, forum, input_id) -> dict:
    """An input as the moderators read it."""
    return client.get(f"/api/v1/events/{forum['slug']}/inputs/{input_id}", headers=forum["mod"]).json


def get(app, input_id) -> dict:
    with app.app_context():
        item = db.session.get(Input, input_id)
        return {"status": item.status, "note": item.note, "pinned": item.pinned, "answered": item.answered,
                "merged_into": item.merged_into_id, "title": item.title, "budget": item.budget,
                "village": item.village, "history": [(h.action, h.changes) for h in item.history]}


def card(html: str, input_id: int) -> str:
    return re.search(rf'<article[^>]*data-input="{input_id}".*?</article>', html, re.S).group(0)


def column(html: str, status: str) -> str:
    return re.search(rf'data-column="{status}">.*?</section>', html, re.S).group(0)


# --- who may open what ---------------------------------------------------------------------------------

PAGES = ["/admin/{slug}/board", "/admin/{slug}/board?view=questions", "/admin/{slug}/inputs/new",
         "/admin/{slug}/minutes", "/admin/{slug}/board/cards?ids=1"]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, forum, page):
    response = client.get(page.format(slug=forum["slug"]))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_door_staff_may_not_moderate(app, client, forum, page):
    login(client, app, "checkin")
    assert client.get(page.format(slug=forum["slug"])).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_moderators_open_every_page(app, client, forum, overlap, page):
    login(client, app, "moderator")
    assert client.get(page.format(slug=forum["slug"])).status_code == 200


def test_a_participants_personal_link_is_no_staff_login(client, forum, overlap):
    client.get(f"/p/{forum['pupr']['access_token']}")
    response = client.get(f"/admin/{forum['slug']}/board")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_moderators_read_the_minutes_but_only_organisers_change_or_finalise_them(app, client, forum):
    login(client, app, "moderator")
    html = client.get(f"/admin/{forum['slug']}/minutes").get_data(as_text=True)
    assert re.search(r'<input disabled id="chair"', html) and "/minutes/finalise" not in html
    assert "exports/minutes.pdf" not in html  # exports are for organisers
    assert client.post(f"/admin/{forum['slug']}/minutes", data={"chair": "X"}).status_code == 403
    assert client.get(f"/admin/{forum['slug']}/minutes/finalise").status_code == 403
    assert client.post(f"/admin/{forum['slug']}/minutes/finalise").status_code == 403


def test_the_forum_navigation_links_the_board(app, client, forum):
    login(client, app, "moderator")
    html = client.get(f"/admin/{forum['slug']}/control").get_data(as_text=True)
    assert f'href="/admin/{forum["slug"]}/board"' in html


# --- the board -------------------------------------------------------------------------------------------

def test_the_board_shows_both_cards_with_the_overlap_flag(app, client, forum, overlap):
    road, poros = overlap
    login(client, app, "moderator")
    html = client.get(f"/admin/{forum['slug']}/board").get_data(as_text=True)
    submitted = column(html, "submitted")
    flag = card(submitted, poros["id"])
    assert "DPMD" in flag and "Maria Siregar" in flag and "Peningkatan jalan poros desa Sebunga" in flag
    assert "Sebunga, Sajingan Besar, Kabupaten Sambas" in flag and "Rp 750,000,000" in flag
    overlap_note = re.search(rf'data-overlap="{road["id"]}">.*?</div>', flag, re.S).group(0)
    assert f"Overlaps with #{road['id']} (Dinas PUPR)" in overlap_note
    assert "Same village: Sebunga" in overlap_note and re.search(r"score 0\.\d\d", overlap_note)
    assert f'value="merge" data-merge-into="{road["id"]}"' in overlap_note and "Not the same" in overlap_note
    assert f"Overlaps with #{poros['id']} (DPMD)" in card(submitted, road["id"])  # both cards are flagged


def test_the_board_filters_by_kind_agency_regency_and_session(app, client, forum, overlap):
    road, poros = overlap
    question = submit(client, forum, forum["dpmd"], kind="question", title="Kapan PLBN Aruk diperluas?",
                      location=None, budget=None)
    water = submit(client, forum, forum["dpmd"], title="SPAM Desa Temajuk", activity="Sarana air minum",
                   location={"regency": "Sambas", "district": "Paloh", "village": "Temajuk"})
    login(client, app, "moderator")
    board = f"/admin/{forum['slug']}/board"

    def shown(query):
        html = client.get(f"{board}?{query}").get_data(as_text=True)
        return {int(i) for i in re.findall(r'<article[^>]*data-input="(\d+)"', html)}

    assert shown("kind=question") == {question["id"]}
    assert shown(f"agency={poros['agency']['id']}") == {poros["id"], question["id"], water["id"]}
    assert shown("regency=Kabupaten+Sambas") == {road["id"], poros["id"], water["id"]}
    assert shown(f"session={forum['session']['id']}") == {road["id"], poros["id"], question["id"], water["id"]}
    assert shown(f"session={forum['session']['id'] + 100}") == set()
    assert shown("view=questions") == {question["id"]}


def test_sorting_by_supports_puts_the_most_supported_first(app, client, forum, overlap, make):
    road, poros = overlap
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{poros['id']}", json={"status": "accepted"},
                 headers=forum["mod"])
    for agency in ("Bappeda", "BPBD"):
        person = make.participant(forum["slug"], agency=agency)
        client.post(f"/api/v1/events/{forum['slug']}/inputs/{poros['id']}/support",
                    headers={"Authorization": f"Bearer {person['access_token']}"})
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{road['id']}", json={"status": "accepted"},
                 headers=forum["mod"])
    login(client, app, "moderator")
    by_time = column(client.get(f"/admin/{forum['slug']}/board").get_data(as_text=True), "accepted")
    by_support = column(client.get(f"/admin/{forum['slug']}/board?sort=supports").get_data(as_text=True), "accepted")
    order = lambda html: [int(i) for i in re.findall(r'<article[^>]*data-input="(\d+)"', html)]  # noqa: E731
    assert order(by_time) == [road["id"], poros["id"]] and order(by_support) == [poros["id"], road["id"]]
    assert "2 supports" in card(by_support, poros["id"])


def test_the_cards_endpoint_returns_only_the_asked_cards_that_match_the_filters(app, client, forum, overlap):
    road, poros = overlap
    login(client, app, "moderator")
    html = client.get(f"/admin/{forum['slug']}/board/cards?ids={road['id']},{poros['id']}"
                      f"&agency={poros['agency']['id']}").get_data(as_text=True)
    assert re.findall(r'<article[^>]*data-input="(\d+)"', html) == [str(poros["id"])]
    assert 'data-place="submitted"' in html


def decide(client, forum, input_id, back="", **form):
    return client.post(f"/admin/{forum['slug']}/board/inputs/{input_id}", data={"back": back, **form})


def test_accept_from_the_board_keeps_the_filters_and_goes_back_to_the_card(app, client, forum, overlap):
    road, _poros = overlap
    login(client, app, "moderator")
    response = decide(client, forum, road["id"], back="kind=proposal&sort=supports&evil=1", action="accept")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"/admin/{forum['slug']}/board?kind=proposal&sort=supports#input-{road['id']}")
    assert get(app, road["id"])["status"] == "accepted"
    html = client.get(f"/admin/{forum['slug']}/board").get_data(as_text=True)
    assert f'data-input="{road["id"]}"' in column(html, "accepted")


def test_a_decision_on_the_board_goes_out_as_an_input_event(app, client, forum, overlap):
    road, _poros = overlap
    connect = lambda auth: socketio.test_client(app, namespace="/live", auth=auth)  # noqa: E731
    moderators = connect({"event": forum["slug"], "token": forum["mod"]["Authorization"][7:]})
    audience = connect({"event": forum["slug"]})
    for conn in (moderators, audience):
        conn.get_received("/live")
    login(client, app, "moderator")
    decide(client, forum, road["id"], action="discuss")
    decide(client, forum, road["id"], action="accept")

    def statuses(conn):
        return [e["args"][0]["input"]["status"] for e in conn.get_received("/live") if e["name"] == "input"]

    assert statuses(moderators) == ["discussed", "accepted"]
    assert statuses(audience) == ["accepted"]  # the public hears of accepted (or pinned) inputs only
    for conn in (moderators, audience):
        conn.disconnect(namespace="/live")


def test_a_rejection_needs_a_reason(app, client, forum, overlap):
    road, _poros = overlap
    login(client, app, "moderator")
    response = decide(client, forum, road["id"], action="reject", note="  ")
    assert response.status_code == 303 and get(app, road["id"])["status"] == "submitted"
    assert "Give the reason for rejecting." in client.get(response.headers["Location"]).get_data(as_text=True)
    decide(client, forum, road["id"], action="reject", note="Sudah dianggarkan Kabupaten Sambas")
    assert get(app, road["id"])["status"] == "rejected"
    assert get(app, road["id"])["note"] == "Sudah dianggarkan Kabupaten Sambas"


def test_defer_pin_and_back_to_the_queue(app, client, forum, overlap):
    road, _poros = overlap
    login(client, app, "moderator")
    decide(client, forum, road["id"], action="defer")
    decide(client, forum, road["id"], action="pin")
    assert (get(app, road["id"])["status"], get(app, road["id"])["pinned"]) == ("deferred", True)
    html = client.get(f"/admin/{forum['slug']}/board").get_data(as_text=True)
    assert "On the projector" in card(column(html, "deferred"), road["id"])
    decide(client, forum, road["id"], action="unpin")
    decide(client, forum, road["id"], action="reopen")
    assert (get(app, road["id"])["status"], get(app, road["id"])["pinned"]) == ("submitted", False)


def test_an_unknown_action_is_a_bad_request(app, client, forum, overlap):
    login(client, app, "moderator")
    assert decide(client, forum, overlap[0]["id"], action="delete").status_code == 400


def test_merge_from_the_overlap_flag_keeps_the_agency_as_co_proposer(app, client, forum, overlap):
    road, poros = overlap
    login(client, app, "moderator")
    decide(client, forum, poros["id"], action="merge", merged_into=str(road["id"]))
    assert get(app, poros["id"])["status"] == "merged" and get(app, poros["id"])["merged_into"] == road["id"]
    html = client.get(f"/admin/{forum['slug']}/board").get_data(as_text=True)
    assert "co-proposers: DPMD" in card(html, road["id"])
    assert f"Merged into #{road['id']} (Dinas PUPR)" in card(column(html, "merged"), poros["id"])


def test_not_the_same_removes_the_flag_for_good(app, client, forum, overlap):
    road, poros = overlap
    login(client, app, "moderator")
    response = client.post(f"/admin/{forum['slug']}/board/inputs/{poros['id']}/overlaps/{road['id']}/dismiss",
                           data={"back": ""})
    assert response.status_code == 303
    html = client.get(f"/admin/{forum['slug']}/board").get_data(as_text=True)
    assert "data-overlap" not in html
    assert ("overlap_dismissed", {"other": road["id"]}) in get(app, poros["id"])["history"]


def test_questions_are_listed_by_votes_and_marked_answered(app, client, forum, make):
    first = submit(client, forum, forum["dpmd"], kind="question", title="Kapan PLBN Aruk diperluas?")
    popular = submit(client, forum, forum["pupr"], kind="question", title="Berapa anggaran jalan paralel?")
    for item in (first, popular):
        client.patch(f"/api/v1/events/{forum['slug']}/inputs/{item['id']}", json={"status": "accepted"},
                     headers=forum["mod"])
    for _ in range(2):
        voter = make.participant(forum["slug"], agency="Bappeda")
        client.post(f"/api/v1/events/{forum['slug']}/inputs/{popular['id']}/vote",
                    headers={"Authorization": f"Bearer {voter['access_token']}"})
    login(client, app, "moderator")
    html = client.get(f"/admin/{forum['slug']}/board?view=questions").get_data(as_text=True)
    assert re.findall(r'<article[^>]*data-input="(\d+)"', html) == [str(popular["id"]), str(first["id"])]
    assert "2 votes" in card(html, popular["id"])
    decide(client, forum, popular["id"], back="view=questions", action="pin")
    response = decide(client, forum, popular["id"], back="view=questions", action="answered")
    assert response.headers["Location"].endswith(f"?view=questions#input-{popular['id']}")
    assert (get(app, popular["id"])["pinned"], get(app, popular["id"])["answered"]) == (True, True)
    assert "Answered" in card(client.get(f"/admin/{forum['slug']}/board?view=questions").get_data(as_text=True),
                              popular["id"])


# --- an input's page: history, accept with changes, merge ----------------------------------------------------

def test_accept_with_changes_keeps_the_edit_in_the_history(app, client, forum, overlap):
    road, _poros = overlap
    login(client, app, "moderator")
    page = client.get(f"/admin/{forum['slug']}/inputs/{road['id']}").get_data(as_text=True)
    assert 'value="Rp 1,500,000,000"' in page and "submitted" in page
    response = client.post(f"/admin/{forum['slug']}/inputs/{road['id']}", data={
        "title": "Pembangunan jalan desa Sebunga (tahap I)", "program": "", "activity": "Pembangunan jalan desa",
        "sub_activity": "", "target": "5 km", "budget": "1,2 M", "regency": "Kabupaten Sambas",
        "district": "Sajingan Besar", "village": "Sebunga", "location_detail": "", "body": "",
        "note": "Disepakati dengan pengurangan volume", "back": "", "return": "input"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/inputs/{road['id']}")
    after = get(app, road["id"])
    assert (after["status"], after["title"], after["budget"]) == (
        "accepted", "Pembangunan jalan desa Sebunga (tahap I)", 1_200_000_000)
    action, changes = after["history"][-1]
    assert action == "accepted_with_changes"
    assert changes["budget"] == [1_500_000_000, 1_200_000_000] and "village" not in changes
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    history = re.search(r"<section class=\"card\" data-history>.*?</section>", page, re.S).group(0)
    assert "accepted with changes" in history and "Staff moderator" in history and "1200000000" in history


def test_accept_with_changes_refuses_a_place_outside_the_region_list(app, client, forum, overlap):
    road, _poros = overlap
    login(client, app, "moderator")
    response = client.post(f"/admin/{forum['slug']}/inputs/{road['id']}", data={
        "title": road["title"], "regency": "Kabupaten Sambas", "district": "Sajingan Besar", "village": "Atlantis"})
    assert response.status_code == 422
    assert "Atlantis" in re.search(r'<p class="field-error">[^<]+</p>', response.get_data(as_text=True)).group(0)
    assert get(app, road["id"])["status"] == "submitted"


def test_merge_from_the_input_page(app, client, forum, overlap):
    road, poros = overlap
    login(client, app, "moderator")
    page = client.get(f"/admin/{forum['slug']}/inputs/{road['id']}").get_data(as_text=True)
    assert re.search(rf'<option value="{poros["id"]}">#{poros["id"]} DPMD: ', page)  # the overlap partner is offered
    response = decide(client, forum, road["id"], action="merge", merged_into=f"#{poros['id']}", **{"return": "input"})
    assert response.headers["Location"].endswith(f"/admin/{forum['slug']}/inputs/{road['id']}")
    assert get(app, road["id"])["merged_into"] == poros["id"]


# --- the facilitator's entry -----------------------------------------------------------------------------------

def entry_form(forum, **fields):
    return {"session_id": str(forum["session"]["id"]), "client_id": "desk-1", "kind": "proposal",
            "title": "Rehabilitasi Puskesmas Pembantu Sebunga", "activity": "Rehabilitasi pustu",
            "regency": "Kabupaten Sambas", "district": "Sajingan Besar", "village": "Sebunga", "budget": "450 jt",
            **fields}


def test_a_facilitator_enters_input_on_behalf_of_a_participant(app, client, forum):
    user_id = login(client, app, "moderator")
    page = client.get(f"/admin/{forum['slug']}/inputs/new").get_data(as_text=True)
    assert f'<option value="{forum["pupr"]["id"]}">Agus Santoso — Dinas PUPR</option>' in page
    assert f'<option selected value="{forum["session"]["id"]}">' in page  # the session taking input
    response = client.post(f"/admin/{forum['slug']}/inputs/new",
                           data=entry_form(forum, participant_id=str(forum["pupr"]["id"])))
    assert response.status_code == 303
    with app.app_context():
        item = db.session.scalar(select(Input))
        assert (item.participant_id, item.agency.name, item.entered_by_user_id, item.budget) == (
            forum["pupr"]["id"], "Dinas PUPR", user_id, 450_000_000)
        assert db.session.scalar(select(InputHistory.action)) == "submitted"
    assert "Saved as #" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_facilitator_enters_input_on_behalf_of_an_agency_into_the_same_queue(app, client, forum):
    login(client, app, "moderator")
    client.post(f"/admin/{forum['slug']}/inputs/new", data=entry_form(forum, agency="Pemerintah Desa Sebunga"))
    html = client.get(f"/admin/{forum['slug']}/board").get_data(as_text=True)
    assert "Pemerintah Desa Sebunga" in column(html, "submitted")


def test_the_facilitator_must_say_whom_the_input_comes_from(app, client, forum):
    login(client, app, "moderator")
    response = client.post(f"/admin/{forum['slug']}/inputs/new", data=entry_form(forum))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'data-error-for="agency"[^>]*>Name the participant or the agency', html)
    assert 'value="Rehabilitasi Puskesmas Pembantu Sebunga"' in html  # what was typed stays


def test_the_participant_search_narrows_the_list(app, client, forum):
    login(client, app, "moderator")
    page = client.get(f"/admin/{forum['slug']}/inputs/new?q=siregar").get_data(as_text=True)
    assert "Maria Siregar" in page and "Agus Santoso" not in page


# --- the minutes -------------------------------------------------------------------------------------------------

def test_the_minutes_page_saves_details_and_finalises_after_a_confirmation(app, client, forum, overlap):
    road, poros = overlap
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{road['id']}", json={"status": "accepted"},
                 headers=forum["mod"])
    client.patch(f"/api/v1/events/{forum['slug']}/inputs/{poros['id']}",
                 json={"status": "rejected", "note": "Tumpang tindih dengan Dinas PUPR"}, headers=forum["mod"])
    login(client, app, "organiser")
    url = f"/admin/{forum['slug']}/minutes"
    page = client.get(url).get_data(as_text=True)
    assert f"/events/{forum['slug']}/exports/minutes.pdf" in page
    assert f"/events/{forum['slug']}/exports/inputs.csv" in page and "inputs.xlsx" in page
    assert re.search(rf'data-agreed="{road["id"]}">.*?Rp 1,500,000,000.*?Dinas PUPR', page, re.S)
    assert re.search(rf'data-declined="{poros["id"]}">.*?Tumpang tindih dengan Dinas PUPR', page, re.S)

    response = client.post(url, data={"number": "050/123/BPPD-2021", "chair": "Drs. Yosef Ngadi",
                                      "chair_position": "Kepala BPPD", "points": "Program disinkronkan\n\nKEDUA"})
    assert response.status_code == 303
    confirm = client.get(f"{url}/finalise").get_data(as_text=True)
    assert "Finalise the minutes?" in confirm and "1 proposals agreed, 1 not agreed" in confirm
    response = client.post(f"{url}/finalise")
    assert response.status_code == 303
    final = client.get(url).get_data(as_text=True)
    assert 'data-minutes-state="final"' in final and 'data-verified="yes"' in final
    assert re.search(r"<code class=\"hash\" data-hash>[0-9a-f]{64}</code>", final)
    assert 'value="Drs. Yosef Ngadi"' in final and re.search(r'<input disabled id="chair"', final)


def test_after_finalising_the_board_locks_decisions_but_not_the_projector(app, client, forum, overlap):
    road, _poros = overlap
    login(client, app, "organiser")
    client.post(f"/admin/{forum['slug']}/minutes/finalise")
    html = client.get(f"/admin/{forum['slug']}/board").get_data(as_text=True)
    road_card = card(html, road["id"])
    assert re.search(r'value="accept" data-key="a" disabled>', road_card)
    assert re.search(r'value="merge" data-merge-into="\d+" disabled>', road_card)
    assert re.search(r'value="pin" data-key="p">', road_card)  # pinning still works
    response = decide(client, forum, road["id"], action="accept")
    assert get(app, road["id"])["status"] == "submitted"
    assert "decisions can no longer change" in client.get(response.headers["Location"]).get_data(as_text=True)
    decide(client, forum, road["id"], action="pin")
    assert get(app, road["id"])["pinned"] is True


def test_a_change_behind_the_apps_back_shows_on_the_minutes_page(app, client, forum, overlap):
    login(client, app, "organiser")
    client.post(f"/admin/{forum['slug']}/minutes/finalise")
    with app.app_context():
        db.session.get(Input, overlap[0]["id"]).budget = 9_000_000_000
        db.session.commit()
    assert 'data-verified="no"' in client.get(f"/admin/{forum['slug']}/minutes").get_data(as_text=True)
