"""The OpenAPI 3.1 document of the JSON API, served (publicly) at /api/v1/openapi.json.

It describes what exists, no more. Adding an endpoint is one `add(...)` call in `_paths()`: its
path parameters, the 4xx answers every endpoint of its kind can give (auth, body, unknown forum)
and its security follow from the arguments; only the answers particular to it are listed.
Schemas live in `_schemas()`, built with the small helpers below. Fields and endpoints beyond the
external contract say "Extension" in their description.
"""
from __future__ import annotations

import re

from flask import current_app, jsonify

from forum import API_PREFIX
from forum.api import bp
from forum.services.events import DEFAULT_TIMEZONE, SLUG_RE
from forum.services.registration import ATTENDANCE_VALUES, ROLE_VALUES, STATUS_VALUES

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1"
JSON = "application/json"
EXTENSION = "Extension (beyond the original contract)."
UNSAFE_METHODS = {"post", "put", "patch", "delete"}
EXPORT_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "pdf": "application/pdf"}


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(document())


def document() -> dict:
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": "Forum JSON API", "version": API_VERSION, "description": _INTRODUCTION},
        # Relative to this document's own address, so it is right behind any host or proxy.
        "servers": [{"url": current_app.config.get("APPLICATION_ROOT", "/").rstrip("/") + API_PREFIX}],
        "tags": [
            {"name": "events", "description": "Forums: reading is public, writing needs `organiser`."},
            {"name": "registration", "description": "Public self-registration."},
            {"name": "participants", "description": "The participant list, for organisers."},
            {"name": "checkin", "description": "The registration desk: scans, offline devices, walk-ins."},
            {"name": "attendance", "description": "Who came, in person and online, and the export files."},
            {"name": "meta", "description": "This document."},
        ],
        "paths": _paths(),
        "components": {"schemas": _schemas(), "securitySchemes": _security_schemes()},
    }


_INTRODUCTION = """\
Forum's JSON API for hybrid planning forums (Forum OPD).

* Times are ISO 8601 with an offset, given in the forum's time zone. A time sent without an offset
  is read in the forum's time zone. Money is whole rupiah (integers).
* Every answer under `/api/v1`, unknown paths (404) and wrong methods (405, with `Allow`) included,
  is JSON. Errors are `{"error": {"code", "message", "fields"?}}`: `code` is a stable machine code,
  `message` is for people, `fields` (validation only) maps each invalid field to a message.
* Messages are in Indonesian by default; `Accept-Language: en` (ranked above Indonesian) or `?lang=en`
  gives English.
* Staff authenticate with `Authorization: Bearer <api token>` (exempt from CSRF) or the browser
  session after logging in at `/login`; cookie-authenticated POST/PATCH/PUT/DELETE calls must send
  the session's CSRF token in an `X-CSRFToken` header, else 403 `csrf_failed`.
  Roles: `admin` ⊃ `organiser` ⊃ `moderator`; `checkin` may only check people in.
* Fields and endpoints marked "Extension" go beyond the original contract; clients may ignore them.
"""

# --- schema builders ------------------------------------------------------------------------------


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    """The schema, or JSON null (OpenAPI 3.1 / JSON Schema style)."""
    if isinstance(schema.get("type"), str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def text(description: str, max_length: int | None = None, **extra) -> dict:
    schema = {"type": "string", "description": description, **extra}
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def integer(description: str, **extra) -> dict:
    return {"type": "integer", "description": description, **extra}


def one_of(values, description: str) -> dict:
    return {"type": "string", "enum": sorted(values), "description": description}


def extension(schema: dict) -> dict:
    """Marks a field that goes beyond the original contract."""
    return {**schema, "description": f"{EXTENSION} {schema.get('description', '')}".strip()}


def obj(properties: dict, required=(), description: str | None = None) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def extend(base: str, properties: dict, required=(), description: str | None = None) -> dict:
    """A schema with all of `base`'s fields and some more."""
    schema = {"allOf": [ref(base), obj(properties, required)]}
    if description:
        schema["description"] = description
    return schema


def listing(key: str, item: str | dict, description: str) -> dict:
    items = ref(item) if isinstance(item, str) else item
    return obj({key: {"type": "array", "items": items}}, [key], description)


TIME_OUT = text("ISO 8601 with the offset of the forum's time zone.", format="date-time")
TIME_IN = text("ISO 8601. Without an offset the time is read in the forum's time zone.",
               examples=["2021-02-25T08:00:00+07:00"])
SLUG = text("The forum's address: lower-case letters, digits and single dashes.", 80, pattern=SLUG_RE.pattern)
EMAIL = text("Email address; stored lower-case.", 254, format="email")
PHONE = text("Indonesian mobile number; accepted as `08…`, `628…` or `+628…` with spaces, dots or dashes, "
             "and stored and returned as `+628…`.", 30, examples=["0812-3456-7890"])
NIP = text("Civil-servant number: 18 digits `YYYYMMDD YYYYMM G NNN` (birth date, start month, gender 1 or 2, "
           "sequence), checked for plausibility; spaces, dots and dashes are ignored.",
           examples=["198503152010011001"])


def _schemas() -> dict:
    return {**_error_schemas(), **_event_schemas(), **_participant_schemas(), **_checkin_schemas(),
            **_attendance_schemas()}


def _error_schemas() -> dict:
    return {
        "Error": obj({"error": obj({
            "code": text("Stable machine code, e.g. `slug_taken`, `registration_closed`, `already_registered`."),
            "message": text("Human-readable, in the request's language."),
            "fields": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Validation only: each invalid field with its message."},
        }, ["code", "message"])}, ["error"], "Every 4xx answer of the API."),
    }


def _event_schemas() -> dict:
    fields = {
        "title": text("The forum's name.", 300),
        "theme": text("The theme; may contain line breaks. Empty when none.", 4000),
        "venue": text("Where it takes place. Empty when none.", 300),
        "starts_at": TIME_OUT,
        "ends_at": {**TIME_OUT, "description": "After `starts_at`. " + TIME_OUT["description"]},
        "timezone": text("IANA time zone name.", 64, default=DEFAULT_TIMEZONE),
        "stream_url": text("Link for online participants (http or https); empty when none.", 500),
        "registration_open": {"type": "boolean", "default": True,
                              "description": "Whether public self-registration is accepted."},
        "presence_min_minutes": extension(integer(
            "Presence rule: checked in, or online for at least this many minutes (0: any join).",
            minimum=0, maximum=24 * 60, default=0)),
        "retention_days": extension(nullable(integer(
            "Days after the forum's end after which contact details may be erased (UU 27/2022 on personal "
            "data); null when not set.", minimum=0, maximum=3650))),
    }
    times_in = {"starts_at": {**TIME_IN, "description": TIME_IN["description"] + " (The body's `timezone`, "
                              "else the forum's.)"},
                "ends_at": {**TIME_IN, "description": "After `starts_at`. " + TIME_IN["description"]}}
    return {
        "Event": obj({"slug": SLUG, **fields}, ["slug", *fields], "A forum."),
        "EventCreate": obj({"slug": {**SLUG, "description": SLUG["description"] + " Made from the title when "
                                     "left out (with `-2`, `-3`… if taken)."}, **fields, **times_in},
                           ["title", "starts_at", "ends_at"], "Unknown fields are ignored."),
        "EventUpdate": obj({"slug": {**SLUG, "description": "Only the current slug is accepted: a forum's "
                                     "address never changes (else 422 with field `slug`)."}, **fields, **times_in},
                           description="Any subset of the fields; unknown fields are ignored."),
        "EventList": listing("events", "Event", "All forums, latest first."),
    }


def _person_fields() -> dict:
    """What registration, walk-ins and the organiser's edits accept about a person."""
    return {
        "name": text("Full name.", 200),
        "agency": text("The agency's name or short name, matched case-insensitively; an unknown name creates "
                       "the agency.", 200),
        "position": text("Position or title (jabatan).", 200),
        "email": nullable(EMAIL),
        "phone": nullable(PHONE),
        "nip": nullable(NIP),
        "attendance": one_of(ATTENDANCE_VALUES, "In person (luring) or online (daring)."),
        "deputy_for": extension(text("Whom this person stands in for, e.g. “Kepala Dinas PUPR”.", 300)),
    }


CONSENT = {"const": True, "description": "Agreement to the personal-data statement; must be `true`."}


def _participant_schemas() -> dict:
    participant = obj({
        "id": {"type": "integer"},
        "name": text("Full name.", 200),
        "agency": nullable(ref("Agency")),
        "position": text("Position or title (jabatan); empty when none.", 200),
        "attendance": one_of(ATTENDANCE_VALUES, "How they take part."),
        "role": one_of(ROLE_VALUES, "Their part in the forum."),
        "status": one_of(STATUS_VALUES, "`cancelled` and `revoked` registrations cannot check in."),
        "deputy_for": extension(text("Whom this person stands in for; empty when no one.", 300)),
        "represents_id": extension(nullable(integer("The invited participant this deputy came in place of."))),
    }, ["id", "name", "agency", "position", "attendance", "role", "status", "deputy_for", "represents_id"],
        "A registration of one person for one forum.")
    return {
        "Agency": obj({"id": {"type": "integer"}, "name": text("Full name.", 200),
                       "short_name": text("Abbreviation such as `Bappeda`; empty when none.", 60)},
                      ["id", "name", "short_name"], "A government agency (OPD) or other body taking part."),
        "Participant": participant,
        "ParticipantDetail": extend("Participant", {
            "email": extension(nullable(EMAIL)),
            "phone": extension(nullable({**PHONE, "description": "Mobile number as `+628…`."})),
            "nip": extension(nullable(text("18-digit civil-servant number.", 18))),
            "source": extension(text("How the registration was made: `registration` (public form), `import` "
                                     "(invitation list), `staff` (back office) or `walk_in` (at the door).")),
            "notes": extension(text("The organisers' internal notes.", 4000)),
            "created_at": extension(TIME_OUT),
        }, ["email", "phone", "nip", "source", "notes", "created_at"],
            "A Participant with the contact details only organisers see."),
        "ParticipantList": listing("participants", "ParticipantDetail", "Sorted by name."),
        "Registration": obj({**_person_fields(), "consent": CONSENT}, ["name", "agency", "attendance", "consent"],
                            "One person's registration. Email and phone are each unique within a forum."),
        "RegistrationResult": extend("Participant", {
            "personal_url": text("Absolute personal link, ending in `/p/<access token>`; keep it private.",
                                 format="uri"),
            "qr_png_url": text("Absolute address of the check-in QR code as PNG; needs no other credentials.",
                               format="uri"),
            "qr_svg_url": extension(text("The same QR code as SVG.", format="uri")),
        }, ["personal_url", "qr_png_url", "qr_svg_url"], "The new registration."),
        "ParticipantUpdate": obj({
            **_person_fields(),
            "role": one_of(ROLE_VALUES, "Their part in the forum."),
            "status": one_of(STATUS_VALUES, "`revoked` or `cancelled` makes the current check-in code useless at "
                                            "once; restoring a `revoked` registration issues a new code."),
            "notes": extension(text("The organisers' internal notes; may contain line breaks.", 4000)),
        }, description="Any subset of the fields; unknown fields are ignored."),
    }


def _checkin_schemas() -> dict:
    scan = {
        "code": text("The QR payload exactly as a reader decodes it (a URL ending in `/c/<check-in code>`) "
                     "or the bare check-in code. Required unless `participant_id` is given."),
        "participant_id": extension(integer("Check in this participant, picked by name at the desk, instead "
                                            "of scanning a code.")),
        "desk": text("Which desk scanned.", 100),
        "client_id": text("The device's id for this scan (a UUID): a retry with the same id gets the first "
                          "answer and records nothing twice.", 64, minLength=1),
        "scanned_at": {**TIME_IN, "description": "When the device scanned; clamped to the server's clock if in the "
                                                 "future. " + TIME_IN["description"]},
    }
    outcome = {
        "result": text("`checked_in` or `already_checked_in`; for a refusal its error code."),
        "participant": ref("Participant"),
        "checked_in_at": TIME_OUT,
        "desk": text("The desk of the (first) check-in."),
        "note": text("`registered_online` when an online registrant came in person."),
        "deputy_for": extension(text("Whom the person stands in for, when set.")),
    }
    return {
        "Scan": obj(scan, description="One scan."),
        "CheckinResult": obj(outcome, ["result", "participant", "checked_in_at", "desk"],
                             "A check-in (201) or the earlier one (200)."),
        "CheckinRefusal": extend("Error", {
            "result": text("The refusal's code again: `unknown_code`, `unknown_participant`, `wrong_event` or "
                           "`revoked`."),
            "participant": ref("Participant")}, ["result"],
            "A refused scan; `participant` only for `revoked`."),
        "CheckinBatch": obj({"scans": {"type": "array", "maxItems": 1000,
                                       "items": {"allOf": [ref("Scan"), {"required": ["client_id"]}]}}},
                            ["scans"], "An offline device's queue."),
        "CheckinBatchResult": listing("results", obj({
            **outcome, "status": integer("The HTTP status the single endpoint would have given."),
            "error": {"type": "object", "description": "For refusals and invalid scans, as in Error."},
        }, ["result", "status"]), "One result per scan, in the order sent."),
        "CheckinData": obj({
            "event": SLUG,
            "version": text("Changes whenever the data does."),
            "hash": one_of({"sha256"}, "How codes are hashed."),
            "generated_at": text("When this was made (UTC).", format="date-time"),
            "participants": {"type": "array", "items": obj({
                "id": {"type": "integer"},
                "code_hash": text("Hex SHA-256 of the current check-in code (never the code itself)."),
                "name": text("Full name."), "agency": text("The agency's name; empty when none."),
                "position": text("Position."), "role": one_of(ROLE_VALUES, "Their part in the forum."),
                "attendance": one_of(ATTENDANCE_VALUES, "How they registered to take part."),
                "status": one_of(STATUS_VALUES, "Only `registered` may check in."),
                "checked_in_at": nullable(text("When checked in (UTC).", format="date-time")),
                "desk": nullable(text("Where checked in.")),
            }, ["id", "code_hash", "name", "agency", "position", "role", "attendance", "status", "checked_in_at",
                "desk"])},
            "retired_code_hashes": {"type": "array", "items": {"type": "string"},
                                    "description": "Hashes of replaced codes: scanning one says `revoked`."},
        }, ["event", "version", "hash", "generated_at", "participants", "retired_code_hashes"],
            "What a scanner needs to judge codes offline."),
        "CheckinSearchResult": listing("participants", extend("Participant", {
            "checked_in_at": nullable(TIME_OUT), "desk": nullable(text("Where checked in."))},
            ["checked_in_at", "desk"]), "Up to 25 matches, without contact details."),
        "WalkIn": obj({**{k: v for k, v in _person_fields().items() if k != "attendance"}, "consent": CONSENT,
                       "represents_id": integer("The invited participant this person comes in place of; their "
                                                "agency and position fill in what is left out."),
                       "desk": scan["desk"], "client_id": scan["client_id"]},
                      ["name", "consent"], "Someone not on the list, registered in person and checked in at once. "
                                           "`attendance` is always `in_person`."),
    }


def _attendance_schemas() -> dict:
    return {
        "AttendanceSummary": obj({name: integer(description, minimum=0) for name, description in (
            ("registered", "Active registrations (not cancelled or revoked)."),
            ("in_person_registered", "Of those, registered to come in person."),
            ("online_registered", "Of those, registered to follow online."),
            ("checked_in", "Checked in at the door."),
            ("online_joined", "Joined online at least once."),
            ("online_now", "Connected online now."))},
            ["registered", "in_person_registered", "online_registered", "checked_in", "online_joined",
             "online_now"]),
        "AttendanceRow": obj({
            "participant": ref("Participant"),
            "checked_in_at": nullable(TIME_OUT),
            "desk": nullable(text("Where checked in.")),
            "online_first_joined_at": nullable(TIME_OUT),
            "online_minutes": integer("Minutes connected online.", minimum=0),
            "present": {"type": "boolean", "description": "Checked in, or online for at least the forum's "
                                                          "`presence_min_minutes`."},
        }, ["participant", "checked_in_at", "desk", "online_first_joined_at", "online_minutes", "present"]),
        "Attendance": obj({"summary": ref("AttendanceSummary"),
                           "rows": {"type": "array", "items": ref("AttendanceRow")}}, ["summary", "rows"],
                          "Active registrations sorted by name."),
    }


def _security_schemes() -> dict:
    return {
        "bearerToken": {
            "type": "http", "scheme": "bearer",
            "description": "A staff API token (`flask --app wsgi forum create-token`, starts with `fst_`). "
                           "A participant's access token (the end of their personal link) is accepted for "
                           "participant actions. Exempt from CSRF."},
        "cookieSession": {
            "type": "apiKey", "in": "cookie", "name": current_app.config.get("SESSION_COOKIE_NAME", "session"),
            "description": "The browser session of a staff member logged in at `/login`. POST, PATCH, PUT and "
                           "DELETE must carry the CSRF token in an `X-CSRFToken` header."},
    }


# --- operation builders -------------------------------------------------------------------------

FAILURES = {
    400: ("The body is not valid JSON, or not a JSON object.", ("malformed_json", "malformed")),
    401: ("No credentials, or an unknown or revoked token.", ("unauthenticated", "invalid_token")),
    403: ("Refused: the role does not allow this, or a browser-session call lacks its CSRF token.", ("forbidden",)),
    404: ("Not found.", ("not_found",)),
    409: ("In conflict with the current state.", ()),
    413: ("The body is larger than the server accepts.", ("too_large",)),
    415: ("The body is not sent as `application/json`.", ("unsupported_media_type",)),
    422: ("Some fields are not valid; `error.fields` names each one.", ("invalid",)),
    429: ("Too many requests from this address; `Retry-After` says when to try again.", ("rate_limited",)),
}

PATH_PARAMETERS = {
    "slug": ({"type": "string", "maxLength": 80}, "The forum's slug.", "event_not_found"),
    "participant_id": ({"type": "integer"}, "The participant's id.", "participant_not_found"),
    "name": ({"type": "string", "enum": ["attendance", "inputs", "minutes"]}, "Which export.", "not_found"),
    "fmt": ({"type": "string", "enum": sorted(EXPORT_TYPES)}, "The file format.", "not_found"),
}


def ok(status: int, schema: str | dict, description: str) -> dict:
    """A successful JSON answer, by schema name or inline schema."""
    return {str(status): {"description": description,
                          "content": {JSON: {"schema": ref(schema) if isinstance(schema, str) else schema}}}}


def failure(status: int, codes, schema: str = "Error") -> dict:
    description = FAILURES[status][0]
    if codes:
        description += " Codes: " + ", ".join(f"`{c}`" for c in sorted(codes)) + "."
    response = {"description": description, "content": {JSON: {"schema": ref(schema)}}}
    if status == 429:
        response["headers"] = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}
    return response


def query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def add(paths: dict, method: str, path: str, operation_id: str, summary: str, *, tag: str, answers: dict,
        role: str | None = None, optional_auth: bool = False, body: str | None = None, params=(),
        failures: dict | None = None, failure_schemas: dict | None = None, description: str | None = None) -> None:
    """Documents one operation.

    `role`: the staff role needed (adds 401/403 and the security requirement); `optional_auth`: public,
    but a staff token changes something (say what in `description`); `body`: the request schema's name
    (adds 400/413/415/422); `failures`: further statuses with the machine codes particular to this
    operation, e.g. `{409: ["slug_taken"]}`; `failure_schemas`: a status whose body is not plain Error.
    """
    codes: dict[int, set[str]] = {}

    def expect(status: int, *names: str):
        codes.setdefault(status, set()).update(names or FAILURES[status][1])

    param_list = []
    for name in re.findall(r"{(\w+)}", path):
        schema, param_description, not_found = PATH_PARAMETERS[name]
        param_list.append({"name": name, "in": "path", "required": True, "schema": schema,
                           "description": param_description})
        expect(404, not_found, "not_found")
    param_list.extend(params)
    op = {"operationId": operation_id, "summary": summary, "tags": [tag]}
    if role:
        op["security"] = [{"bearerToken": []}, {"cookieSession": []}]
        op["x-forum-role"] = role
        expect(401)
        expect(403)
        description = f"Needs the `{role}` role or a higher one. " + (description or "")
    elif optional_auth:
        op["security"] = [{}, {"bearerToken": []}, {"cookieSession": []}]
    else:
        op["security"] = []
    if method in UNSAFE_METHODS:
        # Only calls made with a logged-in browser session need the CSRF token.
        expect(403, "csrf_failed")
    if body:
        op["requestBody"] = {"required": True, "content": {JSON: {"schema": ref(body)}}}
        for status in (400, 413, 415, 422):
            expect(status)
    for status, names in (failures or {}).items():
        expect(status, *names)
    if description:
        op["description"] = description.strip()
    if param_list:
        op["parameters"] = param_list
    schemas = failure_schemas or {}
    op["responses"] = {**answers, **{str(s): failure(s, c, schemas.get(s, "Error")) for s, c in sorted(codes.items())}}
    paths.setdefault(path, {})[method] = op


def _paths() -> dict:
    paths: dict = {}
    staff_write = "Staff with a Bearer token are exempt from CSRF; a browser session must send `X-CSRFToken`."

    add(paths, "get", "/openapi.json", "getOpenApi", "This OpenAPI document", tag="meta",
        answers=ok(200, {"type": "object"}, "The OpenAPI 3.1 document."))

    # events
    add(paths, "get", "/events", "listEvents", "List the forums", tag="events",
        answers=ok(200, "EventList", "All forums."))
    add(paths, "post", "/events", "createEvent", "Create a forum", tag="events", role="organiser",
        body="EventCreate", failures={409: ["slug_taken"]}, description=staff_write,
        answers=ok(201, "Event", "The new forum."))
    add(paths, "get", "/events/{slug}", "getEvent", "One forum", tag="events",
        answers=ok(200, "Event", "The forum."))
    add(paths, "patch", "/events/{slug}", "updateEvent", "Change a forum", tag="events", role="organiser",
        body="EventUpdate", description="Any Event field except `slug`. " + staff_write,
        answers=ok(200, "Event", "The forum as changed."))

    # registration
    add(paths, "post", "/events/{slug}/registrations", "register", "Register for a forum", tag="registration",
        optional_auth=True, body="Registration",
        failures={409: ["registration_closed", "already_registered"], 429: []},
        description="Public. Rate-limited per client address (by default 10 a minute); requests with a staff "
                    "Bearer token are exempt. A second registration with the same email or phone (after "
                    "normalisation) is refused with 409 `already_registered`, without the personal link.",
        answers=ok(201, "RegistrationResult", "Registered."))

    # participants
    add(paths, "get", "/events/{slug}/participants", "listParticipants", "The participant list",
        tag="participants", role="organiser", failures={422: []},
        params=[query("q", {"type": "string", "maxLength": 200},
                      "Words found in name, agency (name or short name), position, email, phone or NIP."),
                query("attendance", one_of(ATTENDANCE_VALUES, ""), "Only this attendance mode."),
                query("status", one_of(STATUS_VALUES, ""), "Only this status."),
                query("role", one_of(ROLE_VALUES, ""), EXTENSION + " Only this role.")],
        answers=ok(200, "ParticipantList", "The matching participants."))
    add(paths, "get", "/events/{slug}/participants/{participant_id}", "getParticipant", "One participant",
        tag="participants", role="organiser", description=EXTENSION,
        answers=ok(200, "ParticipantDetail", "The participant."))
    add(paths, "patch", "/events/{slug}/participants/{participant_id}", "updateParticipant",
        "Change a registration", tag="participants", role="organiser", body="ParticipantUpdate",
        failures={409: ["already_registered"]},
        description="Setting `status` to `revoked` or `cancelled` makes the old check-in code useless at once. "
                    + staff_write,
        answers=ok(200, "ParticipantDetail", "The participant as changed."))

    # check-in
    refusals = {404: ["unknown_code", "unknown_participant"], 409: ["wrong_event", "revoked"]}
    add(paths, "post", "/events/{slug}/checkins", "checkIn", "Check someone in", tag="checkin", role="checkin",
        body="Scan", failures=refusals, failure_schemas={404: "CheckinRefusal", 409: "CheckinRefusal"},
        answers={**ok(201, "CheckinResult", "Checked in now (`note: registered_online` for an online registrant)."),
                 **ok(200, "CheckinResult", "Already checked in: the first check-in's time and desk.")})
    add(paths, "post", "/events/{slug}/checkins/batch", "checkInBatch", "Sync an offline device's scans",
        tag="checkin", role="checkin", body="CheckinBatch",
        description="Scans are applied in `scanned_at` order, so the earliest becomes the check-in; a scan with "
                    "invalid fields gets `status` 422 without stopping the others. At most 1000 scans (else 413).",
        answers=ok(200, "CheckinBatchResult", "One result per scan, in the order sent."))
    add(paths, "get", "/events/{slug}/checkin-data", "getCheckinData", "Data for offline scanning", tag="checkin",
        role="checkin", answers=ok(200, "CheckinData", "Code hashes, names and check-ins; no raw codes."))
    add(paths, "get", "/events/{slug}/checkin-search", "searchForCheckin", "Find someone at the desk",
        tag="checkin", role="checkin",
        params=[query("q", {"type": "string", "maxLength": 100}, "At least two characters of a name, agency, "
                                                                 "position, email, phone or NIP.")],
        description=EXTENSION + " For people without their QR code; no contact details in the answer.",
        answers=ok(200, "CheckinSearchResult", "Up to 25 matches (none for a query under two characters)."))
    add(paths, "post", "/events/{slug}/walkins", "registerWalkIn", "Register and check in a walk-in or deputy",
        tag="checkin", role="checkin", body="WalkIn",
        failures={404: ["participant_not_found"], 409: ["already_registered"]},
        description=EXTENSION + " Registers an in-person participant (`source: walk_in`) and checks them in, "
                                "in one step; with `represents_id`, as the deputy of that invited participant.",
        answers={**ok(201, "CheckinResult", "Registered and checked in."),
                 **ok(200, "CheckinResult", "The same `client_id` again: the first answer.")})

    # attendance and exports
    add(paths, "get", "/events/{slug}/attendance", "getAttendance", "Who came", tag="attendance",
        role="organiser", answers=ok(200, "Attendance", "The counts and one row per active registration."))
    add(paths, "get", "/events/{slug}/exports/{name}.{fmt}", "downloadExport", "Download an export file",
        tag="attendance", role="organiser", failures={422: []},
        params=[query("internal", {"type": "string", "enum": ["0", "1", "true", "false", "yes", "no"]},
                      "Attendance only: the organisers' copy, with email and phone."),
                query("paper", {"type": "string", "enum": ["a4", "f4"], "default": "a4"}, "PDF paper size."),
                query("number", {"type": "string", "maxLength": 200}, "Minutes: the document's number."),
                query("chair", {"type": "string", "maxLength": 200}, "Minutes: who chaired the forum."),
                query("lang", {"type": "string", "enum": ["id", "en"], "default": "id"},
                      "The document's language (Indonesian unless asked).")],
        description="Files: `attendance.csv`, `attendance.xlsx`, `attendance.pdf`, `inputs.csv`, `inputs.xlsx`, "
                    "`minutes.pdf`; other combinations are 404. Each download is written to the audit log.",
        answers={"200": {"description": "The file, as an attachment.",
                         "content": {mime: {"schema": {"type": "string", "format": "binary"}}
                                     for mime in EXPORT_TYPES.values()}}})
    return paths
