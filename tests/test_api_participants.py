"""The organisers' participant list over the JSON API: who may see it, filters, and changes."""
import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Participant, RetiredCode

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(make, backend):
    """A forum with three people: in person, online, and a cancelled speaker."""
    slug = make.event()
    people = {
        "budi": make.participant(slug, name="Budi Santoso", agency="Bappeda", position="Kepala Bidang",
                                 email="budi@example.id", phone="0812-3456-7890"),
        "siti": make.participant(slug, name="Siti Aminah", agency="Dinas PUPR", position="Analis",
                                 email="siti@pupr.example.id", attendance="online", nip="198503152010012001"),
        "rina": make.participant(slug, name="Rina Hasibuan", agency="DPMD", position="Staf", email="rina@example.id"),
    }
    return {"slug": slug, "people": people, "headers": make.headers("organiser")}


def url(forum, suffix=""):
    return f"/api/v1/events/{forum['slug']}/participants{suffix}"


def listed_names(client, forum, query=""):
    response = client.get(url(forum, query), headers=forum["headers"])
    assert response.status_code == 200, response.json
    return [p["name"] for p in response.json["participants"]]


def patch(client, forum, who, body):
    return client.patch(url(forum, f"/{forum['people'][who]['id']}"), json=body, headers=forum["headers"])


def stored(app, participant_id) -> Participant:
    with app.app_context():
        participant = db.session.get(Participant, participant_id)
        db.session.expunge(participant)
        return participant


# --- who may see and change it --------------------------------------------------------------------

def test_organiser_sees_everyone_sorted_by_name_with_contact_details(client, forum):
    response = client.get(url(forum), headers=forum["headers"])
    people = response.json["participants"]
    assert [p["name"] for p in people] == ["Budi Santoso", "Rina Hasibuan", "Siti Aminah"]
    assert (people[0]["email"], people[0]["phone"]) == ("budi@example.id", "+6281234567890")
    assert people[2]["nip"] == "198503152010012001"


def test_admin_sees_the_list_too(client, make, forum):
    assert client.get(url(forum), headers=make.headers("admin")).status_code == 200


def test_organiser_logged_in_with_a_browser_session_sees_the_list(client, login_as, forum):
    login_as("organiser")
    assert client.get(url(forum)).status_code == 200


def test_anonymous_is_401(client, forum):
    response = client.get(url(forum))
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("role", ["moderator", "checkin"])
def test_staff_below_organiser_are_403(client, make, forum, role):
    response = client.get(url(forum), headers=make.headers(role))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_a_participants_access_token_is_403(client, forum):
    token = forum["people"]["budi"]["access_token"]
    response = client.get(url(forum), headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_a_participant_cannot_change_their_own_registration_with_their_token(client, app, forum):
    budi = forum["people"]["budi"]
    response = client.patch(url(forum, f"/{budi['id']}"), json={"role": "organiser"},
                            headers={"Authorization": f"Bearer {budi['access_token']}"})
    assert response.status_code == 403
    assert stored(app, budi["id"]).role == "participant"


@pytest.mark.parametrize("role", ["moderator", "checkin"])
def test_staff_below_organiser_cannot_patch(client, make, app, forum, role):
    budi = forum["people"]["budi"]
    response = client.patch(url(forum, f"/{budi['id']}"), json={"status": "revoked"}, headers=make.headers(role))
    assert response.status_code == 403
    assert stored(app, budi["id"]).status == "registered"


def test_anonymous_cannot_patch(client, forum):
    response = client.patch(url(forum, f"/{forum['people']['budi']['id']}"), json={"status": "revoked"})
    assert response.status_code == 401


def test_a_checkin_check_code_is_no_credential(client, forum):
    code = forum["people"]["budi"]["checkin_code"]
    response = client.get(url(forum), headers={"Authorization": f"Bearer {code}"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "invalid_token"


# --- filters ------------------------------------------------------------------------------------

@pytest.mark.parametrize("q, expected", [
    ("budi", ["Budi Santoso"]),
    ("BAPPEDA", ["Budi Santoso"]),
    ("pupr", ["Siti Aminah"]),
    ("analis", ["Siti Aminah"]),
    ("rina@example", ["Rina Hasibuan"]),
    ("3456", ["Budi Santoso"]),
    ("198503152010012001", ["Siti Aminah"]),
    ("a", ["Budi Santoso", "Rina Hasibuan", "Siti Aminah"]),
    ("nobody", []),
])
def test_q_finds_by_name_agency_position_email_phone_or_nip(client, forum, q, expected):
    assert listed_names(client, forum, f"?q={q}") == expected


def test_attendance_filter(client, forum):
    assert listed_names(client, forum, "?attendance=online") == ["Siti Aminah"]
    assert listed_names(client, forum, "?attendance=in_person") == ["Budi Santoso", "Rina Hasibuan"]


def test_status_filter(client, forum):
    patch(client, forum, "rina", {"status": "cancelled"})
    assert listed_names(client, forum, "?status=cancelled") == ["Rina Hasibuan"]
    assert listed_names(client, forum, "?status=registered") == ["Budi Santoso", "Siti Aminah"]


def test_role_filter(client, forum):
    patch(client, forum, "siti", {"role": "speaker"})
    assert listed_names(client, forum, "?role=speaker") == ["Siti Aminah"]


def test_filters_combine(client, forum):
    assert listed_names(client, forum, "?q=example.id&attendance=in_person") == ["Budi Santoso", "Rina Hasibuan"]


@pytest.mark.parametrize("name", ["attendance", "status", "role"])
def test_unknown_filter_value_is_a_422_naming_it(client, forum, name):
    response = client.get(url(forum, f"?{name}=everyone"), headers=forum["headers"])
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {name}


def test_q_with_a_nul_character_is_a_422_naming_it(client, forum):
    response = client.get(url(forum, "?q=bu%00di"), headers=forum["headers"])
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"q"}


def test_another_forums_participants_are_not_listed(client, make, forum):
    make.participant(make.event(), name="Budi Lain")
    assert listed_names(client, forum, "?q=budi") == ["Budi Santoso"]


# --- one participant ------------------------------------------------------------------------------

def test_organiser_reads_one_participant(client, forum):
    response = client.get(url(forum, f"/{forum['people']['siti']['id']}"), headers=forum["headers"])
    assert response.status_code == 200
    assert (response.json["name"], response.json["email"]) == ("Siti Aminah", "siti@pupr.example.id")


@pytest.mark.parametrize("suffix", ["/999999", "/0", "/99999999999999999999", "/abc", "/-1"])
def test_unknown_participant_id_is_a_json_404(client, forum, suffix):
    response = client.get(url(forum, suffix), headers=forum["headers"])
    assert response.status_code == 404
    assert "error" in response.json


def test_participant_of_another_forum_is_404_here(client, make, forum):
    other = make.participant(make.event())
    response = client.get(url(forum, f"/{other['id']}"), headers=forum["headers"])
    assert response.status_code == 404
    assert response.json["error"]["code"] == "participant_not_found"


def test_patching_an_unknown_participant_is_a_404(client, forum):
    response = client.patch(url(forum, "/999999"), json={"role": "speaker"}, headers=forum["headers"])
    assert response.status_code == 404
    assert response.json["error"]["code"] == "participant_not_found"


# --- changes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ({"role": "speaker"}, {"role": "speaker"}),
    ({"role": "moderator"}, {"role": "moderator"}),
    ({"status": "cancelled"}, {"status": "cancelled"}),
    ({"status": "revoked"}, {"status": "revoked"}),
    ({"attendance": "online"}, {"attendance": "online"}),
    ({"name": "  Budi   Santoso, S.T. "}, {"name": "Budi Santoso, S.T."}),
    ({"position": "Sekretaris"}, {"position": "Sekretaris"}),
    ({"deputy_for": "Kepala Bappeda"}, {"deputy_for": "Kepala Bappeda"}),
    ({"email": "Budi.Baru@Example.id"}, {"email": "budi.baru@example.id"}),
    ({"email": None}, {"email": None}),
    ({"phone": "+62 813 1111 2222"}, {"phone": "+6281311112222"}),
    ({"nip": "198503152010011001"}, {"nip": "198503152010011001"}),
    ({"notes": "Kursi roda\nDatang 09.00"}, {"notes": "Kursi roda\nDatang 09.00"}),
])
def test_patch_changes_the_field_and_keeps_it(client, forum, body, expected):
    before = client.get(url(forum, f"/{forum['people']['budi']['id']}"), headers=forum["headers"]).json
    response = patch(client, forum, "budi", body)
    assert response.status_code == 200, response.json
    assert response.json == {**before, **expected}
    assert client.get(url(forum, f"/{forum['people']['budi']['id']}"), headers=forum["headers"]).json == \
        {**before, **expected}


def test_patch_agency_by_short_name_moves_them_to_that_agency(client, forum):
    siti_agency = client.get(url(forum, f"/{forum['people']['siti']['id']}"), headers=forum["headers"]).json["agency"]
    response = patch(client, forum, "budi", {"agency": "dinas pupr"})
    assert response.json["agency"] == siti_agency


@pytest.mark.parametrize("body, field", [
    ({"role": "king"}, "role"), ({"role": ["speaker"]}, "role"), ({"status": "deleted"}, "status"),
    ({"status": {"x": 1}}, "status"), ({"attendance": "hybrid"}, "attendance"), ({"name": ""}, "name"),
    ({"email": "not-an-email"}, "email"), ({"phone": "12345"}, "phone"), ({"nip": "123"}, "nip"),
    ({"notes": "x" * 4001}, "notes"), ({"agency": 5}, "agency"),
])
def test_invalid_patch_is_a_422_naming_the_field_and_changes_nothing(client, app, forum, body, field):
    response = patch(client, forum, "budi", {"position": "Changed", **body})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {field}
    assert stored(app, forum["people"]["budi"]["id"]).position == "Kepala Bidang"


def test_patch_body_that_is_a_list_is_a_400(client, forum):
    response = patch(client, forum, "budi", [{"role": "speaker"}])
    assert response.status_code == 400


def test_patch_with_another_participants_email_is_a_409(client, app, forum):
    response = patch(client, forum, "budi", {"email": "SITI@pupr.example.id"})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "already_registered"
    assert stored(app, forum["people"]["budi"]["id"]).email == "budi@example.id"


def test_patch_with_another_participants_phone_written_differently_is_a_409(client, forum):
    response = patch(client, forum, "siti", {"phone": "+62 812 3456 7890"})
    assert response.status_code == 409
    assert response.json["error"]["code"] == "already_registered"


def test_patch_keeping_ones_own_email_is_fine(client, forum):
    response = patch(client, forum, "budi", {"email": "budi@example.id", "position": "Kabid"})
    assert response.status_code == 200


def test_revoking_keeps_the_code_but_refuses_it(client, make, app, forum):
    budi = forum["people"]["budi"]
    patch(client, forum, "budi", {"status": "revoked"})
    response = client.post(f"/api/v1/events/{forum['slug']}/checkins", json={"code": budi["checkin_code"]},
                           headers=make.headers("checkin"))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "revoked"


@pytest.mark.parametrize("status", ["revoked", "cancelled"])
def test_revoked_or_cancelled_registration_makes_the_qr_image_unavailable(client, forum, status):
    budi = forum["people"]["budi"]
    patch(client, forum, "budi", {"status": status})
    assert client.get(f"/qr/{budi['checkin_code']}.png").status_code == 404


def test_restoring_a_revoked_registration_issues_a_new_checkin_code(client, app, forum):
    budi = forum["people"]["budi"]
    patch(client, forum, "budi", {"status": "revoked"})
    response = patch(client, forum, "budi", {"status": "registered"})
    assert response.json["status"] == "registered"
    new_code = stored(app, budi["id"]).checkin_code
    assert new_code != budi["checkin_code"]
    with app.app_context():
        retired = db.session.scalars(select(RetiredCode.code).where(RetiredCode.participant_id == budi["id"])).all()
    assert retired == [budi["checkin_code"]]


def test_old_code_of_a_restored_registration_still_fails_at_the_door(client, make, forum):
    budi = forum["people"]["budi"]
    patch(client, forum, "budi", {"status": "revoked"})
    patch(client, forum, "budi", {"status": "registered"})
    response = client.post(f"/api/v1/events/{forum['slug']}/checkins", json={"code": budi["checkin_code"]},
                           headers=make.headers("checkin"))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "revoked"


def test_restoring_a_cancelled_registration_keeps_the_code(client, app, forum):
    budi = forum["people"]["budi"]
    patch(client, forum, "budi", {"status": "cancelled"})
    patch(client, forum, "budi", {"status": "registered"})
    assert stored(app, budi["id"]).checkin_code == budi["checkin_code"]


def test_changes_are_written_to_the_audit_log(client, app, forum):
    from forum.models import AuditEntry

    patch(client, forum, "budi", {"role": "speaker"})
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "participant.updated" in actions
