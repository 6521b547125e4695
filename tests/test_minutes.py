"""Finalising the berita acara locks decisions and keeps a hash that detects later changes."""
import pytest
from sqlalchemy import update

from forum.extensions import db
from forum.models import Input

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(app, client, make, backend):
    slug = make.event()
    org, mod = make.headers("organiser"), make.headers("moderator")
    session = client.post(f"/api/v1/events/{slug}/sessions", headers=org,
                          json={"title": "Diskusi", "starts_at": "2021-02-25T13:00",
                                "ends_at": "2021-02-25T15:00"}).json
    client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/state", json={"input_open": True}, headers=mod)
    person = make.participant(slug, agency="Dinas PUPR")
    item = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/inputs",
                       headers={"Authorization": f"Bearer {person['access_token']}"},
                       json={"kind": "proposal", "title": "Jalan desa Sebunga", "budget": "2 M"}).json
    client.patch(f"/api/v1/events/{slug}/inputs/{item['id']}", json={"status": "accepted"}, headers=mod)
    return {"slug": slug, "org": org, "mod": mod, "item": item, "session": session, "person": person}


def test_minutes_details_then_finalise_locks_decisions(client, forum):
    url = f"/api/v1/events/{forum['slug']}/minutes"
    saved = client.patch(url, json={"number": "050/123/BPPD-2021", "chair": "Drs. Yosef Ngadi",
                                    "points": ["Program disinkronkan", "Usulan ditindaklanjuti"]},
                         headers=forum["org"]).json
    assert saved["points"] == ["Program disinkronkan", "Usulan ditindaklanjuti"] and saved["finalised_at"] is None
    final = client.post(f"{url}/finalise", headers=forum["org"]).json
    assert len(final["content_hash"]) == 64 and final["verified"] is True
    change = client.patch(f"/api/v1/events/{forum['slug']}/inputs/{forum['item']['id']}",
                          json={"status": "rejected", "note": "tidak jadi"}, headers=forum["mod"])
    assert change.status_code == 409 and change.json["error"]["code"] == "minutes_finalised"
    assert client.patch(url, json={"chair": "Someone else"}, headers=forum["org"]).status_code == 409
    assert client.post(f"{url}/finalise", headers=forum["org"]).status_code == 409


def test_pinning_still_works_after_finalising(client, forum):
    client.post(f"/api/v1/events/{forum['slug']}/minutes/finalise", headers=forum["org"])
    response = client.patch(f"/api/v1/events/{forum['slug']}/inputs/{forum['item']['id']}", json={"pinned": True},
                            headers=forum["mod"])
    assert response.status_code == 200 and response.json["pinned"] is True


def test_a_change_behind_the_apps_back_is_detected(app, client, forum):
    client.post(f"/api/v1/events/{forum['slug']}/minutes/finalise", headers=forum["org"])
    with app.app_context():
        db.session.execute(update(Input).values(budget=9_000_000_000))
        db.session.commit()
    assert client.get(f"/api/v1/events/{forum['slug']}/minutes", headers=forum["mod"]).json["verified"] is False


def test_only_organisers_finalise(client, forum):
    assert client.post(f"/api/v1/events/{forum['slug']}/minutes/finalise", headers=forum["mod"]).status_code == 403
