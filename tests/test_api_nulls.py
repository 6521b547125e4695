"""JSON null in request bodies: the OpenAPI document and the API agree. Where a field's schema allows
null (an optional text whose empty value means "none") null is taken as not given, or as empty; anywhere
else it is refused with 422 naming the field."""
import io
import itertools
import uuid

import pytest

API = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def doc(client):
    return client.get(f"{API}/openapi.json").json


@pytest.fixture
def forum(client, make):
    """A forum with a session open for input, two participants, an input and a material."""
    slug = make.event()
    admin = {"Authorization": f"Bearer {make.token('admin')}"}
    people = [make.participant(slug, agency=agency) for agency in ("Dinas PUPR", "DPMD")]
    session = client.post(f"{API}/events/{slug}/sessions", headers=admin, json={
        "title": "Diskusi", "starts_at": "2021-02-25T09:00", "ends_at": "2021-02-25T12:00"}).json["id"]
    client.post(f"{API}/events/{slug}/sessions/{session}/state", json={"input_open": True}, headers=admin)
    participant = {"Authorization": f"Bearer {people[0]['access_token']}"}
    item = client.post(f"{API}/events/{slug}/sessions/{session}/inputs", headers=participant,
                       json={"kind": "proposal", "title": "Jalan desa"}).json["id"]
    material = client.post(f"{API}/events/{slug}/sessions/{session}/materials", headers=admin,
                           data={"file": (io.BytesIO(PDF), "paparan.pdf")}, content_type="multipart/form-data")
    plan = client.post(f"{API}/events/{slug}/plans/import", headers=admin, data={
        "file": (io.BytesIO(PLAN), "renja.csv"), "source": "renja", "agency": "Dinas PUPR", "commit": "true"},
        content_type="multipart/form-data")
    assert plan.status_code == 201, plan.json
    row = client.get(f"{API}/events/{slug}/plans", headers=admin).json["items"][0]["id"]
    return {"slug": slug, "admin": admin, "participant": participant, "people": people, "session": session,
            "input": item, "material": material.json["id"], "plan_row": row}


PLAN = (b"No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
        b"P1;1.03.10.2.01.0005;Peningkatan Jalan Entikong;Jalan;Desa Semanget, Kec. Entikong;5 km;4 M\n")


fresh = itertools.count(1).__next__  # unique titles, names and emails


# operationId → (path, a valid body to put one null into, who calls). Every documented JSON body is here.
def operations(forum, make):
    slug, session = forum["slug"], forum["session"]
    return {
        "createEvent": ("/events", lambda: {"title": f"Forum {fresh()}", "starts_at": "2021-03-01T08:00",
                                            "ends_at": "2021-03-01T16:00"}, "admin"),
        "updateEvent": (f"/events/{slug}", dict, "admin"),
        "register": (f"/events/{slug}/registrations",
                     lambda: {"name": "Budi", "agency": "Bappeda", "position": "Staf", "attendance": "in_person",
                              "consent": True, "email": f"budi{fresh()}@example.id"}, None),
        "updateParticipant": (f"/events/{slug}/participants/{forum['people'][1]['id']}", dict, "admin"),
        "mergeParticipant": (f"/events/{slug}/participants/{forum['people'][1]['id']}/merge",
                             lambda: {"into": forum["people"][0]["id"]}, "admin"),
        "checkIn": (f"/events/{slug}/checkins", lambda: {"code": make.participant(slug)["checkin_code"]}, "admin"),
        "checkInBatch": (f"/events/{slug}/checkins/batch", lambda: {"scans": []}, "admin"),
        "registerWalkIn": (f"/events/{slug}/walkins",
                           lambda: {"name": f"Tamu {fresh()}", "agency": "Bappeda", "position": "Staf",
                                    "consent": True}, "admin"),
        "createSession": (f"/events/{slug}/sessions",
                          lambda: {"title": "Penutupan", "starts_at": "2021-02-25T15:00",
                                   "ends_at": "2021-02-25T16:00"}, "admin"),
        "updateSession": (f"/events/{slug}/sessions/{session}", dict, "admin"),
        "changeSessionState": (f"/events/{slug}/sessions/{session}/state", lambda: {"input_open": True}, "admin"),
        "delayAgenda": (f"/events/{slug}/agenda/delay", lambda: {"minutes": 5, "session_id": session}, "admin"),
        "announce": (f"/events/{slug}/announcements", lambda: {"text": "Rehat kopi"}, "admin"),
        "updateMaterial": (f"/events/{slug}/materials/{forum['material']}", dict, "admin"),
        "submitInput": (f"/events/{slug}/sessions/{session}/inputs",
                        lambda: {"kind": "proposal", "title": f"Irigasi {fresh()}",
                                 "location": {"regency": "Sambas"}}, "participant"),
        "moderateInput": (f"/events/{slug}/inputs/{forum['input']}", dict, "admin"),
        "updateMinutes": (f"/events/{slug}/minutes", dict, "admin"),
        "setForumStaffRole": (f"/events/{slug}/staff/{make.user('checkin')}", lambda: {"role": "moderator"}, "admin"),
        "decidePlan": (f"/events/{slug}/plans/{forum['plan_row']}", lambda: {"status": "kept"}, "admin"),
        "setPlanCeilings": (f"/events/{slug}/plans/ceilings",
                            lambda: {"ceilings": [{"agency": "Dinas PUPR", "amount": 5_000_000_000}]}, "admin"),
        "inputToPlan": (f"/events/{slug}/inputs/{forum['input']}/plan", lambda: {"agency": "DPMD"}, "admin"),
    }


def resolve(doc, schema):
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def properties_of(doc, schema) -> dict:
    schema = resolve(doc, schema)
    found = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        found.update(properties_of(doc, part))
    return found


def accepts_null(schema) -> bool:
    types = schema.get("type")
    return (isinstance(types, list) and "null" in types) or {"type": "null"} in schema.get("anyOf", [])


def json_operations(doc):
    for path_ops in doc["paths"].values():
        for method, op in path_ops.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                yield method, op["operationId"], body["schema"]


def test_every_json_body_has_a_case_here(doc, forum, make):
    assert {op_id for _m, op_id, _s in json_operations(doc)} == set(operations(forum, make))


LEFT_OUT = object()


def put(body: dict, name: str, value) -> dict:
    """`body` with `name` set to `value`, or without `name` when `value` is LEFT_OUT."""
    body = {key: old for key, old in body.items() if key != name}
    if value is not LEFT_OUT:
        body[name] = value
    return body


def cases(doc, schema):
    """(field path, its schema, (body, value) → the body with that field set to value) for every field, and
    every field of a nested object (an input's location, a moderation's changes)."""
    for name, field in properties_of(doc, schema).items():
        yield name, field, lambda body, value, name=name: put(body, name, value)
        if "properties" in resolve(doc, field):
            for sub, sub_field in properties_of(doc, field).items():
                yield f"{name}.{sub}", sub_field, lambda body, value, name=name, sub=sub: put(
                    body, name, put(body.get(name) or {}, sub, value))


def outcome(response) -> tuple:
    return response.status_code, sorted(((response.json or {}).get("error") or {}).get("fields", {}))


@pytest.mark.parametrize("operation_id", [
    "createEvent", "updateEvent", "register", "updateParticipant", "checkIn", "checkInBatch", "registerWalkIn",
    "createSession", "updateSession", "changeSessionState", "delayAgenda", "announce", "updateMaterial",
    "submitInput", "moderateInput", "updateMinutes", "setForumStaffRole", "decidePlan", "setPlanCeilings",
    "inputToPlan"])
def test_null_is_accepted_exactly_where_the_document_allows_it(client, doc, forum, make, operation_id):
    path, base, caller = operations(forum, make)[operation_id]
    method, schema = next((m, s) for m, op_id, s in json_operations(doc) if op_id == operation_id)
    headers = forum.get(caller, {})
    assert getattr(client, method)(API + path, json=base(), headers=headers).status_code < 300
    wrong = []
    for field, field_schema, body_with in cases(doc, schema):
        with_null = outcome(getattr(client, method)(API + path, json=body_with(base(), None), headers=headers))
        if accepts_null(field_schema):
            left_out = outcome(getattr(client, method)(API + path, json=body_with(base(), LEFT_OUT), headers=headers))
            if with_null != left_out:
                wrong.append(f"{field}: documented nullable, but null answers {with_null}, left out {left_out}")
        elif with_null != (422, [field.split(".")[-1]]):
            wrong.append(f"{field}: not nullable, but null answers {with_null}")
    assert not wrong, "\n".join(wrong)


# --- what null does, case by case -------------------------------------------------------------

def test_registration_with_null_email_and_nip_keeps_none(client, forum, make):
    body = {"name": "Siti", "agency": "Bappeda", "attendance": "online", "consent": True, "email": None,
            "phone": "0812-1111-2222", "nip": None, "position": "Analis"}
    response = client.post(f"{API}/events/{forum['slug']}/registrations", json=body)
    assert response.status_code == 201
    detail = client.get(f"{API}/events/{forum['slug']}/participants/{response.json['id']}", headers=forum["admin"])
    assert (detail.json["email"], detail.json["nip"], detail.json["position"]) == (None, None, "Analis")


def test_patching_theme_and_venue_to_null_clears_them(client, forum):
    url = f"{API}/events/{forum['slug']}"
    client.patch(url, json={"theme": "Sinergi pembangunan", "venue": "Hotel Aston"}, headers=forum["admin"])
    response = client.patch(url, json={"theme": None, "venue": None, "stream_url": None}, headers=forum["admin"])
    assert response.status_code == 200
    assert (response.json["theme"], response.json["venue"], response.json["stream_url"]) == ("", "", "")


def test_a_scan_with_null_desk_client_id_and_time_is_checked_in_now(client, forum, make):
    code = make.participant(forum["slug"])["checkin_code"]
    response = client.post(f"{API}/events/{forum['slug']}/checkins", headers=forum["admin"],
                           json={"code": code, "desk": None, "client_id": None, "scanned_at": None})
    assert response.status_code == 201
    assert response.json["result"] == "checked_in"


def test_a_batched_scan_with_null_desk_and_time_is_checked_in_but_null_client_id_is_refused(client, forum, make):
    codes = [make.participant(forum["slug"])["checkin_code"] for _ in range(2)]
    scans = [{"code": codes[0], "client_id": uuid.uuid4().hex, "desk": None, "scanned_at": None},
             {"code": codes[1], "client_id": None}]
    response = client.post(f"{API}/events/{forum['slug']}/checkins/batch", json={"scans": scans},
                           headers=forum["admin"])
    assert [r["status"] for r in response.json["results"]] == [201, 422]
    assert "client_id" in response.json["results"][1]["error"]["fields"]


@pytest.mark.parametrize("body, field", [
    ({"title": None, "starts_at": "2021-03-01T08:00", "ends_at": "2021-03-01T16:00"}, "title"),
    ({"title": "Forum", "starts_at": "2021-03-01T08:00", "ends_at": "2021-03-01T16:00", "registration_open": None},
     "registration_open"),
])
def test_null_title_or_flag_of_a_new_forum_is_a_422_naming_it(client, forum, body, field):
    response = client.post(f"{API}/events", json=body, headers=forum["admin"])
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]


@pytest.mark.parametrize("body, field", [({"state": None}, "state"), ({"input_open": None}, "input_open"),
                                         ({"state": "live", "input_open": None}, "input_open")])
def test_null_session_state_or_input_flag_is_a_422_and_changes_nothing(client, forum, body, field):
    url = f"{API}/events/{forum['slug']}/sessions/{forum['session']}/state"
    response = client.post(url, json=body, headers=forum["admin"])
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]
    session = client.get(f"{API}/events/{forum['slug']}/agenda").json["sessions"][0]
    assert (session["state"], session["input_open"]) == ("scheduled", True)


def test_null_moderation_decision_is_a_422_and_a_null_note_clears_the_note(client, forum):
    url = f"{API}/events/{forum['slug']}/inputs/{forum['input']}"
    response = client.patch(url, json={"status": None}, headers=forum["admin"])
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["status"]
    client.patch(url, json={"note": "Dibahas di sesi 2"}, headers=forum["admin"])
    response = client.patch(url, json={"note": None}, headers=forum["admin"])
    assert (response.status_code, response.json["note"], response.json["status"]) == (200, "", "submitted")
