"""Importing an invitation list (CSV or XLSX) into a forum: read, preview, apply.

Reading turns the file into rows of text keyed by field (`name`, `agency`, …) with their line
numbers. Previewing classifies every row against the forum's participants without writing:
`new`, `update`, `unchanged` or `error`. Applying does the same again (the list may have changed
since the preview) and writes through the registration service, so an imported person is
validated exactly like one who registers.

A row is the same person as an existing participant when the email matches, else the phone,
else name and agency (ignoring case): importing the same list twice creates nobody twice.
Empty cells never erase what is already known about a person.
"""
from __future__ import annotations

import csv
import io
import json
import re
import secrets
import time
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from forum.errors import DomainError, ValidationFailed
from forum.extensions import db
from forum.models import Agency, Attendance, Event, Participant
from forum.services import audit, identity, registration
from forum.services.agencies import agency_book, agency_key

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000  # participants in one list
MAX_COLUMNS = 60
# A small file can expand into millions of rows (import bombs: a 22 KB workbook of two million empty rows
# took 79 s of CPU). Every line or sheet row read counts, empty ones too, and reading has a time budget;
# FORUM_IMPORT_MAX_ROWS and FORUM_IMPORT_SECONDS override both.
MAX_LINES = 20_000
READ_SECONDS = 10.0
# An XLSX is a zip: refuse one that would unpack into a flood before parsing it. A real list's sheet packs
# about 5 to 20 times; empty rows pack a thousand times and more.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_PACKING_RATIO = 100  # for a member bigger than RATIO_FROM_BYTES unpacked
RATIO_FROM_BYTES = 1024 * 1024
# The parts openpyxl parses whole before the first row comes out (a sheet's one huge row, the shared
# strings): 5,000 participants take about 2 MB of sheet; 8 MB parse in about 5 s.
MAX_SHEET_BYTES = 8 * 1024 * 1024
HEADER_SEARCH_ROWS = 15  # a title line or two above the header is common in Excel lists
PENDING_MAX_AGE = 24 * 3600

FIELDS = ("name", "agency", "position", "nip", "email", "phone", "attendance", "deputy_for")

# Column headers, normalised (lower case, punctuation as spaces), in Indonesian and English.
HEADER_ALIASES = {
    "name": ("nama", "name", "nama lengkap", "full name", "nama peserta", "nama undangan", "peserta"),
    "agency": ("instansi", "agency", "opd", "perangkat daerah", "instansi opd", "asal instansi", "nama instansi",
               "unit kerja", "lembaga", "organisasi", "organization", "organisation", "institution", "skpd"),
    "position": ("jabatan", "position", "job title", "pangkat jabatan", "jabatan pangkat"),
    "nip": ("nip", "nomor induk pegawai", "nip nik"),
    "email": ("email", "e mail", "surel", "alamat email", "alamat surel", "email address", "surel email"),
    "phone": ("telepon", "telpon", "telp", "tlp", "hp", "no hp", "nomor hp", "no telp", "no telepon", "nomor telepon",
              "phone", "phone number", "mobile", "wa", "no wa", "nomor wa", "whatsapp", "no whatsapp", "handphone",
              "no handphone", "ponsel", "no ponsel", "hp wa", "no hp wa", "telepon hp"),
    "attendance": ("kehadiran", "attendance", "mode kehadiran", "cara hadir", "hadir", "luring daring",
                   "mode", "attendance mode"),
    "deputy_for": ("mewakili", "deputy for", "on behalf of", "atas nama"),
}

ATTENDANCE_WORDS = {
    "luring": Attendance.in_person.value, "offline": Attendance.in_person.value,
    "in person": Attendance.in_person.value, "in_person": Attendance.in_person.value,
    "tatap muka": Attendance.in_person.value, "langsung": Attendance.in_person.value,
    "hadir langsung": Attendance.in_person.value, "onsite": Attendance.in_person.value,
    "daring": Attendance.online.value, "online": Attendance.online.value, "virtual": Attendance.online.value,
    "zoom": Attendance.online.value,
}

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
STATUSES = (NEW, UPDATE, UNCHANGED, ERROR)
ROW_ERROR = "row"  # the key of an error about the whole row rather than one field


# --- reading the file -------------------------------------------------------------------------

@dataclass
class Table:
    """What was read from the file: rows of text by field, and which headers meant what."""

    rows: list[dict]  # {"line": int, "values": {field: str}}
    columns: dict[str, str]  # field -> the header as written in the file
    ignored: list[str] = field(default_factory=list)  # headers that are not one of ours

    def to_dict(self) -> dict:
        return {"rows": self.rows, "columns": self.columns, "ignored": self.ignored}


def _unsupported() -> DomainError:
    return DomainError("import_unsupported",
                       _("This file is not a spreadsheet Forum can read. Upload a CSV file or an Excel workbook "
                         "(.xlsx)."), fields={"file": _("Upload a CSV or XLSX file.")})


def _too_many_lines(limit: int) -> DomainError:
    message = _("The file has more than %(n)d rows (empty rows count too). Delete the empty rows below the list, "
                "or split it into smaller files.", n=limit)
    return DomainError("import_too_many_rows", message, fields={"file": message})


def _bomb() -> DomainError:
    message = _("This workbook unpacks into far more data than a list of participants holds. Copy only the list "
                "into a new workbook (or save it as CSV) and upload that.")
    return DomainError("import_too_large", message, fields={"file": message})


def read_table(content: bytes, *, max_lines: int = MAX_LINES, seconds: float = READ_SECONDS) -> Table:
    """Reads an uploaded invitation list, recognising XLSX and CSV by their content (see `read_rows`)."""
    return _table(read_rows(content, max_lines=max_lines, seconds=seconds))


def read_rows(content: bytes, *, max_lines: int = MAX_LINES, seconds: float = READ_SECONDS):
    """The lines of an uploaded CSV, or the rows of an XLSX's first sheet, as (line number, [cell text]): the one
    reading of uploaded spreadsheets (invitation lists, plans) with its limits. XLSX and CSV are recognised by
    their content; a workbook that would unpack into a flood is refused before it is parsed; at most `max_lines`
    lines or sheet rows are read, empty ones included, in at most `seconds`."""
    if len(content) > MAX_BYTES:
        message = _("The file is too large: at most %(mb)d MB.", mb=MAX_BYTES // (1024 * 1024))
        raise DomainError("import_too_large", message, fields={"file": message})
    if not content.strip():
        message = _("The file is empty.")
        raise DomainError("import_empty", message, fields={"file": message})
    if content.startswith(b"PK\x03\x04"):
        raw_rows = _xlsx_rows(content, max_lines)
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        message = _("This is an old Excel file (.xls). Save it as .xlsx or CSV and upload it again.")
        raise DomainError("import_unsupported", message, fields={"file": message})
    else:
        raw_rows = _csv_rows(content)
    return _within(raw_rows, max_lines, seconds)


def _within(raw_rows, max_lines: int, seconds: float):
    """The rows as read, refused past `max_lines` of them or `seconds` of reading."""
    deadline = time.monotonic() + seconds
    for count, row in enumerate(raw_rows, start=1):
        if count > max_lines:
            raise _too_many_lines(max_lines)
        if count % 256 == 0 or seconds <= 0:
            if time.monotonic() > deadline:
                message = _("Reading this file took too long. Copy only the list into a new file (or save it "
                            "as CSV) and upload that.")
                raise DomainError("import_too_slow", message, fields={"file": message})
        yield row


def _csv_rows(content: bytes):
    if b"\x00" in content:
        raise _unsupported()  # binary, or UTF-16, which Excel only writes for "Unicode text"
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise _unsupported() from None
    if any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in text[:4096]):
        raise _unsupported()
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    line = 1
    if first_line.lower().startswith("sep=") and len(first_line.strip()) == 5:
        # Excel's hint line "sep=;" names the separator and is not part of the table.
        delimiter = first_line.strip()[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        line = 2
    else:
        # Indonesian Excel writes semicolons (the comma is the decimal separator there).
        delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    offset = line - 1
    try:
        for cells in reader:
            yield line, cells
            line = offset + reader.line_num + 1
    except csv.Error:
        message = _("Line %(line)d of the file cannot be read as CSV.", line=line)
        raise DomainError("import_unreadable", message, fields={"file": message}) from None


def _xlsx_rows(content: bytes, max_lines: int):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise _unsupported() from None
    # The sizes a zip declares are the ones its reader keeps to (it stops there, and a mismatch fails the CRC).
    if sum(info.file_size for info in members) > MAX_UNZIPPED_BYTES or any(
            info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_PACKING_RATIO * max(info.compress_size, 1)
            or info.file_size > MAX_SHEET_BYTES and info.filename.endswith(".xml") for info in members):
        raise _bomb()
    if "xl/workbook.xml" not in names:
        raise _unsupported()  # another zip: a .docx, an .ods, a folder of photos
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged workbooks
        raise _unsupported() from None
    try:
        sheet = workbook.worksheets[0]
        declared = sheet.max_row  # the sheet's <dimension>, read when the workbook opened
    except Exception:
        workbook.close()
        raise _unsupported() from None
    if isinstance(declared, int) and declared > max_lines:
        workbook.close()
        raise _too_many_lines(max_lines)
    try:
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            yield number, [_cell_text(value) for value in cells]
    except Exception:
        raise _unsupported() from None
    finally:
        workbook.close()


class LostDigits(str):
    """A long number Excel kept as a number: only its first 15 digits survived (an 18-digit NIP)."""


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and abs(value) >= 1e15:
        return LostDigits(f"{value:.15g}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        # A phone column formatted as a number loses its leading 0: 81234567890 was 081234567890.
        return "0" + text if text.startswith("8") and 9 <= len(text) <= 13 else text
    return str(value)


def normalise_header(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


def field_for_header(text: str) -> str | None:
    """Which field a column header names, e.g. "No. HP/WA" → phone, "Nama Lengkap (sesuai KTP)" → name."""
    header = normalise_header(text)
    if not header:
        return None
    return longest_alias(header, HEADER_ALIASES, lambda alias: header == alias or header.startswith(alias + " "))


def longest_alias(header: str, aliases_of: dict, fits: Callable[[str], bool]) -> str | None:
    """The field whose longest alias `fits` a normalised header (the most specific name wins); None if none does."""
    best, best_len = None, 0
    for name, aliases in aliases_of.items():
        for alias in aliases:
            if len(alias) > best_len and fits(alias):
                best, best_len = name, len(alias)
    return best


def _table(raw_rows) -> Table:
    columns: dict[int, str] | None = None
    labels: dict[str, str] = {}
    ignored: list[str] = []
    rows: list[dict] = []
    for line, cells in raw_rows:
        cells = [c if isinstance(c, LostDigits) else (c or "").strip() for c in cells[:MAX_COLUMNS]]
        if columns is None:
            found = {}
            for index, cell in enumerate(cells):
                name = field_for_header(cell)
                if name and name not in found.values():
                    found[index] = name
            if {"name", "agency"} <= set(found.values()):
                columns = found
                labels = {name: cells[index] for index, name in found.items()}
                ignored = [cell for index, cell in enumerate(cells) if cell and index not in found]
            elif line >= HEADER_SEARCH_ROWS:
                break
            continue
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            message = _("The list has more than %(n)d rows. Split it into smaller files.", n=MAX_ROWS)
            raise DomainError("import_too_many_rows", message, fields={"file": message})
        values = {name: (cells[index] if index < len(cells) else "") for index, name in columns.items()}
        row = {"line": line, "values": values}
        lost = sorted(name for name, value in values.items() if isinstance(value, LostDigits))
        if lost:
            row["lost_digits"] = lost
        rows.append(row)
    if columns is None:
        message = _("No header row with the columns Nama (name) and Instansi (agency) was found. "
                    "Use the template: Nama, Instansi, Jabatan, NIP, Email, No HP, Kehadiran.")
        raise DomainError("import_no_header", message, fields={"file": message})
    if not rows:
        message = _("The list has a header row but no participants.")
        raise DomainError("import_empty", message, fields={"file": message})
    return Table(rows=rows, columns=labels, ignored=ignored)


def template_csv() -> str:
    """An empty list to fill in, with the headers in Indonesian, semicolon-separated for Excel."""
    header = ["Nama", "Instansi", "Jabatan", "NIP", "Email", "No HP", "Kehadiran"]
    example = ["Budi Santoso", "Bappeda", "Kepala Bidang", "", "budi@example.id", "0812 3456 7890", "luring"]
    return "\ufeff" + ";".join(header) + "\r\n" + ";".join(example) + "\r\n"


# --- classifying rows --------------------------------------------------------------------------

@dataclass
class RowResult:
    line: int
    status: str
    values: dict
    errors: dict = field(default_factory=dict)  # field (or ROW_ERROR) -> message
    changes: dict = field(default_factory=dict)  # field -> [old, new], for updates
    person: dict = field(default_factory=dict)  # validated values, for new rows and updates
    participant: Participant | None = None
    # A new row likely naming someone already registered, or someone on an earlier line (services/identity.py):
    # imported all the same, and flagged for the organisers to merge if it is the same person.
    likely: str = ""


@dataclass
class Outcome:
    rows: list[RowResult]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def of(self, status: str) -> list[RowResult]:
        return [row for row in self.rows if row.status == status]


def _attendance(value: str) -> str | None:
    """'luring'/'offline'/'in person' → in_person, 'daring'/'online' → online; '' → None."""
    key = " ".join(value.lower().replace("-", " ").split())
    if not key:
        return None
    if key in ATTENDANCE_WORDS:
        return ATTENDANCE_WORDS[key]
    return key  # not a known word: the registration rules will refuse it


class _Forum:
    """The forum's participants and agencies, loaded once, indexed the ways a row can match."""

    def __init__(self, event: Event):
        participants = db.session.scalars(select(Participant).where(Participant.event_id == event.id)).all()
        self.by_email = {p.email: p for p in participants if p.email}
        self.by_phone = {p.phone: p for p in participants if p.phone}
        self.by_nip = {p.nip: p for p in participants if p.nip}
        self.by_name = {(p.name.lower(), p.agency_id): p for p in participants}
        self.people = participants
        agencies = db.session.scalars(select(Agency).where(Agency.event_id == event.id)).all()
        self.agencies = agency_book(agencies)

    def agency(self, name: str) -> Agency | None:
        return self.agencies.get(agency_key(name))

    def likely(self, person: dict) -> Participant | None:
        """Someone registered who is likely this person (same agency and a matching name)."""
        agency = self.agency(person["agency"])
        if agency is None:
            return None
        me = identity.Person(person["name"], agency.id, person.get("nip"))
        return next((p for p in self.people if identity.likely_same(me, identity.Person(p.name, p.agency_id, p.nip))),
                    None)

    def match(self, person: dict) -> Participant | None:
        if person.get("nip") and person["nip"] in self.by_nip:  # a NIP names one person in a forum
            return self.by_nip[person["nip"]]
        if person.get("email") and person["email"] in self.by_email:
            return self.by_email[person["email"]]
        if person.get("phone") and person["phone"] in self.by_phone:
            return self.by_phone[person["phone"]]
        agency = self.agency(person["agency"])
        if agency is not None:
            return self.by_name.get((person["name"].lower(), agency.id))
        return None


def classify(event: Event, rows: list[dict]) -> Outcome:
    """What importing these rows would do, row by row; writes nothing."""
    forum = _Forum(event)
    seen: dict[tuple, int] = {}  # identity of a row's person -> the first line that named them
    results = []
    for row in rows:
        results.append(_classify_row(forum, row, seen))
    _flag_likely_duplicates(forum, results)
    return Outcome(results)


def _flag_likely_duplicates(forum: _Forum, results: list[RowResult]) -> None:
    """New rows that likely name someone registered, or someone of an earlier new row (the rule of
    services/identity.py, by agency and name: titles, initials and spellings aside)."""
    earlier: list[tuple[RowResult, identity.Person]] = []
    for row in results:
        if row.status != NEW:
            continue
        agency = forum.agency(row.person["agency"])
        me = identity.Person(row.person["name"], agency.id if agency else agency_key(row.person["agency"]),
                             row.person.get("nip"))
        registered = forum.likely(row.person)
        if registered is not None:
            row.likely = _("Likely already registered: %(name)s (%(agency)s).", name=registered.name,
                           agency=registered.agency.name if registered.agency else "—")
        else:
            before = next((other for other, person in earlier if identity.likely_same(me, person)), None)
            if before is not None:
                row.likely = _("Likely the same person as line %(line)d (%(name)s).", line=before.line,
                               name=before.person["name"])
        earlier.append((row, me))


def _classify_row(forum: _Forum, row: dict, seen: dict) -> RowResult:
    values = {name: str(row["values"].get(name) or "") for name in FIELDS}
    result = RowResult(line=int(row["line"]), status=ERROR, values=values)
    if row.get("lost_digits"):
        result.errors = {name: _("Excel stored this as a number and dropped its last digits. Format the column "
                                 "as Text, type the number again and upload the file again.")
                         for name in row["lost_digits"]}
        return result
    data = dict(values)
    data["attendance"] = _attendance(values["attendance"]) or Attendance.in_person.value
    try:
        person = registration.validate_person(data)
    except ValidationFailed as exc:
        result.errors = dict(exc.fields)
        if "attendance" in result.errors:
            result.errors["attendance"] = _("Write luring (in person) or daring (online).")
        return result
    existing = forum.match(person)

    # A person named twice in the file: by a contact when the row has one, else by name and agency.
    keys = [(name, person[name]) for name in ("email", "phone") if person.get(name)]
    if not keys:
        agency = forum.agency(person["agency"])
        keys = [("name", person["name"].lower(), agency.id if agency else person["agency"].lower())]
    if existing is not None:
        keys.append(("participant", existing.id))
    earlier = next(((key[0], seen[key]) for key in keys if key in seen), None)
    if earlier is not None:
        result.errors = {ROW_ERROR: _duplicate_message(*earlier)}
        return result
    for key in keys:
        seen[key] = result.line

    # The email or phone may already belong to someone else in the forum.
    clash = {name: forum_index[person[name]] for name, forum_index in
             (("email", forum.by_email), ("phone", forum.by_phone))
             if person.get(name) and person[name] in forum_index and forum_index[person[name]] is not existing}
    if clash:
        error = registration.already_registered(person.get("email") if "email" in clash else None,
                                                person.get("phone") if "phone" in clash else None, public=False)
        result.errors = dict(error.fields) or {ROW_ERROR: error.message}
        return result

    result.person = person
    if existing is None:
        result.status = NEW
        return result
    result.participant = existing
    result.changes = _changes(forum, existing, person, values)
    result.status = UPDATE if result.changes else UNCHANGED
    return result


def _duplicate_message(kind: str, line: int) -> str:
    if kind == "email":
        return _("The same email address as on line %(line)d of this file.", line=line)
    if kind == "phone":
        return _("The same phone number as on line %(line)d of this file.", line=line)
    if kind == "name":
        return _("The same name and agency as on line %(line)d of this file.", line=line)
    return _("The same person as on line %(line)d of this file.", line=line)


def _changes(forum: _Forum, participant: Participant, person: dict, values: dict) -> dict:
    """The fields this row would change; an empty cell keeps what is known."""
    changes = {}
    if person["name"] != participant.name:
        changes["name"] = [participant.name, person["name"]]
    agency = forum.agency(person["agency"])
    if agency is None or agency.id != participant.agency_id:
        changes["agency"] = [participant.agency.name if participant.agency else "", person["agency"]]
    for name in ("position", "deputy_for", "nip", "email", "phone"):
        if person.get(name) and person[name] != getattr(participant, name):
            changes[name] = [getattr(participant, name) or "", person[name]]
    if values["attendance"].strip() and person["attendance"] != participant.attendance:
        changes["attendance"] = [participant.attendance, person["attendance"]]
    if not participant.invited:
        changes["invited"] = [False, True]  # now on the invitation list, however they first registered
    return changes


# --- applying ---------------------------------------------------------------------------------

def apply(event: Event, rows: list[dict], *, actor=None, filename: str = "") -> Outcome:
    """Imports the rows: new people are registered, matched ones updated; broken rows are skipped.

    A row that fails at the last moment (someone registered with the same phone meanwhile) is
    reported as an error and the others still land.
    """
    outcome = classify(event, rows)
    for row in outcome.rows:
        try:
            if row.status == NEW:
                # register() adds the person in a savepoint of its own and writes nothing before it.
                row.participant = registration.register(event, row.person, source="import", require_consent=False,
                                                        check_open=False, actor=actor, invited=True)
            elif row.status == UPDATE:
                with db.session.begin_nested():  # an edit refused at the flush must leave no half-changed person
                    _update(row, actor)
        except DomainError as exc:
            row.status, row.changes = ERROR, {}
            row.errors = dict(exc.fields) or {ROW_ERROR: exc.message}
    audit.record("participants.imported", event=event, user=actor, filename=filename, **outcome.counts)
    return outcome


def _update(row: RowResult, actor) -> None:
    participant = row.participant
    edits = {name: row.person[name] for name in row.changes if name != "invited"}
    if edits:
        registration.update_participant(participant, registration.ParticipantEdit(**edits), actor=actor)
    if "invited" in row.changes:
        participant.invited = True


# --- the upload kept between preview and confirmation -------------------------------------------

PENDING_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def pending_dir() -> Path:
    """Where uploads wait for confirmation: inside the instance folder, never served."""
    return Path(current_app.instance_path) / "imports"


def save_pending(directory: str | Path, event: Event, table: Table, *, filename: str, user_id: int | None) -> str:
    """Keeps a read upload until the organiser confirms it; returns the name to confirm it by."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    payload = {"event_id": event.id, "user_id": user_id, "filename": filename, "created": time.time(),
               **table.to_dict()}
    path = folder / f"{token}.json"
    with path.open("x", encoding="utf-8") as fh:  # "x": never overwrite another upload
        json.dump(payload, fh, ensure_ascii=False)
    return token


def load_pending(directory: str | Path, token, event: Event) -> dict:
    """The kept upload `token` of this forum, or a DomainError when it is gone or not this forum's."""
    path = _pending_path(directory, token)
    payload = None
    if path is not None and path.is_file():
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            payload = None
    if not isinstance(payload, dict) or payload.get("event_id") != event.id:
        raise _expired()
    return payload


def _expired() -> DomainError:
    return DomainError("import_expired",
                       _("This upload was already imported, cancelled or has expired. Upload the file again."))


def claim_pending(directory: str | Path, token, event: Event) -> dict:
    """Takes the kept upload out of storage to apply or drop it: of two clicks on "Import",
    exactly one gets it, so a list is never applied twice at once."""
    payload = load_pending(directory, token, event)
    try:
        _pending_path(directory, token).unlink()
    except FileNotFoundError:
        raise _expired() from None
    return payload


def _pending_path(directory: str | Path, token) -> Path | None:
    if not isinstance(token, str) or not PENDING_TOKEN_RE.match(token):
        return None
    return Path(directory) / f"{token}.json"


def drop_pending(directory: str | Path, event: Event) -> int:
    """Removes the forum's uploads awaiting confirmation (the contact erasure does); returns how many."""
    dropped = 0
    for path in Path(directory).glob("*.json"):
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("event_id") == event.id:
                path.unlink(missing_ok=True)
                dropped += 1
        except (OSError, ValueError, AttributeError):
            continue
    return dropped


def _sweep(folder: Path) -> None:
    """Removes uploads nobody confirmed within a day."""
    cutoff = time.time() - PENDING_MAX_AGE
    for path in folder.glob("*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            pass
