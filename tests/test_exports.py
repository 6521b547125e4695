"""Export files: attendance CSV/XLSX/PDF, inputs CSV/XLSX, the minutes PDF; safety, access and auditing."""
import csv
import io
import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from werkzeug.http import parse_options_header

from forum.documents import attendance, base, exports, pdf
from forum.documents.minutes import ordinal
from forum.extensions import db
from forum.models import (
    Agency,
    AuditEntry,
    Checkin,
    Input,
    InputHistory,
    InputSupport,
    InputVote,
    OnlinePresence,
    Participant,
    Session,
)
from forum.services import events, tickets

T0 = datetime(2021, 2, 25, 1, 0, tzinfo=UTC)  # Thursday 25 February 2021, 08.00 WIB
INJECTIONS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\tTabbed", "\rReturned"]


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def t(app, msgid: str, **values) -> str:
    """What an Indonesian export says for `msgid`, whatever the catalogue holds today."""
    with app.test_request_context(), force_locale("id"):
        return _(msgid, **values)


def tn(app, singular: str, plural: str, num: int) -> str:
    """The same for a message with plural forms (the code calls `ngettext`)."""
    with app.test_request_context(), force_locale("id"):
        return ngettext(singular, plural, num)


def _event_id(app, slug):
    with app.app_context():
        return events.get_event(slug).id


def _add(app, *objects):
    with app.app_context():
        db.session.add_all(objects)
        db.session.commit()
        return [o.id for o in objects]


def _raw_participant(app, slug, name, agency_name, attendance="in_person", phone=None):
    """A participant stored as given (no clean-up), e.g. a name an attacker chose."""
    with app.app_context():
        event = events.get_event(slug)
        agency = events.find_agency(event, agency_name) or Agency(event_id=event.id, name=agency_name,
                                                                   short_name="", kind="other")
        participant = Participant(event_id=event.id, name=name, agency=agency, attendance=attendance, phone=phone,
                                  position="Staf", access_token=tickets.new_access_token(),
                                  checkin_code=tickets.new_checkin_code())
        db.session.add(participant)
        db.session.commit()
        return participant.id


@pytest.fixture
def forum(app, make):
    """A forum with a checked-in walk-in, an online participant and a no-show."""
    slug = make.event(title="Forum OPD BPPD Kalimantan Barat")
    eid = _event_id(app, slug)
    andi = make.participant(slug, name="Andi Wijaya", agency="Dinas PUPR", phone="081234567890",
                            nip="198001012005011001", position="Kepala Bidang")
    budi = make.participant(slug, name="Budi Santoso", agency="DPMD", attendance="online", phone="081298765432")
    make.participant(slug, name="Citra Lestari", agency="Bappeda")
    _add(app, Checkin(event_id=eid, participant_id=andi["id"], checked_in_at=at(3), desk="Meja 1"),
         OnlinePresence(event_id=eid, participant_id=budi["id"], connection_id="a", joined_at=at(10), left_at=at(55)),
         OnlinePresence(event_id=eid, participant_id=budi["id"], connection_id="b", joined_at=at(20), left_at=at(40)))
    return slug


def attachment_name(response) -> str:
    kind, options = parse_options_header(response.headers["Content-Disposition"])
    assert kind == "attachment"
    return options["filename"]


def _csv_rows(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def _pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the one escaping rule ----------------------------------------------------------------

@pytest.mark.parametrize("value", INJECTIONS)
def test_cells_that_start_like_a_formula_get_a_leading_apostrophe(value):
    assert base.safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["", "Andi", "1+1", "Rp 1.500.000", "e-mail", " =not at the start"])
def test_ordinary_cells_are_unchanged(value):
    assert base.safe_cell(value) == value


# --- attendance CSV -----------------------------------------------------------------------

def test_attendance_csv_lists_everyone_with_door_and_online_times(client, login_as, forum):
    login_as("organiser")
    response = client.get(f"/events/{forum}/exports/attendance.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert attachment_name(response) == f"{forum}-attendance.csv"
    header, *rows = _csv_rows(response)
    assert len(header) == 14
    by_name = {row[1]: row for row in rows}
    assert list(by_name) == ["Andi Wijaya", "Budi Santoso", "Citra Lestari"]
    andi, budi, citra = by_name.values()
    assert andi[2:5] == ["198001012005011001", "Kepala Bidang", "Dinas PUPR"]
    assert andi[9:11] == ["2021-02-25 08:03:00", "Meja 1"]
    assert budi[11:13] == ["2021-02-25 08:10:00", "45"]  # two tabs, 10..55
    assert citra[9:13] == ["", "", "", ""]
    assert [row[13] for row in rows] == ["Ya", "Ya", "Tidak"]  # the answer, not the number column's "No"


def test_phone_numbers_only_in_the_internal_attendance_csv(client, login_as, forum):
    login_as("organiser")
    default = client.get(f"/events/{forum}/exports/attendance.csv").data.decode()
    internal = client.get(f"/events/{forum}/exports/attendance.csv?internal=1")
    assert "567890" not in default and "peserta" not in default
    assert attachment_name(internal) == f"{forum}-attendance-internal.csv"
    rows = _csv_rows(internal)
    assert len(rows[0]) == 16
    assert "'+6281234567890" in rows[1]  # a leading + is escaped like any other


def test_attendance_csv_neutralises_formulas_in_names_and_agencies(client, app, login_as, make):
    slug = make.event()
    for n, value in enumerate(INJECTIONS):
        _raw_participant(app, slug, value, value + f" agency {n}")
    login_as("organiser")
    _header, *rows = _csv_rows(client.get(f"/events/{slug}/exports/attendance.csv"))
    names = sorted(row[1] for row in rows)
    agencies = sorted(row[4] for row in rows)
    assert names == sorted("'" + value for value in INJECTIONS)
    assert agencies == sorted(f"'{value} agency {n}" for n, value in enumerate(INJECTIONS))
    for row in rows:
        assert not any(cell.startswith(base.FORMULA_STARTS) for cell in row if cell)


def test_a_long_attendance_csv_is_streamed_in_chunks(app, make):
    slug = make.event()
    for n in range(1201):
        _raw_participant(app, slug, f"Peserta {n:04d}", "Bappeda")
    with app.test_request_context(), force_locale("id"):
        chunks = list(exports.stream_csv(events.get_event(slug), "attendance", exports.ExportOptions()))
    assert len(chunks) == 3  # 500 + 500 + 201 rows
    assert sum(chunk.count("\n") for chunk in chunks) == 1202


# --- attendance XLSX ----------------------------------------------------------------------

def _xlsx(response):
    assert response.status_code == 200, response.data[:300]
    return load_workbook(io.BytesIO(response.data))


def _no_formulas(workbook):
    """No formula anywhere, and no visible apostrophe: formula-looking text is a text cell as it was typed."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith("'"), (ws.title, cell.coordinate)
                    if cell.value.startswith(base.FORMULA_STARTS):
                        assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)


def test_attendance_xlsx_has_a_summary_and_a_sheet_per_way_of_attending(client, app, login_as, forum):
    login_as("organiser")
    response = client.get(f"/events/{forum}/exports/attendance.xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = _xlsx(response)
    assert wb.sheetnames == [t(app, "Summary"), t(app, "In person"), t(app, "Online")]
    summary, in_person, online = wb.worksheets
    values = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert values[t(app, "Forum")] == "Forum OPD BPPD Kalimantan Barat"
    assert values[t(app, "Day and date")] == "Kamis, 25 Februari 2021"
    assert (values[t(app, "Registered")], values[t(app, "Checked in at the door")]) == (3, 1)
    assert values[t(app, "Present")] == 2
    assert [r[1] for r in in_person.iter_rows(min_row=2, values_only=True)] == ["Andi Wijaya", "Citra Lestari"]
    assert [r[1] for r in online.iter_rows(min_row=2, values_only=True)] == ["Budi Santoso"]
    andi = in_person[2]
    assert andi[9].value == datetime(2021, 2, 25, 8, 3) and andi[9].is_date  # local time, a real date cell
    assert andi[9].number_format == "yyyy-mm-dd hh:mm"
    assert online[2][11].value == datetime(2021, 2, 25, 8, 10)
    assert online[2][12].value == 45 and online[2][12].data_type == "n"
    assert in_person[2][0].value == 1 and in_person[2][0].data_type == "n"
    for ws in (in_person, online):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:N{ws.max_row}"
        assert ws.column_dimensions["B"].width == 30
    _no_formulas(wb)


def test_attendance_xlsx_neutralises_formulas(client, app, login_as, make):
    slug = make.event()
    for value in INJECTIONS:
        _raw_participant(app, slug, value, "@" + value)
    login_as("organiser")
    wb = _xlsx(client.get(f"/events/{slug}/exports/attendance.xlsx"))
    names = sorted(row[1] for row in wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert names == sorted(INJECTIONS)  # text cells holding the text as typed
    _no_formulas(wb)


def test_phone_numbers_only_in_the_internal_xlsx(client, login_as, forum):
    login_as("organiser")
    default = _xlsx(client.get(f"/events/{forum}/exports/attendance.xlsx"))
    internal = _xlsx(client.get(f"/events/{forum}/exports/attendance.xlsx?internal=1"))
    cells = [c for ws in default.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert not any("567890" in str(c) for c in cells)
    phone = internal.worksheets[1][2][15]
    assert (phone.value, phone.data_type, phone.quotePrefix) == ("+6281234567890", "s", True)


# --- attendance PDF (daftar hadir) ----------------------------------------------------------

def test_attendance_pdf_has_the_indonesian_header_sections_and_page_numbers(client, app, login_as, forum):
    login_as("organiser")
    response = client.get(f"/events/{forum}/exports/attendance.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader, text = _pdf_text(response.data)
    assert "Forum OPD BPPD Kalimantan Barat" in text
    assert "Kamis, 25 Februari 2021" in text
    assert "08.00 WIB – 16.00 WIB" in text and "Hotel Aston Pontianak" in text
    in_person, online = t(app, "A. Participants in person"), t(app, "B. Participants online")
    assert text.index(in_person) < text.index("Andi Wijaya") < text.index("Citra Lestari") < text.index(online)
    assert text.index(online) < text.index("Budi Santoso")
    assert "08.03 WIB" in text  # Andi's check-in
    assert "08.10 WIB" in text and tn(app, "%(num)d minute", "%(num)d minutes", 45) in text  # Budi online
    assert t(app, "Signature") in text and t(app, "Acknowledged by,") in text
    assert t(app, "Page %(page)d of %(total)d", page=1, total=len(reader.pages)) in text
    assert "567890" not in text and "8765432" not in text


def test_internal_attendance_pdf_shows_phone_numbers(client, app, login_as, forum):
    login_as("organiser")
    _reader, text = _pdf_text(client.get(f"/events/{forum}/exports/attendance.pdf?internal=1").data)
    assert _squash(t(app, "Phone: %(phone)s", phone="+6281234567890")) in _squash(text)


def test_attendance_pdf_on_f4_paper(client, login_as, forum):
    login_as("organiser")
    reader, _text = _pdf_text(client.get(f"/events/{forum}/exports/attendance.pdf?paper=f4").data)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (215, 330)
    reader, _text = _pdf_text(client.get(f"/events/{forum}/exports/attendance.pdf").data)
    assert round(float(reader.pages[0].mediabox.height) / 72 * 25.4) == 297


def test_a_long_unicode_name_wraps_inside_its_cell(client, app, login_as, make):
    slug = make.event()
    name = ("Ñoño Çağlar-Đặng Ξενοφών Жанна Łukasiewicz Ørsted " * 7)[:299] + "ž"
    assert len(name) == 300
    _raw_participant(app, slug, name, "Kecamatan Entikong")
    login_as("organiser")
    data = client.get(f"/events/{slug}/exports/attendance.pdf").data
    reader, text = _pdf_text(data)
    assert _squash(name) in _squash(text)
    fragments = []
    reader.pages[0].extract_text(visitor_text=lambda s, cm, tm, font, size: fragments.append((s.strip(), cm[4])))
    next_column = next(x for s, x in fragments if s == t(app, "NIP / Position"))
    name_x = next(x for s, x in fragments if s == t(app, "Name"))
    lines = [(s, x) for s, x in fragments if s and x == name_x and s in name]
    assert len(lines) >= 4  # wrapped over several lines
    font = pdf.pdf_fonts()[0]
    for line, x in lines:
        assert x + stringWidth(line, font, 8) <= next_column, line


def test_many_participants_fill_many_numbered_pages(app, make):
    slug = make.event()
    for n in range(120):
        _raw_participant(app, slug, f"Peserta {n:03d}", "Bappeda")
    # force_locale acts on the innermost app context, so it comes last.
    with app.test_request_context(), app.app_context(), force_locale("id"):
        out = io.BytesIO()
        attendance.attendance_pdf(events.get_event(slug), out, exports.ExportOptions())
    reader, text = _pdf_text(out.getvalue())
    pages = len(reader.pages)
    assert pages >= 4
    for n in range(120):
        assert f"Peserta {n:03d}" in text
    last = reader.pages[-1].extract_text()
    assert t(app, "Page %(page)d of %(total)d", page=pages, total=pages) in last


# --- inputs -------------------------------------------------------------------------------

def _inputs(app, slug):
    eid = _event_id(app, slug)
    with app.app_context():
        event = events.get_event(slug)
        pupr = events.find_agency(event, "Dinas PUPR") or Agency(event_id=eid, name="Dinas PUPR")
        dpmd = events.find_agency(event, "DPMD") or Agency(event_id=eid, name="DPMD")
        session = Session(event_id=eid, title="Diskusi dan masukan", starts_at=at(60), ends_at=at(180))
        author = Participant(event_id=eid, name="Andi Wijaya", agency=pupr, access_token=tickets.new_access_token(),
                             checkin_code=tickets.new_checkin_code())
        db.session.add_all([pupr, dpmd, session, author])
        db.session.flush()
        common = {"event_id": eid, "session_id": session.id, "kind": "proposal"}
        road = Input(**common, participant_id=author.id, agency_id=pupr.id, title="Pembangunan jalan desa Sebunga",
                     body="=HYPERLINK(\"http://evil\")", program="Program Penyelenggaraan Jalan",
                     activity="Pembangunan jalan desa", regency="Sambas", district="Sajingan Besar",
                     village="Sebunga", target="5 km", budget=1_500_000_000, priority="tinggi", origin="musrenbang",
                     status="accepted", created_at=at(70))
        bridge = Input(**common, agency_id=pupr.id, title="Jembatan gantung Aruk",
                       program="Program Penyelenggaraan Jalan", activity="Pembangunan jembatan gantung",
                       district="Sajingan Besar", village="Aruk", target="1 unit", budget=750_000, status="accepted",
                       created_at=at(71))
        market = Input(**common, agency_id=dpmd.id, title="Pasar desa perbatasan", program="Program Pemberdayaan Desa",
                       activity="Pembangunan pasar desa", regency="Kapuas Hulu", village="Badau", target="2 unit",
                       budget=1_500_000, status="accepted", created_at=at(72))
        port = Input(**common, agency_id=dpmd.id, title="Dermaga sungai Embaloh", status="rejected",
                     note="Kewenangan kabupaten", created_at=at(73))
        later = Input(**common, agency_id=pupr.id, title="Rumah susun Entikong", status="deferred",
                      note="Menunggu pagu 2023", created_at=at(74))
        question = Input(event_id=eid, session_id=session.id, kind="question", title="Kapan jalan selesai?",
                         status="submitted", created_at=at(75))
        db.session.add_all([road, bridge, market, port, later, question])
        db.session.flush()
        voters = [Participant(event_id=eid, name=f"Pemilih {n}", access_token=tickets.new_access_token(),
                              checkin_code=tickets.new_checkin_code()) for n in range(2)]
        db.session.add_all(voters)
        db.session.flush()
        db.session.add_all([InputVote(input_id=question.id, participant_id=v.id) for v in voters])
        db.session.add_all([InputSupport(input_id=road.id, agency_id=dpmd.id),
                            InputHistory(input_id=road.id, at=at(90), action="status",
                                         changes={"status": ["submitted", "accepted"]})])
        db.session.commit()
        return road.id


def test_inputs_csv_has_every_field_and_the_history(client, app, login_as, make):
    slug = make.event()
    road_id = _inputs(app, slug)
    login_as("organiser")
    response = client.get(f"/events/{slug}/exports/inputs.csv")
    assert response.status_code == 200
    header, *rows = _csv_rows(response)
    assert len(rows) == 6
    road = dict(zip(header, rows[0], strict=True))
    assert road[t(app, "ID")] == str(road_id)
    assert road[t(app, "Title")] == "Pembangunan jalan desa Sebunga"
    assert road[t(app, "Text")] == "'=HYPERLINK(\"http://evil\")"
    assert road[t(app, "Indicative budget (Rp)")] == "1500000000"
    assert (road[t(app, "Regency")], road[t(app, "Sub-district")], road[t(app, "Village")]) == (
        "Sambas", "Sajingan Besar", "Sebunga")
    assert (road[t(app, "Volume / target")], road[t(app, "Priority")], road[t(app, "Origin")]) == (
        "5 km", "tinggi", t(app, "Musrenbang (sub-district planning meeting)"))  # an unknown priority stays as is
    assert road[t(app, "Agency")] == "Dinas PUPR" and road[t(app, "Author")] == "Andi Wijaya"
    assert road[t(app, "Supports")] == "1"
    question = dict(zip(header, rows[5], strict=True))
    assert (question[t(app, "Kind")], question[t(app, "Votes")]) == (t(app, "Question"), "2")
    assert road[t(app, "Status")] == t(app, "Accepted")
    assert road[t(app, "Created at (%(zone)s)", zone="WIB")] == "2021-02-25 09:10:00"
    assert road[t(app, "History")] == (
        f"2021-02-25 09:30 status: {t(app, 'Status')}: {t(app, 'Submitted')} → {t(app, 'Accepted')}")


def test_inputs_xlsx_has_typed_cells_and_a_history_sheet(client, app, login_as, make):
    slug = make.event()
    _inputs(app, slug)
    login_as("organiser")
    wb = _xlsx(client.get(f"/events/{slug}/exports/inputs.xlsx"))
    assert wb.sheetnames == [t(app, "Inputs"), t(app, "History")]
    inputs, history = wb.worksheets
    header = [c.value for c in inputs[1]]
    road = {h: c for h, c in zip(header, inputs[2], strict=True)}
    budget = road[t(app, "Indicative budget (Rp)")]
    assert budget.value == 1_500_000_000 and budget.data_type == "n" and budget.number_format == "#,##0"
    assert road[t(app, "Created at (%(zone)s)", zone="WIB")].value == datetime(2021, 2, 25, 9, 10)
    assert road[t(app, "Text")].value == "=HYPERLINK(\"http://evil\")" and road[t(app, "Text")].data_type == "s"
    assert inputs.max_row == 7
    assert [c.value for c in history[2]][3:] == [
        "status", None, f"{t(app, 'Status')}: {t(app, 'Submitted')} → {t(app, 'Accepted')}"]
    _no_formulas(wb)


# --- the minutes (berita acara) -------------------------------------------------------------

def test_minutes_pdf_lists_the_agreed_programmes_and_what_was_not_agreed(client, app, login_as, forum):
    _inputs(app, forum)
    login_as("organiser")
    response = client.get(f"/events/{forum}/exports/minutes.pdf?number=050/12/BPPD&chair=Dr.%20H.%20Suhardi")
    assert response.status_code == 200
    reader, text = _pdf_text(response.data)
    assert t(app, "MINUTES OF AGREEMENT") in text and "050/12/BPPD" in text and "Dr. H. Suhardi" in text
    assert "Kamis, 25 Februari 2021" in text
    assert t(app, "%(total)d people (%(in_person)d in person, %(online)d online); see attachment I",
             total=2, in_person=1, online=1) in text
    assert "KESATU" in text and "KEDUA" in text and "KETIGA" in text and "KEEMPAT" in text
    flat = " ".join(text.split())
    assert "Program Penyelenggaraan Jalan" in flat and "Program Pemberdayaan Desa" in flat
    assert "Rp 1.500.750.000" in flat  # the road programme: 1.5 billion + 750 thousand
    assert "Rp 1.500.000" in flat and "Sebunga, Sajingan Besar, Sambas" in flat
    assert "Kewenangan kabupaten" in flat and "Menunggu pagu 2023" in flat
    assert t(app, "Rejected") in text and t(app, "Deferred") in text
    assert "Kapan jalan selesai?" not in flat  # questions are not proposals
    for title in ("ATTACHMENT I: ATTENDANCE", "ATTACHMENT II: AGREED PROGRAMMES",
                  "ATTACHMENT III: PROPOSALS NOT AGREED"):
        assert t(app, title) in text
    assert t(app, "Page %(page)d of %(total)d", page=1, total=len(reader.pages)) in text


def test_minutes_pdf_uses_the_stored_details_and_prints_the_hash_once_final(client, app, make, login_as):
    from forum.models import User
    from forum.services import minutes

    slug = make.event()
    _inputs(app, slug)
    user_id = login_as("organiser")
    with app.app_context():
        event = events.get_event(slug)
        minutes.update(event, {"number": "050/7/BPPD/2021", "chair": "Ir. Suhardi, M.T.",
                               "chair_position": "Kepala BPPD Provinsi Kalimantan Barat",
                               "points": ["Jalan perbatasan menjadi prioritas bersama."]})
        db.session.commit()
    _reader, draft = _pdf_text(client.get(f"/events/{slug}/exports/minutes.pdf").data)
    flat = " ".join(draft.split())
    assert "050/7/BPPD/2021" in flat and "Ir. Suhardi, M.T." in flat
    assert "Kepala BPPD Provinsi Kalimantan Barat" in flat
    assert "KETIGA : Jalan perbatasan menjadi prioritas bersama." in flat  # after the two programmes
    assert t(app, "Draft: these minutes are not final yet.") in flat
    with app.app_context():
        event = events.get_event(slug)
        item = minutes.finalise(event, user=db.session.get(User, user_id))
        db.session.commit()
        digest = item.content_hash
    response = client.get(f"/events/{slug}/exports/minutes.pdf?number=999/OTHER")
    _reader, final = _pdf_text(response.data)
    flat = " ".join(final.split())
    assert digest in flat and "050/7/BPPD/2021" in flat and "999/OTHER" not in flat
    assert t(app, "Draft: these minutes are not final yet.") not in flat


def test_ordinals_in_indonesian_and_english(app):
    with app.test_request_context(), force_locale("id"):
        assert [ordinal(n) for n in (1, 2, 10, 11, 12, 21)] == [
            "KESATU", "KEDUA", "KESEPULUH", "KESEBELAS", "KEDUA BELAS", "KEDUA PULUH SATU"]
    with app.test_request_context(), force_locale("en"):
        assert [ordinal(n) for n in (1, 3, 12)] == ["FIRST", "THIRD", "12TH"]


# --- empty forums -------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["attendance.csv", "inputs.csv"])
def test_an_empty_forum_gives_a_csv_with_just_the_header(client, login_as, make, path):
    slug = make.event()
    login_as("organiser")
    rows = _csv_rows(client.get(f"/events/{slug}/exports/{path}"))
    assert len(rows) == 1 and len(rows[0]) > 10


@pytest.mark.parametrize("path", ["attendance.xlsx", "inputs.xlsx"])
def test_an_empty_forum_gives_an_xlsx_with_headers_only(client, login_as, make, path):
    slug = make.event()
    login_as("organiser")
    wb = _xlsx(client.get(f"/events/{slug}/exports/{path}"))
    data_sheets = wb.worksheets[1:] if path.startswith("attendance") else wb.worksheets
    assert all(ws.max_row == 1 for ws in data_sheets)


def test_an_empty_forum_gives_valid_pdfs(client, app, login_as, make):
    slug = make.event()
    login_as("organiser")
    _reader, text = _pdf_text(client.get(f"/events/{slug}/exports/attendance.pdf").data)
    assert text.count(t(app, "No participants.")) == 2
    _reader, text = _pdf_text(client.get(f"/events/{slug}/exports/minutes.pdf").data)
    assert t(app, "No programmes have been agreed yet.") in text


# --- who may download, and the audit log ----------------------------------------------------

ALL_FILES = ["attendance.csv", "attendance.xlsx", "attendance.pdf", "inputs.csv", "inputs.xlsx", "minutes.pdf"]


@pytest.mark.parametrize("path", ALL_FILES)
def test_organisers_download_every_file_in_the_browser_and_through_the_api(client, make, login_as, path):
    slug = make.event()
    headers = make.headers("organiser")
    login_as("organiser")
    with client.get(f"/events/{slug}/exports/{path}") as browser:
        assert browser.status_code == 200
    with client.get(f"/api/v1/events/{slug}/exports/{path}", headers=headers) as api:
        assert api.status_code == 200
        assert attachment_name(api) == f"{slug}-{path}"


@pytest.mark.parametrize("role", ["moderator", "checkin"])
@pytest.mark.parametrize("path", ["attendance.csv", "minutes.pdf"])
def test_other_staff_may_not_download(client, make, login_as, role, path):
    slug = make.event()
    login_as(role)
    assert client.get(f"/events/{slug}/exports/{path}").status_code == 403
    api = client.get(f"/api/v1/events/{slug}/exports/{path}", headers=make.headers(role))
    assert api.status_code == 403 and api.json["error"]["code"] == "forbidden"


def test_anonymous_visitors_are_sent_to_the_login_page(client, make):
    slug = make.event()
    response = client.get(f"/events/{slug}/exports/attendance.xlsx")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    api = client.get(f"/api/v1/events/{slug}/exports/attendance.xlsx")
    assert api.status_code == 401 and api.json["error"]["code"] == "unauthenticated"


def test_participants_may_not_download(client, make):
    slug = make.event()
    participant = make.participant(slug)
    with client.session_transaction() as session:
        session["participant_token"] = participant["access_token"]
    assert client.get(f"/events/{slug}/exports/attendance.csv").status_code == 403
    bearer = {"Authorization": f"Bearer {participant['access_token']}"}
    assert client.get(f"/api/v1/events/{slug}/exports/attendance.csv", headers=bearer).status_code == 403


def test_unknown_files_forums_and_options_are_refused(client, make, login_as):
    slug = make.event()
    headers = make.headers("organiser")
    login_as("organiser")
    assert client.get(f"/events/{slug}/exports/inputs.pdf").status_code == 404
    assert client.get(f"/events/{slug}/exports/minutes.csv").status_code == 404
    assert client.get("/events/nope/exports/attendance.csv").status_code == 404
    api = client.get(f"/api/v1/events/{slug}/exports/minutes.xlsx", headers=headers)
    assert api.status_code == 404 and api.json["error"]["code"] == "not_found"
    api = client.get(f"/api/v1/events/{slug}/exports/attendance.pdf?paper=letter", headers=headers)
    assert api.status_code == 422 and "paper" in api.json["error"]["fields"]


def test_every_download_is_audited(client, app, make, login_as):
    slug = make.event()
    user_id = login_as("organiser")
    client.get(f"/events/{slug}/exports/attendance.pdf?internal=1")
    client.get(f"/api/v1/events/{slug}/exports/inputs.csv", headers=make.headers("organiser")).close()
    event_id = _event_id(app, slug)  # (its own app context: a second transaction beside the one below)
    with app.app_context():
        entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "export.downloaded")
                                     .order_by(AuditEntry.id)).all()
        assert [(e.details["what"], e.details["internal"]) for e in entries] == [("attendance.pdf", True),
                                                                                 ("inputs.csv", False)]
        assert entries[0].actor_user_id == user_id
        assert entries[0].event_id == event_id


def test_a_streaming_csv_does_not_hold_the_write_lock(client, app, make, login_as):
    slug = make.event()
    for n in range(600):
        _raw_participant(app, slug, f"Peserta {n:03d}", "Bappeda")
    login_as("organiser")
    response = client.get(f"/events/{slug}/exports/attendance.csv", buffered=False)
    chunks = iter(response.response)
    first = next(chunks)  # the export is now paused in the middle of its read
    assert first.startswith("\ufeff".encode())
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    try:
        assert other.execute("SELECT count(*) FROM audit_log WHERE action = 'export.downloaded'").fetchone() == (1,)
        other.execute("BEGIN IMMEDIATE")  # a check-in desk writing meanwhile
        other.execute("UPDATE events SET venue = 'Aula Bappeda' WHERE slug = ?", (slug,))
        other.execute("COMMIT")
    finally:
        other.close()
    rest = b"".join(chunks)
    response.close()
    assert (first + rest).decode("utf-8").count("\n") == 601
