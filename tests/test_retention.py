"""Erasing contact details after the forum (UU PDP): the command, the dashboard's button, what goes and what stays."""
import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import AuditEntry, Checkin, Input, OnlinePresence, Participant, Session
from forum.services import attendance, events

pytestmark = pytest.mark.both_dbs

T0 = datetime(2021, 2, 25, 1, 0, tzinfo=UTC)  # 08.00 WIB; the forum ended years ago


@pytest.fixture
def forum(app, make, backend):
    """Ended in 2021, contact details kept 30 days: erasable. Andi checked in, Budi online with an input."""
    slug = make.event(title="Forum OPD BPPD Kalimantan Barat", retention_days=30)
    andi = make.participant(slug, name="Andi Wijaya", agency="Dinas PUPR", position="Kepala Bidang",
                            phone="081234567890", nip="198001012005011001", email="andi@pupr.example.id")
    budi = make.participant(slug, name="Budi Santoso", agency="DPMD", attendance="online", phone="081298765432")
    with app.app_context():
        event = events.get_event(slug)
        session = Session(event_id=event.id, title="Diskusi", starts_at=T0, ends_at=T0 + timedelta(hours=2))
        db.session.add(session)
        db.session.flush()
        db.session.get(Participant, andi["id"]).notes = "Minta kursi depan; istri: 0812-xxxx"
        db.session.add_all([
            Checkin(event_id=event.id, participant_id=andi["id"], checked_in_at=T0, desk="Meja 1"),
            OnlinePresence(event_id=event.id, participant_id=budi["id"], connection_id="b", joined_at=T0,
                           left_at=T0 + timedelta(minutes=40)),
            Input(event_id=event.id, session_id=session.id, participant_id=budi["id"], kind="proposal",
                  title="Jalan desa Sebunga", agency_id=db.session.get(Participant, budi["id"]).agency_id)])
        db.session.commit()
    return {"slug": slug, "andi": andi, "budi": budi}


def erase(runner, slug, *flags):
    return runner.invoke(args=["forum", "erase-contacts", "--event", slug, *flags])


def _people(app, slug) -> dict[str, Participant]:
    with app.app_context():
        event = events.get_event(slug)
        people = db.session.scalars(select(Participant).where(Participant.event_id == event.id)).all()
        for p in people:
            db.session.expunge(p)
        return {p.name: p for p in people}


def _counts(app, slug) -> dict:
    with app.app_context():
        event = events.get_event(slug)
        ledger = attendance.Ledger(event)
        return {"summary": ledger.summary(), "present": ledger.present_count(),
                "inputs": db.session.scalar(select(func.count()).select_from(Input).where(Input.event_id == event.id))}


def _erasures(app) -> list[AuditEntry]:
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "contacts.erased")).all()
        for entry in entries:
            db.session.expunge(entry)
        return entries


# --- the command -------------------------------------------------------------------------------

def test_erasing_removes_contact_details_and_keeps_names_and_counts(app, runner, forum):
    before = _counts(app, forum["slug"])
    result = erase(runner, forum["slug"])
    assert result.exit_code == 0, result.output
    assert "2 participant(s)" in result.output
    people = _people(app, forum["slug"])
    andi = people["Andi Wijaya"]
    assert (andi.email, andi.phone, andi.nip, andi.notes) == (None, None, None, "")
    assert people["Budi Santoso"].phone is None
    assert all(p.contact_erased_at is not None for p in people.values())
    assert andi.position == "Kepala Bidang" and andi.agency_id is not None
    assert _counts(app, forum["slug"]) == before  # check-ins, online time, presence and inputs stay


def test_the_signed_attendance_list_still_lists_the_names(app, client, runner, login_as, forum):
    assert erase(runner, forum["slug"]).exit_code == 0
    login_as("organiser")
    response = client.get(f"/events/{forum['slug']}/exports/attendance.pdf?internal=1")
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Andi Wijaya" in text and "Budi Santoso" in text and "Dinas PUPR" in text
    assert "6281234567890" not in text and "198001012005011001" not in text
    internal_csv = client.get(f"/events/{forum['slug']}/exports/attendance.csv?internal=1").data.decode()
    assert "Andi Wijaya" in internal_csv
    assert "@" not in internal_csv and "6281234567890" not in internal_csv


def test_the_personal_link_and_the_qr_code_stop_working(app, client, runner, make, forum):
    assert erase(runner, forum["slug"]).exit_code == 0
    assert client.get(f"/p/{forum['andi']['access_token']}").status_code == 404
    response = client.post(f"/api/v1/events/{forum['slug']}/checkins", headers=make.headers("checkin"),
                           json={"code": forum["andi"]["checkin_code"]})
    assert response.status_code == 409 and response.json["error"]["code"] == "revoked"
    andi = _people(app, forum["slug"])["Andi Wijaya"]
    assert andi.access_token != forum["andi"]["access_token"]
    assert andi.checkin_code != forum["andi"]["checkin_code"]


def test_the_erasure_is_audited_with_how_many(app, runner, forum):
    assert erase(runner, forum["slug"]).exit_code == 0
    entry, = _erasures(app)
    assert entry.details["count"] == 2 and entry.details["forced"] is False
    assert entry.actor_label == "cli"
    assert "email" in entry.details["fields"] and "phone" in entry.details["fields"]


def test_running_it_again_erases_nobody_twice(app, runner, forum):
    assert erase(runner, forum["slug"]).exit_code == 0
    first = _people(app, forum["slug"])
    result = erase(runner, forum["slug"])
    assert result.exit_code == 0 and "Nothing to erase" in result.output
    again = _people(app, forum["slug"])
    for name, person in again.items():
        assert (person.access_token, person.checkin_code, person.contact_erased_at) == (
            first[name].access_token, first[name].checkin_code, first[name].contact_erased_at)
    assert len(_erasures(app)) == 1


def test_it_is_refused_before_the_retention_period_is_over(app, runner, make):
    now = datetime.now(UTC)
    slug = make.event(starts_at=(now - timedelta(days=2)).isoformat(), ends_at=(now - timedelta(days=1)).isoformat(),
                      retention_days=90)
    make.participant(slug, name="Citra Lestari", phone="081234567890")
    result = erase(runner, slug)
    assert result.exit_code != 0
    assert "cannot be erased before" in result.output
    assert _people(app, slug)["Citra Lestari"].phone == "+6281234567890"
    assert _erasures(app) == []
    forced = erase(runner, slug, "--force")
    assert forced.exit_code == 0, forced.output
    assert _people(app, slug)["Citra Lestari"].phone is None
    assert _erasures(app)[0].details["forced"] is True


def test_it_is_refused_when_no_retention_period_is_set(app, runner, make):
    slug = make.event()
    make.participant(slug, name="Citra Lestari", phone="081234567890")
    result = erase(runner, slug)
    assert result.exit_code != 0 and "no retention period" in result.output
    assert _people(app, slug)["Citra Lestari"].phone == "+6281234567890"
    assert erase(runner, slug, "--force").exit_code == 0


def test_an_unknown_forum_is_an_error(runner, forum):
    result = erase(runner, "no-such-forum")
    assert result.exit_code != 0 and "no forum" in result.output.lower()


def test_only_this_forums_participants_are_erased(app, runner, make, forum):
    other = make.event(retention_days=30)
    make.participant(other, name="Orang Lain", phone="081111111111")
    assert erase(runner, forum["slug"]).exit_code == 0
    assert _people(app, other)["Orang Lain"].phone == "+6281111111111"


# --- the dashboard's button ------------------------------------------------------------------

def test_the_dashboard_offers_the_erasure_with_a_confirmation_step(app, client, login_as, forum):
    login_as("organiser")
    dashboard = client.get(f"/admin/{forum['slug']}/dashboard").get_data(as_text=True)
    assert f'href="/admin/{forum["slug"]}/erase-contacts"' in dashboard
    page = client.get(f"/admin/{forum['slug']}/erase-contacts")
    assert page.status_code == 200
    assert 'name="confirm"' in page.get_data(as_text=True)
    unconfirmed = client.post(f"/admin/{forum['slug']}/erase-contacts", data={})
    assert unconfirmed.status_code == 422
    assert "Tick the box to confirm." in unconfirmed.get_data(as_text=True)
    assert _people(app, forum["slug"])["Andi Wijaya"].phone == "+6281234567890"


def test_confirming_erases_and_audits_who_did_it(app, client, login_as, forum):
    user_id = login_as("organiser")
    response = client.post(f"/admin/{forum['slug']}/erase-contacts", data={"confirm": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/admin/{forum['slug']}/dashboard")
    assert _people(app, forum["slug"])["Andi Wijaya"].phone is None
    entry, = _erasures(app)
    assert entry.actor_user_id == user_id and entry.details["via"] == "web"
    page = client.get(f"/admin/{forum['slug']}/dashboard").get_data(as_text=True)
    assert "The contact details of 2 participants were erased." in page
    assert "The contact details of every participant have been erased." in page


def test_the_button_cannot_erase_before_the_retention_date(app, client, login_as, make):
    now = datetime.now(UTC)
    slug = make.event(starts_at=(now - timedelta(hours=3)).isoformat(), ends_at=(now - timedelta(hours=1)).isoformat(),
                      retention_days=30)
    make.participant(slug, name="Citra Lestari", phone="081234567890")
    login_as("organiser")
    page = client.get(f"/admin/{slug}/erase-contacts").get_data(as_text=True)
    assert 'name="confirm"' not in page and "The retention period is not over yet" in page
    response = client.post(f"/admin/{slug}/erase-contacts", data={"confirm": "y"})
    assert response.status_code == 409
    assert _people(app, slug)["Citra Lestari"].phone == "+6281234567890"


@pytest.mark.parametrize("role", ["checkin", "moderator"])
def test_only_organisers_may_erase(app, client, login_as, forum, role):
    login_as(role)
    assert client.post(f"/admin/{forum['slug']}/erase-contacts", data={"confirm": "y"}).status_code == 403
    assert _people(app, forum["slug"])["Andi Wijaya"].phone == "+6281234567890"


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_erasure_form_needs_its_csrf_token(app, client, forum):
    from tests.conftest import Factory

    email = "organiser-csrf@forum.example.id"
    Factory(app).user("organiser", email=email)
    login_page = client.get("/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    logged_in = client.post("/login", data={"email": email, "password": "correct horse battery", "csrf_token": token})
    assert logged_in.status_code == 302
    assert client.get(f"/admin/{forum['slug']}/erase-contacts").status_code == 200
    response = client.post(f"/admin/{forum['slug']}/erase-contacts", data={"confirm": "y"})
    assert response.status_code == 400
    assert _people(app, forum["slug"])["Andi Wijaya"].phone == "+6281234567890"
