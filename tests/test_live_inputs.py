"""Agency input on the live page without JavaScript (the form posts to the server), support and upvotes,
and the projector's input region rendered by the server."""
import re

import pytest
from sqlalchemy import func, select

from forum.extensions import db, socketio
from forum.models import Input, InputSupport

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
    return {"slug": slug, "session": session, "mod": mod, "pupr": pupr, "dpmd": dpmd}


def as_(person):
    return {"Authorization": f"Bearer {person['access_token']}"}


def open_link(client, person):
    """What the personal link does: this browser acts for that participant from now on (after saying yes to
    the question when it acted for someone else)."""
    page = client.get(f"/p/{person['access_token']}")
    assert page.status_code == 200
    if f"/p/{person['access_token']}/use" in page.text:
        assert client.post(f"/p/{person['access_token']}/use").status_code == 303


def proposal_form(forum, **fields):
    return {"session_id": str(forum["session"]["id"]), "client_id": "form-1", "kind": "proposal",
            "title": "Pembangunan jalan desa Sebunga", "program": "Penyelenggaraan jalan",
            "activity": "Pembangunan jalan desa", "regency": "Kabupaten Sambas", "district": "Sajingan Besar",
            "village": "Sebunga", "location_detail": "Dusun Aruk", "volume": "5", "unit": "km", "budget": "1,5 M",
            "priority": "high", "origin": "musrenbang", "body": "Akses ke PLBN Aruk", **fields}


def submit_url(forum):
    return f"/events/{forum['slug']}/live/inputs"


def stored(app):
    """The inputs in the database (loaded with their agency)."""
    with app.app_context():
        items = list(db.session.scalars(select(Input).order_by(Input.id)))
        for item in items:
            _ = item.agency
        db.session.expunge_all()
        return items


def api_submit(client, forum, person, **body):
    data = {"kind": "proposal", "title": "Jalan desa Sebunga", "activity": "Pembangunan jalan desa", "budget": "2 M",
            "location": {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}, **body}
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/inputs", json=data,
                           headers=as_(person))
    assert response.status_code == 201, response.json
    return response.json


def decide(client, forum, item, **body):
    response = client.patch(f"/api/v1/events/{forum['slug']}/inputs/{item['id']}", json=body, headers=forum["mod"])
    assert response.status_code == 200, response.json
    return response.json


# --- the form on the live page -----------------------------------------------------------------------

def test_the_live_page_shows_the_form_for_the_running_session_when_input_is_open(client, forum):
    open_link(client, forum["pupr"])
    html = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    form = re.search(r"<form[^>]*data-input-form[^>]*>", html).group(0)
    assert "hidden" not in form and f'action="{submit_url(forum)}"' in form
    assert f'name="session_id" type="hidden" value="{forum["session"]["id"]}"' in html
    assert 'value="Kabupaten Sambas"' in html  # the regency picker, from the region list
    assert re.search(r'<p class="muted" data-input-closed hidden>', html)


def test_when_input_is_closed_the_live_page_says_so(client, forum):
    client.post(f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/state",
                json={"input_open": False}, headers=forum["mod"])
    open_link(client, forum["pupr"])
    html = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    assert re.search(r"<form[^>]*data-input-form[^>]*hidden>", html)
    assert re.search(r'<p class="muted" data-input-closed>', html)


def test_a_proposal_sent_without_javascript_is_stored_then_the_page_says_sent(app, client, forum):
    open_link(client, forum["pupr"])
    response = client.post(submit_url(forum), data=proposal_form(forum))
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"/events/{forum['slug']}/live#my-inputs")
    [item] = stored(app)
    assert (item.kind, item.title, item.regency, item.district, item.village) == (
        "proposal", "Pembangunan jalan desa Sebunga", "Kabupaten Sambas", "Sajingan Besar", "Sebunga")
    assert (item.budget, item.target, item.priority, item.origin, item.location_detail) == (
        1_500_000_000, "5 km", "high", "musrenbang", "Dusun Aruk")
    assert item.agency.name == "Dinas PUPR" and item.client_id == "form-1"
    page = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    assert "Sent: “Pembangunan jalan desa Sebunga”" in page
    own = page[page.index('id="my-inputs"'):]
    assert f'data-own-input="{item.id}"' in own and "status-submitted" in own


def test_sending_the_same_form_twice_stores_one_input(app, client, forum):
    open_link(client, forum["pupr"])
    client.post(submit_url(forum), data=proposal_form(forum))
    assert client.post(submit_url(forum), data=proposal_form(forum)).status_code == 303
    assert len(stored(app)) == 1


def test_a_comment_leaves_the_proposal_fields_out(app, client, forum):
    open_link(client, forum["dpmd"])
    client.post(submit_url(forum), data=proposal_form(forum, kind="comment", title="Perlu data desa tertinggal",
                                                      budget="not a number"))
    [item] = stored(app)
    assert item.kind == "comment" and item.budget is None and item.regency == "" and item.activity == ""


def test_field_errors_are_shown_next_to_their_fields_and_the_typed_values_kept(app, client, forum):
    open_link(client, forum["pupr"])
    response = client.post(submit_url(forum), data=proposal_form(forum, budget="satu juta", village="Atlantis"))
    assert response.status_code == 422 and stored(app) == []
    html = response.get_data(as_text=True)
    budget = re.search(r'data-field="budget">.*?</div>', html, re.S).group(0)
    assert 'value="satu juta"' in budget and re.search(r'data-error-for="budget"[^>]*>[^<]+</p>', budget)
    village = re.search(r'data-field="location.village">.*?</div>', html, re.S).group(0)
    assert 'aria-invalid="true"' in village and "Atlantis" in village
    assert re.search(r'data-error-for="location.village"[^>]*>[^<]*Atlantis[^<]*</p>', village)
    assert re.search(r'data-error-for="title"[^>]*hidden>', html)  # the title was fine


@pytest.mark.parametrize("cost", ["-5", "1e99"])
def test_impossible_costs_are_field_errors(app, client, forum, cost):
    open_link(client, forum["pupr"])
    response = client.post(submit_url(forum), data=proposal_form(forum, budget=cost))
    assert response.status_code == 422 and stored(app) == []
    assert re.search(r'data-error-for="budget"[^>]*>[^<]+</p>', response.get_data(as_text=True))


def test_sending_to_a_closed_session_says_input_is_closed(app, client, forum):
    open_link(client, forum["pupr"])
    client.post(f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/state",
                json={"input_open": False}, headers=forum["mod"])
    response = client.post(submit_url(forum), data=proposal_form(forum))
    assert response.status_code == 409 and stored(app) == []
    assert re.search(r'data-error-for=""[^>]*>Input for this session is closed.</p>', response.get_data(as_text=True))


def test_without_a_personal_link_the_form_sends_nobody_anywhere(app, client, forum):
    response = client.post(submit_url(forum), data=proposal_form(forum))
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/events/{forum['slug']}/live")
    assert stored(app) == []


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_form_needs_its_csrf_token(app, client, forum):
    open_link(client, forum["pupr"])
    assert client.post(submit_url(forum), data=proposal_form(forum)).status_code == 400
    page = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(submit_url(forum), data={**proposal_form(forum), "csrf_token": token}).status_code == 303
    assert len(stored(app)) == 1


def test_a_submission_reaches_the_moderators_connection(app, client, forum):
    moderator = socketio.test_client(app, namespace="/live", auth={"event": forum["slug"],
                                                                    "token": forum["mod"]["Authorization"][7:]})
    moderator.get_received("/live")
    open_link(client, forum["pupr"])
    client.post(submit_url(forum), data=proposal_form(forum))
    events = [e for e in moderator.get_received("/live") if e["name"] == "input"]
    assert [e["args"][0]["input"]["title"] for e in events] == ["Pembangunan jalan desa Sebunga"]
    moderator.disconnect(namespace="/live")


def test_the_audience_is_told_when_an_accepted_input_stops_being_public(app, client, forum):
    audience = socketio.test_client(app, namespace="/live", auth={"event": forum["slug"]})
    audience.get_received("/live")
    shown = api_submit(client, forum, forum["pupr"])
    never = api_submit(client, forum, forum["dpmd"], title="Sumur bor desa Sebunga", client_id="other")
    decide(client, forum, shown, status="accepted")
    # never public: the audience hears nothing of it
    decide(client, forum, never, status="rejected", note="Sudah ada di Renja")
    decide(client, forum, shown, status="rejected", note="Bukan kewenangan provinsi")
    received = [(e["name"], e["args"][0]) for e in audience.get_received("/live") if e["name"].startswith("input")]
    assert [name for name, _ in received] == ["input", "input_withdrawn"]
    assert received[0][1]["input"]["id"] == shown["id"]
    assert received[1][1] == {"id": shown["id"]}  # nothing of its content or new status
    # pinned, then unpinned, while rejected: public for a while, then withdrawn again
    decide(client, forum, shown, pinned=True)
    decide(client, forum, shown, pinned=False)
    assert [e["name"] for e in audience.get_received("/live") if e["name"].startswith("input")] == [
        "input", "input_withdrawn"]
    audience.disconnect(namespace="/live")


def test_the_author_hears_every_change_of_their_own_input_and_nothing_of_others(app, client, forum, make):
    author = socketio.test_client(app, namespace="/live", auth={"event": forum["slug"],
                                                                 "token": forum["pupr"]["access_token"]})
    other = socketio.test_client(app, namespace="/live", auth={"event": forum["slug"],
                                                                "token": forum["dpmd"]["access_token"]})
    author.get_received("/live")
    other.get_received("/live")
    mine = api_submit(client, forum, forum["pupr"])
    hidden = api_submit(client, forum, forum["dpmd"], title="Sumur bor desa Sebunga", client_id="other")
    target = api_submit(client, forum, forum["dpmd"], title="Jalan poros desa Sebunga", client_id="target")
    decide(client, forum, mine, status="deferred", note="Menunggu pagu")
    decide(client, forum, mine, status="rejected", note="Sudah ada di Renja Dinas PUPR")
    decide(client, forum, mine, status="merged", merged_into=hidden["id"], note="Sama dengan usulan DPMD")
    decide(client, forum, target, status="accepted")
    decide(client, forum, mine, status="merged", merged_into=target["id"], note="Digabung")

    heard = [e["args"][0]["input"] for e in author.get_received("/live") if e["name"] == "input"]
    own = [i for i in heard if i["id"] == mine["id"]]
    assert [(i["status"], i["note"]) for i in own if i.get("own")][-4:] == [
        ("deferred", "Menunggu pagu"), ("rejected", "Sudah ada di Renja Dinas PUPR"),
        ("merged", "Sama dengan usulan DPMD"), ("merged", "Digabung")]
    merged_hidden, merged_public = own[-2], own[-1]
    assert merged_hidden["merged_into"] == hidden["id"] and merged_hidden["merged_into_title"] is None
    assert merged_public["merged_into"] == target["id"]
    assert merged_public["merged_into_title"] == "Jalan poros desa Sebunga"
    assert {i["id"] for i in heard} <= {mine["id"], target["id"]}  # never the other agency's hidden input
    assert all(i["id"] != mine["id"] for e in other.get_received("/live") if e["name"] == "input"
               for i in [e["args"][0]["input"]])
    author.disconnect(namespace="/live")
    other.disconnect(namespace="/live")


def test_the_live_page_says_into_which_input_one_was_merged(client, forum):
    mine = api_submit(client, forum, forum["pupr"])
    target = api_submit(client, forum, forum["dpmd"], title="Jalan poros desa Sebunga", client_id="target")
    decide(client, forum, target, status="accepted")
    decide(client, forum, mine, status="merged", merged_into=target["id"], note="Sama")
    open_link(client, forum["pupr"])
    page = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    own = page[page.index("data-own"):]
    assert f"Merged into #{target['id']}: “Jalan poros desa Sebunga”" in own


# --- the accepted list, support and upvotes --------------------------------------------------------------

def test_accepted_inputs_of_the_session_are_listed_with_support_buttons(client, forum):
    road = api_submit(client, forum, forum["pupr"])
    pending = api_submit(client, forum, forum["pupr"], title="Belum diputuskan")
    decide(client, forum, road, status="accepted")
    open_link(client, forum["dpmd"])
    html = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    accepted = html[html.index("data-accepted"):]
    item = re.search(rf'<li[^>]*data-input="{road["id"]}".*?</li>', accepted, re.S).group(0)
    assert "Jalan desa Sebunga" in item and "Rp 2,000,000,000" in item and "Dinas PUPR" in item
    assert re.search(r'<button[^>]*data-support aria-pressed="false">', item)  # DPMD may support PUPR's input
    assert f'data-input="{pending["id"]}"' not in accepted


def test_an_agency_supports_once_and_never_its_own_input(app, client, forum, make):
    road = api_submit(client, forum, forum["pupr"])
    decide(client, forum, road, status="accepted")
    colleague = make.participant(forum["slug"], agency="DPMD")
    url = f"/events/{forum['slug']}/live/inputs/{road['id']}/support"
    open_link(client, forum["dpmd"])
    assert client.post(url).status_code == 303
    open_link(client, colleague)
    client.post(url)  # the same agency again
    open_link(client, forum["pupr"])
    client.post(url)  # its own
    with app.app_context():
        assert db.session.scalar(select(func.count(InputSupport.id))) == 1
    page = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    assert "An agency cannot support its own input." in page
    open_link(client, forum["dpmd"])
    item = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    assert re.search(rf'data-input="{road["id"]}".*?<button[^>]*data-support aria-pressed="true">Supported · '
                     r'<span data-count>1</span> · <span class="undo">Withdraw', item, re.S)


def test_a_support_is_withdrawn_by_a_delegate_of_the_agency_without_javascript(app, client, forum, make):
    road = api_submit(client, forum, forum["pupr"], title="Jalan desa Sebunga")
    decide(client, forum, road, status="accepted")
    url = f"/events/{forum['slug']}/live/inputs/{road['id']}/support"
    open_link(client, forum["dpmd"])
    client.post(url)
    page = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    assert f'action="{url}/withdraw"' in page  # the pressed button's form takes it back
    colleague = make.participant(forum["slug"], agency="DPMD")
    open_link(client, colleague)  # the support is the agency's: a colleague may take it back
    assert client.post(f"{url}/withdraw").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(InputSupport.id))) == 0
    page = client.get(f"/events/{forum['slug']}/live").get_data(as_text=True)
    assert "Your agency’s support is withdrawn." in page
    assert re.search(rf'data-input="{road["id"]}".*?<button[^>]*data-support aria-pressed="false">Support · '
                     r'<span data-count>0', page, re.S)


def test_questions_are_upvoted_once_each(client, forum):
    question = api_submit(client, forum, forum["dpmd"], kind="question", title="Kapan PLBN Aruk diperluas?")
    decide(client, forum, question, status="accepted")
    open_link(client, forum["pupr"])
    url = f"/events/{forum['slug']}/live/inputs/{question['id']}/vote"
    client.post(url)
    client.post(url)
    assert client.get(f"/api/v1/events/{forum['slug']}/inputs/{question['id']}", headers=as_(forum["pupr"])
                      ).json["votes"] == 1


def test_votes_and_supports_are_withdrawn_over_the_api(client, forum):
    question = api_submit(client, forum, forum["dpmd"], kind="question", title="Kapan PLBN Aruk diperluas?")
    road = api_submit(client, forum, forum["dpmd"], client_id="road")
    decide(client, forum, question, status="accepted")
    decide(client, forum, road, status="accepted")
    base = f"/api/v1/events/{forum['slug']}/inputs"
    assert client.post(f"{base}/{question['id']}/vote", headers=as_(forum["pupr"])).json["votes"] == 1
    assert client.delete(f"{base}/{question['id']}/vote", headers=as_(forum["pupr"])).json["votes"] == 0
    assert client.delete(f"{base}/{question['id']}/vote", headers=as_(forum["pupr"])).json["votes"] == 0  # again
    assert client.post(f"{base}/{road['id']}/support", headers=as_(forum["pupr"])).json["supports"] == 1
    answer = client.delete(f"{base}/{road['id']}/support", headers=as_(forum["pupr"]))
    assert answer.status_code == 200 and answer.json["supports"] == 0
    assert client.delete(f"{base}/{road['id']}/support").status_code == 401  # nobody's


# --- the projector ----------------------------------------------------------------------------------------

def screen_region(client, forum) -> str:
    html = client.get(f"/events/{forum['slug']}/screen").get_data(as_text=True)
    return re.search(r'<section class="inputs-region"[^>]*>.*?</section>', html, re.S).group(0)


def test_the_projector_region_stays_hidden_while_nothing_is_accepted_or_pinned(client, forum):
    api_submit(client, forum, forum["pupr"])
    region = screen_region(client, forum)
    assert re.search(r"<section[^>]*hidden>", region) and "data-input" not in region


def test_the_projector_shows_pinned_inputs_accepted_proposals_and_selected_questions(client, forum):
    road = api_submit(client, forum, forum["pupr"])
    water = api_submit(client, forum, forum["dpmd"], title="Sarana air bersih Desa Temajuk", activity="SPAM",
                       location={"regency": "Sambas", "district": "Paloh", "village": "Temajuk"}, budget="750 jt")
    rejected = api_submit(client, forum, forum["dpmd"], title="Ditolak saja")
    asked = api_submit(client, forum, forum["dpmd"], kind="question", title="Kapan PLBN Aruk diperluas?")
    answered = api_submit(client, forum, forum["dpmd"], kind="question", title="Sudah dijawab?")
    decide(client, forum, road, status="accepted")
    decide(client, forum, water, pinned=True)
    decide(client, forum, rejected, status="rejected", note="Bukan kewenangan provinsi")
    decide(client, forum, asked, pinned=True)
    decide(client, forum, answered, pinned=True, answered=True)
    region = screen_region(client, forum)
    assert "hidden" not in region.split(">", 1)[0]
    pinned = re.search(r'class="s-group pinned-group">.*?</div>', region, re.S).group(0)
    questions = re.search(r'class="s-group questions-group">.*?</div>', region, re.S).group(0)
    accepted = re.search(r'class="s-group accepted-group">.*?</div>', region, re.S).group(0)
    assert "Sarana air bersih Desa Temajuk" in pinned and "Rp 750,000,000" in pinned
    assert "Kapan PLBN Aruk diperluas?" in questions and "Sudah dijawab?" not in region
    assert "Jalan desa Sebunga" in accepted and "Temajuk, Paloh, Kabupaten Sambas" in pinned
    assert "Ditolak saja" not in region
    fragment = client.get(f"/events/{forum['slug']}/screen/inputs").get_data(as_text=True)
    assert "Jalan desa Sebunga" in fragment and "Kapan PLBN Aruk diperluas?" in fragment
