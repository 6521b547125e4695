"""The OpenAPI 3.1 document of the JSON API, generated from the declarations: the request and answer shapes
(forum/contract/shapes.py, pydantic models) and the route table below (`_paths()`: one `add(...)` per
operation, naming its models). Served (publicly) at /api/v1/openapi.json.

Adding an endpoint is one `add(...)` call: its path parameters, the 4xx answers every endpoint of its kind can
give (auth, body, unknown forum) and its security follow from the arguments; only the answers particular to it
are listed. Fields and endpoints beyond the external contract say "Extension" in their description.
"""
from __future__ import annotations

import copy
import re
from functools import cache

from flask import current_app
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from forum import API_PREFIX
from forum.api.inputs import MAX_INPUT_BYTES
from forum.contract import shapes
from forum.contract.fields import EXTENSION
from forum.services.checkin import MAX_BATCH
from forum.services.inputs import DECISIONS, KINDS
from forum.services.plans import SOURCES as PLAN_SOURCES
from forum.services.plans import STATUSES as PLAN_STATUSES
from forum.services.registration import ATTENDANCE_VALUES, ROLE_VALUES, STATUS_VALUES

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1"
JSON = "application/json"
UNSAFE_METHODS = {"post", "put", "patch", "delete"}
EXPORT_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "pdf": "application/pdf",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
REF = "#/components/schemas/"


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
            {"name": "agenda", "description": "Sessions, their live state, materials and announcements."},
            {"name": "inputs", "description": "Agencies' proposals, comments and questions, and their moderation."},
            {"name": "minutes", "description": "The minutes of agreement (berita acara)."},
            {"name": "staff", "description": "Staff roles held in one forum only."},
            {"name": "plans", "description": "Renja synchronisation: the agencies' plans, Musrenbang and pokir "
                                             "as rows, flagged overlaps, the forum's decisions, ceilings, the Renja "
                                             "after the forum."},
            {"name": "meta", "description": "This document."},
        ],
        "paths": _paths(),
        "components": {"schemas": component_schemas(), "securitySchemes": _security_schemes()},
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
  Roles: `admin` ⊃ `organiser` ⊃ `moderator`; `checkin` may only check people in. An account holds its
  role in every forum, or roles in some forums only: there, in any other forum, it gets 403 `forbidden`.
* In request bodies, `null` is accepted where a field's schema allows it: it means the same as an empty
  value (not given; a PATCH to `null` clears the field). `null` for any other field is refused with 422
  naming the field.
* Fields and endpoints marked "Extension" go beyond the original contract; clients may ignore them.
"""


# --- the components, from the declared models -----------------------------------------------------

def ref(name: str) -> dict:
    return {"$ref": REF + name}


def obj(properties: dict, required=(), description: str | None = None) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def text(description: str, **extra) -> dict:
    return {"type": "string", "description": description, **extra}


def one_of(values, description: str) -> dict:
    return {"type": "string", "enum": sorted(values), "description": description}


def component_schemas() -> dict:
    """Every named shape as OpenAPI 3.1 writes it: a copy of what is made once (the models are fixed)."""
    return copy.deepcopy(_component_schemas())


@cache
def _component_schemas() -> dict:
    _, top = models_json_schema([(model, "validation") for model in shapes.COMPONENTS], ref_template=REF + "{model}")
    defs = top.get("$defs", {})
    models = {model.__name__: model for model in _all_shapes()}
    named = {model.__name__ for model in shapes.COMPONENTS}
    convert = _Converter(defs, models, named)
    return {name: convert.model(name) for name in sorted(named)}


def _all_shapes() -> list[type[BaseModel]]:
    found, todo = [], [shapes.Shape]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


class _Converter:
    """pydantic's JSON Schema → the document's conventions, in one place: no titles and no `default: null`;
    `type: [kind, "null"]` (with `null` in an enum) for a nullable simple value, `anyOf` with null for a
    nullable reference; shapes that are not named components written out where they are used; a shape
    that extends a named one as `allOf` of that one and its own fields; a single-valued literal as an enum."""

    def __init__(self, defs: dict, models: dict, named: set[str]):
        self.defs, self.models, self.named = defs, models, named

    def model(self, name: str) -> dict:
        schema = self.node(self.defs[name])
        base = next((b for b in self.models[name].__bases__ if b.__name__ in self.named), None)
        if base is None:
            return schema
        inherited = set(base.model_fields)
        own = {k: v for k, v in schema.get("properties", {}).items() if k not in inherited}
        required = [k for k in schema.get("required", []) if k in own]
        extended = {"allOf": [ref(base.__name__), obj(own, required)]}
        if "description" in schema:
            extended["description"] = schema["description"]
        return extended

    def node(self, schema):
        if isinstance(schema, list):
            return [self.node(item) for item in schema]
        if not isinstance(schema, dict):
            return schema
        out = {}
        for key, value in schema.items():
            if key == "title" or (key == "default" and value is None):
                continue
            if key in ("properties", "patternProperties", "$defs"):
                out[key] = {name: self.node(inner) for name, inner in value.items()}
            else:
                out[key] = self.node(value)
        if "$ref" in out:
            name = out["$ref"].removeprefix(REF)
            if name not in self.named:
                siblings = {k: v for k, v in out.items() if k != "$ref"}
                out = {**self.model(name), **siblings}
        if "anyOf" in out and len(out["anyOf"]) == 2 and out["anyOf"][1] == {"type": "null"}:
            inner = out["anyOf"][0]
            if isinstance(inner.get("type"), str):
                rest = {k: v for k, v in out.items() if k != "anyOf"}
                merged = {**inner, **rest, "type": [inner["type"], "null"]}
                if "enum" in merged:
                    merged["enum"] = [*merged["enum"], None]
                out = merged
        if isinstance(out.get("const"), str) and out.get("type") == "string":
            out["enum"] = [out.pop("const")]
        return out


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
    429: ("Too many requests (from this address, or by this user or participant); `Retry-After` says when to "
          "try again.", ("rate_limited",)),
}

RECORD_ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}

CHECKIN_LIMIT = ("Rate-limited per staff user (not per address), together with the other check-in operations and "
                 "the confirm page (`FORUM_CHECKIN_LIMIT`, by default 1,200 a minute).")
SUPPORT_LIMIT = "Supports and upvotes are rate-limited per participant (`FORUM_SUPPORT_LIMIT`, by default 60 a minute)."

PATH_PARAMETERS = {
    "slug": ({"type": "string", "maxLength": 80}, "The forum's slug.", "event_not_found"),
    "participant_id": ({"type": "integer"}, "The participant's id.", "participant_not_found"),
    "name": ({"type": "string", "enum": ["attendance", "inputs", "minutes"]}, "Which export.", "not_found"),
    "fmt": ({"type": "string", "enum": sorted(EXPORT_TYPES)}, "The file format.", "not_found"),
    "notes_format": ({"type": "string", "enum": ["docx", "pdf"]}, "The file format.", "not_found"),
    "session_id": ({"type": "integer"}, "The session's id.", "session_not_found"),
    "material_id": ({"type": "integer"}, "The material's id.", "material_not_found"),
    "input_id": ({"type": "integer"}, "The input's id.", "input_not_found"),
    "other_id": ({"type": "integer"}, "The other input's id.", "input_not_found"),
    "user_id": ({"type": "integer"}, "The staff account's id.", "user_not_found"),
    "item_id": ({"type": "integer"}, "The plan row's id.", "plan_not_found"),
    "pair_id": ({"type": "integer"}, "The flagged pair's id.", "plan_overlap_not_found"),
}


def ok(status: int, schema: str | dict, description: str) -> dict:
    """A successful JSON answer, by schema name or inline schema."""
    return {str(status): {"description": description,
                          "content": {JSON: {"schema": ref(schema) if isinstance(schema, str) else schema}}}}


def failure(status: int, codes, schema: str | dict = "Error") -> dict:
    description = FAILURES[status][0]
    if codes:
        description += " Codes: " + ", ".join(f"`{c}`" for c in sorted(codes)) + "."
    response = {"description": description,
                "content": {JSON: {"schema": ref(schema) if isinstance(schema, str) else schema}}}
    if status == 429:
        response["headers"] = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}
    return response


def query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def add(paths: dict, method: str, path: str, operation_id: str, summary: str, *, tag: str, answers: dict,
        role: str | None = None, participant: bool = False, optional_auth: bool = False, body: str | None = None,
        body_type: str = JSON, params=(), failures: dict | None = None, failure_schemas: dict | None = None,
        description: str | None = None) -> None:
    """Documents one operation.

    `role`: the staff role needed; `participant`: a participant of the forum may call it (with their
    access token, or the browser session of their personal link); either adds 401/403 and the
    security requirement. `optional_auth`: public, but who calls changes something (say what in
    `description`). `body`: the request schema's name (adds 413/415/422, and 400 for JSON);
    `failures`: further statuses with the machine codes particular to this operation, e.g.
    `{409: ["slug_taken"]}`; `failure_schemas`: a status whose body is not plain Error.
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
    if params:  # a query parameter with a NUL, or an unknown value, is a 422 naming it (forum/input_guard.py)
        expect(422)
    op = {"operationId": operation_id, "summary": summary, "tags": [tag]}
    if role or participant:
        op["security"] = [{"bearerToken": []}, {"cookieSession": []}]
        op["x-forum-role"] = role or "participant"
        expect(401)
        expect(403)
        who = [f"staff with the `{role}` role or a higher one"] if role else []
        if participant:
            who.insert(0, "a participant of this forum (access token or personal-link session)")
        description = "For " + " or ".join(who) + ". " + (description or "")
    elif optional_auth:
        op["security"] = [{}, {"bearerToken": []}, {"cookieSession": []}]
    else:
        op["security"] = []
    if method in UNSAFE_METHODS:
        # Only calls made with a logged-in browser session need the CSRF token.
        expect(403, "csrf_failed")
    if body:
        op["requestBody"] = {"required": True, "content": {body_type: {"schema": ref(body)}}}
        for status in (400, 413, 415, 422) if body_type == JSON else (413, 415, 422):
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
                    "Bearer token are exempt. A second registration with the same email, phone (after "
                    "normalisation) or NIP is refused with 409 `already_registered`, without the personal link "
                    "and marking every one of those fields given, so that the answer does not say which is "
                    "taken (the person asks the organisers to send their link again to the contact on file). "
                    "A registration likely repeating one of the same agency with a matching name "
                    "(titles, initials and spellings aside) is registered and flagged for the organisers "
                    "(`duplicate_of_id` in ParticipantDetail). An agency name matching no agency by name, "
                    "short name or alias makes an unverified agency (`verified: false`).",
        answers=ok(201, "RegistrationResult", "Registered."))

    # participants
    add(paths, "get", "/events/{slug}/participants", "listParticipants", "The participant list",
        tag="participants", role="organiser", failures={422: [], 429: []},
        params=[query("q", {"type": "string", "maxLength": 200},
                      "Words found in name, agency (name or short name), position, email, phone or NIP "
                      "(`%` and `_` are plain characters). Searches are rate-limited per user."),
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
    add(paths, "post", "/events/{slug}/participants/{participant_id}/merge", "mergeParticipant",
        "Merge two records of one person", tag="participants", role="organiser", body="ParticipantMerge",
        description=EXTENSION + " The participant in the path was the same person as `into`: its check-ins "
                    "(the earliest kept), online presence, inputs, votes, supports (one per agency kept), "
                    "speaker roles and history move to `into`, and it is deleted; its QR code stops working. "
                    "Audited with both ids and names. Two organisers merging the same pair at once: one merges, "
                    "the other gets 404 `participant_not_found`. " + staff_write,
        answers=ok(200, "ParticipantDetail", "The participant kept."))

    # check-in
    refusals = {404: ["unknown_code", "unknown_participant"], 409: ["wrong_event", "revoked"]}
    # An unknown code is a refused scan (with `result`); an unknown forum is a plain error.
    refusal_or_error = {"allOf": [ref("Error"), obj({"result": text(
        "`unknown_code` or `unknown_participant` again, for a refused scan; absent for an unknown forum.")})]}
    add(paths, "post", "/events/{slug}/checkins", "checkIn", "Check someone in", tag="checkin", role="checkin",
        body="Scan", failures={**refusals, 429: []}, failure_schemas={404: refusal_or_error, 409: "CheckinRefusal"},
        description=CHECKIN_LIMIT,
        answers={**ok(201, "CheckinResult", "Checked in now (`note: registered_online` for an online registrant)."),
                 **ok(200, "CheckinResult", "Already checked in: the first check-in's time and desk.")})
    add(paths, "post", "/events/{slug}/checkins/batch", "checkInBatch", "Sync an offline device's scans",
        tag="checkin", role="checkin", body="CheckinBatch", failures={429: []},
        description="Scans are applied in `scanned_at` order, so the earliest becomes the check-in; a scan with "
                    "invalid fields gets `status` 422 without stopping the others. "
                    f"At most {MAX_BATCH} scans (else 413). A batch counts as one request. " + CHECKIN_LIMIT,
        answers=ok(200, "CheckinBatchResult", "One result per scan, in the order sent."))
    add(paths, "get", "/events/{slug}/checkin-data", "getCheckinData", "Data for offline scanning", tag="checkin",
        role="checkin", answers=ok(200, "CheckinData", "Code hashes, names and check-ins; no raw codes."))
    add(paths, "get", "/events/{slug}/checkin-search", "searchForCheckin", "Find someone at the desk",
        tag="checkin", role="checkin", failures={429: []},
        params=[query("q", {"type": "string", "maxLength": 100}, "At least two characters of a name, agency or "
                                                                 "position, or a whole 18-digit NIP; contact "
                                                                 "details are not searched. Rate-limited per "
                                                                 "user.")],
        description=EXTENSION + " For people without their QR code; no contact details in the answer.",
        answers=ok(200, "CheckinSearchResult", "Up to 25 matches (none for a query under two characters)."))
    add(paths, "post", "/events/{slug}/walkins", "registerWalkIn", "Register and check in a walk-in or deputy",
        tag="checkin", role="checkin", body="WalkIn",
        failures={404: ["participant_not_found"], 409: ["already_registered", "likely_duplicate"], 429: []},
        failure_schemas={409: "LikelyDuplicate"},
        description=EXTENSION + " Registers an in-person participant (`source: walk_in`) and checks them in, "
                                "in one step; with `represents_id`, as the deputy of that invited participant. "
                                "When registrations of the same agency with a matching name (or the same NIP) "
                                "exist, answers 409 `likely_duplicate` with them as `candidates` (the desk checks "
                                "the invited person in instead, or sends `not_duplicate: true`). "
                    + CHECKIN_LIMIT,
        answers={**ok(201, "CheckinResult", "Registered and checked in."),
                 **ok(200, "CheckinResult", "The same `client_id` again: the first answer.")})

    _agenda_paths(paths)
    _input_paths(paths)
    _staff_paths(paths)
    _plan_paths(paths)

    # attendance and exports
    add(paths, "get", "/events/{slug}/attendance", "getAttendance", "Who came", tag="attendance",
        role="organiser", answers=ok(200, "Attendance", "The counts and one row per active registration."))
    add(paths, "get", "/events/{slug}/exports/{name}.{fmt}", "downloadExport", "Download an export file",
        tag="attendance", role="organiser", failures={404: ["session_not_found"], 422: []},
        params=[query("internal", {"type": "string", "enum": ["0", "1", "true", "false", "yes", "no"]},
                      "Attendance only: the organisers' copy, with email and phone."),
                query("paper", {"type": "string", "enum": ["a4", "f4"], "default": "a4"}, "PDF paper size."),
                query("session", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                      "Attendance only (extension): one session; online minutes inside its actual or planned "
                      "times, a check-in counts for every session. An unknown session is 404."),
                query("number", {"type": "string", "maxLength": 200}, "Minutes: the document's number."),
                query("chair", {"type": "string", "maxLength": 200}, "Minutes: who chaired the forum."),
                query("variant", {"type": "string", "enum": ["excel"]},
                      "CSV only (extension): the file for Excel with Indonesian regional settings, `;`-separated, "
                      "number-like text (NIP, phone) kept as text; another format with it is 422."),
                query("lang", {"type": "string", "enum": ["id", "en"], "default": "id"},
                      "The document's language (Indonesian unless asked).")],
        description="Files: `attendance.csv`, `attendance.xlsx`, `attendance.pdf`, `inputs.csv`, `inputs.xlsx`, "
                    "`minutes.pdf`, and (extension) `minutes.docx`: the berita acara as a Word document with the same "
                    "content and layout, for secretariats who edit before signing. Other combinations are 404. Each "
                    "download is written to the audit log.",
        answers={"200": {"description": "The file, as an attachment.",
                         "content": {mime: {"schema": {"type": "string", "format": "binary"}}
                                     for mime in EXPORT_TYPES.values()}}})
    add(paths, "get", "/events/{slug}/exports/notes.{notes_format}", "downloadNotes", "Download the notulen",
        tag="attendance", role="moderator", failures={422: []},
        params=[query("paper", {"type": "string", "enum": ["a4", "f4"], "default": "a4"}, "Paper size."),
                query("lang", {"type": "string", "enum": ["id", "en"], "default": "id"},
                      "The document's language (Indonesian unless asked).")],
        description=EXTENSION + " The notes of the meeting (notulen) as PDF or Word: day, date, place, chair, "
                                "note-taker, agenda, each session's speakers and the gist of what they said, the "
                                "questions with who asked and the answer, the conclusions, and the signatures of "
                                "the note-taker and the chair. Moderators write it, so they may download it. Each "
                                "download is written to the audit log.",
        answers={"200": {"description": "The file, as an attachment.",
                         "content": {EXPORT_TYPES[fmt]: {"schema": {"type": "string", "format": "binary"}}
                                     for fmt in ("pdf", "docx")}}})

    # minutes
    final = {409: ["minutes_finalised"]}
    add(paths, "get", "/events/{slug}/minutes", "getMinutes", "The minutes' details", tag="minutes",
        role="moderator", description=EXTENSION, answers=ok(200, "Minutes", "The details (empty while not set)."))
    add(paths, "patch", "/events/{slug}/minutes", "updateMinutes", "Change the minutes' details", tag="minutes",
        role="organiser", body="MinutesUpdate", failures=final, description=EXTENSION,
        answers=ok(200, "Minutes", "The details as changed."))
    add(paths, "post", "/events/{slug}/minutes/finalise", "finaliseMinutes", "Finalise the minutes",
        tag="minutes", role="organiser", failures=final,
        description=EXTENSION + " Locks the minutes and the input decisions, and records a content hash.",
        answers=ok(200, "Minutes", "The final minutes."))
    return paths


def _staff_paths(paths: dict) -> None:
    add(paths, "put", "/events/{slug}/staff/{user_id}", "setForumStaffRole", "Give a staff account a role in "
        "this forum", tag="staff", role="organiser", body="ForumStaffRole",
        description="The organiser of this forum, or an administrator. Replaces the account's role in this "
                    "forum; its role in every forum, if it has one, stays.",
        answers=ok(200, "ForumStaff", "The account's role in this forum."))
    add(paths, "delete", "/events/{slug}/staff/{user_id}", "removeForumStaffRole", "Take away a staff account's "
        "role in this forum", tag="staff", role="organiser",
        description="The organiser of this forum, or an administrator. Its role in every forum, if it has one, "
                    "stays.",
        answers={"204": {"description": "Removed (or there was none)."}})


def _agenda_paths(paths: dict) -> None:
    session = {404: ["session_not_found"]}
    add(paths, "get", "/events/{slug}/agenda", "getAgenda", "The agenda", tag="agenda", optional_auth=True,
        description="Public; staff (`moderator` and up) also see unpublished materials.",
        answers=ok(200, "Agenda", "Every session, the current one and the server's time."))
    add(paths, "post", "/events/{slug}/sessions", "createSession", "Add a session", tag="agenda", role="organiser",
        body="SessionCreate", description="Sends the `agenda` event.", answers=ok(201, "Session", "The new session."))
    add(paths, "patch", "/events/{slug}/sessions/{session_id}", "updateSession", "Change a session", tag="agenda",
        role="organiser", body="SessionUpdate", description="Sends the `agenda` event.",
        answers=ok(200, "Session", "The session as changed."))
    add(paths, "post", "/events/{slug}/sessions/{session_id}/state", "changeSessionState",
        "Start, pause, end a session; open or close input", tag="agenda", role="moderator",
        body="SessionStateChange", description="Sends the `agenda` event (and `material` for materials it publishes).",
        answers=ok(200, "Session", "The session as changed."))
    add(paths, "post", "/events/{slug}/agenda/next", "startNextSession", "Start the next session", tag="agenda",
        role="moderator", description=EXTENSION + " Ends the running session and starts the next one.",
        answers=ok(200, "AgendaAfterNext", "The agenda after the change."))
    add(paths, "post", "/events/{slug}/agenda/delay", "delayAgenda", "Move the rest of the agenda", tag="agenda",
        role="moderator", body="AgendaDelay", failures=session,
        description=EXTENSION + " Shifts the running session's end and every later scheduled session.",
        answers=ok(200, "Agenda", "The agenda after the change."))
    add(paths, "post", "/events/{slug}/announcements", "announce", "Announce something", tag="agenda",
        role="moderator", body="AnnouncementCreate", description="Sends the `announcement` event.",
        answers=ok(201, "Announcement", "The announcement as sent."))
    add(paths, "get", "/events/{slug}/announcements", "listAnnouncements", "Recent announcements", tag="agenda",
        description=EXTENSION, answers=ok(200, "AnnouncementList", "The latest announcements."))
    add(paths, "post", "/events/{slug}/sessions/{session_id}/materials", "uploadMaterial", "Upload a material",
        tag="agenda", role="moderator", participant=True, body="MaterialUpload", body_type="multipart/form-data",
        failures={404: ["material_not_found"], 415: ["unsupported_type"], 429: []},
        description="Participants only as a speaker of this session. Sends the `material` event. Rate-limited "
                    "per user or speaker, together with invitation-list imports (`FORUM_UPLOAD_LIMIT`, by default "
                    "10 a minute and 100 an hour).",
        answers=ok(201, "Material", "The stored material."))
    add(paths, "patch", "/events/{slug}/materials/{material_id}", "updateMaterial", "Rename or (un)publish",
        tag="agenda", role="moderator", body="MaterialUpdate",
        answers=ok(200, "Material", "The material as changed."))


def _input_paths(paths: dict) -> None:
    add(paths, "post", "/events/{slug}/sessions/{session_id}/inputs", "submitInput", "Submit input",
        tag="inputs", role="moderator", participant=True, body="InputCreate",
        failures={409: ["input_closed", "minutes_finalised"], 413: [], 429: []},
        description="Staff enter input for a participant (`participant_id`) or agency (`agency`). "
                    f"At most {MAX_INPUT_BYTES // 1024} kB. "
                    "The same `client_id` again answers with the first input. Rate-limited per participant, "
                    "together with the live page's form (`FORUM_INPUT_LIMIT`, by default 30 a minute); staff "
                    "are not limited.",
        answers=ok(201, "Input", "The input."))
    add(paths, "get", "/events/{slug}/inputs", "listInputs", "List input", tag="inputs", role="moderator",
        participant=True, failures={422: []},
        description="Staff see everything; a participant sees accepted or pinned inputs and their own.",
        params=[query("session", RECORD_ID, "Only this session's."),
                query("status", one_of(DECISIONS, ""), "Only this status."),
                query("kind", one_of(KINDS, ""), "Only this kind."),
                query("agency", RECORD_ID, EXTENSION + " Only this agency's (id)."),
                query("regency", {"type": "string"}, EXTENSION + " Only this regency's."),
                query("sort", one_of({"time", "supports"}, ""), EXTENSION + " Oldest first, or most supported.")],
        answers=ok(200, "InputList", "The inputs."))
    add(paths, "get", "/events/{slug}/inputs/{input_id}", "getInput", "One input", tag="inputs",
        optional_auth=True,
        description=EXTENSION + " Accepted and pinned inputs are public, a participant also sees their own; "
                                "staff see every input, with its history.",
        answers=ok(200, "Input", "The input."))
    add(paths, "patch", "/events/{slug}/inputs/{input_id}", "moderateInput", "Moderate an input", tag="inputs",
        role="moderator", body="InputModeration", failures={409: ["minutes_finalised"]},
        description="Sends the `input` event.", answers=ok(200, "Input", "The input as changed, with its history."))
    add(paths, "post", "/events/{slug}/inputs/{input_id}/overlaps/{other_id}/dismiss", "dismissOverlap",
        "Not the same plan", tag="inputs", role="moderator",
        description=EXTENSION + " The moderator's verdict that a flagged pair does not overlap (remembered).",
        answers=ok(200, "Input", "The input, without that overlap."))
    add(paths, "get", "/events/{slug}/inputs/{input_id}/overlap-explain", "explainOverlap",
        "Why two proposals are (not) flagged", tag="inputs", role="moderator",
        params=[{**query("with", RECORD_ID, "The other input's id."), "required": True}],
        description=EXTENSION + " The overlap detector's verdict on the pair with every part of it: place relation, "
                    "kind of work, text similarity, nomenclature code, phases, the vetoes that rule the pair out, "
                    "score and threshold, and the pair as stored (score, dismissed); `summary` says the verdict "
                    "in one line of the asked language (`?lang=` or Accept-Language).",
        answers=ok(200, {"type": "object", "required": ["flagged", "score", "threshold", "vetoes", "reasons"],
                         "properties": {
                             "input_id": {"type": "integer"}, "other_id": {"type": "integer"},
                             "flagged": {"type": "boolean"},
                             "relation": {"type": ["string", "null"], "enum": ["overlap", "related", None]},
                             "score": {"type": "number"}, "evidence_score": {"type": "number"},
                             "threshold": {"type": "number"}, "place": {"type": "string"},
                             "kind": {"type": "string"}, "text_similarity": {"type": "number"},
                             "same_code": {"type": "boolean"}, "phases": {"type": "array", "items": {"type": "string"}},
                             "vetoes": {"type": "array", "items": {"type": "string"}},
                             "reasons": {"type": "array", "items": {"type": "string"}},
                             "stored_score": {"type": ["number", "null"]}, "dismissed": {"type": "boolean"},
                             "summary": {"type": "string"}}},
                   "The verdict and its parts, sentences in the asked language."))
    add(paths, "post", "/events/{slug}/inputs/{input_id}/support", "supportInput", "Support an input",
        tag="inputs", participant=True, failures={409: ["own_input"], 422: ["no_agency"], 429: []},
        description="One support per agency per input; supporting again changes nothing. " + SUPPORT_LIMIT,
        answers=ok(200, "Input", "The input."))
    add(paths, "post", "/events/{slug}/inputs/{input_id}/vote", "voteForQuestion", "Upvote a question",
        tag="inputs", participant=True, failures={422: ["not_a_question"], 429: []},
        description=EXTENSION + " One upvote per participant; voting again changes nothing. " + SUPPORT_LIMIT,
        answers=ok(200, "Input", "The question."))
    add(paths, "delete", "/events/{slug}/inputs/{input_id}/support", "withdrawSupport", "Withdraw a support",
        tag="inputs", participant=True, failures={422: ["no_agency"], 429: []},
        description=EXTENSION + " The participant's agency takes its support back (any of its delegates may); "
        "withdrawing again changes nothing. " + SUPPORT_LIMIT,
        answers=ok(200, "Input", "The input, with its new count."))
    add(paths, "delete", "/events/{slug}/inputs/{input_id}/vote", "withdrawVote", "Withdraw an upvote",
        tag="inputs", participant=True, failures={429: []},
        description=EXTENSION + " The participant takes their upvote back; withdrawing again changes nothing. "
        + SUPPORT_LIMIT, answers=ok(200, "Input", "The question, with its new count."))
    add(paths, "get", "/regions", "listRegions", "The region list", tag="inputs",
        description=EXTENSION + " Regencies, sub-districts and villages, for location pickers.",
        answers=ok(200, "Regions", "The province's regions."))


XLSX = EXPORT_TYPES["xlsx"]
PLAN_EVENT = ("A decision sends the Socket.IO event `plan` (extension, `{\"item\": PlanItem}`) to the moderators "
              "and to the delegates of the agencies concerned (the row's, the one whose plan it came from).")


def _file_answer(description: str) -> dict:
    return {"200": {"description": description, "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}}


def _plan_paths(paths: dict) -> None:
    add(paths, "get", "/events/{slug}/plans/template.xlsx", "getPlanTemplate", "The plan import template",
        tag="plans", role="organiser",
        description="Columns in the Renja order (Permendagri 86/2017), a two-row header, an instructions sheet.",
        answers=_file_answer("The template."))
    add(paths, "post", "/events/{slug}/plans/import", "importPlans", "Import plans (preview, then commit)",
        tag="plans", role="organiser", body="PlanImportUpload", body_type="multipart/form-data",
        failures={413: ["import_too_large", "import_too_many_rows", "import_too_slow"], 415: ["import_unsupported"],
                  422: ["invalid", "import_empty"]}, failure_schemas={422: "PlanImportRefused"},
        description="Without `commit`: every row checked, every bad row and field named, nothing stored. With "
                    "`commit=true` and no bad row: stored; with bad rows: 422 (`errors`), nothing stored. The same "
                    "rows again (same source, agency and `ref`) update the stored ones; nothing is duplicated. The "
                    "forum's overlaps are computed again.",
        answers={**ok(200, "PlanImportPreview", "The preview (nothing stored)."),
                 **ok(201, "PlanImportResult", "Stored.")})
    add(paths, "get", "/events/{slug}/plans", "listPlans", "The plan rows", tag="plans", role="checkin",
        params=[query("agency", {"type": "string"}, "Only this agency's rows (id, name or short name), with the "
                                                    "rows moved from its plan to another agency."),
                query("source", one_of(PLAN_SOURCES, ""), "Only rows of this source."),
                query("status", one_of(PLAN_STATUSES, ""), "Only rows with this status.")],
        answers=ok(200, "PlanItemList", "The rows."))
    add(paths, "get", "/events/{slug}/plans/{item_id}", "getPlan", "One plan row", tag="plans", role="moderator",
        description=EXTENSION + " With its history; the ETag is its version.", answers=ok(200, "PlanItem", "The row."))
    add(paths, "patch", "/events/{slug}/plans/{item_id}", "decidePlan", "Decide on a plan row", tag="plans",
        role="moderator", body="PlanDecision", failures={409: ["plan_changed"]},
        failure_schemas={409: "PlanConflictError"},
        description="`note` is required for `moved`, `deferred` and `dropped`; `agency` for `moved`; `merged_into` "
                    "(another agency's row) for `merged`; target, budget or location for `changed`. Extension: "
                    "send the row's `version` (or `If-Match: \"<version>\"`): a decision made on a row that "
                    "changed meanwhile — on two screens at once — is applied once, the other gets 409 "
                    "`plan_changed`. " + PLAN_EVENT,
        answers=ok(200, "PlanItem", "The row as decided, with its history."))
    add(paths, "post", "/events/{slug}/plans/overlaps/{pair_id}/dismiss", "dismissPlanOverlap",
        "Not the same work", tag="plans", role="moderator",
        description=EXTENSION + " The flagged pair is kept as dismissed and never flagged again.",
        answers=ok(200, "PlanItem", "The first row of the pair."))
    add(paths, "get", "/events/{slug}/plans/ceilings", "getPlanCeilings", "Ceilings and sums", tag="plans",
        role="moderator", description=EXTENSION, answers=ok(200, "PlanCeilings", "Per agency."))
    add(paths, "put", "/events/{slug}/plans/ceilings", "setPlanCeilings", "Set ceilings (pagu indikatif)",
        tag="plans", role="organiser", body="PlanCeilingsUpdate", description=EXTENSION,
        answers=ok(200, "PlanCeilings", "Per agency, after the change."))
    add(paths, "get", "/events/{slug}/plans/reference", "getPlanReference", "The nomenclature reference list",
        tag="plans", role="moderator", description=EXTENSION, answers=ok(200, "ReferenceCodes", "The codes."))
    add(paths, "post", "/events/{slug}/plans/reference", "importPlanReference", "Import the reference list",
        tag="plans", role="organiser", body="ReferenceUpload", body_type="multipart/form-data",
        failures={413: ["import_too_large", "import_too_many_rows"], 415: ["import_unsupported"]},
        description=EXTENSION + " Codes listed already are renamed, new ones added; a bad row is named (422) and "
                                "nothing is stored. Plan rows' codes are then checked against it.",
        answers=ok(201, "ReferenceImportResult", "Stored."))
    add(paths, "post", "/events/{slug}/inputs/{input_id}/plan", "inputToPlan", "Turn a proposal into a plan row",
        tag="plans", role="moderator", body="InputToPlan", failures={409: ["plan_exists"]},
        description=EXTENSION + " The row belongs to the agency that takes the proposal on. " + PLAN_EVENT,
        answers=ok(201, "PlanItem", "The new row."))
    add(paths, "get", "/events/{slug}/exports/renja.xlsx", "downloadRenja", "The Renja after the forum",
        tag="plans", role="organiser",
        params=[query("agency", {"type": "string"}, "One agency (id, name or short name); every agency without it."),
                query("lang", {"type": "string", "enum": ["id", "en"], "default": "id"}, "The document's language.")],
        description="In the template's columns, decisions and reasons in the notes column, codes as text, rupiah "
                    "with thousands separators; a sheet of the rows that left the plans. Also at "
                    "`/events/{slug}/exports/renja.xlsx` for browser sessions. Written to the audit log.",
        answers=_file_answer("The workbook."))
