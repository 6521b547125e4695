"""One person is one person at registration: the same NIP is refused without saying whose it is, a matching name
in the same agency is asked about on the form and flagged over the API, the position is required, and agencies
are found by name, short name or alias, an unknown one kept unverified."""
import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Agency, Participant
from forum.services import agencies, events

pytestmark = pytest.mark.both_dbs

NIP = "197806152005011002"


def body(**fields):
    return {"name": "Rahmat Hidayat", "agency": "Dinas PUPR", "position": "Kepala Seksi Jalan",
            "email": "rahmat@example.id", "attendance": "in_person", "consent": True, **fields}


def post(client, slug, data):
    return client.post(f"/api/v1/events/{slug}/registrations", json=data)


def people(app, slug):
    with app.app_context():
        event = events.get_event(slug)
        return db.session.scalars(select(Participant).where(Participant.event_id == event.id)
                                  .order_by(Participant.id)).all()


def test_the_same_nip_twice_is_refused_without_any_link_or_contact(client, make, app, backend):
    slug = make.event()
    assert post(client, slug, body(nip=NIP)).status_code == 201
    response = post(client, slug, body(name="R. Hidayat", email="lain@example.id", phone="0812 1111 2222", nip=NIP))
    assert response.status_code == 409
    error = response.json["error"]
    assert error["code"] == "already_registered"
    # every identity field given is marked, whichever matched: the answer does not say which one is taken
    assert set(error["fields"]) == {"email", "phone", "nip"}
    text = response.get_data(as_text=True)
    assert "rahmat@example.id" not in text and "/p/" not in text and "personal_url" not in text
    assert len(people(app, slug)) == 1


def test_the_same_nip_on_the_form_shows_the_already_registered_page(client, make, app, backend):
    slug = make.event()
    assert post(client, slug, body(nip=NIP)).status_code == 201
    form = {**body(name="R. Hidayat", email="", nip=NIP), "consent": "y"}
    response = client.post(f"/events/{slug}/register", data=form)
    assert response.status_code == 409
    assert "/p/" not in response.text and "rahmat@example.id" not in response.text
    assert len(people(app, slug)) == 1


def test_a_matching_name_in_the_same_agency_over_the_api_is_registered_and_flagged(client, make, app, backend):
    slug = make.event()
    first = post(client, slug, body()).json
    second = post(client, slug, body(name="Ir. R. Hidayat, M.T.", email="r.hidayat@example.id"))
    assert second.status_code == 201
    listed = client.get(f"/api/v1/events/{slug}/participants", headers=make.headers()).json["participants"]
    flags = {p["name"]: p["duplicate_of_id"] for p in listed}
    assert flags == {"Rahmat Hidayat": None, "Ir. R. Hidayat, M.T.": first["id"]}


def test_the_same_name_in_another_agency_is_not_flagged(client, make, app, backend):
    slug = make.event()
    post(client, slug, body(name="Budi Santoso"))
    post(client, slug, body(name="Budi Santoso", agency="BNNP", email="budi.bnnp@example.id"))
    assert [p.duplicate_of_id for p in people(app, slug)] == [None, None]


def test_the_form_asks_is_this_you_and_registers_another_person_once_confirmed(client, make, app, backend):
    slug = make.event()
    post(client, slug, body(name="Drs. H. Ahmad Yani, M.Si."))
    form = {**body(name="Ahmad Yani", email="yani@example.id"), "consent": "y"}
    asked = client.post(f"/events/{slug}/register", data=form)
    assert asked.status_code == 409
    assert 'id="is-this-you"' in asked.text and 'name="not_duplicate"' in asked.text
    assert "Drs. H. Ahmad Yani" not in asked.text  # the question names nobody
    assert len(people(app, slug)) == 1
    confirmed = client.post(f"/events/{slug}/register", data={**form, "not_duplicate": "y"})
    assert confirmed.status_code == 303
    first, second = people(app, slug)
    assert second.duplicate_of_id == first.id  # the organisers still see it


def test_position_is_required_everywhere_it_is_typed(client, make, app, backend):
    slug = make.event()
    for missing in ({"position": ""}, {"position": None}, {}):
        data = body(**missing) if missing else {k: v for k, v in body().items() if k != "position"}
        response = post(client, slug, data)
        assert response.status_code == 422
        assert "position" in response.json["error"]["fields"]
    form = {**body(position=""), "consent": "y"}
    page = client.post(f"/events/{slug}/register", data=form)
    assert page.status_code == 422 and 'id="position-error"' in page.text
    walk_in = client.post(f"/api/v1/events/{slug}/walkins", headers=make.headers("checkin"),
                          json={"name": "Rina", "agency": "Kecamatan Entikong", "consent": True})
    assert walk_in.status_code == 422 and "position" in walk_in.json["error"]["fields"]
    assert people(app, slug) == []


def test_agencies_are_found_by_name_short_name_or_alias_ignoring_case_spaces_and_dots(client, make, app, backend):
    slug = make.event()
    with app.app_context():
        event = events.get_event(slug)
        health = events.save_agency(event, {"name": "Dinas Kesehatan", "short_name": "Dinkes"})
        agencies.add_alias(health, "Dinas Kesehatan Prov. Kalbar")
        pupr = events.save_agency(event, {"name": "Dinas PUPR"})
        db.session.commit()
        health_id, pupr_id = health.id, pupr.id
    for n, written in enumerate(("DINKES", "dinas  kesehatan", "Dinas Kesehatan Prov Kalbar",
                                 "dinas kesehatan prov. kalbar")):
        answer = post(client, slug, body(name=f"Petugas {n}", agency=written, email=f"k{n}@example.id")).json
        assert answer["agency"]["id"] == health_id and answer["agency"]["verified"] is True
    answer = post(client, slug, body(name="Petugas 9", agency="Dinas P.U.P.R.", email="p9@example.id")).json
    assert answer["agency"]["id"] == pupr_id


def test_an_unknown_agency_is_kept_unverified(client, make, app, backend):
    slug = make.event()
    answer = post(client, slug, body(agency="@SUM(1+1)")).json
    assert answer["agency"] == {"id": answer["agency"]["id"], "name": "@SUM(1+1)", "short_name": "",
                                "verified": False}
    # the organisers' own additions put a new name on the list
    with app.app_context():
        from forum.actions import people as actions
        from forum.models import User

        organiser = db.session.get(User, make.user("organiser"))
        actions.add_participant(events.get_event(slug), body(name="Lukas Ahong", agency="Kecamatan Siding",
                                                             email="lukas@example.id"), actor=organiser)
        assert db.session.scalar(select(Agency.verified).where(Agency.name == "Kecamatan Siding")) is True
        assert db.session.scalar(select(Agency.verified).where(Agency.name == "@SUM(1+1)")) is False


def test_the_desk_is_offered_the_invited_person_and_picks_from_the_verified_agencies(client, make, app, backend,
                                                                                      login_as):
    slug = make.event()
    with app.app_context():
        events.save_agency(events.get_event(slug), {"name": "Badan Narkotika Nasional Provinsi", "short_name": "BNNP"})
        db.session.commit()
    invited = make.participant(slug, name="Budi Santoso", agency="BNNP", position="Kepala Seksi")
    url, desk = f"/api/v1/events/{slug}/walkins", make.headers("checkin")
    walk_in = {"name": "Drs. Budi Santoso", "agency": "bnnp", "position": "Kasi Pemberantasan", "consent": True}
    asked = client.post(url, json=walk_in, headers=desk)
    assert asked.status_code == 409 and asked.json["error"]["code"] == "likely_duplicate"
    assert [(c["id"], c["invited"]) for c in asked.json["candidates"]] == [(invited["id"], False)]
    assert len(people(app, slug)) == 1
    # a name nobody listed, typed at the desk, waits for the organisers like one typed on the public form
    stranger = client.post(url, json={"name": "Ignasius Apui", "agency": "Dishub Kalbar", "position": "Kepala Seksi",
                                      "consent": True}, headers=desk)
    assert stranger.status_code == 201 and stranger.json["participant"]["agency"]["verified"] is False
    login_as("checkin")
    offered = client.get(f"/checkin/{slug}").text.split('id="walkin-agencies"', 1)[1].split("</datalist>", 1)[0]
    assert '<option value="Badan Narkotika Nasional Provinsi">' in offered and "Dishub Kalbar" not in offered
