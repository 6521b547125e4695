"""Registration status changes: one table decides them, for the API and the back office alike."""
import pytest

from forum.extensions import db
from forum.models import Participant
from forum.services import registration

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def person(make, backend):
    slug = make.event()
    return {"slug": slug, **make.participant(slug, name="Budi Santoso", agency="Bappeda")}


def patch(client, make, person, status):
    return client.patch(f"/api/v1/events/{person['slug']}/participants/{person['id']}", json={"status": status},
                        headers=make.headers("organiser"))


def scan(client, make, person, code):
    return client.post(f"/api/v1/events/{person['slug']}/checkins", json={"code": code},
                       headers=make.headers("checkin"))


def status_of(app, participant_id) -> str:
    with app.app_context():
        return db.session.get(Participant, participant_id).status


def test_a_revoked_registration_cannot_be_cancelled(client, make, app, person):
    assert patch(client, make, person, "revoked").status_code == 200
    response = patch(client, make, person, "cancelled")
    assert response.status_code == 409
    assert response.json["error"]["code"] == "invalid_transition"
    assert "fields" not in response.json["error"]
    assert status_of(app, person["id"]) == "revoked"


def test_a_revoked_code_never_checks_in_again_whatever_the_organiser_tries(client, make, app, person):
    patch(client, make, person, "revoked")
    patch(client, make, person, "cancelled")  # refused
    restored = patch(client, make, person, "registered")
    assert restored.status_code == 200 and restored.json["status"] == "registered"
    response = scan(client, make, person, person["checkin_code"])
    assert response.status_code == 409 and response.json["error"]["code"] == "revoked"


def test_a_refused_change_changes_nothing_else(client, make, app, person):
    patch(client, make, person, "revoked")
    response = client.patch(f"/api/v1/events/{person['slug']}/participants/{person['id']}",
                            json={"status": "cancelled", "position": "Kepala Dinas"},
                            headers=make.headers("organiser"))
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Participant, person["id"]).position != "Kepala Dinas"


def test_the_refusal_speaks_the_users_language(client, make, person):
    patch(client, make, person, "revoked")
    response = client.patch(f"/api/v1/events/{person['slug']}/participants/{person['id']}?lang=id",
                            json={"status": "cancelled"}, headers=make.headers("organiser"))
    assert "tidak dapat diubah" in response.json["error"]["message"]


def test_the_back_office_offers_no_cancel_for_a_revoked_registration(client, login_as, make, app, person):
    login_as("organiser")
    base = f"/admin/{person['slug']}/participants/{person['id']}"
    assert client.post(f"{base}/revoke").status_code == 302
    page = client.post(f"{base}/cancel", follow_redirects=True)
    assert "cannot be done" in page.get_data(as_text=True)
    assert status_of(app, person["id"]) == "revoked"


@pytest.mark.parametrize("old, new, allowed", [
    ("registered", "cancelled", True), ("registered", "revoked", True), ("cancelled", "registered", True),
    ("cancelled", "revoked", True), ("revoked", "registered", True), ("revoked", "cancelled", False),
    ("revoked", "revoked", True),
])
def test_the_table_of_status_changes(old, new, allowed):
    assert registration.may_change_status(old, new) is allowed
