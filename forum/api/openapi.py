"""The OpenAPI 3.1 document of the JSON API, served (publicly) at /api/v1/openapi.json.

It describes what exists, no more. Adding an endpoint is one `add(...)` call in `_paths()`: its
path parameters, the 4xx answers every endpoint of its kind can give (auth, body, unknown forum)
and its security follow from the arguments; only the answers particular to it are listed.
Fields beyond the external contract say "Extension" in their description.
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
            {"name": "meta", "description": "This document."},
        ],
        "paths": _paths(),
        "components": {"schemas": _schemas(), "securitySchemes": _security_schemes()},
    }


_INTRODUCTION = """\
Forum's JSON API for hybrid planning forums (Forum OPD): forums, registration, participants.

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
* Fields marked "Extension" go beyond the original contract; clients may ignore them.
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


def listing(key: str, item: str, description: str) -> dict:
    return obj({key: {"type": "array", "items": ref(item)}}, [key], description)


def _schemas() -> dict:
    time_out = text("ISO 8601 with the offset of the forum's time zone.", format="date-time")
    time_in = text("ISO 8601. Without an offset the time is read in the forum's time zone "
                   "(the `timezone` field of the same body, else the forum's current one).",
                   examples=["2021-02-25T08:00:00+07:00"])
    event_fields = {
        "title": text("The forum's name.", 300),
        "theme": text("The theme; may contain line breaks. Empty when none.", 4000),
        "venue": text("Where it takes place. Empty when none.", 300),
        "starts_at": time_out,
        "ends_at": {**time_out, "description": "After `starts_at`. " + time_out["description"]},
        "timezone": text("IANA time zone name.", 64, default=DEFAULT_TIMEZONE),
        "stream_url": text("Link for online participants (http or https); empty when none.", 500),
        "registration_open": {"type": "boolean", "default": True,
                              "description": "Whether public self-registration is accepted."},
        "presence_min_minutes": extension({
            "type": "integer", "minimum": 0, "maximum": 24 * 60, "default": 0,
            "description": "Presence rule: checked in, or online for at least this many minutes (0: any join)."}),
        "retention_days": extension(nullable({
            "type": "integer", "minimum": 0, "maximum": 3650,
            "description": "Days after the forum's end after which contact details may be erased "
                           "(UU 27/2022 on personal data); null when not set."})),
    }
    slug = text("The forum's address: lower-case letters, digits and single dashes.", 80, pattern=SLUG_RE.pattern)
    event_input = {**event_fields, "starts_at": time_in, "ends_at": {**time_in, "description": "After `starts_at`. "
                                                                      + time_in["description"]}}
    phone = text("Indonesian mobile number; accepted as `08…`, `628…` or `+628…` with spaces, dots or "
                 "dashes, and stored and returned as `+628…`.", 30, examples=["0812-3456-7890"])
    nip = text("Civil-servant number: 18 digits `YYYYMMDD YYYYMM G NNN` (birth date, start month, "
               "gender 1 or 2, sequence), checked for plausibility; spaces, dots and dashes are ignored.",
               examples=["198503152010011001"])
    email = text("Email address; stored lower-case.", 254, format="email")
    person_fields = {
        "name": text("Full name.", 200),
        "agency": text("The agency's name or short name, matched case-insensitively; an unknown name "
                       "creates the agency.", 200),
        "position": text("Position or title (jabatan).", 200),
        "email": nullable(email),
        "phone": nullable(phone),
        "nip": nullable(nip),
        "attendance": one_of(ATTENDANCE_VALUES, "In person (luring) or online (daring)."),
        "deputy_for": extension(text("Whom this person stands in for, e.g. “Kepala Dinas PUPR”.", 300)),
    }
    participant = obj({
        "id": {"type": "integer"},
        "name": text("Full name.", 200),
        "agency": nullable(ref("Agency")),
        "position": text("Position or title (jabatan); empty when none.", 200),
        "attendance": one_of(ATTENDANCE_VALUES, "How they take part."),
        "role": one_of(ROLE_VALUES, "Their part in the forum."),
        "status": one_of(STATUS_VALUES, "`cancelled` and `revoked` registrations cannot check in."),
        "deputy_for": extension(text("Whom this person stands in for; empty when no one.", 300)),
    }, ["id", "name", "agency", "position", "attendance", "role", "status", "deputy_for"],
        "A registration of one person for one forum.")
    return {
        "Error": obj({"error": obj({
            "code": text("Stable machine code, e.g. `slug_taken`, `registration_closed`, `already_registered`."),
            "message": text("Human-readable, in the request's language."),
            "fields": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Validation only: each invalid field with its message."},
        }, ["code", "message"])}, ["error"], "Every 4xx answer of the API."),
        "Event": obj({"slug": slug, **event_fields}, ["slug", *event_fields], "A forum."),
        "EventCreate": obj({"slug": {**slug, "description": slug["description"] + " Made from the title when "
                                     "left out (with `-2`, `-3`… if taken)."}, **event_input},
                           ["title", "starts_at", "ends_at"], "Unknown fields are ignored."),
        "EventUpdate": obj({"slug": {**slug, "description": "Only the current slug is accepted: a forum's "
                                     "address never changes (else 422 with field `slug`)."}, **event_input},
                           description="Any subset of the fields; unknown fields are ignored."),
        "EventList": listing("events", "Event", "All forums, latest first."),
        "Agency": obj({"id": {"type": "integer"}, "name": text("Full name.", 200),
                       "short_name": text("Abbreviation such as `Bappeda`; empty when none.", 60)},
                      ["id", "name", "short_name"], "A government agency (OPD) or other body taking part."),
        "Participant": participant,
        "ParticipantDetail": {"allOf": [ref("Participant"), obj({
            "email": extension(nullable(email)),
            "phone": extension(nullable({**phone, "description": "Mobile number as `+628…`."})),
            "nip": extension(nullable(text("18-digit civil-servant number.", 18))),
            "source": extension(text("How the registration was made: `registration` (public form), `import` "
                                     "(invitation list), `staff` (back office) or `walk_in` (at the door).")),
            "notes": extension(text("The organisers' internal notes.", 4000)),
            "created_at": extension(time_out),
        }, ["email", "phone", "nip", "source", "notes", "created_at"])],
            "description": "A Participant with the contact details only organisers see."},
        "ParticipantList": listing("participants", "ParticipantDetail", "Sorted by name."),
        "Registration": obj({
            **person_fields,
            "consent": {"const": True, "description": "Agreement to the personal-data statement; must be `true`."},
        }, ["name", "agency", "attendance", "consent"],
            "One person's registration. Email and phone are each unique within a forum."),
        "RegistrationResult": {"allOf": [ref("Participant"), obj({
            "personal_url": text("Absolute personal link, ending in `/p/<access token>`; keep it private.",
                                 format="uri"),
            "qr_png_url": text("Absolute address of the check-in QR code as PNG; needs no other credentials.",
                               format="uri"),
            "qr_svg_url": extension(text("The same QR code as SVG.", format="uri")),
        }, ["personal_url", "qr_png_url", "qr_svg_url"])], "description": "The new registration."},
        "ParticipantUpdate": obj({
            **person_fields,
            "role": one_of(ROLE_VALUES, "Their part in the forum."),
            "status": one_of(STATUS_VALUES, "`revoked` or `cancelled` makes the current check-in code useless at "
                                            "once; restoring a `revoked` registration issues a new code."),
            "notes": extension(text("The organisers' internal notes; may contain line breaks.", 4000)),
        }, description="Any subset of the fields; unknown fields are ignored."),
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
    403: ("The caller's role does not allow this.", ("forbidden",)),
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
}


def ok(status: int, schema: str | dict, description: str) -> dict:
    """A successful JSON answer, by schema name or inline schema."""
    return {str(status): {"description": description,
                          "content": {JSON: {"schema": ref(schema) if isinstance(schema, str) else schema}}}}


def failure(status: int, codes) -> dict:
    description, _defaults = FAILURES[status]
    if codes:
        description += " Codes: " + ", ".join(f"`{c}`" for c in sorted(codes)) + "."
    response = {"description": description, "content": {JSON: {"schema": ref("Error")}}}
    if status == 429:
        response["headers"] = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}
    return response


def query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def add(paths: dict, method: str, path: str, operation_id: str, summary: str, *, tag: str, answers: dict,
        role: str | None = None, optional_auth: bool = False, body: str | None = None, params=(),
        failures: dict | None = None, description: str | None = None) -> None:
    """Documents one operation.

    `role`: the staff role needed (adds 401/403 and the security requirement); `optional_auth`: public,
    but a staff token changes something (say so in `description`); `body`: the request schema's name
    (adds 400/413/415/422); `failures`: further statuses with the machine codes particular to this
    operation, e.g. `{409: ["slug_taken"]}`.
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
    op["responses"] = {**answers, **{str(s): failure(s, c) for s, c in sorted(codes.items())}}
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
                query("role", extension(one_of(ROLE_VALUES, "")), "Only this role.")],
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
    return paths
