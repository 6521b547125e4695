"""Public registration over the JSON API: the answer's shape, agencies, validation, duplicates, races,
the rate limit."""
import threading

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Agency, Participant

pytestmark = pytest.mark.both_dbs

VALID_NIP = "198503152010011001"


def person(**fields):
    return {"name": "Budi Santoso", "agency": "Bappeda", "position": "Kepala Bidang", "email": "budi@example.id",
            "attendance": "in_person", "consent": True, **fields}


def register(client, slug, body=None, **kwargs):
    return client.post(f"/api/v1/events/{slug}/registrations", json=person() if body is None else body, **kwargs)


def stored(app, **where):
    with app.app_context():
        query = select(Participant)
        for key, value in where.items():
            query = query.where(getattr(Participant, key) == value)
        return db.session.scalars(query).all()


def participant_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Participant.id)))


def assert_invalid(response, field):
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == "invalid"
    assert field in response.json["error"]["fields"], response.json


# --- the answer -------------------------------------------------------------------------------

def test_registration_answers_201_with_the_contract_shape(client, make, backend):
    response = register(client, make.event())
    assert response.status_code == 201, response.json
    body = response.json
    contract = {"id", "name", "agency", "position", "attendance", "role", "status", "personal_url", "qr_png_url"}
    extensions = {"deputy_for", "represents_id", "qr_svg_url"}
    assert set(body) == contract | extensions
    assert set(body["agency"]) == {"id", "name", "short_name", "verified"}  # verified: contract version 2
    assert (body["name"], body["position"], body["attendance"]) == ("Budi Santoso", "Kepala Bidang", "in_person")
    assert (body["role"], body["status"]) == ("participant", "registered")


def test_registration_answer_leaks_no_contact_details_or_secrets_in_fields(client, make, app, backend):
    body = register(client, make.event(), person(phone="081234567890", nip=VALID_NIP)).json
    record = stored(app, id=body["id"])[0]
    flat = repr({k: v for k, v in body.items() if k not in ("personal_url", "qr_png_url", "qr_svg_url")})
    for secret in ("budi@example.id", "+6281234567890", VALID_NIP, record.access_token, record.checkin_code):
        assert secret not in flat


def test_personal_url_is_absolute_and_ends_in_the_access_token(client, make, app, backend):
    body = register(client, make.event()).json
    token = stored(app, id=body["id"])[0].access_token
    assert body["personal_url"] == f"http://forum.test/p/{token}"


def test_qr_png_url_is_absolute_and_opens_without_credentials(client, make, app, backend):
    body = register(client, make.event()).json
    assert body["qr_png_url"].startswith("http://forum.test/")
    assert body["qr_png_url"].endswith(".png")
    image = app.test_client().get(body["qr_png_url"].removeprefix("http://forum.test"))
    assert image.status_code == 200
    assert image.mimetype == "image/png"


def test_qr_url_does_not_contain_the_access_token(client, make, app, backend):
    body = register(client, make.event()).json
    token = stored(app, id=body["id"])[0].access_token
    assert token not in body["qr_png_url"] and token not in body["qr_svg_url"]


def test_registration_stores_normalised_contact_details(client, make, app, backend):
    body = register(client, make.event(), person(email=" Budi@Example.ID ", phone="0812-3456-7890",
                                                 nip="19850315 201001 1 001")).json
    record = stored(app, id=body["id"])[0]
    assert (record.email, record.phone, record.nip) == ("budi@example.id", "+6281234567890", VALID_NIP)
    assert record.consent_at is not None


def test_registration_without_email_phone_or_nip_is_accepted(client, make, backend):
    body = person(email=None)
    assert register(client, make.event(), body).status_code == 201


def test_online_registration_is_recorded_as_online(client, make, backend):
    assert register(client, make.event(), person(attendance="online")).json["attendance"] == "online"


def test_unknown_forum_is_a_404(client, backend):
    response = register(client, "no-such-forum")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "event_not_found"


# --- agencies ---------------------------------------------------------------------------------

def test_unknown_agency_is_created_on_the_fly(client, make, app, backend):
    body = register(client, make.event(), person(agency="Dinas Pariwisata")).json
    assert body["agency"]["name"] == "Dinas Pariwisata"
    with app.app_context():
        assert db.session.scalar(select(Agency.name).where(Agency.id == body["agency"]["id"])) == "Dinas Pariwisata"


def test_agency_name_is_matched_ignoring_case(client, make, backend):
    slug = make.event()
    first = register(client, slug, person(agency="Dinas Pariwisata")).json
    second = register(client, slug, person(agency="DINAS pariwisata", email="siti@example.id")).json
    assert second["agency"] == first["agency"]


def test_agency_is_matched_by_its_short_name_ignoring_case(client, make, app, backend):
    from forum.services import events

    slug = make.event()
    with app.app_context():
        agency = events.save_agency(events.get_event(slug), {"name": "Badan Perencanaan Pembangunan Daerah",
                                                             "short_name": "Bappeda"})
        db.session.commit()
        agency_id = agency.id
    body = register(client, slug, person(agency="BAPPEDA")).json
    assert body["agency"] == {"id": agency_id, "name": "Badan Perencanaan Pembangunan Daerah", "short_name": "Bappeda",
                              "verified": True}


def test_same_agency_name_in_another_forum_is_another_agency(client, make, backend):
    first = register(client, make.event(), person(agency="Dinas Pariwisata")).json
    second = register(client, make.event(), person(agency="Dinas Pariwisata")).json
    assert first["agency"]["id"] != second["agency"]["id"]


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("nip", [
    "12345",  # wrong length
    "1985031520100110011",  # 19 digits
    "198502302010011001",  # 30 February
    "198503152010013001",  # gender digit 3
    "198503151990011001",  # started before turning 17
])
def test_invalid_nip_is_refused_on_nip(client, make, backend, nip):
    assert_invalid(register(client, make.event(), person(nip=nip)), "nip")


@pytest.mark.parametrize("phone", ["12345", "+1 555 123 4567", "0812abcd789", "0812"])
def test_invalid_phone_is_refused_on_phone(client, make, backend, phone):
    assert_invalid(register(client, make.event(), person(phone=phone)), "phone")


@pytest.mark.parametrize("email", ["budi", "budi@", "budi@@example.id", "budi @example.id"])
def test_invalid_email_is_refused_on_email(client, make, backend, email):
    assert_invalid(register(client, make.event(), person(email=email)), "email")


def test_each_invalid_field_is_named(client, make, backend):
    response = register(client, make.event(), person(email="budi", phone="12345", nip="1", attendance="maybe"))
    assert set(response.json["error"]["fields"]) == {"email", "phone", "nip", "attendance"}


@pytest.mark.parametrize("consent", [None, False, "yes", "true", 1])
def test_registration_without_consent_is_refused_on_consent(client, make, app, backend, consent):
    body = person(consent=consent)
    if consent is None:
        del body["consent"]
    assert_invalid(register(client, make.event(), body), "consent")
    assert participant_count(app) == 0


@pytest.mark.parametrize("missing", ["name", "agency", "attendance"])
def test_missing_required_field_is_named(client, make, backend, missing):
    body = person()
    del body[missing]
    assert_invalid(register(client, make.event(), body), missing)


def test_ten_kilobyte_name_is_a_422_not_a_500(client, make, backend):
    assert_invalid(register(client, make.event(), person(name="x" * 10_240)), "name")


@pytest.mark.parametrize("field, value", [
    ("name", 12345), ("name", ["Budi"]), ("agency", {"name": "Bappeda"}), ("position", 3.5),
    ("attendance", ["in_person"]), ("attendance", {"mode": "online"}), ("email", 42), ("phone", 81234567890),
    ("nip", 198503152010011001), ("deputy_for", True),
])
def test_wrong_json_type_is_a_422_naming_the_field(client, make, backend, field, value):
    assert_invalid(register(client, make.event(), person(**{field: value})), field)


def test_body_that_is_a_json_list_is_a_400(client, make, backend):
    response = register(client, make.event(), [person()])
    assert response.status_code == 400
    assert response.json["error"]["code"] == "malformed"


@pytest.mark.parametrize("body", ['{"name": "Budi",', "{'name': 'Budi'}", "", "[" * 100_000])
def test_malformed_json_is_a_400(client, make, backend, body):
    response = client.post(f"/api/v1/events/{make.event()}/registrations", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "malformed_json"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_wrong_content_type_is_a_415(client, make, backend, content_type):
    response = client.post(f"/api/v1/events/{make.event()}/registrations", data='{"name": "Budi"}',
                           content_type=content_type)
    assert response.status_code == 415
    assert response.json["error"]["code"] == "unsupported_media_type"


def test_closed_registration_is_a_409_registration_closed(client, make, app, backend):
    response = register(client, make.event(registration_open=False))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "registration_closed"
    assert participant_count(app) == 0


def test_html_in_a_field_is_stored_as_text_and_returned_verbatim(client, make, backend):
    markup = '<script>alert("x")</script><b>Budi</b> & "Siti"'
    slug = make.event()
    body = register(client, slug, person(name=markup, agency=markup)).json
    assert body["name"] == markup
    assert body["agency"]["name"] == markup
    listed = client.get(f"/api/v1/events/{slug}/participants", headers=make.headers()).json["participants"]
    assert listed[0]["name"] == markup


# --- one registration per email and per phone ---------------------------------------------------

def test_second_registration_with_the_same_email_is_a_409_without_a_link(client, make, app, backend):
    slug = make.event()
    register(client, slug)
    response = register(client, slug, person(name="Someone Else", email="BUDI@example.id"))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "already_registered"
    assert "email" in response.json["error"]["fields"]
    assert "/p/" not in response.get_data(as_text=True)
    assert participant_count(app) == 1


def test_second_registration_with_the_same_phone_written_differently_is_a_409(client, make, app, backend):
    slug = make.event()
    register(client, slug, person(email=None, phone="0812-3456-7890"))
    response = register(client, slug, person(email="other@example.id", phone="+6281234567890"))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "already_registered"
    assert set(response.json["error"]["fields"]) == {"email", "phone"}  # not telling which one matched
    assert "/p/" not in response.get_data(as_text=True)


def test_the_409_is_the_same_whether_the_email_or_the_phone_matched_and_names_nobody(client, make, app, backend):
    slug = make.event()
    first = register(client, slug, person(name="Budi Santoso", agency="Dinas PUPR Kabupaten Sambas",
                                          email="budi@example.id", phone="0812-1111-2222")).json
    by_email = register(client, slug, person(name="Orang Lain", email="budi@example.id", phone="0813-9999-0000"))
    by_phone = register(client, slug, person(name="Orang Lain", email="lain@example.id", phone="+6281211112222"))
    assert by_email.status_code == by_phone.status_code == 409
    assert by_email.json == by_phone.json
    assert set(by_email.json) == {"error"} and set(by_email.json["error"]) == {"code", "message", "fields"}
    text = by_email.get_data(as_text=True)
    for secret in ("Budi", "Sambas", "PUPR", first["personal_url"].rsplit("/", 1)[1], "/p/", "/c/", "qr"):
        assert secret not in text
    assert participant_count(app) == 1


def test_same_email_may_register_for_another_forum(client, make, backend):
    register(client, make.event())
    assert register(client, make.event()).status_code == 201


def test_two_registrations_without_email_or_phone_are_both_kept(client, make, app, backend):
    slug = make.event()
    assert register(client, slug, person(email=None)).status_code == 201
    assert register(client, slug, person(email=None)).status_code == 201
    assert participant_count(app) == 2


def test_the_same_email_raced_from_several_threads_makes_exactly_one_record(app, make, backend):
    slug = make.event()
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    results = []

    def attempt(n):
        client = app.test_client()
        barrier.wait()
        response = register(client, slug, person(name=f"Budi {n}", agency="Dinas Baru"))
        results.append((response.status_code, response.json))

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(status for status, _body in results)
    assert statuses == [201] + [409] * (threads_count - 1), results
    assert {body["error"]["code"] for status, body in results if status == 409} == {"already_registered"}
    assert len(stored(app, email="budi@example.id")) == 1


# --- rate limit -------------------------------------------------------------------------------

@pytest.mark.config(RATELIMIT_ENABLED=True, FORUM_REGISTRATION_LIMIT="3 per minute")
def test_fourth_registration_in_a_minute_from_one_address_is_a_429(client, make, backend):
    slug = make.event()
    for n in range(3):
        assert register(client, slug, person(email=f"p{n}@example.id")).status_code == 201
    response = register(client, slug, person(email="p3@example.id"))
    assert response.status_code == 429
    assert response.json["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.config(RATELIMIT_ENABLED=True, FORUM_REGISTRATION_LIMIT="3 per minute")
def test_staff_bearer_token_is_exempt_from_the_registration_limit(client, make, backend):
    slug = make.event()
    headers = make.headers("organiser")
    for n in range(3):
        register(client, slug, person(email=f"p{n}@example.id"))
    for n in range(3, 8):
        assert register(client, slug, person(email=f"p{n}@example.id"), headers=headers).status_code == 201


@pytest.mark.config(RATELIMIT_ENABLED=True, FORUM_REGISTRATION_LIMIT="3 per minute")
def test_an_invalid_bearer_token_is_not_exempt_from_the_limit(client, make, backend):
    slug = make.event()
    headers = {"Authorization": "Bearer fst_not-a-real-token"}
    for n in range(3):
        register(client, slug, person(email=f"p{n}@example.id"), headers=headers)
    assert register(client, slug, person(email="p3@example.id"), headers=headers).status_code == 429
