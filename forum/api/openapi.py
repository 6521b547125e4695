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
from forum.api.checkin import MAX_BATCH
from forum.api.inputs import MAX_INPUT_BYTES
from forum.models.people import FORUM_ROLES
from forum.services.agenda import MAX_DELAY_MINUTES, STATES
from forum.services.events import DEFAULT_TIMEZONE, SLUG_RE
from forum.services.inputs import DECISIONS, KINDS, MAX_BODY, ORIGINS, PRIORITIES
from forum.services.minutes import MAX_POINTS
from forum.services.registration import ATTENDANCE_VALUES, ROLE_VALUES, STATUS_VALUES

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1"
JSON = "application/json"
EXTENSION = "Extension (beyond the original contract)."
UNSAFE_METHODS = {"post", "put", "patch", "delete"}
FORUM_ROLE_VALUES = [role.value for role in FORUM_ROLES]
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
            {"name": "agenda", "description": "Sessions, their live state, materials and announcements."},
            {"name": "inputs", "description": "Agencies' proposals, comments and questions, and their moderation."},
            {"name": "minutes", "description": "The minutes of agreement (berita acara)."},
            {"name": "staff", "description": "Staff roles held in one forum only."},
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
  Roles: `admin` ⊃ `organiser` ⊃ `moderator`; `checkin` may only check people in. An account holds its
  role in every forum, or roles in some forums only: there, in any other forum, it gets 403 `forbidden`.
* In request bodies, `null` is accepted where a field's schema allows it: it means the same as an empty
  value (not given; a PATCH to `null` clears the field). `null` for any other field is refused with 422
  naming the field.
* Fields and endpoints marked "Extension" go beyond the original contract; clients may ignore them.
"""

# --- schema builders ------------------------------------------------------------------------------


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    """The schema, or JSON null (OpenAPI 3.1 / JSON Schema style)."""
    if isinstance(schema.get("type"), str):
        schema = {**schema, "type": [schema["type"], "null"]}
        return {**schema, "enum": [*schema["enum"], None]} if "enum" in schema else schema
    return {"anyOf": [schema, {"type": "null"}]}


def blank_or_null(fields: dict, *names: str) -> dict:
    """The named request fields, taking null as "not given" (on a change: "clear it"): optional texts whose
    empty value means "none", and optional references. Any other field refuses null with 422 naming it
    (tests/test_api_nulls.py holds the API to the document)."""
    return {name: nullable(fields[name]) for name in names}


def text(description: str, max_length: int | None = None, **extra) -> dict:
    schema = {"type": "string", "description": description, **extra}
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def integer(description: str, **extra) -> dict:
    return {"type": "integer", "description": description, **extra}


def filled(schema: dict) -> dict:
    """A text that must hold more than spaces: the server trims texts and refuses an empty required one."""
    return {**schema, "minLength": 1, "pattern": r"\S"}


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
ENDS_IN = {**TIME_IN, "description": "After `starts_at`. " + TIME_IN["description"],
           "examples": ["2021-02-25T16:00:00+07:00"]}
SLUG = text("The forum's address: lower-case letters, digits and single dashes.", 80, pattern=SLUG_RE.pattern)
EMAIL = text("Email address; stored lower-case.", 254, format="email")
PHONE = text("Indonesian mobile number; accepted as `08…`, `628…` or `+628…` with spaces, dots or dashes, "
             "and stored and returned as `+628…`.", 30, examples=["0812-3456-7890"])
NIP = text("Civil-servant number: 18 digits `YYYYMMDD YYYYMM G NNN` (birth date, start month, gender 1 or 2, "
           "sequence), checked for plausibility; spaces, dots and dashes are ignored.",
           examples=["198503152010011001"])


def _schemas() -> dict:
    return {**_error_schemas(), **_event_schemas(), **_participant_schemas(), **_checkin_schemas(),
            **_attendance_schemas(), **_agenda_schemas(), **_input_schemas(), **_minutes_schemas(),
            **_staff_schemas()}


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
        "title": filled(text("The forum's name.", 300)),
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
    request_fields = {"starts_at": {**TIME_IN, "description": TIME_IN["description"] + " (The body's `timezone`, "
                                    "else the forum's.)"},
                      "ends_at": ENDS_IN, **blank_or_null(fields, "theme", "venue", "stream_url")}
    return {
        "Event": obj({"slug": SLUG, **fields}, ["slug", *fields], "A forum."),
        "EventCreate": obj({"slug": nullable({**SLUG, "description": SLUG["description"] + " Made from the title "
                                              "when left out or null (with `-2`, `-3`… if taken)."}),
                            **fields, **request_fields},
                           ["title", "starts_at", "ends_at"], "Unknown fields are ignored."),
        "EventUpdate": obj({"slug": {**SLUG, "description": "Only the current slug is accepted: a forum's "
                                     "address never changes (else 422 with field `slug`)."},
                            **fields, **request_fields},
                           description="Any subset of the fields; unknown fields are ignored."),
        "EventList": listing("events", "Event", "All forums, latest first."),
    }


def _person_fields() -> dict:
    """What registration, walk-ins and the organiser's edits accept about a person."""
    fields = {
        "name": filled(text("Full name.", 200)),
        "agency": filled(text("The agency's name or short name, matched case-insensitively; an unknown name "
                              "creates the agency.", 200)),
        "position": text("Position or title (jabatan).", 200),
        "email": nullable(EMAIL),
        "phone": nullable(PHONE),
        "nip": nullable(NIP),
        "attendance": one_of(ATTENDANCE_VALUES, "In person (luring) or online (daring)."),
        "deputy_for": extension(text("Whom this person stands in for, e.g. “Kepala Dinas PUPR”.", 300)),
    }
    return {**fields, **blank_or_null(fields, "position", "deputy_for")}


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
            "notes": nullable(extension(text("The organisers' internal notes; may contain line breaks.", 4000))),
        }, description="Any subset of the fields; unknown fields are ignored."),
    }


def _checkin_schemas() -> dict:
    scan = blank_or_null({
        "code": text("The QR payload exactly as a reader decodes it (a URL ending in `/c/<check-in code>`) "
                     "or the bare check-in code. Required unless `participant_id` is given."),
        "participant_id": extension(integer("Check in this participant, picked by name at the desk, instead "
                                            "of scanning a code.")),
        "desk": text("Which desk scanned.", 100),
        "client_id": text("The device's id for this scan (a UUID): a retry with the same id gets the first "
                          "answer and records nothing twice.", 64, minLength=1),
        "scanned_at": {**TIME_IN, "description": "When the device scanned; clamped to the server's clock if in the "
                                                 "future, 422 if more than 12 hours before the forum's start. Only "
                                                 "a batch (offline) scan moves an earlier check-in, and the move is "
                                                 "audited. " + TIME_IN["description"]},
    }, "code", "participant_id", "desk", "client_id", "scanned_at")
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
        "CheckinBatch": obj({"scans": {"type": "array", "maxItems": MAX_BATCH,
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
                       "represents_id": nullable(integer("The invited participant this person comes in place of; "
                                                         "their agency and position fill in what is left out.")),
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


def _agenda_schemas() -> dict:
    session_fields = {
        "title": filled(text("The session's name.", 300)),
        "starts_at": TIME_OUT,
        "ends_at": {**TIME_OUT, "description": "After `starts_at`. " + TIME_OUT["description"]},
        "room": text("Where; empty when the forum's venue.", 200),
        "description": extension(text("What the session is about; may contain line breaks.", 4000)),
        "stream_url": extension(text("A link of its own for online participants; empty when the forum's.", 500)),
        "position": extension(integer("Order among sessions starting at the same time.")),
    }
    session_input = {**session_fields, "starts_at": TIME_IN,
                     "ends_at": ENDS_IN, **blank_or_null(session_fields, "room", "description", "stream_url"),
                     "speaker_ids": {"type": "array", "items": {"type": "integer"},
                                     "description": "Participants of this forum who speak; they get the `speaker` "
                                                    "role."}}
    material_flags = {
        "published": {"type": "boolean", "description": "Visible to everyone (else to staff only)."},
        "publish_on_start": extension({"type": "boolean", "description": "Published when the session goes live."}),
    }
    announcement = obj({"text": text("The announcement.", 500), "at": TIME_OUT}, ["text", "at"])
    agenda = {
        "sessions": {"type": "array", "items": ref("Session"), "description": "In time order."},
        "current_session_id": nullable(integer("The live (or paused) session.")),
        "server_time": {**TIME_OUT, "description": "The server's clock, for countdowns."},
        "next_session_id": extension(nullable(integer("The session `agenda/next` would start."))),
    }
    return {
        "Session": obj({
            "id": {"type": "integer"}, **session_fields,
            "state": one_of(STATES, "Where the session is."),
            "input_open": {"type": "boolean", "description": "Whether participants may submit input now."},
            "speakers": {"type": "array", "items": obj({"name": text("Speaker's name."),
                                                        "agency": text("Speaker's agency; empty when none.")},
                                                       ["name", "agency"])},
            "materials": {"type": "array", "items": ref("Material"),
                          "description": "Current versions; unpublished ones for staff only."},
            "actual_start": extension(nullable({**TIME_OUT, "description": "When it really went live."})),
            "actual_end": extension(nullable({**TIME_OUT, "description": "When it really ended."})),
        }, ["id", "title", "starts_at", "ends_at", "room", "state", "input_open", "speakers", "materials",
            "description", "stream_url", "position", "actual_start", "actual_end"], "One item of the agenda."),
        "SessionCreate": obj(session_input, ["title", "starts_at", "ends_at"], "Unknown fields are ignored."),
        "SessionUpdate": obj(session_input, description="Any subset of the fields; unknown fields are ignored."),
        "SessionStateChange": obj({
            "state": one_of(STATES, "The new state; going live records the actual start and publishes "
                                    "`publish_on_start` materials."),
            "input_open": {"type": "boolean", "description": "Open or close input for this session."},
        }, description="At least one of the two."),
        "Agenda": obj(agenda, ["sessions", "current_session_id", "server_time", "next_session_id"]),
        "AgendaAfterNext": obj({**agenda, "started_session_id": extension(nullable(integer(
            "The session just started; null when there was none left.")))},
            ["sessions", "current_session_id", "server_time", "next_session_id", "started_session_id"]),
        "AgendaDelay": obj({
            "minutes": integer(f"How far to move (negative: earlier); not 0, at most {MAX_DELAY_MINUTES} either way.",
                               minimum=-MAX_DELAY_MINUTES, maximum=MAX_DELAY_MINUTES, **{"not": {"const": 0}}),
            "session_id": nullable(integer("Move from this session on; by default (or null) the running one.")),
        }, ["minutes"]),
        "Announcement": announcement,
        "AnnouncementCreate": obj({"text": filled(text("The announcement; may contain line breaks.", 500))},
                                  ["text"]),
        "AnnouncementList": listing("announcements", announcement, "The latest ten, newest first."),
        "Material": obj({
            "id": {"type": "integer"}, "title": text("Shown name.", 300), "filename": text("The file's name."),
            "mime": text("Its type, judged from the content."), "size": integer("Bytes.", minimum=0),
            "url": text("Absolute download address.", format="uri"), **material_flags,
            "replaces_id": extension(nullable(integer("The earlier version this one replaces."))),
        }, ["id", "title", "filename", "mime", "size", "url", "published", "publish_on_start", "replaces_id"],
            "A speaker's file: PDF, PowerPoint, Word, Excel or an image."),
        "MaterialUpload": obj({
            "file": {"type": "string", "format": "binary", "description": "At most `FORUM_MAX_UPLOAD_MB` (50 MB)."},
            "title": text("Shown name; by default the file's name.", 300),
            "published": one_of({"true", "false"}, "Publish at once (default false)."),
            "publish_on_start": extension(one_of({"true", "false"}, "Publish when the session goes live.")),
            "replaces": extension(text("Id of a material of this session that this file replaces.")),
        }, ["file"]),
        "MaterialUpdate": obj({"title": filled(text("Shown name.", 300)), **material_flags},
                              description="Publishing sends the `material` event."),
    }


def _input_schemas() -> dict:
    location = obj(blank_or_null({"regency": text("Kabupaten/kota."), "district": text("Kecamatan."),
                                  "village": text("Desa."), "detail": extension(text("Hamlet, road or other detail."))},
                                 "regency", "district", "village", "detail"))
    editable = {
        "title": filled(text("Short title, e.g. “Pembangunan jalan desa Sebunga”.", 300)),
        "body": text("The text; may contain line breaks.", MAX_BODY),
        "program": text("Programme (program).", 300),
        "activity": text("Activity (kegiatan).", 300),
        "sub_activity": extension(text("Sub-activity (sub kegiatan).", 300)),
        "problem": extension(text("The problem it answers.", 2000)),
        "location": {**location, "description": "Checked against the region list (`/regions`)."},
        "target": text("Volume with unit, e.g. “5 km”.", 200),
        "budget": {"type": ["integer", "string", "null"],
                   "description": "Indicative cost in whole rupiah: 1500000, “1.500.000”, “Rp 1,5 M”, “750 jt”."},
        "priority": one_of(PRIORITIES, "Priority."),
        "origin": extension(one_of(ORIGINS, "Where the proposal comes from.")),
    }
    editable.update(blank_or_null(editable, "body", "program", "activity", "sub_activity", "problem", "location",
                                  "target", "priority", "origin"))
    return {
        "Input": obj({
            "id": {"type": "integer"}, "session_id": {"type": "integer"},
            "kind": one_of(KINDS, "Proposal (usulan), comment (tanggapan) or question (pertanyaan)."),
            "title": text("Short title."), "body": text("The text."),
            "author": obj({"name": text("Who submitted it; empty when entered for an agency.")}, ["name"]),
            "agency": nullable(ref("Agency")),
            "status": one_of(DECISIONS, "Where the moderation is."),
            "note": text("The moderator's note, e.g. why it was rejected."),
            "pinned": {"type": "boolean", "description": "Shown on the projector."},
            "supports": integer("Agencies that support it.", minimum=0),
            "program": text("Programme."), "activity": text("Activity."),
            "location": obj({"regency": text("Kabupaten/kota."), "district": text("Kecamatan."),
                             "village": text("Desa."), "detail": extension(text("Further detail."))},
                            ["regency", "district", "village", "detail"]),
            "target": text("Volume with unit."), "budget": nullable(integer("Whole rupiah.")),
            "priority": text("`high`, `medium`, `low` or empty."),
            "created_at": TIME_OUT,
            "overlaps": {"type": "array", "description": "Other agencies' inputs that look like the same plan.",
                         "items": obj({"input_id": {"type": "integer"},
                                       "score": {"type": "number", "description": "0 to 1; higher is likelier."},
                                       "reasons": {"type": "array", "items": {"type": "string"}}},
                                      ["input_id", "score", "reasons"])},
            "sub_activity": extension(text("Sub-activity.")), "problem": extension(text("The problem it answers.")),
            "origin": extension(text("`musrenbang`, `pokir`, `agency`, `forum` or empty.")),
            "answered": extension({"type": "boolean", "description": "A question the speaker has answered."}),
            "votes": extension(integer("Participants' upvotes of a question.", minimum=0)),
            "merged_into": extension(nullable(integer("The input this one was merged into."))),
            "co_proposers": extension({"type": "array", "items": ref("Agency"),
                                       "description": "Agencies whose inputs were merged into this one."}),
            "updated_at": extension(TIME_OUT),
            "history": extension({"type": "array", "description": "Staff only: every change, oldest first.",
                                  "items": obj({"at": TIME_OUT, "action": text("What happened."),
                                                "changes": {"type": "object"},
                                                "user_id": nullable({"type": "integer"})},
                                               ["at", "action", "changes", "user_id"])}),
        }, ["id", "session_id", "kind", "title", "body", "author", "agency", "status", "note", "pinned", "supports",
            "program", "activity", "location", "target", "budget", "priority", "created_at", "overlaps",
            "sub_activity", "problem", "origin", "answered", "votes", "merged_into", "co_proposers", "updated_at"],
            "A proposal, comment or question of an agency."),
        "InputList": listing("inputs", "Input", "Oldest first (or most supported first with `sort=supports`)."),
        "InputCreate": obj({
            "kind": one_of(KINDS, "What it is."), **editable, **blank_or_null({
                "volume": extension({"type": "number", "minimum": 0, "description": "With `unit`, fills `target`."}),
                "unit": extension(text("Unit of `volume`, e.g. “km”.", 40)),
                "client_id": text("The device's id for this input (a UUID): sending it again returns the first one.",
                                  64, minLength=1),
                "participant_id": extension(integer("Staff only: the participant this input is entered for.")),
                "agency": extension(filled(text("Staff only: the agency this input is entered for (name or short "
                                                "name).", 200))),
            }, "volume", "unit", "client_id", "participant_id", "agency"),
        }, ["kind", "title"]),
        "InputModeration": obj({
            "status": one_of(DECISIONS, "The decision; `rejected` needs a `note`, `merged` needs `merged_into`."),
            "merged_into": nullable(integer("The input this one is merged into.")),
            "note": nullable(text("The moderator's note; null or empty clears it.", 2000)),
            "pinned": {"type": "boolean", "description": "Show on the projector."},
            "answered": extension({"type": "boolean", "description": "A question the speaker has answered."}),
            "changes": extension(obj(editable, description="Accept with changes: the fields to change.")),
        }, description="Any subset; every change is kept in the history."),
        "Regions": obj({"regions": {"type": "object", "description": "Regency → sub-district → villages.",
                                    "additionalProperties": {"type": "object", "additionalProperties": {
                                        "type": "array", "items": {"type": "string"}}}}}, ["regions"]),
    }


def _minutes_schemas() -> dict:
    fields = {
        "number": text("The document's number; empty when not given.", 100),
        "chair": text("Who chaired the forum.", 200),
        "chair_position": text("The chair's position.", 200),
        "points": {"type": "array", "items": text("One point.", 2000), "maxItems": MAX_POINTS,
                   "description": "Agreement points beyond the accepted programmes (KESATU, KEDUA, …)."},
    }
    return {
        "Minutes": obj({
            **fields,
            "finalised_at": nullable({**TIME_OUT, "description": "When finalised; null while a draft."}),
            "content_hash": text("SHA-256 of the finalised content; empty while a draft."),
            "verified": nullable({"type": "boolean", "description": "Whether the finalised minutes still match "
                                                                   "their hash; null while a draft."}),
        }, [*fields, "finalised_at", "content_hash", "verified"], "Extension: the berita acara's details."),
        "MinutesUpdate": obj({**fields, **blank_or_null(fields, "number", "chair", "chair_position"),
                              "points": {**fields["points"], "type": ["array", "string"],
                                         "description": "A list, or one point per line."}},
                             description="Any subset of the fields."),
    }


def _staff_schemas() -> dict:
    role = one_of(FORUM_ROLE_VALUES, "The role in this forum (an administrator is always one for every forum).")
    return {
        "ForumStaffRole": obj({"role": role}, ["role"], "A staff account's role in one forum."),
        "ForumStaff": obj({"user_id": integer("The staff account's id."), "event": SLUG, "role": role},
                          ["user_id", "event", "role"], "The account's role in this forum."),
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
    "session_id": ({"type": "integer"}, "The session's id.", "session_not_found"),
    "material_id": ({"type": "integer"}, "The material's id.", "material_not_found"),
    "input_id": ({"type": "integer"}, "The input's id.", "input_not_found"),
    "other_id": ({"type": "integer"}, "The other input's id.", "input_not_found"),
    "user_id": ({"type": "integer"}, "The staff account's id.", "user_not_found"),
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
                    "Bearer token are exempt. A second registration with the same email or phone (after "
                    "normalisation) is refused with 409 `already_registered`, without the personal link.",
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
        failures={404: ["participant_not_found"], 409: ["already_registered"], 429: []},
        description=EXTENSION + " Registers an in-person participant (`source: walk_in`) and checks them in, "
                                "in one step; with `represents_id`, as the deputy of that invited participant. "
                    + CHECKIN_LIMIT,
        answers={**ok(201, "CheckinResult", "Registered and checked in."),
                 **ok(200, "CheckinResult", "The same `client_id` again: the first answer.")})

    _agenda_paths(paths)
    _input_paths(paths)
    _staff_paths(paths)

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
                query("lang", {"type": "string", "enum": ["id", "en"], "default": "id"},
                      "The document's language (Indonesian unless asked).")],
        description="Files: `attendance.csv`, `attendance.xlsx`, `attendance.pdf`, `inputs.csv`, `inputs.xlsx`, "
                    "`minutes.pdf`; other combinations are 404. Each download is written to the audit log.",
        answers={"200": {"description": "The file, as an attachment.",
                         "content": {mime: {"schema": {"type": "string", "format": "binary"}}
                                     for mime in EXPORT_TYPES.values()}}})

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
    add(paths, "post", "/events/{slug}/inputs/{input_id}/support", "supportInput", "Support an input",
        tag="inputs", participant=True, failures={409: ["own_input"], 422: ["no_agency"], 429: []},
        description="One support per agency per input; supporting again changes nothing. " + SUPPORT_LIMIT,
        answers=ok(200, "Input", "The input."))
    add(paths, "post", "/events/{slug}/inputs/{input_id}/vote", "voteForQuestion", "Upvote a question",
        tag="inputs", participant=True, failures={422: ["not_a_question"], 429: []},
        description=EXTENSION + " One upvote per participant; voting again changes nothing. " + SUPPORT_LIMIT,
        answers=ok(200, "Input", "The question."))
    add(paths, "get", "/regions", "listRegions", "The region list", tag="inputs",
        description=EXTENSION + " Regencies, sub-districts and villages, for location pickers.",
        answers=ok(200, "Regions", "The province's regions."))
