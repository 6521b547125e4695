"""Importing plans (an agency's draft Renja, Musrenbang results, pokir) and the nomenclature reference list from
CSV or XLSX files, and the import template.

The file is read by the invitation import's reader (services/imports.py `read_rows`: type sniffing, size, rows,
time and zip-bomb limits). Then, for real Renja spreadsheets:
- the header row need not be the first; a two-row header with merged group cells ("Rencana Tahun 2022" over
  Lokasi · Target · Pagu · Sumber dana, "Prakiraan Maju 2023" over Target · Pagu) is read as one; the numbering
  row under it ("(1) (2) (3) …") is skipped, and so are urusan / bidang heading rows;
- every cell is read as people write it (services/plan_cells.py): codes that lost their dots, rupiah with
  separators or in words, targets with their unit, places in words.

`preview` names every bad row and field and stores nothing; `apply` stores only when no row is bad. A row is the
same as a stored one when source, agency and `ref` match (the ref is made from the code, else the name, when the
file has no number column): importing the same file again changes nothing, and a changed row is updated with
its history saying what changed.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from forum.errors import ValidationFailed
from forum.extensions import db
from forum.models import Agency, Event
from forum.models.plans import PlanHistory, PlanItem, PlanLevel, PlanLocation, PlanSource, PlanStatus, ReferenceCode
from forum.services import audit, imports, overlap_signatures, plan_cells, plan_overlaps, plans
from forum.services.agencies import agency_book, agency_key
from forum.services.imports import HEADER_SEARCH_ROWS, longest_alias, normalise_header
from forum.services.validation import parse_rupiah

MAX_ROWS = 15_000  # one file: a provincial forum's whole Musrenbang fits
MAX_LINES = 20_000
READ_SECONDS = 20.0
LIMITS = {"ref": 100, "code": 60, "name": 500, "indicator": 2000, "problem": 2000, "target": 200, "unit": 60,
          "funding_source": 100, "next_year_target": 200, "note": 2000, "proposer": 200, "dprd_member": 200,
          "electoral_district": 100}

# Column headers (normalised: lower case, punctuation as spaces), in the template's order, then what real files
# write. The longest alias found in a header wins.
HEADERS = {
    "ref": ("no", "nomor", "no urut", "ref", "nomor usulan", "no usulan", "kode usulan", "id usulan", "no pokir"),
    "code": ("kode", "kode rekening", "kode nomenklatur", "kode program kegiatan", "kode sub kegiatan"),
    "name": ("urusan bidang urusan program kegiatan sub kegiatan", "program kegiatan sub kegiatan",
             "program kegiatan", "nomenklatur", "uraian", "nama program kegiatan", "nama kegiatan", "usulan",
             "nama usulan", "kegiatan", "sub kegiatan", "name"),
    "level": ("tingkat", "level", "jenis"),
    "indicator": ("indikator kinerja", "indikator", "indikator kinerja program kegiatan", "indicator"),
    "location": ("lokasi", "location", "lokasi kegiatan", "desa kecamatan"),
    # a Musrenbang or pokir export's column of what the proposal answers
    "problem": ("permasalahan", "masalah", "uraian permasalahan", "permasalahan usulan", "problem"),
    "target": ("target", "target capaian kinerja", "target kinerja", "volume", "capaian"),
    "unit": ("satuan", "unit"),
    "budget": ("pagu indikatif", "pagu", "anggaran", "kebutuhan dana", "perkiraan biaya", "rp", "budget",
               "pagu indikatif rp", "nilai"),
    "funding_source": ("sumber dana", "sumber pendanaan", "funding source"),
    "note": ("catatan penting", "catatan", "keterangan", "ket", "note"),
    "agency": ("perangkat daerah", "opd", "skpd", "instansi", "perangkat daerah pelaksana", "agency",
               "opd pelaksana", "opd tujuan"),
    "proposer": ("pengusul", "usulan dari", "asal usulan", "proposer"),
    "dprd_member": ("anggota dprd", "nama anggota dprd", "nama anggota", "pengusul dprd"),
    "electoral_district": ("dapil", "daerah pemilihan"),
}
NEXT_YEAR = re.compile(r"\b(prakiraan|maju|n 1|tahun berikut(nya)?|next year)\b")
NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")

TEMPLATE_COLUMNS = (  # (field, header): the Renja columns of Permendagri 86/2017, then the other sources'
    ("ref", "No."), ("code", "Kode"), ("name", "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan"),
    ("indicator", "Indikator Kinerja"), ("location", "Lokasi"), ("target", "Target Capaian Kinerja"),
    ("unit", "Satuan"), ("budget", "Pagu Indikatif (Rp)"), ("funding_source", "Sumber Dana"),
    ("note", "Catatan Penting"), ("next_year_target", "Target"), ("next_year_budget", "Pagu Indikatif (Rp)"),
    ("agency", "Perangkat Daerah"), ("proposer", "Pengusul"), ("dprd_member", "Anggota DPRD"),
    ("electoral_district", "Dapil"), ("problem", "Permasalahan"),
)


# --- the header ------------------------------------------------------------------------------------

def field_for(header: str, taken: set[str]) -> str | None:
    """Which field a (combined) column header names; a second target or pagu column is next year's."""
    text = normalise_header(header)
    if not text:
        return None
    best = longest_alias(text, HEADERS, lambda alias: re.search(rf"(^| ){re.escape(alias)}( |$)", text) is not None)
    if best in ("target", "budget") and (NEXT_YEAR.search(text) or best in taken):
        best = "next_year_" + best
    return best


def _columns(cells: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        name = field_for(cell, set(found.values()))
        if name and name not in found.values():
            found[index] = name
    return found


def _combined(upper: list[str], lower: list[str]) -> list[str]:
    """Two header rows as one: a merged group cell ("Rencana Tahun 2022") stands over each sub-header under it."""
    width = max(len(upper), len(lower))
    upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    out, group = [], ""
    for top, bottom in zip(upper, lower, strict=True):
        if top:
            group = top if bottom else ""
        out.append(" ".join(part for part in ((top or group), bottom) if part))
    return out


def _good(columns: dict[int, str]) -> bool:
    values = set(columns.values())
    return "name" in values and len(values & {"code", "budget", "location", "target", "indicator"}) >= 2


def _header(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[int, str]] | None:
    """(index of the last header row, columns) among the first rows; a two-row header wins over one row."""
    for i in range(min(len(rows), HEADER_SEARCH_ROWS)):
        cells = rows[i][1]
        one = _columns(cells)
        if i + 1 < len(rows):
            two = _columns(_combined(cells, rows[i + 1][1]))
            if _good(two) and len(two) > max(len(one), len(_columns(rows[i + 1][1]))):
                return i + 1, two
        if _good(one):
            return i, one
    return None


# --- reading rows ------------------------------------------------------------------------------------

@dataclass
class PlanRow:
    line: int
    values: dict  # field → clean value
    places: list = field(default_factory=list)
    agency: Agency | None = None
    errors: dict = field(default_factory=dict)  # field → message
    existing: PlanItem | None = None
    changes: dict = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.errors:
            return "error"
        if self.existing is None:
            return "new"
        return "update" if self.changes else "unchanged"


@dataclass
class Preview:
    rows: list[PlanRow]
    skipped: int = 0  # heading rows (urusan, bidang) and numbering rows

    @property
    def errors(self) -> list[dict]:
        return [{"row": row.line, "field": name, "message": message} for row in self.rows
                for name, message in row.errors.items()]


def read(content: bytes) -> tuple[list[dict], int]:
    """The file's rows as {"line", "values": {field: text}}, and how many heading rows were left out."""
    raw = [(line, [c if isinstance(c, str) else str(c) for c in cells])
           for line, cells in imports.read_rows(content, max_lines=MAX_LINES, seconds=READ_SECONDS)]
    raw = [(line, [c.strip() for c in cells]) for line, cells in raw]
    found = _header(raw)
    if found is None:
        message = _("No header row with the Renja columns was found (at least the name of the programme, activity "
                    "or sub-activity and two of Kode, Lokasi, Target, Pagu, Indikator). Use the template.")
        raise ValidationFailed({"file": message}, message)
    last, columns = found
    rows, skipped = [], 0
    for line, cells in raw[last + 1:]:
        if not any(cells):
            continue
        if all(NUMBERING.match(c) for c in cells if c):
            skipped += 1
            continue
        if len(rows) >= MAX_ROWS:
            message = _("The file has more than %(n)d rows. Split it into smaller files.", n=MAX_ROWS)
            raise ValidationFailed({"file": message}, message)
        rows.append({"line": line, "values": {name: cells[i] if i < len(cells) else ""
                                              for i, name in columns.items()}})
    return rows, skipped


class _Context:
    """What the rows are checked against, loaded once: the reference list, the agencies, the stored rows."""

    def __init__(self, event: Event, source: PlanSource, agency: Agency | None):
        self.event, self.source, self.agency = event, source, agency
        self.book = reference_book(event)
        self.agencies = agency_book(event.agencies)  # as registration and the invitation import find them
        query = select(PlanItem).where(PlanItem.event_id == event.id, PlanItem.source == source)
        self.stored = {(i.origin_agency_id, i.ref): i for i in db.session.scalars(plans_with_places(query))}
        self.seen: dict[tuple, int] = {}


def plans_with_places(query):
    from forum.services.plan_views import with_places

    return with_places(query)


def reference_book(event: Event) -> plan_cells.CodeBook:
    return plan_cells.CodeBook(db.session.execute(select(ReferenceCode.code, ReferenceCode.level, ReferenceCode.name)
                                                  .where(ReferenceCode.event_id == event.id)).all())


def _text(row: PlanRow, raw: dict, name: str) -> str:
    value = " ".join((raw.get(name) or "").split()) if name != "note" else (raw.get(name) or "").strip()
    if len(value) > LIMITS.get(name, 500):
        row.errors.setdefault(name, _("At most %(n)d characters.", n=LIMITS.get(name, 500)))
    return value[:LIMITS.get(name, 500)]


def _check(row: PlanRow, name: str, fn, *args):
    try:
        return fn(*args)
    except ValueError as exc:
        row.errors.setdefault(name, str(exc))
        return None


def _read_row(ctx: _Context, raw_row: dict) -> PlanRow | None:
    """One row checked and cleaned; None for a heading row (urusan, bidang)."""
    raw = raw_row["values"]
    row = PlanRow(line=int(raw_row["line"]), values={})
    v = row.values
    for name in ("ref", "name", "indicator", "problem", "funding_source", "note", "next_year_target", "proposer",
                 "dprd_member", "electoral_district"):
        v[name] = _text(row, raw, name)
    v["code"] = _check(row, "code", plan_cells.parse_code, raw.get("code") or "", ctx.book) or ""
    level = _check(row, "level", plan_cells.parse_level, raw.get("level") or "")
    level = level or plan_cells.level_of(v["code"], v["name"])
    if level is None:
        return None  # an urusan or bidang heading (its pagu is the sum of the rows under it)
    v["level"] = level or PlanLevel.program
    if not v["name"]:
        row.errors.setdefault("name", _("Write the name of the programme, activity or sub-activity."))
    v["target"], v["unit"] = plan_cells.split_target(_text(row, raw, "target"), _text(row, raw, "unit"))
    v["funding_source"] = plan_cells.funding_source(v["funding_source"])
    for name in ("budget", "next_year_budget"):
        v[name] = _check(row, name, parse_rupiah, raw.get(name) or "")
    row.places = _check(row, "location", plan_cells.parse_location, raw.get("location") or "") or []
    _agency(ctx, row, raw.get("agency") or "")
    if not v["ref"]:
        v["ref"] = " ".join([v["code"], *v["name"].lower().split()]).strip()[:LIMITS["ref"]]
    key = (row.agency.id if row.agency else None, v["ref"])
    if key in ctx.seen:
        row.errors.setdefault("ref", _("The same row as line %(line)d (same number, or same code and name).",
                                       line=ctx.seen[key]))
    else:
        ctx.seen[key] = row.line
    return row


def _agency(ctx: _Context, row: PlanRow, name: str) -> None:
    if ctx.agency is not None and not name:
        row.agency = ctx.agency
        return
    if name:
        row.agency = ctx.agencies.get(agency_key(name))
        if row.agency is None:
            row.errors.setdefault("agency", _("“%(name)s” is not an agency of this forum.", name=name))
    elif ctx.source == PlanSource.renja:
        row.errors.setdefault("agency", _("Say whose Renja this is: choose the agency for the file, or fill the "
                                          "Perangkat Daerah column."))


def _compare(row: PlanRow, ctx: _Context) -> None:
    existing = ctx.stored.get((row.agency.id if row.agency else None, row.values["ref"]))
    if existing is None:
        return
    row.existing = existing
    for name in plans.FIELDS:
        new = row.values.get(name)
        old = getattr(existing, name)
        old = old.value if hasattr(old, "value") else old
        new = new.value if hasattr(new, "value") else new
        if name == "note" and not new:
            continue  # an empty cell keeps a decision's note
        if old != new:
            row.changes[name] = [old, new]
    if plans.location_values(row.places) != plans.location_values(existing.locations):
        row.changes["location"] = [plan_cells.describe_location(existing.locations),
                                   plan_cells.describe_location(row.places)]


def preview(event: Event, content: bytes, *, source: str, agency: Agency | None = None) -> Preview:
    """What importing the file would do, row by row; writes nothing."""
    raw_rows, skipped = read(content)
    ctx = _Context(event, PlanSource(source), agency)
    rows = []
    for raw_row in raw_rows:
        row = _read_row(ctx, raw_row)
        if row is None:
            skipped += 1
            continue
        if not row.errors:
            _compare(row, ctx)
        rows.append(row)
    return Preview(rows, skipped)


def preview_item(row: PlanRow, source: str) -> dict:
    """A row as the PlanItem it would become (id null for a new one), with its line and action."""
    from forum.serialise import agency_json

    v = row.values
    places = row.places
    first = places[0] if places else None
    existing = row.existing
    return {
        "id": existing.id if existing is not None else None, "source": source, "ref": v.get("ref", ""),
        "agency": agency_json(row.agency), "code": v.get("code", ""),
        "level": v["level"].value if hasattr(v.get("level"), "value") else v.get("level"),
        "name": v.get("name", ""), "indicator": v.get("indicator", ""), "problem": v.get("problem", ""),
        "location": {"regency": first.regency, "district": first.district, "village": first.village} if first
        else None, "target": v.get("target", ""), "unit": v.get("unit", ""), "budget": v.get("budget"),
        "funding_source": v.get("funding_source", ""), "next_year_target": v.get("next_year_target", ""),
        "next_year_budget": v.get("next_year_budget"), "note": v.get("note", ""),
        "status": existing.status.value if existing is not None else PlanStatus.draft.value, "overlaps": [],
        "locations": [p.as_dict() for p in places], "proposer": v.get("proposer", ""),
        "dprd_member": v.get("dprd_member", ""), "electoral_district": v.get("electoral_district", ""),
        "line": row.line, "action": row.action, "changes": row.changes,
    }


def apply(event: Event, content: bytes, *, source: str, agency: Agency | None = None, user=None,
          filename: str = "") -> dict:
    """Stores the file's rows when none is bad (else a 422 naming each, nothing stored); returns the counts."""
    with plan_overlaps.paused_collection():  # thousands of rows read, signed and paired at once
        return _apply(event, content, source=source, agency=agency, user=user, filename=filename)


def _apply(event: Event, content: bytes, *, source: str, agency: Agency | None, user, filename: str) -> dict:
    result = preview(event, content, source=source, agency=agency)
    if result.errors:
        error = ValidationFailed({f"row {e['row']}: {e['field']}": e["message"] for e in result.errors[:50]},
                                 _("%(n)d rows of the file are not valid; nothing was imported.",
                                   n=len({e["row"] for e in result.errors})))
        error.extra = {"rows": len(result.rows), "errors": result.errors}
        raise error
    counts = {"new": 0, "update": 0, "unchanged": 0}
    for row in result.rows:
        counts[row.action] += 1
    changed = _create_all(event, PlanSource(source), [row for row in result.rows if row.action == "new"], user)
    for row in result.rows:
        if row.action == "update":
            _update(row, user)
            changed.append(row.existing.id)
    db.session.flush()
    flagged = plan_overlaps.refresh_rows(event.id, changed) if changed else plan_overlaps.flagged_count(event.id)
    audit.record("plans.imported", event=event, user=user, filename=filename[:200], source=source,
                 agency=agency.id if agency else None, flagged=flagged, **counts)
    return {"imported": counts["new"] + counts["update"], "rows": len(result.rows), **counts, "skipped":
            result.skipped, "overlaps": flagged}


def _create_all(event: Event, source: PlanSource, rows: list[PlanRow], user) -> list[int]:
    """The new rows, their places and their first history entry, inserted a statement per table (a file holds
    thousands: one ORM object each would cost more than reading and checking them). Returns their ids."""
    if not rows:
        return []
    values = [{**row.values, "event_id": event.id, "source": source, "status": PlanStatus.draft, "version": 1,
               "agency_id": row.agency.id if row.agency else None,
               "origin_agency_id": row.agency.id if row.agency else None,
               "match_text": overlap_signatures.of_row(row.values["name"], row.values["indicator"], row.places,
                                                       row.values["problem"])}
              for row in rows]
    items = PlanItem.__table__
    ids = list(db.session.scalars(items.insert().returning(items.c.id, sort_by_parameter_order=True), values))
    places = [{"item_id": item_id, "position": n, **plans.location_row(place)}
              for item_id, row in zip(ids, rows, strict=True) for n, place in enumerate(row.places)]
    if places:
        db.session.execute(PlanLocation.__table__.insert(), places)
    user_id = getattr(user, "id", None)
    db.session.execute(PlanHistory.__table__.insert(), [
        {"item_id": item_id, "action": "imported", "changes": {}, "reason": "", "user_id": user_id} for item_id in ids])
    return ids


def _update(row: PlanRow, user) -> None:
    item = row.existing
    for name in row.changes:
        if name != "location":
            setattr(item, name, row.values[name])
    if "location" in row.changes:
        plans.set_locations(item, row.places)
    if {"name", "indicator", "problem", "location"} & set(row.changes):
        plans.refresh_signature(item)
    plans.keep_history(item, "reimported", row.changes, user=user)


# --- the reference list -------------------------------------------------------------------------------

REFERENCE_HEADERS = {"code": ("kode", "code", "kode nomenklatur", "kode rekening"),
                     "name": ("nama", "name", "nomenklatur", "uraian", "nama program kegiatan",
                              "urusan bidang urusan program kegiatan sub kegiatan", "program kegiatan sub kegiatan")}


def import_reference(event: Event, content: bytes, *, user=None) -> dict:
    """The forum's nomenclature list from a file of code and name: codes already listed are renamed, new ones
    added, none removed. Rows with a bad code are named (422) and nothing is stored."""
    raw = [(line, [c.strip() for c in cells]) for line, cells in
           imports.read_rows(content, max_lines=MAX_LINES, seconds=READ_SECONDS)]
    columns = None
    for line, cells in raw[:HEADER_SEARCH_ROWS]:
        found = {}
        for i, cell in enumerate(cells):
            text = normalise_header(cell)
            for name, aliases in REFERENCE_HEADERS.items():
                if text in aliases and name not in found.values():
                    found[i] = name
        if set(found.values()) == {"code", "name"}:
            columns, start = found, line
            break
    if columns is None:
        message = _("No header row with the columns Kode and Nama was found.")
        raise ValidationFailed({"file": message}, message)
    entries, errors = {}, []
    for line, cells in raw:
        if line <= start or not any(cells):
            continue
        values = {name: cells[i] if i < len(cells) else "" for i, name in columns.items()}
        try:
            code = plan_cells.parse_code(values["code"])
        except ValueError as exc:
            errors.append({"row": line, "field": "code", "message": str(exc)})
            continue
        if not code or not values["name"]:
            errors.append({"row": line, "field": "name" if code else "code", "message": _("Required.")})
            continue
        entries[code] = (plan_cells.REFERENCE_LEVELS.get(plan_cells.code_depth(code), ""), values["name"][:500])
    if errors:
        error = ValidationFailed({f"row {e['row']}: {e['field']}": e["message"] for e in errors[:50]})
        error.extra = {"errors": errors}
        raise error
    stored = {r.code: r for r in db.session.scalars(select(ReferenceCode).where(ReferenceCode.event_id == event.id))}
    for code, (level, name) in entries.items():
        if code in stored:
            stored[code].name, stored[code].level = name, level
        else:
            db.session.add(ReferenceCode(event_id=event.id, code=code, level=level, name=name))
    audit.record("plans.reference_imported", event=event, user=user, count=len(entries))
    return {"imported": len(entries)}


def reference_codes(event: Event) -> list[ReferenceCode]:
    return list(db.session.scalars(select(ReferenceCode).where(ReferenceCode.event_id == event.id)
                                   .order_by(ReferenceCode.code)))


# --- the template -------------------------------------------------------------------------------------

def template_xlsx(plan_year: int) -> bytes:
    """The import template: the Renja columns under a two-row header (the plan year's columns and the next
    year's grouped), code cells as text, rupiah with thousands separators, one example row, and a sheet of
    instructions in Indonesian."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Renja"
    bold, centre = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    groups = {"location": (f"Rencana Tahun {plan_year}", 5),
              "next_year_target": (f"Prakiraan Maju {plan_year + 1}", 2)}
    grouped_until = 0
    for index, (name, header) in enumerate(TEMPLATE_COLUMNS, start=1):
        if name in groups:
            title, span = groups[name]
            ws.cell(1, index, title)
            ws.merge_cells(start_row=1, start_column=index, end_row=1, end_column=index + span - 1)
            grouped_until = index + span - 1
        if index <= grouped_until:
            ws.cell(2, index, header)
        else:
            ws.cell(1, index, header)
            ws.merge_cells(start_row=1, start_column=index, end_row=2, end_column=index)
    for row in (1, 2):
        for cell in ws[row]:
            cell.font, cell.alignment = bold, centre
    example = {"ref": "1", "code": "1.03.10.2.01.0001", "name": "Pembangunan Jembatan Gantung Desa Sebunga",
               "indicator": "Jumlah jembatan gantung yang dibangun", "location": "Desa Sebunga, Kec. Sajingan Besar",
               "target": 1, "unit": "unit", "budget": 1_500_000_000, "funding_source": "APBD",
               "next_year_target": "", "next_year_budget": None, "note": "", "agency": "Dinas PUPR"}
    widths = {"name": 48, "indicator": 32, "location": 32, "note": 28, "code": 20, "agency": 22, "problem": 40}
    from openpyxl.utils import get_column_letter

    for index, (name, _header_text) in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = ws.cell(3, index, example.get(name))
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = widths.get(name, 14)
        if name in ("budget", "next_year_budget"):
            for r in range(3, 1003):
                ws.cell(r, index).number_format = "#,##0"
        if name in ("code", "ref"):
            for r in range(3, 1003):
                ws.cell(r, index).number_format = "@"
            cell.value = str(example.get(name) or "")
    ws.freeze_panes = "C3"
    info = wb.create_sheet("Petunjuk")
    for line in INSTRUCTIONS:
        info.append([line])
    info.column_dimensions["A"].width = 110
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


INSTRUCTIONS = (
    "Petunjuk pengisian templat Renja / Musrenbang / Pokir",
    "",
    "1. Satu baris untuk setiap program, kegiatan atau sub kegiatan. Baris urusan dan bidang urusan boleh ada; "
    "baris itu dilewati saat impor.",
    "2. Kode: kode nomenklatur bertitik, mis. 1.03.10.2.01.0001. Kolom ini berformat Teks agar Excel tidak "
    "menghapus titik dan angka nol. Jika panitia telah mengunggah daftar referensi kode, kode harus ada di daftar itu.",
    "3. Lokasi: nama desa, kecamatan dan kabupaten sesuai daftar wilayah, mis. “Desa Sebunga, Kec. Sajingan "
    "Besar” atau “Desa Aruk, Desa Sebunga dan Desa Kaliau”. Tulis “se-Kecamatan Badau” untuk seluruh kecamatan.",
    "4. Target dan satuan: angka target di kolom Target, satuannya di kolom Satuan (mis. 5 dan km).",
    "5. Pagu indikatif dalam rupiah penuh: 1500000000, “1.500.000.000”, “1,5 M” atau “750 jt”.",
    "6. Sumber dana: APBD, DAK, Bantuan Keuangan, APBN, Dana Desa atau lainnya.",
    "7. Kolom No. adalah nomor tetap baris; bila berkas yang sama diunggah lagi, baris dengan nomor yang sama "
    "diperbarui, tidak digandakan. Tanpa nomor, kode (atau nama) menjadi pengenalnya.",
    "8. Perangkat Daerah: isi bila berkas memuat baris beberapa perangkat daerah (hasil Musrenbang, pokir). "
    "Pengusul untuk Musrenbang; Anggota DPRD dan Dapil untuk pokir. Permasalahan: masalah yang dijawab usulan "
    "Musrenbang atau pokir, seperti di ekspor SIPD; dibaca saat mencari usulan yang tumpang tindih.",
    "9. Unggah berkas ini (.xlsx atau .csv). Pratinjau menyebut setiap baris dan kolom yang salah; tidak ada yang "
    "disimpan sebelum Anda mengonfirmasi.",
)
