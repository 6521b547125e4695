"""Reading contact details through the API is audited (issue 12, point 10): an organiser's script that pulls
the participant list, or one participant, with emails, phones and NIPs leaves an entry saying who read how
many — never the contacts, nor a search text (which may be a phone number)."""
import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import AuditEntry, User

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(make, backend):
    slug = make.event()
    budi = make.participant(slug, name="Budi Santoso", email="budi@example.id", phone="0812-3456-7890")
    make.participant(slug, name="Siti Aminah", email="siti@example.id")
    return {"slug": slug, "budi": budi}


def entries(app, action) -> list[AuditEntry]:
    with app.app_context():
        found = db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()
        for entry in found:
            db.session.expunge(entry)
        return found


def test_reading_the_participant_list_with_contacts_is_audited(app, client, make, forum):
    headers = make.headers("organiser")
    response = client.get(f"/api/v1/events/{forum['slug']}/participants?q=0812-3456&status=registered",
                          headers=headers)
    assert response.status_code == 200 and len(response.json["participants"]) == 1
    assert response.json["participants"][0]["phone"] == "+6281234567890"
    entry, = entries(app, "participants.read")
    with app.app_context():
        organiser = db.session.scalar(select(User).where(User.role == "organiser"))
        assert entry.actor_user_id == organiser.id
    assert entry.event_id is not None
    assert entry.details == {"count": 1, "filters": ["q", "status"], "via": "api"}
    assert "0812" not in str(entry.details)  # the search text may be a contact: not kept


def test_reading_one_participant_with_contacts_is_audited(app, client, make, forum):
    response = client.get(f"/api/v1/events/{forum['slug']}/participants/{forum['budi']['id']}",
                          headers=make.headers("organiser"))
    assert response.status_code == 200 and response.json["email"] == "budi@example.id"
    entry, = entries(app, "participant.read")
    assert (entry.target_type, entry.target_id) == ("Participant", forum["budi"]["id"])


def test_a_refused_read_is_not_recorded_as_a_read(app, client, make, forum):
    assert client.get(f"/api/v1/events/{forum['slug']}/participants",
                      headers=make.headers("moderator")).status_code == 403
    assert entries(app, "participants.read") == []


def test_the_audit_log_page_names_the_read(app, client, make, login_as, forum):
    client.get(f"/api/v1/events/{forum['slug']}/participants", headers=make.headers("organiser"))
    login_as("organiser")
    page = client.get(f"/admin/{forum['slug']}/audit").get_data(as_text=True)
    assert "Read the participant list with contact details" in page
