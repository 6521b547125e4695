"""The OpenAPI document: served publicly, structurally sound, and true to the routes and the answers."""
import re
from datetime import datetime

import pytest

PREFIX = "/api/v1"
IGNORED_METHODS = {"HEAD", "OPTIONS"}

# The external contract's fields; anything else the document lists must say it is an extension.
CONTRACT_FIELDS = {
    "Event": {"slug", "title", "theme", "venue", "starts_at", "ends_at", "timezone", "stream_url",
              "registration_open"},
    "Participant": {"id", "name", "agency", "position", "attendance", "role", "status"},
    "Agency": {"id", "name", "short_name", "verified"},  # verified: contract version 2 ("Agencies")
    "RegistrationResult": {"personal_url", "qr_png_url"},
    "ParticipantDetail": set(),
    "Registration": {"name", "agency", "position", "email", "phone", "nip", "attendance", "consent"},
    "ParticipantUpdate": {"role", "status", "attendance", "name", "agency", "position", "email", "phone", "nip"},
    "AttendanceRow": {"participant", "checked_in_at", "desk", "online_first_joined_at", "online_minutes", "present"},
}


@pytest.fixture
def doc(client):
    return client.get(f"{PREFIX}/openapi.json").json


# --- a small checker: an answer against its documented schema ----------------------------------

def resolve(doc, schema):
    while "$ref" in schema:
        node = doc
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def properties_of(doc, schema):
    schema = resolve(doc, schema)
    properties, required = dict(schema.get("properties", {})), set(schema.get("required", []))
    for part in schema.get("allOf", []):
        more, needed = properties_of(doc, part)
        properties.update(more)
        required |= needed
    return properties, required


TYPES = {"string": str, "object": dict, "array": list, "boolean": bool, "null": type(None)}


def has_type(value, name) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def problems(doc, schema, value, where="$") -> list[str]:
    """What is wrong with `value` under `schema`, including fields the document does not list."""
    schema = resolve(doc, schema)
    if "anyOf" in schema:
        if all(problems(doc, option, value, where) for option in schema["anyOf"]):
            return [f"{where}: matches no anyOf option"]
        return []
    found = []
    types = schema.get("type")
    if types and not any(has_type(value, t) for t in ([types] if isinstance(types, str) else types)):
        return [f"{where}: {value!r} is not {types}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value is not None and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if schema.get("format") == "date-time" and isinstance(value, str):
        if datetime.fromisoformat(value).tzinfo is None:
            found.append(f"{where}: {value!r} has no offset")
    if isinstance(value, dict):
        properties, required = properties_of(doc, schema)
        found += [f"{where}: missing {name}" for name in sorted(required - set(value))]
        if properties:
            found += [f"{where}: undocumented {name}" for name in sorted(set(value) - set(properties))]
        for name in set(value) & set(properties):
            found += problems(doc, properties[name], value[name], f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += problems(doc, schema["items"], item, f"{where}[{i}]")
    return found


def answer_schema(doc, path, method, status):
    return doc["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]


def assert_documented(doc, response, path, method):
    """The real answer fits the schema the document gives for its status, field for field."""
    assert str(response.status_code) in doc["paths"][path][method]["responses"], response.status_code
    found = problems(doc, answer_schema(doc, path, method, response.status_code), response.json)
    assert not found, found


def test_checker_notices_an_undocumented_field(doc):
    event = {"slug": "x", "title": "x", "theme": "", "venue": "", "starts_at": "2021-02-25T08:00:00+07:00",
             "ends_at": "2021-02-25T16:00:00+07:00", "timezone": "Asia/Pontianak", "stream_url": "",
             "registration_open": True, "presence_min_minutes": 0, "retention_days": None}
    assert problems(doc, {"$ref": "#/components/schemas/Event"}, event) == []
    assert problems(doc, {"$ref": "#/components/schemas/Event"}, {**event, "secret": 1}) == ["$: undocumented secret"]
    assert problems(doc, {"$ref": "#/components/schemas/Event"}, {**event, "registration_open": "yes"})


# --- the document itself -------------------------------------------------------------------------

def test_document_is_public_json_for_openapi_3_1(client):
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json["openapi"].startswith("3.1.")
    assert response.json["servers"] == [{"url": PREFIX}]


def test_document_passes_the_openapi_validator(doc):
    from openapi_spec_validator import validate

    validate(doc)


def api_routes(app) -> dict[str, set[str]]:
    """The url_map's rules under /api/v1 as OpenAPI paths ({name} for <converter:name>) with methods."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PREFIX + "/"):
            path = re.sub(r"<(?:[^:<>]+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(PREFIX))
            routes.setdefault(path, set()).update(m.lower() for m in rule.methods - IGNORED_METHODS)
    return routes


def test_every_api_route_is_documented_with_its_methods(app, doc):
    routes = api_routes(app)
    assert routes, "no API routes found"
    for path, methods in routes.items():
        assert path in doc["paths"], f"{path} is not documented"
        assert methods <= set(doc["paths"][path]), f"{path}: undocumented {methods - set(doc['paths'][path])}"


def test_every_documented_operation_exists(app, doc):
    routes = api_routes(app)
    for path, item in doc["paths"].items():
        assert path in routes, f"{path} is documented but does not exist"
        assert set(item) <= routes[path], f"{path}: documented {set(item) - routes[path]} do not exist"


def test_every_reference_resolves(doc):
    refs = re.findall(r'"\$ref": "([^"]+)"', __import__("json").dumps(doc))
    assert refs
    for target in set(refs):
        assert resolve(doc, {"$ref": target}), target


def test_every_schema_is_used(doc):
    import json

    text = json.dumps(doc["paths"]) + json.dumps(doc["components"])
    for name in doc["components"]["schemas"]:
        assert f'"#/components/schemas/{name}"' in text, f"{name} is never used"


def operations(doc):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            yield path, method, op


def test_operation_ids_are_unique(doc):
    ids = [op["operationId"] for _p, _m, op in operations(doc)]
    assert len(ids) == len(set(ids))


def test_every_error_answer_has_the_error_body(doc):
    for path, method, op in operations(doc):
        for status, response in op["responses"].items():
            if status.startswith("4"):
                schema = resolve(doc, response["content"]["application/json"]["schema"])
                properties, required = properties_of(doc, schema)
                assert "error" in required, (path, method, status)
                assert set(properties_of(doc, properties["error"])[1]) == {"code", "message"}


def test_staff_operations_say_who_may_call_and_answer_401_and_403(doc):
    staff = [(p, m, op) for p, m, op in operations(doc) if "x-forum-role" in op]
    assert staff
    for path, method, op in staff:
        assert {"401", "403"} <= set(op["responses"]), (path, method)
        assert op["security"] == [{"bearerToken": []}, {"cookieSession": []}]


def test_operations_with_a_json_body_answer_400_413_415_and_422(doc):
    for path, method, op in operations(doc):
        if "application/json" in op.get("requestBody", {}).get("content", {}):
            assert {"400", "413", "415", "422"} <= set(op["responses"]), (path, method)


def test_operations_on_a_forum_answer_404(doc):
    for path, method, op in operations(doc):
        if "{slug}" in path:
            assert "404" in op["responses"], (path, method)
            assert "`event_not_found`" in op["responses"]["404"]["description"]


def test_security_schemes_are_bearer_token_and_session_cookie(doc):
    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {**schemes["bearerToken"], "type": "http", "scheme": "bearer"}
    assert schemes["cookieSession"] == {**schemes["cookieSession"], "type": "apiKey", "in": "cookie",
                                        "name": "session"}


@pytest.mark.parametrize("schema", sorted(CONTRACT_FIELDS))
def test_fields_beyond_the_contract_are_described_as_extensions(doc, schema):
    properties, _required = properties_of(doc, {"$ref": f"#/components/schemas/{schema}"})
    inherited = set()
    for part in doc["components"]["schemas"][schema].get("allOf", []):
        if "$ref" in part:
            inherited |= set(properties_of(doc, part)[0])
    for name, field in properties.items():
        if name not in CONTRACT_FIELDS[schema] and name not in inherited:
            assert "Extension" in resolve(doc, field).get("description", ""), f"{schema}.{name}"


# --- the real answers match the document ----------------------------------------------------------

def test_event_answers_match_the_document(client, make, doc):
    headers = make.headers()
    created = client.post(f"{PREFIX}/events", json={"title": "Forum", "starts_at": "2021-02-25T08:00:00",
                                                    "ends_at": "2021-02-25T16:00:00"}, headers=headers)
    assert_documented(doc, created, "/events", "post")
    slug = created.json["slug"]
    assert_documented(doc, client.get(f"{PREFIX}/events"), "/events", "get")
    assert_documented(doc, client.get(f"{PREFIX}/events/{slug}"), "/events/{slug}", "get")
    patched = client.patch(f"{PREFIX}/events/{slug}", json={"retention_days": 30}, headers=headers)
    assert_documented(doc, patched, "/events/{slug}", "patch")


def test_registration_answer_matches_the_document(client, make, doc):
    response = client.post(f"{PREFIX}/events/{make.event()}/registrations", json={
        "name": "Budi", "agency": "Bappeda", "attendance": "online", "consent": True, "phone": "0812 3456 7890"})
    assert_documented(doc, response, "/events/{slug}/registrations", "post")


def test_participant_answers_match_the_document(client, make, doc):
    slug = make.event()
    person = make.participant(slug, nip="198503152010011001", phone="081234567890")
    headers = make.headers()
    listed = client.get(f"{PREFIX}/events/{slug}/participants", headers=headers)
    assert listed.json["participants"]
    assert_documented(doc, listed, "/events/{slug}/participants", "get")
    one = client.get(f"{PREFIX}/events/{slug}/participants/{person['id']}", headers=headers)
    assert_documented(doc, one, "/events/{slug}/participants/{participant_id}", "get")
    patched = client.patch(f"{PREFIX}/events/{slug}/participants/{person['id']}",
                           json={"role": "speaker", "notes": "Slides on USB"}, headers=headers)
    assert_documented(doc, patched, "/events/{slug}/participants/{participant_id}", "patch")


@pytest.mark.parametrize("path, method, status, request_kwargs", [
    ("/events", "post", 401, {"json": {}}),
    ("/events", "post", 422, {"json": {"title": ""}, "staff": True}),
    ("/events", "post", 415, {"data": "x", "staff": True}),
    ("/events/{slug}", "get", 404, {"slug": "nope"}),
    ("/events/{slug}/registrations", "post", 400, {"data": "{", "content_type": "application/json"}),
    ("/events/{slug}/participants", "get", 422, {"query": "?status=gone", "staff": True}),
    ("/events/{slug}/participants/{participant_id}", "get", 404, {"participant_id": 999, "staff": True}),
])
def test_error_answers_match_the_document(client, make, doc, path, method, status, request_kwargs):
    kwargs = dict(request_kwargs)
    slug = kwargs.pop("slug", None) or make.event()
    url = PREFIX + path.format(slug=slug, participant_id=kwargs.pop("participant_id", 1)) + kwargs.pop("query", "")
    if kwargs.pop("staff", False):
        kwargs["headers"] = make.headers()
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status
    assert_documented(doc, response, path, method)


def test_checkin_answers_match_the_document(client, make, doc):
    slug = make.event()
    person = make.participant(slug, deputy_for="Kepala Dinas")
    headers = make.headers("checkin")
    first = client.post(f"{PREFIX}/events/{slug}/checkins", json={"code": person["checkin_code"], "desk": "Meja 1"},
                        headers=headers)
    assert first.status_code == 201
    assert_documented(doc, first, "/events/{slug}/checkins", "post")
    again = client.post(f"{PREFIX}/events/{slug}/checkins", json={"code": person["checkin_code"]}, headers=headers)
    assert_documented(doc, again, "/events/{slug}/checkins", "post")
    unknown = client.post(f"{PREFIX}/events/{slug}/checkins", json={"code": "A" * 22}, headers=headers)
    assert unknown.status_code == 404
    assert_documented(doc, unknown, "/events/{slug}/checkins", "post")


def test_revoked_checkin_refusal_matches_the_document(client, make, doc):
    slug = make.event()
    person = make.participant(slug)
    client.patch(f"{PREFIX}/events/{slug}/participants/{person['id']}", json={"status": "revoked"},
                 headers=make.headers())
    refused = client.post(f"{PREFIX}/events/{slug}/checkins", json={"code": person["checkin_code"]},
                          headers=make.headers("checkin"))
    assert refused.status_code == 409
    assert_documented(doc, refused, "/events/{slug}/checkins", "post")


def test_checkin_batch_answer_matches_the_document(client, make, doc):
    slug = make.event()
    person = make.participant(slug)
    response = client.post(f"{PREFIX}/events/{slug}/checkins/batch", headers=make.headers("checkin"), json={
        "scans": [{"code": person["checkin_code"], "client_id": "a-1", "scanned_at": "2021-02-25T08:01:00"},
                  {"code": "nonsense", "client_id": "a-2"}, {"client_id": "a-3"}]})
    assert [r["status"] for r in response.json["results"]] == [201, 404, 422]
    assert_documented(doc, response, "/events/{slug}/checkins/batch", "post")


def test_checkin_data_and_search_match_the_document(client, make, doc):
    slug = make.event()
    make.participant(slug, name="Dewi Lestari")
    headers = make.headers("checkin")
    assert_documented(doc, client.get(f"{PREFIX}/events/{slug}/checkin-data", headers=headers),
                      "/events/{slug}/checkin-data", "get")
    found = client.get(f"{PREFIX}/events/{slug}/checkin-search?q=dewi", headers=headers)
    assert found.json["participants"]
    assert_documented(doc, found, "/events/{slug}/checkin-search", "get")


def test_walk_in_answer_matches_the_document(client, make, doc):
    slug = make.event()
    response = client.post(f"{PREFIX}/events/{slug}/walkins", headers=make.headers("checkin"),
                           json={"name": "Rina", "agency": "Kecamatan Entikong", "position": "Staf",
                                 "consent": True, "desk": "Meja 2"})
    assert response.status_code == 201
    assert_documented(doc, response, "/events/{slug}/walkins", "post")


def test_attendance_answer_matches_the_document(client, make, doc):
    slug = make.event()
    person = make.participant(slug)
    make.participant(slug, attendance="online")
    client.post(f"{PREFIX}/events/{slug}/checkins", json={"code": person["checkin_code"]},
                headers=make.headers("checkin"))
    response = client.get(f"{PREFIX}/events/{slug}/attendance", headers=make.headers())
    assert len(response.json["rows"]) == 2
    assert_documented(doc, response, "/events/{slug}/attendance", "get")


def test_export_file_is_sent_with_a_documented_type(client, make, doc):
    slug = make.event()
    response = client.get(f"{PREFIX}/events/{slug}/exports/attendance.xlsx", headers=make.headers())
    assert response.status_code == 200
    documented = doc["paths"]["/events/{slug}/exports/{name}.{fmt}"]["get"]["responses"]["200"]["content"]
    assert response.mimetype in documented


# --- agenda, materials, inputs, minutes ---------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SESSION = {"title": "Paparan Kepala Badan", "starts_at": "2021-02-25T09:00:00", "ends_at": "2021-02-25T10:00:00"}


@pytest.fixture
def agenda(client, make):
    """A forum with one session whose input is open, and its organiser's headers."""
    slug = make.event()
    headers = make.headers()
    session = client.post(f"{PREFIX}/events/{slug}/sessions", json=SESSION, headers=headers).json
    client.post(f"{PREFIX}/events/{slug}/sessions/{session['id']}/state", json={"input_open": True}, headers=headers)
    return {"slug": slug, "session": session, "headers": headers}


def test_agenda_and_session_answers_match_the_document(client, make, doc):
    slug = make.event()
    headers = make.headers()
    speaker = make.participant(slug)
    created = client.post(f"{PREFIX}/events/{slug}/sessions", json={**SESSION, "speaker_ids": [speaker["id"]]},
                          headers=headers)
    assert_documented(doc, created, "/events/{slug}/sessions", "post")
    session_path = "/events/{slug}/sessions/{session_id}"
    patched = client.patch(f"{PREFIX}/events/{slug}/sessions/{created.json['id']}", json={"room": "Ballroom"},
                           headers=headers)
    assert_documented(doc, patched, session_path, "patch")
    live = client.post(f"{PREFIX}/events/{slug}/sessions/{created.json['id']}/state", json={"state": "live"},
                       headers=headers)
    assert_documented(doc, live, session_path + "/state", "post")
    assert_documented(doc, client.get(f"{PREFIX}/events/{slug}/agenda"), "/events/{slug}/agenda", "get")
    delayed = client.post(f"{PREFIX}/events/{slug}/agenda/delay", json={"minutes": 15}, headers=headers)
    assert_documented(doc, delayed, "/events/{slug}/agenda/delay", "post")
    following = client.post(f"{PREFIX}/events/{slug}/agenda/next", headers=headers)
    assert_documented(doc, following, "/events/{slug}/agenda/next", "post")


def test_announcement_answers_match_the_document(client, agenda, doc):
    url = f"{PREFIX}/events/{agenda['slug']}/announcements"
    created = client.post(url, json={"text": "Rehat kopi 15 menit"}, headers=agenda["headers"])
    assert_documented(doc, created, "/events/{slug}/announcements", "post")
    listed = client.get(url)
    assert listed.json["announcements"]
    assert_documented(doc, listed, "/events/{slug}/announcements", "get")


def test_material_answers_match_the_document(client, agenda, doc):
    import io

    uploaded = client.post(f"{PREFIX}/events/{agenda['slug']}/sessions/{agenda['session']['id']}/materials",
                           data={"file": (io.BytesIO(PDF), "paparan.pdf"), "title": "Paparan"},
                           headers=agenda["headers"], content_type="multipart/form-data")
    assert uploaded.status_code == 201, uploaded.json
    assert_documented(doc, uploaded, "/events/{slug}/sessions/{session_id}/materials", "post")
    published = client.patch(f"{PREFIX}/events/{agenda['slug']}/materials/{uploaded.json['id']}",
                             json={"published": True}, headers=agenda["headers"])
    assert_documented(doc, published, "/events/{slug}/materials/{material_id}", "patch")


def test_input_answers_match_the_document(client, make, agenda, doc):
    slug = agenda["slug"]
    author = make.participant(slug, agency="Dinas PUPR")
    supporter = make.participant(slug, agency="DPMD")
    as_author = {"Authorization": f"Bearer {author['access_token']}"}
    as_supporter = {"Authorization": f"Bearer {supporter['access_token']}"}
    submitted = client.post(f"{PREFIX}/events/{slug}/sessions/{agenda['session']['id']}/inputs", headers=as_author,
                            json={"kind": "proposal", "title": "Pembangunan jalan desa", "budget": "1,5 M",
                                  "priority": "high"})
    assert submitted.status_code == 201, submitted.json
    assert_documented(doc, submitted, "/events/{slug}/sessions/{session_id}/inputs", "post")
    item = f"{PREFIX}/events/{slug}/inputs/{submitted.json['id']}"
    assert_documented(doc, client.get(f"{PREFIX}/events/{slug}/inputs", headers=agenda["headers"]),
                      "/events/{slug}/inputs", "get")
    with_history = client.get(item, headers=agenda["headers"])
    assert "history" in with_history.json
    assert_documented(doc, with_history, "/events/{slug}/inputs/{input_id}", "get")
    accepted = client.patch(item, json={"status": "accepted", "note": "Disepakati"}, headers=agenda["headers"])
    assert_documented(doc, accepted, "/events/{slug}/inputs/{input_id}", "patch")
    supported = client.post(item + "/support", headers=as_supporter)
    assert supported.json["supports"] == 1
    assert_documented(doc, supported, "/events/{slug}/inputs/{input_id}/support", "post")


def test_question_vote_answer_matches_the_document(client, make, agenda, doc):
    slug = agenda["slug"]
    person = make.participant(slug)
    as_person = {"Authorization": f"Bearer {person['access_token']}"}
    question = client.post(f"{PREFIX}/events/{slug}/sessions/{agenda['session']['id']}/inputs", headers=as_person,
                           json={"kind": "question", "title": "Kapan jalan dibangun?"}).json
    voted = client.post(f"{PREFIX}/events/{slug}/inputs/{question['id']}/vote", headers=as_person)
    assert voted.json["votes"] == 1
    assert_documented(doc, voted, "/events/{slug}/inputs/{input_id}/vote", "post")


def test_regions_answer_matches_the_document(client, doc):
    response = client.get(f"{PREFIX}/regions")
    assert response.json["regions"]
    assert_documented(doc, response, "/regions", "get")


def test_minutes_answers_match_the_document(client, make, doc):
    slug = make.event()
    headers = make.headers()
    url = f"{PREFIX}/events/{slug}/minutes"
    assert_documented(doc, client.get(url, headers=headers), "/events/{slug}/minutes", "get")
    patched = client.patch(url, json={"number": "050/123/BPPD", "points": "Satu\nDua"}, headers=headers)
    assert patched.json["points"] == ["Satu", "Dua"]
    assert_documented(doc, patched, "/events/{slug}/minutes", "patch")
    final = client.post(url + "/finalise", headers=headers)
    assert_documented(doc, final, "/events/{slug}/minutes/finalise", "post")
    refused = client.patch(url, json={"number": "x"}, headers=headers)
    assert refused.status_code == 409
    assert_documented(doc, refused, "/events/{slug}/minutes", "patch")
