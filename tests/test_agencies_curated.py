"""The curated agency list in the back office: names nobody listed wait as unverified agencies, organisers map
one to a listed agency (its people move, its name becomes an alias) or confirm it, and the official per-agency
counts (the berita acara's annex, the dashboard) leave an unverified name out until then."""
import pytest
from sqlalchemy import select

from forum.documents.minutes import _presence_by_agency
from forum.extensions import db
from forum.models import Agency, AgencyAlias, AuditEntry, Participant
from forum.services import agencies, events
from forum.services.attendance import Ledger

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(app, make, backend):
    slug = make.event()
    with app.app_context():
        event = events.get_event(slug)
        pupr = events.save_agency(event, {"name": "Dinas Pekerjaan Umum dan Penataan Ruang",
                                          "short_name": "Dinas PUPR"})
        db.session.commit()
        pupr_id = pupr.id
    people = [make.participant(slug, name="Rahmat Hidayat", agency="Dinas PUPR"),
              make.participant(slug, name="Yosef Ngadi", agency="PU Kalbar"),
              make.participant(slug, name="Dayang Bujang", agency="@SUM(1+1)")]
    return {"slug": slug, "pupr": pupr_id, "people": people}


def agency_of(app, participant_id):
    with app.app_context():
        return db.session.get(Participant, participant_id).agency


def test_the_page_lists_unverified_names_apart(client, forum, login_as):
    login_as("organiser")
    page = client.get(f"/admin/{forum['slug']}/agencies")
    waiting = page.text.split('id="unverified"', 1)[1].split("</section>", 1)[0]
    assert "PU Kalbar" in waiting and "@SUM(1+1)" in waiting and "Penataan Ruang</td>" not in waiting


def test_mapping_moves_the_people_and_keeps_the_name_as_an_alias(app, client, make, forum, login_as):
    login_as("organiser")
    wrong = agency_of(app, forum["people"][1]["id"])
    response = client.post(f"/admin/{forum['slug']}/agencies/{wrong.id}/map", data={"into": str(forum["pupr"])})
    assert response.status_code == 302
    assert agency_of(app, forum["people"][1]["id"]).id == forum["pupr"]
    with app.app_context():
        assert db.session.get(Agency, wrong.id) is None
        assert db.session.scalar(select(AgencyAlias.name).where(AgencyAlias.agency_id == forum["pupr"])) == "PU Kalbar"
        assert db.session.scalar(select(AuditEntry.details).where(AuditEntry.action == "agency.mapped"))["name"] \
            == "PU Kalbar"
    # the next person who writes it is found at once
    later = make.participant(forum["slug"], name="Agus Salim", agency="pu  kalbar")
    assert agency_of(app, later["id"]).id == forum["pupr"]


def test_confirming_puts_the_name_on_the_list(app, client, forum, login_as):
    login_as("organiser")
    odd = agency_of(app, forum["people"][2]["id"])
    assert client.post(f"/admin/{forum['slug']}/agencies/{odd.id}/map", data={"into": ""}).status_code == 302
    assert agency_of(app, forum["people"][2]["id"]).verified is True


def test_moderators_may_not_map(client, app, forum, login_as):
    login_as("moderator")
    wrong = agency_of(app, forum["people"][1]["id"])
    assert client.post(f"/admin/{forum['slug']}/agencies/{wrong.id}/map",
                       data={"into": str(forum["pupr"])}).status_code == 403


def test_an_alias_cannot_belong_to_two_agencies(app, forum):
    with app.app_context():
        event = events.get_event(forum["slug"])
        pupr = db.session.get(Agency, forum["pupr"])
        agencies.add_alias(pupr, "PUPR Provinsi")
        other = events.save_agency(event, {"name": "Dinas Perhubungan"})
        with pytest.raises(Exception) as refused:
            agencies.add_alias(other, "pupr provinsi")
        assert refused.value.code == "agency_exists"


def test_the_annex_counts_people_of_unverified_agencies_without_naming_them(app, client, make, forum):
    desk = make.headers("checkin")
    for person in forum["people"]:
        client.post(f"/api/v1/events/{forum['slug']}/checkins", json={"code": person["checkin_code"]}, headers=desk)
    with app.app_context():
        rows = _presence_by_agency(Ledger(events.get_event(forum["slug"])))
        names = {row.name: row.in_person for row in rows}
    assert "@SUM(1+1)" not in names and "PU Kalbar" not in names
    assert names["Dinas Pekerjaan Umum dan Penataan Ruang"] == 1
    assert names["(agency not yet verified)"] == 2  # still counted: the headcount stays the same everywhere


def test_the_dashboard_table_leaves_unverified_agencies_out(app, forum):
    from forum.dashboard.figures import figures

    with app.app_context():
        table = figures(events.get_event(forum["slug"])).agencies
        named = [row.name for row in table if row.agency is not None]
        assert named == ["Dinas Pekerjaan Umum dan Penataan Ruang"]
        assert sum(row.registered for row in table) == 3
