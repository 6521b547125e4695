"""Spreadsheets that open right, read as their users' tools read them: openpyxl for the XLSX files (cell
types, values, language, print setup), and for the CSV variant for Excel the csv module with `;` plus a
small model of what Excel with Indonesian regional settings makes of each cell (docs/EXPORTS.md)."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from flask_babel import force_locale
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from forum.documents import base
from forum.extensions import db
from forum.models import Agency, Input, InputHistory, Participant, Session
from forum.services import events, tickets
from tests.test_exports import INJECTIONS, _raw_participant, at, attachment_name

NIPS = ["198001012005011001", "196512311990032002", "200002292024061003"]
PHONES = ["081234567890", "+6285712345678", "6281122334455"]  # stored as +628…


@pytest.fixture
def forum(app, make):
    """Three civil servants with NIPs and phone numbers (one checked in), and a name that is a formula."""
    slug = make.event(title="Forum OPD BPPD Kalimantan Barat")
    people = [make.participant(slug, name=name, agency=agency, nip=nip, phone=phone, position="Kepala Seksi")
              for name, agency, nip, phone in zip(["Andi Wijaya", "Budi Santoso", "Citra Lestari"],
                                                  ["Dinas PUPR", "DPMD; Bidang Desa", "Bappeda"], NIPS, PHONES,
                                                  strict=True)]
    with app.app_context():
        from forum.models import Checkin

        event = events.get_event(slug)
        db.session.add(Checkin(event_id=event.id, participant_id=people[0]["id"], checked_in_at=at(3), desk="1"))
        db.session.commit()
    _raw_participant(app, slug, "=HYPERLINK(\"http://evil\",\"klik\")", "Satpol PP", phone="+62 812-000")
    return slug


def _workbook(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return load_workbook(io.BytesIO(response.data))


def _every_cell(wb):
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2)]


# --- XLSX: text cells, never formulas, no apostrophe -------------------------------------------

def test_formula_looking_text_is_a_text_cell_holding_the_text_as_typed(client, app, login_as, make):
    slug = make.event()
    for n, value in enumerate(INJECTIONS):
        _raw_participant(app, slug, value, f"Dinas {n}", phone=f"+62812000{n:04d}")
    login_as("organiser")
    wb = _workbook(client, f"/events/{slug}/exports/attendance.xlsx?internal=1")
    names = {row[1].value: row[1] for row in wb.worksheets[1].iter_rows(min_row=2)}
    assert sorted(names) == sorted(INJECTIONS)
    for value in INJECTIONS:
        cell = names[value]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)
    ordinary = wb.worksheets[1]["D2"]  # the position "Staf": a plain text cell, no prefix style
    assert (ordinary.value, ordinary.data_type, ordinary.quotePrefix) == ("Staf", "s", False)
    for cell in _every_cell(wb):
        assert cell.data_type != "f", cell.coordinate
        assert not (isinstance(cell.value, str) and cell.value.startswith("'")), (cell.coordinate, cell.value)


def test_the_xlsx_file_holds_no_formula_element_at_all(client, login_as, forum):
    """The raw sheet XML: every string is an inline string, and there is no <f> (formula) element."""
    import zipfile

    login_as("organiser")
    data = client.get(f"/events/{forum}/exports/attendance.xlsx?internal=1").data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and all("<f>" not in xml and "<f " not in xml for xml in sheets)
    assert any("=HYPERLINK(&quot;http://evil&quot;,&quot;klik&quot;)" in xml or
               '=HYPERLINK("http://evil","klik")' in xml for xml in sheets)


def test_nip_and_phone_are_text_cells_with_every_digit(client, login_as, forum):
    login_as("organiser")
    wb = _workbook(client, f"/events/{forum}/exports/attendance.xlsx?internal=1")
    in_person = wb.worksheets[1]
    rows = {row[1].value: row for row in in_person.iter_rows(min_row=2)}
    for name, nip, phone in zip(["Andi Wijaya", "Budi Santoso", "Citra Lestari"], NIPS,
                                ["+6281234567890", "+6285712345678", "+6281122334455"], strict=True):
        nip_cell, phone_cell = rows[name][2], rows[name][15]
        assert (nip_cell.value, nip_cell.data_type, nip_cell.quotePrefix) == (nip, "s", True)
        assert (phone_cell.value, phone_cell.data_type, phone_cell.quotePrefix) == (phone, "s", True)


# --- XLSX: the reader's language ------------------------------------------------------------

def _inputs(app, slug) -> int:
    with app.app_context():
        event = events.get_event(slug)
        pupr = events.find_agency(event, "Dinas PUPR") or Agency(event_id=event.id, name="Dinas PUPR")
        session = Session(event_id=event.id, title="Diskusi", starts_at=at(60), ends_at=at(180))
        author = Participant(event_id=event.id, name="Andi Wijaya", agency=pupr, position="Kepala Bidang",
                             access_token=tickets.new_access_token(), checkin_code=tickets.new_checkin_code())
        db.session.add_all([pupr, session, author])
        db.session.flush()
        road = Input(event_id=event.id, session_id=session.id, kind="proposal", participant_id=author.id,
                     agency_id=pupr.id, title="Jalan desa Sebunga", target="12", budget=1_500_000_000,
                     priority="high", origin="musrenbang", status="accepted", pinned=True, created_at=at(70))
        db.session.add(road)
        db.session.flush()
        db.session.add_all([
            InputHistory(input_id=road.id, at=at(70), action="submitted", changes={"by": "Andi Wijaya"}),
            InputHistory(input_id=road.id, at=at(90), action="accepted",
                         changes={"status": ["submitted", "accepted"], "pinned": [False, True]})])
        db.session.commit()
        return road.id


# (language, header of the attendance sheets and inputs, then the values in the order of the checks)
WORDS = {
    "id": {"sheets": ["Ringkasan", "Luring", "Daring"], "role": "Peserta", "registered": "Luring",
           "present": ("Ya", "Tidak"), "kind": "Usulan", "priority": "Tinggi", "origin": "Musrenbang kecamatan",
           "status": "Diterima", "pinned": "Ya", "action": "diterima",
           "changes": "Status: Diajukan → Diterima; Disematkan: Tidak → Ya", "submitted_by": "Oleh: Andi Wijaya"},
    "en": {"sheets": ["Summary", "In person", "Online"], "role": "Participant", "registered": "In person",
           "present": ("Yes", "No"), "kind": "Proposal", "priority": "High",
           "origin": "Musrenbang (sub-district planning meeting)", "status": "Accepted", "pinned": "Yes",
           "action": "accepted", "changes": "Status: Submitted → Accepted; Pinned: No → Yes",
           "submitted_by": "By: Andi Wijaya"},
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_value_is_in_the_readers_language(client, app, login_as, forum, lang):
    _inputs(app, forum)
    words = WORDS[lang]
    login_as("organiser")
    wb = _workbook(client, f"/events/{forum}/exports/attendance.xlsx?lang={lang}")
    assert wb.sheetnames == words["sheets"]
    in_person = [[c.value for c in row] for row in wb.worksheets[1].iter_rows(min_row=2)]
    andi = next(row for row in in_person if row[1] == "Andi Wijaya")
    assert (andi[5], andi[7], andi[8], andi[13]) == (words["role"], words["registered"], words["registered"],
                                                     words["present"][0])
    budi = next(row for row in in_person if row[1] == "Budi Santoso")
    assert (budi[8], budi[13]) == (None, words["present"][1])  # not arrived: no way of attending shown
    assert andi[9] == datetime(2021, 2, 25, 8, 3)  # a date cell, in the forum's time zone (WIB)

    wb = _workbook(client, f"/events/{forum}/exports/inputs.xlsx?lang={lang}")
    inputs, history = wb.worksheets
    road = {key: cell for key, cell in zip([c.value for c in inputs[1]], inputs[2], strict=True)}
    values = [c.value for c in inputs[2]]
    assert words["kind"] in values and words["priority"] in values and words["origin"] in values
    assert words["status"] in values and values.count(words["pinned"]) == 1
    budget = next(cell for cell in road.values() if cell.value == 1_500_000_000)
    assert budget.data_type == "n" and isinstance(budget.value, int) and budget.number_format == "#,##0"
    target = next(cell for cell in road.values() if cell.value == "12")
    assert target.data_type == "s"  # text that looks like a number stays the text it is
    changes = [[c.value for c in row][3:] for row in history.iter_rows(min_row=2)]
    assert changes[1] == [words["action"], None, words["changes"]]
    assert changes[0][2] == words["submitted_by"]
    everything = " ".join(str(c.value) for c in _every_cell(wb))
    for raw in ("musrenbang", "high", "proposal", "False", "True", "pinned"):
        assert not re.search(rf"\b{raw}\b", everything), raw


def test_the_change_descriptions_are_translated_everywhere_they_are_shown(app):
    changes = {"status": ["submitted", "accepted"], "pinned": [False, True], "role": ["checkin", "moderator"],
               "note": [None, "Kewenangan kabupaten"], "unknown_field": ["a", "b"]}
    with app.test_request_context(), force_locale("id"):
        assert base.Labels.current().changes(changes) == (
            "Status: Diajukan → Diterima; Disematkan: Tidak → Ya; Peran: Petugas registrasi → Moderator; "
            "Catatan:  → Kewenangan kabupaten; unknown_field: a → b")
    with app.test_request_context(), force_locale("en"):
        assert base.Labels.current().changes({"pinned": [False, True]}) == "Pinned: No → Yes"


# --- XLSX: print setup ----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["attendance.xlsx", "inputs.xlsx"])
def test_every_sheet_prints_landscape_on_a4_fitted_to_width_with_its_header_repeated(client, app, login_as,
                                                                                     forum, path):
    _inputs(app, forum)
    login_as("organiser")
    wb = _workbook(client, f"/events/{forum}/exports/{path}")
    assert len(wb.worksheets) >= 2
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), ws.title  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.freeze_panes == "A2", ws.title
        assert ws.print_options.gridLines, ws.title
        assert ws.oddFooter.center.text == "Halaman &P dari &N", ws.title


# --- CSV for Excel (Indonesian regional settings) ---------------------------------------------

FORMULA = "formula"
_ID_NUMBER = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?([eE][+-]?\d+)?%?")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?")
_DAY_MONTH = re.compile(r"\d{1,2}[/-]\d{1,2}([/-]\d{2,4})?")


def excel_opens(cell: str):
    """What Excel with Indonesian regional settings (decimal ',', thousands '.') shows for one CSV cell:
    None when empty, a float of 15 significant digits for anything numeric-looking (a NIP loses its last
    digits, '0812…' its zero, '+62…' its plus), a datetime, "date" for day/month forms, FORMULA for
    what it would evaluate, otherwise the text (a leading tab or apostrophe keeps a cell text)."""
    if cell == "":
        return None
    if cell.startswith(("\t", "'")):
        return cell  # text as it is (the apostrophe is shown in a CSV; the tab is not)
    trimmed = cell.strip(" ")
    if _ID_NUMBER.fullmatch(trimmed):
        number = float(trimmed.rstrip("%").replace(".", "").replace(",", "."))
        return float(f"{number:.15g}")
    if cell.startswith(base.FORMULA_STARTS):
        return FORMULA
    if _ISO_TIME.fullmatch(trimmed):
        return datetime.fromisoformat(trimmed)
    if _DAY_MONTH.fullmatch(trimmed):
        return "date"
    return cell


def test_the_model_of_excel_loses_what_excel_loses():
    assert excel_opens("198001012005011001") != 198001012005011001  # 15 significant digits
    assert excel_opens("081234567890") == 81234567890.0
    assert excel_opens("+6281234567890") == 6281234567890.0
    assert excel_opens("1.500.000") == 1500000.0 and excel_opens("2,5") == 2.5
    assert excel_opens("=1+1") == FORMULA and excel_opens("@SUM(A1)") == FORMULA
    assert excel_opens("2021-02-25 08:03:00") == datetime(2021, 2, 25, 8, 3)
    assert excel_opens("\t198001012005011001") == "\t198001012005011001"
    assert excel_opens("Dinas PUPR") == "Dinas PUPR"


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.text() | st.from_regex(r"[+-]?[0-9][0-9 .,:/()+-]{0,20}", fullmatch=True))
def test_an_excel_cell_is_never_a_formula(value):
    """Whatever the text, the Excel variant's cell is the standard CSV's (`'` before a formula) or the
    text behind a tab, and then the text has no letter: no function or cell name for anyone to run."""
    cell = base.excel_csv_text(value)
    if cell.startswith("\t") and cell != base.safe_cell(value):
        assert cell == "\t" + value and not re.search(r"[A-DF-Za-df-z=@]", value), value
    else:
        assert cell == base.safe_cell(value)
    assert not cell.startswith(("=", "+", "-", "@", "\r"))
    assert excel_opens(cell) != FORMULA


def _excel_csv(response) -> list[list]:
    """The file as Excel reads it: BOM stripped, CRLF lines, `;` between values, each cell typed."""
    data = response.data
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")[1:]
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_attendance_csv_for_excel_keeps_one_value_per_column_and_every_digit(client, login_as, forum):
    login_as("organiser")
    response = client.get(f"/events/{forum}/exports/attendance.csv?variant=excel&internal=1")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert attachment_name(response) == f"{forum}-attendance-internal-excel.csv"
    header, *rows = _excel_csv(response)
    assert len(header) == 16 and header[2] == "NIP"
    assert all(len(row) == len(header) for row in rows)  # "DPMD; Bidang Desa" stayed in its column
    opened = {row[1]: [excel_opens(cell) for cell in row] for row in rows}
    assert opened["Budi Santoso"][4] == "DPMD; Bidang Desa"
    for name, nip, phone in zip(["Andi Wijaya", "Budi Santoso", "Citra Lestari"], NIPS,
                                ["+6281234567890", "+6285712345678", "+6281122334455"], strict=True):
        shown_nip, shown_phone = opened[name][2], opened[name][15]
        assert isinstance(shown_nip, str) and shown_nip.strip() == nip  # all 18 digits, as text
        assert isinstance(shown_phone, str) and shown_phone.strip() == phone  # the "+" kept
    andi = opened["Andi Wijaya"]
    assert andi[0] == 2.0 and andi[9] == datetime(2021, 2, 25, 8, 3)  # numbers and times stay such
    assert andi[10] == "\t1"  # the desk "1" is text in the forum, so it stays text
    assert andi[13] == "Ya" and opened["Budi Santoso"][13] == "Tidak"
    evil = next(cells for name, cells in opened.items() if "HYPERLINK" in name)
    assert evil[1] == "'=HYPERLINK(\"http://evil\",\"klik\")"  # shown, never run
    for row in rows:
        for cell in row:
            assert excel_opens(cell) != FORMULA, cell
            if cell.startswith("\t"):
                assert re.fullmatch(r"\t[0-9+\-.,:/() %]+", cell), cell  # no letter after a tab


def test_the_standard_csv_is_unchanged_and_is_what_excel_mangles(client, login_as, forum):
    """The comma-separated file stays as scripts and the contract expect; opened by Excel with
    Indonesian settings it lands in one column, which is why the variant exists."""
    login_as("organiser")
    data = client.get(f"/events/{forum}/exports/attendance.csv?internal=1").data.decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(data, newline="")))
    andi = next(row for row in rows if row[1] == "Andi Wijaya")
    assert (andi[2], andi[15]) == (NIPS[0], "'+6281234567890")
    assert "\t" not in data
    as_excel = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    assert len(as_excel[0]) == 1  # every heading in column A
    assert excel_opens(andi[2]) != int(NIPS[0])  # and a NIP alone in a cell loses digits


def test_the_inputs_csv_for_excel(client, app, login_as, forum):
    _inputs(app, forum)
    login_as("organiser")
    response = client.get(f"/events/{forum}/exports/inputs.csv?variant=excel")
    assert attachment_name(response) == f"{forum}-inputs-excel.csv"
    header, *rows = _excel_csv(response)
    assert len(rows) == 1 and len(rows[0]) == len(header)
    road = {key: excel_opens(cell) for key, cell in zip(header, rows[0], strict=True)}
    assert road["Pagu indikatif (Rp)"] == 1_500_000_000.0
    assert road["Volume / target"] == "\t12" and road["Prioritas"] == "Tinggi"


def test_the_variant_is_for_csv_only_and_is_audited(client, app, login_as, make):
    from forum.models import AuditEntry

    slug = make.event()
    headers = make.headers("organiser")
    login_as("organiser")
    api = client.get(f"/api/v1/events/{slug}/exports/attendance.xlsx?variant=excel", headers=headers)
    assert api.status_code == 422 and "variant" in api.json["error"]["fields"]
    api = client.get(f"/api/v1/events/{slug}/exports/attendance.csv?variant=libreoffice", headers=headers)
    assert api.status_code == 422 and "variant" in api.json["error"]["fields"]
    assert client.get(f"/events/{slug}/exports/attendance.pdf?variant=excel").status_code == 422
    with client.get(f"/api/v1/events/{slug}/exports/attendance.csv?variant=excel", headers=headers) as ok:
        assert ok.status_code == 200 and ok.data.decode("utf-8-sig").count(";") >= 13
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "export.downloaded")).one()
        assert entry.details == {"what": "attendance.csv", "internal": False, "variant": "excel"}


def test_the_dashboard_offers_the_excel_csv(client, login_as, make):
    slug = make.event()
    login_as("organiser")
    html = client.get(f"/admin/{slug}/dashboard?lang=id").get_data(as_text=True)
    assert f"/events/{slug}/exports/attendance.csv?variant=excel" in html
    assert f"/events/{slug}/exports/inputs.csv?variant=excel" in html
    assert "CSV untuk Excel" in html


def test_the_cli_writes_the_excel_csv(runner, forum, tmp_path):
    out = tmp_path / "hadir.csv"
    result = runner.invoke(args=["forum", "export", "attendance", "--event", forum, "--format", "csv", "--excel",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert {row[2].strip() for row in rows[1:] if row[2]} == set(NIPS)
    assert all(isinstance(excel_opens(row[2]), str) for row in rows[1:] if row[2])
    result = runner.invoke(args=["forum", "export", "attendance", "--event", forum, "--format", "xlsx", "--excel",
                                 "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "--excel applies to --format csv only" in result.output
    assert not (tmp_path / "x.xlsx").exists()
