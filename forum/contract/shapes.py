"""The API's request and answer shapes, declared once: the OpenAPI document's components are generated from
these models (forum/contract/document.py). A model's docstring is its description; a field without a default
is required. Fields beyond the original contract say "Extension" (`ext=True`)."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from forum.contract.fields import (
    EXTENSION,
    TIME_IN_TEXT,
    TIME_OUT_TEXT,
    filled,
    flag,
    integer,
    nullable,
    one_of,
    raw,
    text,
    time_in,
    time_out,
)
from forum.models.people import FORUM_ROLES
from forum.services.agenda import MAX_DELAY_MINUTES, STATES
from forum.services.checkin import MAX_BATCH
from forum.services.events import DEFAULT_TIMEZONE, SLUG_RE
from forum.services.inputs import DECISIONS, KINDS, MAX_BODY, ORIGINS, PRIORITIES
from forum.services.minutes import MAX_POINTS
from forum.services.plans import LEVELS as PLAN_LEVELS
from forum.services.plans import SOURCES as PLAN_SOURCES
from forum.services.plans import STATUSES as PLAN_STATUSES
from forum.services.registration import ATTENDANCE_VALUES, ROLE_VALUES, STATUS_VALUES

SLUG_TEXT = "The forum's address: lower-case letters, digits and single dashes."
Slug = text(SLUG_TEXT, 80, pattern=SLUG_RE.pattern)
Email = text("Email address; stored lower-case.", 254, format="email")
PHONE_TEXT = ("Indonesian mobile number; accepted as `08…`, `628…` or `+628…` with spaces, dots or dashes, "
              "and stored and returned as `+628…`.")
Phone = text(PHONE_TEXT, 30, examples=["0812-3456-7890"])
Nip = text("Civil-servant number: 18 digits `YYYYMMDD YYYYMM G NNN` (birth date, start month, gender 1 or 2, "
           "sequence), checked for plausibility; spaces, dots and dashes are ignored.",
           examples=["198503152010011001"])
Id = integer()
TimeOut = time_out()
EndsOut = time_out("After `starts_at`. " + TIME_OUT_TEXT)
EndsIn = time_in("After `starts_at`. " + TIME_IN_TEXT, "2021-02-25T16:00:00+07:00")
Consent = raw({"const": True, "description": "Agreement to the personal-data statement; must be `true`."})
Where = text("Where checked in.")


class Shape(BaseModel):
    """Every declared shape: unknown fields are ignored, as the API ignores them."""
    model_config = ConfigDict(extra="ignore")


# --- errors -------------------------------------------------------------------------------------

class ErrorDetail(Shape):
    code: text("Stable machine code, e.g. `slug_taken`, `registration_closed`, `already_registered`.")
    message: text("Human-readable, in the request's language.")
    fields: raw({"type": "object", "additionalProperties": {"type": "string"},
                 "description": "Validation only: each invalid field with its message."}) = None


class Error(Shape):
    """Every 4xx answer of the API."""
    error: ErrorDetail


# --- events -------------------------------------------------------------------------------------

class Event(Shape):
    """A forum."""
    slug: Slug
    title: filled("The forum's name.", 300)
    theme: text("The theme; may contain line breaks. Empty when none.", 4000)
    venue: text("Where it takes place. Empty when none.", 300)
    starts_at: TimeOut
    ends_at: EndsOut
    timezone: text("IANA time zone name.", 64, default=DEFAULT_TIMEZONE)
    stream_url: text("Link for online participants (http or https); empty when none.", 500)
    registration_open: flag("Whether public self-registration is accepted.", default=True)
    presence_min_minutes: integer("Presence rule: checked in, or online for at least this many minutes (0: any "
                                  "join).", ext=True, minimum=0, maximum=24 * 60, default=0)
    retention_days: nullable(integer(
        "Days after the forum's end after which contact details may be erased (UU 27/2022 on personal data); "
        "null when not set.", ext=True, minimum=0, maximum=3650))


class EventRequest(Shape):
    """The fields a forum is created or changed with (every one may be left out)."""
    title: filled("The forum's name.", 300) = None
    theme: nullable(text("The theme; may contain line breaks. Empty when none.", 4000)) = None
    venue: nullable(text("Where it takes place. Empty when none.", 300)) = None
    starts_at: time_in(TIME_IN_TEXT + " (The body's `timezone`, else the forum's.)") = None
    ends_at: EndsIn = None
    timezone: text("IANA time zone name.", 64, default=DEFAULT_TIMEZONE) = None
    stream_url: nullable(text("Link for online participants (http or https); empty when none.", 500)) = None
    registration_open: flag("Whether public self-registration is accepted.", default=True) = None
    presence_min_minutes: integer("Presence rule: checked in, or online for at least this many minutes (0: any "
                                  "join).", ext=True, minimum=0, maximum=24 * 60, default=0) = None
    retention_days: nullable(integer(
        "Days after the forum's end after which contact details may be erased (UU 27/2022 on personal data); "
        "null when not set.", ext=True, minimum=0, maximum=3650)) = None


class EventCreate(EventRequest):
    """Unknown fields are ignored."""
    slug: nullable(text(SLUG_TEXT + " Made from the title when left out or null (with `-2`, `-3`… if taken).",
                        80, pattern=SLUG_RE.pattern)) = None
    title: filled("The forum's name.", 300)
    starts_at: time_in(TIME_IN_TEXT + " (The body's `timezone`, else the forum's.)")
    ends_at: EndsIn


class EventUpdate(EventRequest):
    """Any subset of the fields; unknown fields are ignored."""
    slug: text("Only the current slug is accepted: a forum's address never changes (else 422 with field "
               "`slug`).", 80, pattern=SLUG_RE.pattern) = None


class EventList(Shape):
    """All forums, latest first."""
    events: list[Event]


# --- people -------------------------------------------------------------------------------------

class Agency(Shape):
    """A government agency (OPD) or other body taking part."""
    id: Id
    name: text("Full name.", 200)
    short_name: text("Abbreviation such as `Bappeda`; empty when none.", 60)
    verified: flag("False for an agency made from a name that matched no agency of the forum (by name, short "
                   "name or alias): the organisers map it to a listed agency or confirm it; until then it is not "
                   "in the official documents' per-agency counts (contract version 2).")


class Participant(Shape):
    """A registration of one person for one forum."""
    id: Id
    name: text("Full name.", 200)
    agency: nullable(Agency)
    position: text("Position or title (jabatan); empty when none.", 200)
    attendance: one_of(ATTENDANCE_VALUES, "How they take part.")
    role: one_of(ROLE_VALUES, "Their part in the forum.")
    status: one_of(STATUS_VALUES, "`cancelled` and `revoked` registrations cannot check in.")
    deputy_for: text("Whom this person stands in for; empty when no one.", 300, ext=True)
    represents_id: nullable(integer("The invited participant this deputy came in place of.", ext=True))


class ParticipantDetail(Participant):
    """A Participant with the contact details only organisers see."""
    email: nullable(text("Email address; stored lower-case.", 254, ext=True, format="email"))
    phone: nullable(text("Mobile number as `+628…`.", 30, ext=True, examples=["0812-3456-7890"]))
    nip: nullable(text("18-digit civil-servant number.", 18, ext=True))
    source: text("How the registration was made: `registration` (public form), `import` (invitation list), "
                 "`staff` (back office) or `walk_in` (at the door).", ext=True)
    notes: text("The organisers' internal notes.", 4000, ext=True)
    duplicate_of_id: nullable(integer("The registration this one likely repeats (the same agency and a matching "
                                      "name), flagged at registration for the organisers to merge (`POST …/merge`) "
                                      "or leave; null when not flagged.", ext=True))
    created_at: time_out(ext=True)


class ParticipantList(Shape):
    """Sorted by name."""
    participants: list[ParticipantDetail]


class PersonBase(Shape):
    """What registration, walk-ins and the organiser's edits accept about a person."""
    name: filled("Full name.", 200) = None
    agency: filled("The agency's name or short name, matched case-insensitively; an unknown name creates the "
                   "agency.", 200) = None
    position: nullable(text("Position or title (jabatan).", 200)) = None
    email: nullable(Email) = None
    phone: nullable(Phone) = None
    nip: nullable(Nip) = None
    deputy_for: nullable(text("Whom this person stands in for, e.g. “Kepala Dinas PUPR”.", 300, ext=True)) = None


class Person(PersonBase):
    attendance: one_of(ATTENDANCE_VALUES, "In person (luring) or online (daring).") = None


class Registration(Person):
    """One person's registration. Email and phone are each unique within a forum."""
    name: filled("Full name.", 200)
    agency: filled("The agency's name or short name, matched case-insensitively; an unknown name creates the "
                   "agency.", 200)
    attendance: one_of(ATTENDANCE_VALUES, "In person (luring) or online (daring).")
    position: filled("Position or title (jabatan), as on the attendance list; required (422 naming `position` "
                     "without it).", 200)
    consent: Consent


class RegistrationResult(Participant):
    """The new registration."""
    personal_url: text("Absolute personal link, ending in `/p/<access token>`; keep it private.", format="uri")
    qr_png_url: text("Absolute address of the check-in QR code as PNG; needs no other credentials.", format="uri")
    qr_svg_url: text("The same QR code as SVG.", ext=True, format="uri")


class ParticipantMerge(Shape):
    """Which record of the same person to keep."""
    into: integer("The id of the participant (of this forum) kept; the one named in the path is merged into it "
                  "and deleted.", minimum=1)


class LikelyDuplicate(Error):
    """A walk-in likely already registered: the error, with the registrations it likely is."""
    candidates: list[Participant] = None


class ParticipantUpdate(Person):
    """Any subset of the fields; unknown fields are ignored."""
    position: filled("Position or title (jabatan); cannot be emptied (the attendance list needs it).", 200) = None
    role: one_of(ROLE_VALUES, "Their part in the forum.") = None
    status: one_of(STATUS_VALUES, "`revoked` or `cancelled` makes the current check-in code useless at once; "
                                  "restoring a `revoked` registration issues a new code.") = None
    notes: nullable(text("The organisers' internal notes; may contain line breaks.", 4000, ext=True)) = None


# --- check-in -----------------------------------------------------------------------------------

DESK = text("Which desk scanned.", 100)
CLIENT_ID = text("The device's id for this scan (a UUID): a retry with the same id gets the first answer and "
                 "records nothing twice.", 64, minLength=1)


class Scan(Shape):
    """One scan."""
    code: nullable(text("The QR payload exactly as a reader decodes it (a URL ending in `/c/<check-in code>`) or "
                        "the bare check-in code. Required unless `participant_id` is given.")) = None
    participant_id: nullable(integer("Check in this participant, picked by name at the desk, instead of scanning "
                                     "a code.", ext=True)) = None
    desk: nullable(DESK) = None
    client_id: nullable(CLIENT_ID) = None
    scanned_at: nullable(time_in(
        "When the device scanned; clamped to the server's clock if in the future, 422 if more than 12 hours "
        "before the forum's start. Only a batch (offline) scan moves an earlier check-in, and the move is "
        "audited. " + TIME_IN_TEXT)) = None


class Outcome(Shape):
    result: text("`checked_in` or `already_checked_in`; for a refusal its error code.")
    participant: Participant
    checked_in_at: TimeOut
    desk: text("The desk of the (first) check-in.")
    note: text("`registered_online` when an online registrant came in person.") = None
    deputy_for: text("Whom the person stands in for, when set.", ext=True) = None


class CheckinResult(Outcome):
    """A check-in (201) or the earlier one (200)."""


class CheckinRefusal(Error):
    """A refused scan; `participant` only for `revoked`."""
    result: text("The refusal's code again: `unknown_code`, `unknown_participant`, `wrong_event` or `revoked`.")
    participant: Participant = None
    reason: one_of({"replaced", "cancelled", "revoked"}, "With `revoked`: the code was replaced by a newer one (the "
                   "holder shows the QR of their personal link), or the registration is cancelled or revoked (the "
                   "organisers decide).", ext=True) = None


class CheckinBatch(Shape):
    """An offline device's queue."""
    scans: raw({"type": "array", "maxItems": MAX_BATCH,
                "items": {"allOf": [{"$ref": "#/components/schemas/Scan"}, {"required": ["client_id"]}]}})


class BatchOutcome(Outcome):
    result: text("`checked_in` or `already_checked_in`; for a refusal its error code.")
    participant: Participant = None
    checked_in_at: TimeOut = None
    desk: text("The desk of the (first) check-in.") = None
    status: integer("The HTTP status the single endpoint would have given.")
    error: raw({"type": "object", "description": "For refusals and invalid scans, as in Error."}) = None


class CheckinBatchResult(Shape):
    """One result per scan, in the order sent."""
    results: list[BatchOutcome]


class OfflineParticipant(Shape):
    id: Id
    code_hash: text("Hex SHA-256 of the current check-in code (never the code itself).")
    name: text("Full name.")
    agency: text("The agency's name; empty when none.")
    position: text("Position.")
    role: one_of(ROLE_VALUES, "Their part in the forum.")
    attendance: one_of(ATTENDANCE_VALUES, "How they registered to take part.")
    status: one_of(STATUS_VALUES, "Only `registered` may check in.")
    checked_in_at: nullable(text("When checked in (UTC).", format="date-time"))
    desk: nullable(Where)


class CheckinData(Shape):
    """What a scanner needs to judge codes offline."""
    event: Slug
    version: text("Changes whenever the data does.")
    hash: one_of({"sha256"}, "How codes are hashed.")
    generated_at: text("When this was made (UTC).", format="date-time")
    participants: list[OfflineParticipant]
    retired_code_hashes: raw({"type": "array", "items": {"type": "string"},
                              "description": "Hashes of replaced codes: scanning one says `revoked`."})


class SearchMatch(Participant):
    checked_in_at: nullable(TimeOut)
    desk: nullable(Where)


class CheckinSearchResult(Shape):
    """Up to 25 matches, without contact details."""
    participants: list[SearchMatch]


class WalkIn(PersonBase):
    """Someone not on the list, registered in person and checked in at once. `attendance` is always `in_person`."""
    name: filled("Full name.", 200)
    position: filled("Position or title (jabatan), as on the attendance list; required (422 naming `position` "
                     "without it).", 200)
    consent: Consent
    represents_id: nullable(integer("The invited participant this person comes in place of; their agency fills "
                                    "in what is left out.")) = None
    not_duplicate: nullable(flag("True to register even though likely matches were offered (409 "
                                 "`likely_duplicate`): the desk checked that this is another person. The new record "
                                 "is flagged for the organisers.", ext=True)) = None
    desk: nullable(DESK) = None
    client_id: nullable(CLIENT_ID) = None


# --- attendance ---------------------------------------------------------------------------------

class AttendanceSummary(Shape):
    registered: integer("Active registrations (not cancelled or revoked).", minimum=0)
    in_person_registered: integer("Of those, registered to come in person.", minimum=0)
    online_registered: integer("Of those, registered to follow online.", minimum=0)
    checked_in: integer("Checked in at the door.", minimum=0)
    online_joined: integer("Joined online at least once.", minimum=0)
    online_now: integer("Connected online now.", minimum=0)


class AttendanceRow(Shape):
    participant: Participant
    checked_in_at: nullable(TimeOut)
    desk: nullable(Where)
    online_first_joined_at: nullable(TimeOut)
    online_minutes: integer("Minutes connected online.", minimum=0)
    present: flag("Checked in, or online for at least the forum's `presence_min_minutes`.")


class Attendance(Shape):
    """Active registrations sorted by name."""
    summary: AttendanceSummary
    rows: list[AttendanceRow]


# --- agenda -------------------------------------------------------------------------------------

class Speaker(Shape):
    name: text("Speaker's name.")
    agency: text("Speaker's agency; empty when none.")


class Material(Shape):
    """A speaker's file: PDF, PowerPoint, Word, Excel or an image."""
    id: Id
    title: text("Shown name.", 300)
    filename: text("The file's name.")
    mime: text("Its type, judged from the content.")
    size: integer("Bytes.", minimum=0)
    url: text("Absolute download address.", format="uri")
    published: flag("Visible to everyone (else to staff only).")
    publish_on_start: flag("Published when the session goes live.", ext=True)
    replaces_id: nullable(integer("The earlier version this one replaces.", ext=True))


class Session(Shape):
    """One item of the agenda."""
    id: Id
    title: filled("The session's name.", 300)
    starts_at: TimeOut
    ends_at: EndsOut
    room: text("Where; empty when the forum's venue.", 200)
    state: one_of(STATES, "Where the session is.")
    input_open: flag("Whether participants may submit input now.")
    speakers: list[Speaker]
    materials: raw({"type": "array", "items": {"$ref": "#/components/schemas/Material"},
                    "description": "Current versions; unpublished ones for staff only."})
    description: text("What the session is about; may contain line breaks.", 4000, ext=True)
    stream_url: text("A link of its own for online participants; empty when the forum's.", 500, ext=True)
    position: integer("Order among sessions starting at the same time.", ext=True)
    actual_start: nullable(time_out("When it really went live.", ext=True))
    actual_end: nullable(time_out("When it really ended.", ext=True))


class SessionRequest(Shape):
    title: filled("The session's name.", 300) = None
    starts_at: time_in() = None
    ends_at: EndsIn = None
    room: nullable(text("Where; empty when the forum's venue.", 200)) = None
    description: nullable(text("What the session is about; may contain line breaks.", 4000, ext=True)) = None
    stream_url: nullable(text("A link of its own for online participants; empty when the forum's.", 500,
                              ext=True)) = None
    position: integer("Order among sessions starting at the same time.", ext=True) = None
    speaker_ids: raw({"type": "array", "items": {"type": "integer"},
                      "description": "Participants of this forum who speak; they get the `speaker` role."}) = None


class SessionCreate(SessionRequest):
    """Unknown fields are ignored."""
    title: filled("The session's name.", 300)
    starts_at: time_in()
    ends_at: EndsIn


class SessionUpdate(SessionRequest):
    """Any subset of the fields; unknown fields are ignored."""


class SessionStateChange(Shape):
    """At least one of the two."""
    state: one_of(STATES, "The new state; going live records the actual start and publishes `publish_on_start` "
                          "materials.") = None
    input_open: flag("Open or close input for this session.") = None


class AgendaFields(Shape):
    sessions: raw({"type": "array", "items": {"$ref": "#/components/schemas/Session"},
                   "description": "In time order."})
    current_session_id: nullable(integer("The live (or paused) session."))
    server_time: time_out("The server's clock, for countdowns.")
    next_session_id: nullable(integer("The session `agenda/next` would start.", ext=True))


class Agenda(AgendaFields):
    pass


class AgendaAfterNext(AgendaFields):
    started_session_id: nullable(integer("The session just started; null when there was none left.", ext=True))


class AgendaDelay(Shape):
    minutes: integer(f"How far to move (negative: earlier); not 0, at most {MAX_DELAY_MINUTES} either way.",
                     minimum=-MAX_DELAY_MINUTES, maximum=MAX_DELAY_MINUTES, **{"not": {"const": 0}})
    session_id: nullable(integer("Move from this session on; by default (or null) the running one.")) = None


class AnnouncementFields(Shape):
    text: text("The announcement.", 500)
    at: TimeOut


class Announcement(AnnouncementFields):
    pass


class AnnouncementCreate(Shape):
    text: filled("The announcement; may contain line breaks.", 500)


class AnnouncementList(Shape):
    """The latest ten, newest first."""
    announcements: list[AnnouncementFields]


class MaterialUpload(Shape):
    file: raw({"type": "string", "format": "binary", "description": "At most `FORUM_MAX_UPLOAD_MB` (50 MB)."})
    title: text("Shown name; by default the file's name.", 300) = None
    published: one_of({"true", "false"}, "Publish at once (default false).") = None
    publish_on_start: one_of({"true", "false"}, "Publish when the session goes live.", ext=True) = None
    replaces: text("Id of a material of this session that this file replaces.", ext=True) = None


class MaterialUpdate(Shape):
    """Publishing sends the `material` event."""
    title: filled("Shown name.", 300) = None
    published: flag("Visible to everyone (else to staff only).") = None
    publish_on_start: flag("Published when the session goes live.", ext=True) = None


# --- inputs -------------------------------------------------------------------------------------

class LocationIn(Shape):
    regency: nullable(text("Kabupaten/kota.")) = None
    district: nullable(text("Kecamatan.")) = None
    village: nullable(text("Desa.")) = None
    detail: nullable(text("Hamlet, road or other detail.", ext=True)) = None


class Location(Shape):
    regency: text("Kabupaten/kota.")
    district: text("Kecamatan.")
    village: text("Desa.")
    detail: text("Further detail.", ext=True)


class Author(Shape):
    name: text("Who submitted it; empty when entered for an agency.")


class Overlap(Shape):
    input_id: Id
    score: raw({"type": "number", "description": "0 to 1; higher is likelier."})
    reasons: raw({"type": "array", "items": {"type": "string"}})


class HistoryEntry(Shape):
    at: TimeOut
    action: text("What happened.")
    changes: raw({"type": "object"})
    user_id: nullable(Id)


class Input(Shape):
    """A proposal, comment or question of an agency."""
    id: Id
    session_id: Id
    kind: one_of(KINDS, "Proposal (usulan), comment (tanggapan) or question (pertanyaan).")
    title: text("Short title.")
    body: text("The text.")
    author: Author
    agency: nullable(Agency)
    status: one_of(DECISIONS, "Where the moderation is.")
    note: text("The moderator's note, e.g. why it was rejected.")
    pinned: flag("Shown on the projector.")
    supports: integer("Agencies that support it.", minimum=0)
    program: text("Programme.")
    activity: text("Activity.")
    location: Location
    target: text("Volume with unit.")
    budget: nullable(integer("Whole rupiah."))
    priority: text("`high`, `medium`, `low` or empty.")
    created_at: TimeOut
    overlaps: raw({"type": "array", "description": "Other agencies' inputs that look like the same plan.",
                   "items": Overlap.model_json_schema()})
    sub_activity: text("Sub-activity.", ext=True)
    problem: text("The problem it answers.", ext=True)
    origin: text("`musrenbang`, `pokir`, `agency`, `forum` or empty.", ext=True)
    answered: flag("A question the speaker has answered.", ext=True)
    votes: integer("Participants' upvotes of a question.", ext=True, minimum=0)
    merged_into: nullable(integer("The input this one was merged into.", ext=True))
    co_proposers: raw({"type": "array", "items": {"$ref": "#/components/schemas/Agency"},
                       "description": f"{EXTENSION} Agencies whose inputs were merged into this one."})
    updated_at: time_out(ext=True)
    history: raw({"type": "array", "description": f"{EXTENSION} Staff only: every change, oldest first.",
                  "items": HistoryEntry.model_json_schema()}) = None


class InputList(Shape):
    """Oldest first (or most supported first with `sort=supports`)."""
    inputs: list[Input]


TITLE = filled("Short title, e.g. “Pembangunan jalan desa Sebunga”.", 300)


class InputFields(Shape):
    body: nullable(text("The text; may contain line breaks.", MAX_BODY)) = None
    program: nullable(text("Programme (program).", 300)) = None
    activity: nullable(text("Activity (kegiatan).", 300)) = None
    sub_activity: nullable(text("Sub-activity (sub kegiatan).", 300, ext=True)) = None
    problem: nullable(text("The problem it answers.", 2000, ext=True)) = None
    location: Annotated[LocationIn | None, Field(description="Checked against the region list (`/regions`).")] = None
    target: nullable(text("Volume with unit, e.g. “5 km”.", 200)) = None
    budget: raw({"type": ["integer", "string", "null"],
                 "description": "Indicative cost in whole rupiah: 1500000, “1.500.000”, “Rp 1,5 M”, “750 jt”."}) = None
    priority: nullable(one_of(PRIORITIES, "Priority.")) = None
    origin: nullable(one_of(ORIGINS, "Where the proposal comes from.", ext=True)) = None


class InputChanges(InputFields):
    title: TITLE = None


class InputCreate(InputFields):
    kind: one_of(KINDS, "What it is.")
    title: TITLE
    volume: nullable(raw({"type": "number", "minimum": 0,
                          "description": f"{EXTENSION} With `unit`, fills `target`."})) = None
    unit: nullable(text("Unit of `volume`, e.g. “km”.", 40, ext=True)) = None
    client_id: nullable(text("The device's id for this input (a UUID): sending it again returns the first one.",
                             64, minLength=1)) = None
    participant_id: nullable(integer("Staff only: the participant this input is entered for.", ext=True)) = None
    agency: nullable(filled("Staff only: the agency this input is entered for (name or short name).", 200,
                            ext=True)) = None


class InputModeration(Shape):
    """Any subset; every change is kept in the history."""
    status: one_of(DECISIONS, "The decision; `rejected` needs a `note`, `merged` needs `merged_into`.") = None
    merged_into: nullable(integer("The input this one is merged into.")) = None
    note: nullable(text("The moderator's note; null or empty clears it.", 2000)) = None
    pinned: flag("Show on the projector.") = None
    answered: flag("A question the speaker has answered.", ext=True) = None
    changes: Annotated[InputChanges,
                       Field(description=f"{EXTENSION} Accept with changes: the fields to change.")] = None


class Regions(Shape):
    regions: raw({"type": "object", "description": "Regency → sub-district → villages.",
                  "additionalProperties": {"type": "object", "additionalProperties": {
                      "type": "array", "items": {"type": "string"}}}})


# --- minutes and staff --------------------------------------------------------------------------

POINTS_TEXT = "Agreement points beyond the accepted programmes (KESATU, KEDUA, …)."


class Minutes(Shape):
    """Extension: the berita acara's details."""
    number: text("The document's number; empty when not given.", 100)
    chair: text("Who chaired the forum.", 200)
    chair_position: text("The chair's position.", 200)
    points: raw({"type": "array", "items": {"type": "string", "description": "One point.", "maxLength": 2000},
                 "maxItems": MAX_POINTS, "description": POINTS_TEXT})
    finalised_at: nullable(time_out("When finalised; null while a draft."))
    content_hash: text("SHA-256 of the finalised content; empty while a draft.")
    verified: nullable(flag("Whether the finalised minutes still match their hash; null while a draft."))


class MinutesUpdate(Shape):
    """Any subset of the fields."""
    number: nullable(text("The document's number; empty when not given.", 100)) = None
    chair: nullable(text("Who chaired the forum.", 200)) = None
    chair_position: nullable(text("The chair's position.", 200)) = None
    points: raw({"type": ["array", "string"], "maxItems": MAX_POINTS, "description": "A list, or one point per line.",
                 "items": {"type": "string", "description": "One point.", "maxLength": 2000}}) = None


FORUM_ROLE = one_of([role.value for role in FORUM_ROLES],
                    "The role in this forum (an administrator is always one for every forum).")


class ForumStaffRole(Shape):
    """A staff account's role in one forum."""
    role: FORUM_ROLE


class ForumStaff(Shape):
    """The account's role in this forum."""
    user_id: integer("The staff account's id.")
    event: Slug
    role: FORUM_ROLE


# --- plans (contract version 2) ---------------------------------------------------------------------

PLAN_OVERLAP_RELATIONS = {"overlap", "related"}
PLAN_STATUS_TEXT = ("`draft` until the forum decides; then `kept`, `changed` (target, budget or place), `moved` (to "
                    "another agency), `merged` (into another agency's row), `deferred` (reserve list) or `dropped`.")


class PlanLocation(Shape):
    regency: text("Kabupaten/kota.")
    district: text("Kecamatan; empty for a regency-wide row.")
    village: text("Desa; empty for a row of a whole sub-district or regency.")


class PlanPlace(PlanLocation):
    area: flag("The row covers the whole sub-district or regency (“se-Kecamatan …”).")


class PlanOverlap(Shape):
    item_id: integer("Another agency's row (absent for a live proposal).") = None
    input_id: integer("A live proposal (absent for a row).") = None
    score: raw({"type": "number", "description": "0 to 1; higher is likelier."})
    reasons: raw({"type": "array", "items": {"type": "string"}, "description": "Why, in the request's language."})
    relation: one_of(PLAN_OVERLAP_RELATIONS, "`overlap`: the same work planned twice; `related`: phases of one "
                                             "work (a design study and the construction).")
    id: integer("The flagged pair (for dismissing it).", ext=True)
    dismissed: flag("Dismissed pairs are not listed.", ext=True)
    manual: flag("Marked the same work by a moderator, not found by the detector.", ext=True)


class PlanHistoryEntry(Shape):
    at: TimeOut
    action: text("`imported`, `reimported`, `decided`, `from_input`, `overlap_dismissed`.")
    changes: raw({"type": "object", "description": "Field → [old, new]."})
    reason: text("The decision's note.")
    user_id: nullable(Id)


class PlanItem(Shape):
    """A row of an agency's draft Renja, a Musrenbang result or a DPRD member's pokir, and the forum's decision."""
    id: Id
    source: one_of(PLAN_SOURCES, "Where the row comes from.")
    ref: text("The row's number in its source (made from code and name when the file has none).", 100)
    agency: nullable(Agency)
    code: text("Nomenclature code, e.g. `1.03.10.2.01.0001`; empty when none.", 60)
    level: one_of(PLAN_LEVELS, "Programme, activity (kegiatan) or sub-activity (sub kegiatan).")
    name: text("The programme's, activity's or sub-activity's name.", 500)
    indicator: text("Performance indicator.")
    problem: text("Musrenbang, pokir: the problem the proposal answers (an export's Permasalahan); empty when none.",
                  2000, ext=True) = None
    location: nullable(PlanLocation)
    target: text("Target for the plan year (the number; `unit` holds the unit).", 200)
    unit: text("Unit of the targets.", 60)
    budget: nullable(integer("Pagu indikatif for the plan year, whole rupiah."))
    funding_source: text("APBD, DAK, Bantuan Keuangan, APBN, Dana Desa or as written.", 100)
    next_year_target: text("Target for the year after (prakiraan maju).", 200)
    next_year_budget: nullable(integer("Pagu for the year after, whole rupiah."))
    note: text("Catatan penting; a decision's reason replaces it.")
    status: one_of(PLAN_STATUSES, PLAN_STATUS_TEXT)
    overlaps: list[PlanOverlap]
    locations: list[PlanPlace] = None
    origin_agency: nullable(Agency) = None
    merged_into: nullable(integer("The row this one was merged into.", ext=True)) = None
    proposer: text("Musrenbang: who proposed it.", 200, ext=True) = None
    dprd_member: text("Pokir: the DPRD member.", 200, ext=True) = None
    electoral_district: text("Pokir: the member's electoral district (dapil).", 100, ext=True) = None
    input_id: nullable(integer("The live proposal it was made from.", ext=True)) = None
    version: integer("Changes with every change of the row: send it back with a decision (or as If-Match) so that a "
                     "decision made on an older screen is refused with 409 `plan_changed`.", ext=True) = None
    updated_at: time_out(ext=True) = None
    history: list[PlanHistoryEntry] = None


class PlanItemList(Shape):
    """By agency, source, code."""
    items: list[PlanItem]


class PlanPreviewRow(PlanItem):
    """A row as it would be stored (`id` null for a new one)."""
    id: nullable(Id)
    line: integer("The row's line in the file.", ext=True)
    action: one_of({"new", "update", "unchanged", "error"}, "What importing would do.", ext=True)
    changes: raw({"type": "object", "description": f"{EXTENSION} For an update: field → [old, new]."})


class PlanImportError(Shape):
    row: integer("The line of the file.")
    field: text("The column's field (`code`, `location`, `budget`, …) or `ref` for a repeated row.")
    message: text("What is wrong, in the request's language.")


class PlanImportPreview(Shape):
    """Nothing was stored."""
    rows: integer("Rows read (heading and numbering rows apart).", minimum=0)
    errors: list[PlanImportError]
    preview: list[PlanPreviewRow]
    skipped: integer("Urusan and bidang heading rows and numbering rows left out.", ext=True, minimum=0)


class PlanImportResult(Shape):
    imported: integer("Rows added or updated.", minimum=0)
    rows: integer("Rows read.", ext=True, minimum=0)
    new: integer("Rows added.", ext=True, minimum=0)
    update: integer("Rows updated.", ext=True, minimum=0)
    unchanged: integer("Rows already stored as they are.", ext=True, minimum=0)
    skipped: integer("Heading and numbering rows left out.", ext=True, minimum=0)
    overlaps: integer("Pairs flagged in the forum after the import.", ext=True, minimum=0)


class PlanImportRefused(Error):
    """Some rows are not valid (`errors` names each), or a form field is (`error.fields`): nothing was stored."""
    rows: integer("Rows read.", minimum=0) = None
    errors: list[PlanImportError] = None


class PlanImportUpload(Shape):
    file: raw({"type": "string", "format": "binary", "description": ".xlsx or .csv in the template's columns; at "
                                                                    "most 5 MB and 15,000 rows."})
    source: one_of(PLAN_SOURCES, "What the file holds.")
    agency: text("The agency whose rows the file holds (id, name or short name); else each row's Perangkat Daerah "
                 "column (required for `renja`).") = None
    commit: one_of({"true", "false"}, "Store the rows (default false: preview only).") = None


class PlanDecision(Shape):
    """The forum's decision on a row; every change is kept in its history."""
    status: one_of(PLAN_STATUSES, PLAN_STATUS_TEXT + " The verbs keep, change, move, merge, defer, drop are accepted.")
    note: nullable(text("Why; required for `moved`, `deferred` and `dropped`.", 2000)) = None
    target: nullable(text("`changed`/`moved`: the new target, e.g. “4 km”.", 200)) = None
    budget: raw({"type": ["integer", "string", "null"],
                 "description": "`changed`/`moved`: the new pagu in whole rupiah (1500000, “1,5 M”, “750 jt”)."}) = None
    location: raw({"type": ["object", "array", "string", "null"],
                   "description": "`changed`/`moved`: the new place, as {regency, district, village}, a list of them, "
                                  "or words (“Desa Sebunga, Kec. Sajingan Besar”); null as not given."}) = None
    agency: nullable(text("`moved`: the agency that takes the row on (id, name or short name).")) = None
    merged_into: nullable(integer("`merged`: another agency's row.")) = None
    version: nullable(integer("The row's `version` the screen showed (or send If-Match).", ext=True)) = None


class PlanConflictError(Error):
    version: integer("The row's version now.", ext=True) = None


class PlanCeiling(Shape):
    agency: Agency
    ceiling: nullable(integer("Pagu indikatif, whole rupiah; null when none is set."))
    total: integer("The budgets of the rows the agency carries that still count (not dropped, deferred or merged "
                   "away), at its deepest level.")
    over: integer("What exceeds the ceiling (0 when none).", minimum=0)


class PlanCeilings(Shape):
    """Extension: per agency with rows or a ceiling."""
    agencies: list[PlanCeiling]


class PlanCeilingsUpdate(Shape):
    ceilings: raw({"type": "array", "items": {"type": "object", "required": ["agency"], "properties": {
        "agency": {"type": ["string", "integer"], "description": "Id, name or short name."},
        "amount": {"type": ["integer", "string", "null"], "description": "Whole rupiah; null removes it."}}}})


class ReferenceCodes(Shape):
    """Extension: the forum's nomenclature reference list."""
    codes: raw({"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "string"}, "level": {"type": "string"}, "name": {"type": "string"}}}})


class ReferenceUpload(Shape):
    file: raw({"type": "string", "format": "binary", "description": "CSV or XLSX with the columns Kode and Nama."})


class ReferenceImportResult(Shape):
    imported: integer("Codes added or renamed.", minimum=0)


class InputToPlan(Shape):
    agency: text("The agency that takes the proposal on (id, name or short name).")


COMPONENTS: list[type[Shape]] = [
    Error, Event, EventCreate, EventUpdate, EventList, Agency, Participant, ParticipantDetail, ParticipantList,
    Registration, RegistrationResult, ParticipantUpdate, ParticipantMerge, LikelyDuplicate, Scan, CheckinResult,
    CheckinRefusal, CheckinBatch,
    CheckinBatchResult, CheckinData, CheckinSearchResult, WalkIn, AttendanceSummary, AttendanceRow, Attendance,
    Session, SessionCreate, SessionUpdate, SessionStateChange, Agenda, AgendaAfterNext, AgendaDelay, Announcement,
    AnnouncementCreate, AnnouncementList, Material, MaterialUpload, MaterialUpdate, Input, InputList, InputCreate,
    InputModeration, Regions, Minutes, MinutesUpdate, ForumStaffRole, ForumStaff,
    PlanItem, PlanItemList, PlanImportPreview, PlanImportResult, PlanImportRefused, PlanImportUpload, PlanDecision,
    PlanConflictError, PlanCeilings, PlanCeilingsUpdate, ReferenceCodes, ReferenceUpload, ReferenceImportResult,
    InputToPlan,
]
"""The document's named schemas; any other model is written out where it is used."""
