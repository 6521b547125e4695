"""Hostile input never reaches a 500: lone UTF-16 surrogates, NUL bytes, ids beyond any integer column,
non-finite numbers and absurd time zones, on SQLite and PostgreSQL (psycopg refuses NUL in text, SQLite
refuses integers beyond 64 bits).

The first part pins each case found in the security review; `test_every_operation_survives_hostile_values`
then walks every operation of the OpenAPI document, field by field, with hostile values of each type."""
from __future__ import annotations

import io
import json
import re

import pytest

from tests.test_fuzz_api import PDF, seed  # noqa: F401  (a fixture: a forum with sessions, inputs, a material)

pytestmark = pytest.mark.both_dbs

API = "/api/v1"
PERSON = {"name": "Budi Santoso", "agency": "Bappeda", "position": "Analis", "nip": "", "phone": "081234567890",
          "email": "budi@example.id", "attendance": "in_person", "consent": True}
SURROGATE = '"\\ud800"'  # as JSON sends it: an escape the parser turns into a lone surrogate
HUGE_IDS = ["0", "-1", "2147483648", "9999999999", "66353507102", "9223372036854775808", "18446744073709551616",
            "1e309", "Infinity", "NaN"]


def raw_json(fields: dict, **raw: str) -> bytes:
    """`fields` as JSON with some values spliced in verbatim (escapes and numbers json.dumps cannot write)."""
    parts = [json.dumps(fields)[1:-1], *(f'"{name}": {value}' for name, value in raw.items())]
    return ("{" + ", ".join(part for part in parts if part) + "}").encode()


def assert_json_error(response, status, field=None):
    assert response.status_code == status, response.data[:400]
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert error["code"] and error["message"]
    if field is not None:
        assert field in error["fields"], error


# --- lone surrogates --------------------------------------------------------------------------

def test_lone_surrogate_in_public_registration_is_a_422_naming_the_field(client, make, backend):
    slug = make.event()
    for field in ("name", "agency", "position", "nip", "phone", "email", "attendance", "deputy_for"):
        body = raw_json({k: v for k, v in PERSON.items() if k != field}, **{field: SURROGATE})
        response = client.post(f"{API}/events/{slug}/registrations", data=body, content_type="application/json")
        assert_json_error(response, 422, field)


def test_lone_surrogate_in_a_nested_value_names_its_place(client, make, backend):
    response = client.post(f"{API}/events", data=b'{"title": "Forum", "theme": {"x": ["ok", "\\udfff"]}}',
                           content_type="application/json", headers=make.headers())
    assert_json_error(response, 422, "theme.x[1]")


def test_one_bad_scan_in_an_offline_batch_is_that_scans_422_and_the_rest_are_judged(client, make, backend):
    """A whole-batch 422 would leave the device's queue stuck, resending the same batch for ever."""
    slug = make.event()
    person = make.participant(slug)
    body = json.dumps({"scans": [{"code": person["checkin_code"], "client_id": "a"},
                                 {"code": "SURROGATE", "client_id": "b"}, {"code": "AB\x00", "client_id": "c"},
                                 {"participant_id": 2**40, "client_id": "d"}]}).replace("SURROGATE", "\\ud800")
    response = client.post(f"{API}/events/{slug}/checkins/batch", data=body.encode(), content_type="application/json",
                           headers=make.headers("checkin"))
    assert response.status_code == 200, response.json
    first, *bad = response.json["results"]
    assert first["status"] == 201 and first["result"] == "checked_in"
    assert [(r["status"], sorted(r["error"]["fields"])) for r in bad] == [
        (422, ["code"]), (422, ["code"]), (422, ["participant_id"])]


def test_lone_surrogate_in_a_key_is_a_422_whose_answer_is_valid_utf8(client, make, backend):
    response = client.post(f"{API}/events", data=b'{"title": "Forum", "\\ud800": 1}',
                           content_type="application/json", headers=make.headers())
    assert_json_error(response, 422, "\ufffd")
    response.data.decode("utf-8")


def test_surrogate_pair_is_an_ordinary_character(client, make, backend):
    slug = make.event()
    body = raw_json(PERSON, name='"Budi \\ud83d\\ude00"')
    response = client.post(f"{API}/events/{slug}/registrations", data=body, content_type="application/json")
    assert response.status_code == 201, response.json
    assert response.json["name"] == "Budi \U0001F600"


@pytest.mark.parametrize("encoded", [b"%ED%A0%80", b"%00"], ids=["surrogate", "nul"])
def test_surrogate_or_nul_in_the_registration_form_is_no_500(client, make, backend, encoded):
    """A form cannot carry a surrogate (its UTF-8 form is invalid and decodes to U+FFFD); a NUL is a
    400 page naming the field."""
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
            assert f"“{field}”".encode() in response.data


# --- NUL bytes --------------------------------------------------------------------------------

def test_nul_in_a_json_string_is_a_422_naming_the_field(client, make, backend):
    slug = make.event()
    response = client.post(f"{API}/events/{slug}/checkins", json={"code": "AB\x00CD"},
                           headers=make.headers("checkin"))
    assert_json_error(response, 422, "code")
    response = client.post(f"{API}/events/{slug}/registrations", json={**PERSON, "agency": "Bapp\x00eda"})
    assert_json_error(response, 422, "agency")


def test_nul_in_an_api_path_is_a_json_404(client, make, backend):
    slug = make.event()
    headers = make.headers("admin")
    for path in ("/events/a%00b", f"/events/{slug}/participants/1%00", f"/events/{slug}%00/participants",
                 f"/events/{slug}/inputs/%00"):
        assert_json_error(client.get(API + path, headers=headers), 404)


def test_nul_in_an_api_query_string_is_a_422_naming_the_parameter(client, make, backend):
    slug = make.event()
    headers = make.headers("admin")
    for query in ("checkin-search?q=Bu%00di", "participants?q=%00", "inputs?regency=Samb%00as", "inputs?status=%00"):
        response = client.get(f"{API}/events/{slug}/{query}", headers=headers)
        assert_json_error(response, 422, query.split("?")[1].split("=")[0])


def test_nul_in_a_page_address_is_a_404_page(client, backend):
    for path in ("/p/ab%00cd", "/c/ab%00cd", "/qr/ab%00cd.png", "/events/x%00y"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.mimetype == "text/html"


def test_nul_in_a_page_query_string_is_a_400_page_naming_it(client, make, login_as, backend):
    slug = make.event()
    login_as("admin")
    response = client.get(f"/admin/{slug}/participants?q=Bu%00di")
    assert response.status_code == 400
    assert response.mimetype == "text/html" and "“q”".encode() in response.data


@pytest.mark.config(BABEL_DEFAULT_LOCALE="id")
def test_the_400_page_speaks_the_pages_language(client, make, backend):
    response = client.post(f"/events/{make.event()}/register", data=b"name=Bu%00di",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "Isian “name” tidak sah: Tidak boleh memuat karakter NUL.".encode() in response.data


# --- ids beyond any column --------------------------------------------------------------------

def test_absurd_id_in_an_api_path_is_a_json_404(client, make, backend):
    slug = make.event()
    headers = make.headers("admin")
    for value in HUGE_IDS:
        for method, path in ((client.get, f"/events/{slug}/participants/{value}"),
                             (client.patch, f"/events/{slug}/participants/{value}"),  # not a 405 (GET's path)
                             (client.get, f"/events/{slug}/inputs/{value}"),
                             (client.post, f"/events/{slug}/inputs/{value}/overlaps/{value}/dismiss")):
            assert_json_error(method(API + path, headers=headers, json={}), 404)


def test_absurd_id_in_a_page_address_is_a_404_page(client, make, login_as, backend):
    slug = make.event()
    login_as("admin")
    for value in HUGE_IDS:
        for path in (f"/admin/{slug}/participants/{value}", f"/admin/{slug}/agenda/{value}",
                     f"/events/{slug}/materials/{value}", f"/staff/{value}"):
            assert client.get(path).status_code == 404, path


def test_absurd_id_in_a_query_string_is_a_422_naming_it(client, make, backend):
    slug = make.event()
    headers = make.headers("admin")
    for value in HUGE_IDS:
        response = client.get(f"{API}/events/{slug}/inputs?session={value}", headers=headers)
        assert_json_error(response, 422, "session")


@pytest.mark.parametrize("operation, field", [
    ("checkins", "participant_id"), ("walkins", "represents_id"), ("agenda/delay", "session_id"),
    ("sessions", "speaker_ids"), ("inputs", "merged_into"), ("inputs", "participant_id"),
    ("agenda/delay", "minutes")])
def test_absurd_number_in_a_json_body_is_a_4xx_naming_it(client, make, backend, operation, field):
    slug = make.event()
    headers = make.headers("admin")
    session = client.post(f"{API}/events/{slug}/sessions", headers=headers, json={
        "title": "S", "starts_at": "2021-02-25T08:00", "ends_at": "2021-02-25T09:00"}).json["id"]
    client.post(f"{API}/events/{slug}/sessions/{session}/state", headers=headers,
                json={"state": "live", "input_open": True})
    base = {"checkins": {}, "walkins": {"name": "Budi", "agency": "Bappeda", "attendance": "in_person"},
            "agenda/delay": {"minutes": 5},
            "sessions": {"title": "Sesi", "starts_at": "2021-02-25T08:00", "ends_at": "2021-02-25T09:00"},
            "inputs": {"status": "merged"}}[operation]
    method, path = client.post, f"{API}/events/{slug}/{operation}"
    if operation == "inputs":
        made = client.post(f"{API}/events/{slug}/sessions/{session}/inputs", headers=headers,
                           json={"kind": "question", "title": "Jalan desa", "body": "Kapan?", "agency": "Bappeda"})
        assert made.status_code == 201, made.json
        method, path = client.patch, f"{API}/events/{slug}/inputs/{made.json['id']}"
        if field == "participant_id":
            method, path = client.post, f"{API}/events/{slug}/sessions/{session}/inputs"
            base = {"kind": "question", "title": "Jalan desa"}
    for value in ("0", "-1", "2147483648", "9223372036854775808", "18446744073709551616", '"18446744073709551616"',
                  "1e309", "-1e309", "Infinity", "NaN", "1.5", "9" * 5000):
        raw = f"[{value}]" if field == "speaker_ids" else value
        response = method(path, data=raw_json(base, **{field: raw}), content_type="application/json",
                          headers=headers)
        assert response.status_code < 500, (value, response.data[:400])
        if response.status_code >= 400:
            assert response.json["error"]["code"] != "unstorable_value", (value, response.json)
        if value in ("1e309", "-1e309", "Infinity", "NaN") or len(value) > 12 and field != "minutes":
            assert response.status_code in (400, 422), (value, response.json)
        if value.isdigit() and len(value) < 100 and int(value) > 2**31 and field != "minutes":
            assert_json_error(response, 422)
            assert any(name.startswith(field) for name in response.json["error"]["fields"]), response.json


# --- time zones -------------------------------------------------------------------------------

def test_absurd_time_zone_is_a_422_naming_it(client, make, backend):
    headers = make.headers()
    slug = make.event()
    body = {"title": "Forum", "starts_at": "2021-02-25T08:00:00", "ends_at": "2021-02-25T16:00:00"}
    for zone in ("A" * 300, "Asia/" + "x" * 300, "Asia/Pontianak" + " " * 100, "a/" * 150, "Asia/Pontianak\x00",
                 "\ud800"):
        response = client.post(f"{API}/events", data=json.dumps({**body, "timezone": zone}).encode(),
                               content_type="application/json", headers=headers)
        assert_json_error(response, 422, "timezone")
        response = client.patch(f"{API}/events/{slug}", data=json.dumps({"timezone": zone}).encode(),
                                content_type="application/json", headers=headers)
        assert_json_error(response, 422, "timezone")


# --- every operation of the OpenAPI document ---------------------------------------------------
# Each operation runs on a fresh seeded forum (tests/test_fuzz_api.py's `seed`): a valid request first
# (its baseline body, for the operations named below; `{}` for any other), then that request with one
# place made hostile at a time: each body field (nested objects and list items included), each path
# parameter, each query parameter. Values are raw JSON text, so that lone surrogate escapes, `1e309`,
# `Infinity` and integers beyond 64 bits reach the server as a client would send them.

HOSTILE_TEXTS = ['"\\ud800"', '"Bu\\u0000di"', json.dumps("x" * 10_000), json.dumps("\u202eمرحبا \U0001F600 ﷽"),
                 json.dumps("2021-02-30T25:61:00+99:00"), json.dumps("=cmd|' /C calc'!A0")]
HOSTILE_NUMBERS = ["0", "-1", str(2**31), str(2**64), "1e309", "NaN", "1.5", '"18446744073709551616"']
HOSTILE_BOOLEANS = ['"true"', "1", "null"]
WRONG_SHAPES = ["null", "[]", '{"\\u0000": 1}', '["\\ud800", 18446744073709551616]']
HOSTILE_BODIES = ["[]", '"\\ud800"', "1e309", '{"\\ud800": "\\ud800"}']

PATH_IDS = ["0", str(2**31), str(2**64), "1e309", "1%00", "%ED%A0%80"]
PATH_TEXTS = ["%00", "x" * 2000, "%ED%A0%80", "%F0%9F%98%80"]
QUERY_VALUES = ["%00", "%ED%A0%80", "x" * 5000, "-1", str(2**64), "1e309"]

BASELINES = {
    "createEvent": {"title": "Forum Fuzz", "starts_at": "2031-03-01T08:00", "ends_at": "2031-03-01T16:00"},
    "updateEvent": {"title": "Forum Fuzz"},
    "register": {"name": "Budi", "agency": "Bappeda", "attendance": "online", "email": "budi@example.id",
                 "consent": True},
    "updateParticipant": {"position": "Analis"},
    "checkIn": {"code": "ABCDEFGH"},
    "checkInBatch": {"scans": [{"code": "ABCDEFGH", "client_id": "fuzz-1"}]},
    "registerWalkIn": {"name": "Siti", "agency": "DPMD", "attendance": "in_person"},
    "createSession": {"title": "Sesi", "starts_at": "2031-02-25T13:00", "ends_at": "2031-02-25T14:00"},
    "updateSession": {"title": "Sesi"},
    "changeSessionState": {"state": "live", "input_open": True},
    "delayAgenda": {"minutes": 5},
    "announce": {"text": "Rehat kopi"},
    "updateMaterial": {"title": "Paparan"},
    "submitInput": {"kind": "proposal", "title": "Jalan desa", "body": "Akses", "agency": "Bappeda",
                    "location": {"regency": "Sambas"}},
    "moderateInput": {"status": "accepted"},
    "updateMinutes": {"chair": "Kepala Bappeda"},
}


def _document_and_schemas():
    from tests.test_fuzz_api import _document

    doc = _document()
    return doc, doc["components"]["schemas"]


DOCUMENT, SCHEMAS = _document_and_schemas()
OPERATIONS = [(path, method, op) for path, methods in DOCUMENT["paths"].items() for method, op in methods.items()]
TAGS = sorted({op["tags"][0] for _path, _method, op in OPERATIONS})


def resolve(schema: dict) -> dict:
    """The schema with references followed, `allOf` merged and `null` alternatives dropped."""
    if "$ref" in schema:
        return resolve(SCHEMAS[schema["$ref"].rsplit("/", 1)[1]])
    if "allOf" in schema:
        merged: dict = {"type": "object", "properties": {}}
        for part in schema["allOf"]:
            merged["properties"].update(resolve(part).get("properties", {}))
        return merged
    if "anyOf" in schema:
        return resolve(next(s for s in schema["anyOf"] if s.get("type") != "null"))
    kind = schema.get("type")
    if isinstance(kind, list):
        return {**schema, "type": next(k for k in kind if k != "null")}
    if "const" in schema and "type" not in schema:
        return {**schema, "type": type(schema["const"]).__name__.replace("bool", "boolean").replace("str", "string")}
    return schema


def hostile_values(schema: dict, baseline, depth: int = 0):
    """Raw JSON texts to put where `schema` goes: hostile values of its type and, at the top, of other
    shapes; for objects and lists, the baseline with one inner place made hostile."""
    schema = resolve(schema)
    kind = schema.get("type")
    if kind == "object":
        base = baseline if isinstance(baseline, dict) else {}
        for name, inner in schema.get("properties", {}).items():
            for raw in hostile_values(inner, base.get(name), depth + 1):
                yield splice(base, name, raw)
    elif kind == "array":
        first = baseline[0] if isinstance(baseline, list) and baseline else None
        for raw in hostile_values(schema.get("items", {}), first, depth + 1):
            yield f"[{raw}]"
        if depth == 0:
            yield "[" + ", ".join(["1"] * 2000) + "]"
    elif kind in ("integer", "number"):
        yield from HOSTILE_NUMBERS
    elif kind == "boolean":
        yield from HOSTILE_BOOLEANS
    else:
        yield from HOSTILE_TEXTS
    if depth == 0:
        yield from WRONG_SHAPES


def splice(base: dict, name: str, raw: str) -> str:
    """`base` as JSON text with `name` set to the raw JSON text `raw`."""
    parts = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in base.items() if k != name]
    return "{" + ", ".join([*parts, f"{json.dumps(name)}: {raw}"]) + "}"


def assert_no_server_error(response, where: str) -> None:
    assert response.status_code < 500, (where, response.status_code, response.data[:300])
    if response.status_code >= 400 and response.request.path.startswith(API):
        assert response.mimetype == "application/json", where
        error = response.json["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"], where
        assert error["code"] != "unstorable_value", (where, error)  # a validation is missing
        if error["code"] == "invalid":
            assert error["fields"] and all(isinstance(v, str) for v in error["fields"].values()), (where, error)


@pytest.mark.parametrize("tag", TAGS)
def test_every_operation_survives_hostile_values(client, seed, backend, tag):  # noqa: F811
    """One test per tag of the document (a seeded forum each), each of its operations in turn."""
    for path, method, op in OPERATIONS:
        if op["tags"][0] == tag:
            send_hostile_values(client, seed, path, method, op)


def send_hostile_values(client, seed, path: str, method: str, op: dict) -> None:  # noqa: F811
    participant_only = op.get("x-forum-role") == "participant"
    headers = {"Authorization": f"Bearer {seed.participant if participant_only else seed.staff}"}
    params = {p["name"]: p for p in op.get("parameters", [])}
    valid = {"slug": seed.slug, "name": "attendance", "fmt": "csv",
             **{name: str(ids[-1]) for name, ids in seed.ids.items()}}

    def url(**override) -> str:
        filled = path
        for name in re.findall(r"{(\w+)}", path):
            filled = filled.replace("{" + name + "}", override.get(name, valid.get(name, "1")))
        return API + filled

    def call(target: str, body: str | None = None, where: str = ""):
        kwargs = {"headers": headers}
        if body is not None:
            kwargs.update(data=body.encode("utf-8", "surrogatepass"), content_type="application/json")
        response = getattr(client, method)(target, **kwargs)
        assert_no_server_error(response, f"{method.upper()} {path} {where}")

    body_schema = (op.get("requestBody") or {}).get("content", {})
    baseline = BASELINES.get(op["operationId"], {})
    if "application/json" in body_schema:
        schema = body_schema["application/json"]["schema"]
        call(url(), json.dumps(baseline), "baseline")
        for raw in HOSTILE_BODIES:
            call(url(), raw, f"body {raw}")
        for raw in hostile_values(schema, baseline):
            call(url(), raw, f"body {raw[:120]}")
    elif "multipart/form-data" in body_schema:
        fields = resolve(body_schema["multipart/form-data"]["schema"])["properties"]
        for name in fields:
            for value in ("a\x00b", "x" * 10_000, str(2**64), "\u202e\U0001F600"):
                data = {"file": (io.BytesIO(PDF), "a.pdf"), "title": "Paparan", name: value}
                if name == "file":
                    data["file"] = (io.BytesIO(PDF), value[:255])
                response = client.post(url(), data=data, headers=headers, content_type="multipart/form-data")
                assert_no_server_error(response, f"{path} form {name}={value[:40]!r}")
    else:
        call(url(), None, "baseline")
    for name, param in params.items():
        if param["in"] == "path":
            kind = resolve(param["schema"]).get("type")
            for value in PATH_IDS if kind == "integer" else PATH_TEXTS:
                call(url(**{name: value}), json.dumps(baseline) if "application/json" in body_schema else None,
                     f"path {name}={value[:40]}")
        elif param["in"] == "query" and method == "get":
            for value in QUERY_VALUES:
                call(url() + f"?{name}={value.format(name=name)}", None, f"query {name}={value[:40]}")


# --- real time --------------------------------------------------------------------------------

def test_hostile_forum_in_a_socket_connect_is_refused(app, make, backend):
    from forum.extensions import socketio

    slug = make.event()
    for auth in ({"event": "a\x00b"}, {"event": "\ud800"}, {"event": "x" * 10_000}, {"event": ["x"]},
                 {"event": slug, "token": "a\x00b"}, {"event": slug, "token": "\ud800"},
                 {"event": slug, "token": 2**64}):
        client = socketio.test_client(app, namespace="/live", flask_test_client=app.test_client(), auth=auth)
        assert not client.is_connected("/live"), auth


def test_a_multipart_part_without_a_name_is_no_500(client, seed, backend):  # noqa: F811
    """Werkzeug keys a part whose Content-Disposition names no field `None` (found by the fuzzer)."""
    body = (b'--B\r\nContent-Disposition: form-data\r\n\r\nnull\r\n'
            b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n' + PDF + b'\r\n--B--\r\n')
    response = client.post(f"/api/v1/events/{seed.slug}/sessions/{seed.ids['session_id'][0]}/materials", data=body,
                           headers={"Authorization": f"Bearer {seed.staff}",
                                    "Content-Type": "multipart/form-data; boundary=B"})
    assert response.status_code == 201, response.json
