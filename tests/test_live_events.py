"""The live forum's news goes out from the domain events after the action's commit: one agenda per action
however many sessions it moved, the materials a start published after it, nothing for a refused action,
and the same news whether the page or the API did it."""
import pytest

from tests.conftest import login
from tests.test_agenda_api import PDF, connect, new_session, upload

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(app, make, backend):
    slug = make.event()
    return {"slug": slug, "make": make, "org": make.headers("organiser"), "mod": make.headers("moderator")}


def names(sio, *wanted):
    return [r["name"] for r in sio.get_received("/live") if r["name"] in wanted]


def test_the_next_session_sends_one_agenda_then_the_materials_starting_it_published(app, client, forum):
    first, second = new_session(client, forum), new_session(client, forum, title="Diskusi kelompok")
    client.post(f"/api/v1/events/{forum['slug']}/sessions/{first['id']}/state", json={"state": "live"},
                headers=forum["mod"])
    material = upload(client, forum, second["id"], PDF, publish_on_start="true").json
    viewer = connect(app, forum["slug"])
    moved_on = client.post(f"/api/v1/events/{forum['slug']}/agenda/next", headers=forum["mod"])
    assert moved_on.json["started_session_id"] == second["id"]
    received = [(r["name"], r["args"][0]) for r in viewer.get_received("/live") if r["name"] in ("agenda", "material")]
    assert [name for name, _ in received] == ["agenda", "material"]  # ending the first and starting the second: one
    assert received[0][1]["current_session_id"] == second["id"]
    assert received[1][1]["material"]["id"] == material["id"]


def test_an_unpublished_upload_reaches_the_moderators_only_and_everyone_gets_the_agenda(app, client, forum):
    session = new_session(client, forum)
    moderators = connect(app, forum["slug"], forum["mod"]["Authorization"][7:])
    audience = connect(app, forum["slug"])
    assert upload(client, forum, session["id"], PDF).status_code == 201
    assert names(moderators, "material", "agenda") == ["material", "agenda"]
    assert names(audience, "material", "agenda") == ["agenda"]


def test_a_refused_action_sends_nothing(app, client, forum):
    session = new_session(client, forum)
    viewer = connect(app, forum["slug"])
    refused = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/state", json={"state": "over"},
                          headers=forum["mod"])
    assert refused.status_code == 422
    assert names(viewer, "agenda", "material") == []


def test_the_control_panel_and_the_api_send_the_same_news(app, client, forum):
    session = new_session(client, forum)
    viewer = connect(app, forum["slug"])
    client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/state", json={"state": "live"},
                headers=forum["mod"])
    by_api = names(viewer, "agenda", "material", "announcement")
    client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/state", json={"state": "scheduled"},
                headers=forum["mod"])
    viewer.get_received("/live")
    login(client, app, "moderator")
    page = client.post(f"/admin/{forum['slug']}/control/sessions/{session['id']}/state",
                       data={"state": "live"})
    assert page.status_code == 303
    assert names(viewer, "agenda", "material", "announcement") == by_api == ["agenda"]
