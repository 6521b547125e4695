"""Importing an invitation list: reading CSV and XLSX, previewing, applying, re-importing."""
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from forum.api.answers import error_status
from forum.errors import DomainError
from forum.extensions import db
from forum.models import AuditEntry, Participant, User
from forum.services import events, imports

pytestmark = pytest.mark.both_dbs

HEADER = "Nama;Instansi;Jabatan;NIP;Surel;No. HP/WA;Kehadiran"
GOOD_ROWS = [
    "Budi Santoso;Bappeda;Kepala Bidang;198001012005011001;budi@bappeda.id;0812 1111 0001;luring",
    "Siti Aminah;DPMD;Kasubbag;;siti@dpmd.id;;daring",
    "Agus Salim;Dinas PUPR;Staf;;;0812-1111-0003;",
]


def csv_bytes(*lines, bom=True, encoding="utf-8") -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def run_import(app, slug, content: bytes, actor_id=None):
    """Reads and applies a file as the back office would; returns the outcome's counts and rows."""
    with app.app_context():
        event = events.get_event(slug)
        table = imports.read_table(content)
        actor = db.session.get(User, actor_id) if actor_id else None
        outcome = imports.apply(event, table.rows, actor=actor)
        db.session.commit()
        return outcome.counts, [(row.line, row.status, dict(row.errors)) for row in outcome.rows]


def participants(app, slug) -> list[Participant]:
    with app.app_context():
        event = events.get_event(slug)
        found = db.session.scalars(select(Participant).where(Participant.event_id == event.id)
                                   .order_by(Participant.id)).all()
        for p in found:
            p.agency_name = p.agency.name if p.agency else None
            db.session.expunge(p)
        return found


# --- reading -----------------------------------------------------------------------------------

def test_reads_semicolon_csv_with_bom_and_indonesian_headers(app, backend):
    with app.app_context():
        table = imports.read_table(csv_bytes(HEADER, *GOOD_ROWS))
    assert table.columns == {"name": "Nama", "agency": "Instansi", "position": "Jabatan", "nip": "NIP",
                             "email": "Surel", "phone": "No. HP/WA", "attendance": "Kehadiran"}
    assert [row["line"] for row in table.rows] == [2, 3, 4]
    assert table.rows[0]["values"]["name"] == "Budi Santoso"  # no BOM glued to the first header or value
    assert table.rows[1]["values"]["attendance"] == "daring"


def test_reads_comma_csv_in_cp1252_with_english_headers_and_a_title_line(app, backend):
    content = csv_bytes("DAFTAR UNDANGAN FORUM OPD,,,", "", "Name,Agency,Position,Phone,Attendance,Remarks",
                        "José Ramos,Bappeda,Staf,081211110009,online,VIP", bom=False, encoding="cp1252")
    with app.app_context():
        table = imports.read_table(content)
    assert table.rows == [{"line": 4, "values": {"name": "José Ramos", "agency": "Bappeda", "position": "Staf",
                                                   "phone": "081211110009", "attendance": "online"}}]
    assert table.ignored == ["Remarks"]


def test_reads_excels_separator_hint_line(app, backend):
    with app.app_context():
        table = imports.read_table(b"sep=,\r\nNama,Instansi\r\nBudi,Bappeda\r\n")
    assert table.rows == [{"line": 3, "values": {"name": "Budi", "agency": "Bappeda"}}]


@pytest.mark.parametrize("header, field", [("Nama Lengkap (sesuai KTP)", "name"), ("NAMA INSTANSI", "agency"),
                                           ("E-mail", "email"), ("No HP", "phone"), ("WhatsApp", "phone"),
                                           ("Instansi/OPD", "agency"), ("Kehadiran (luring/daring)", "attendance"),
                                           ("Keterangan", None), ("No", None)])
def test_headers_are_recognised_in_either_language(header, field, backend):
    assert imports.field_for_header(header) == field


def test_reads_xlsx_with_line_numbers_and_numeric_cells(app, backend):
    content = xlsx_bytes([["Daftar undangan"], ["Nama", "Instansi", "HP", "NIP"],
                          ["Budi", "Bappeda", 81211110001, None], [None, None, None, None],
                          ["Rina", "DPMD", None, 198001012005012001]])
    with app.app_context():
        table = imports.read_table(content)
    assert [row["line"] for row in table.rows] == [3, 5]
    assert table.rows[0]["values"]["phone"] == "081211110001"  # Excel had dropped the leading 0
    assert table.rows[1].get("lost_digits") == ["nip"]


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n\x00endobj",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,  # an old .xls
    b"Nama\tInstansi\nBudi\tBappeda\n".replace(b"Nama", b"Nam\x00a"),
], ids=["png", "pdf", "xls", "binary-text"])
def test_non_spreadsheets_are_refused(app, content, backend):
    with app.app_context(), pytest.raises(DomainError) as refused:
        imports.read_table(content)
    assert refused.value.code == "import_unsupported" and error_status(refused.value) == 415


def test_a_zip_that_is_not_a_workbook_is_refused(app, backend):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with app.app_context(), pytest.raises(DomainError) as refused:
        imports.read_table(buf.getvalue())
    assert refused.value.code == "import_unsupported"


def test_a_text_without_the_needed_columns_is_refused(app, backend):
    with app.app_context(), pytest.raises(DomainError) as refused:
        imports.read_table(b"Dear organisers,\nplease find the list attached.\n")
    assert refused.value.code == "import_no_header"
    assert "Nama" in refused.value.message


def test_size_and_row_limits(app, backend):
    with app.app_context():
        with pytest.raises(DomainError) as too_big:
            imports.read_table(b"Nama;Instansi\n" + b"x" * imports.MAX_BYTES)
        assert too_big.value.code == "import_too_large" and error_status(too_big.value) == 413
        rows = [f"Orang {n};Bappeda" for n in range(imports.MAX_ROWS + 1)]
        with pytest.raises(DomainError) as too_many:
            imports.read_table(csv_bytes("Nama;Instansi", *rows))
        assert too_many.value.code == "import_too_many_rows"
        assert "5000" in too_many.value.message


# --- applying ----------------------------------------------------------------------------------

def test_import_registers_invited_people(app, make, backend):
    slug = make.event(registration_open=False)  # a closed forum still takes the organisers' list
    counts, _rows = run_import(app, slug, csv_bytes(HEADER, *GOOD_ROWS))
    assert counts == {"new": 3, "update": 0, "unchanged": 0, "error": 0}
    people = participants(app, slug)
    assert [(p.name, p.agency_name, p.phone, p.email, p.attendance) for p in people] == [
        ("Budi Santoso", "Bappeda", "+6281211110001", "budi@bappeda.id", "in_person"),
        ("Siti Aminah", "DPMD", None, "siti@dpmd.id", "online"),
        ("Agus Salim", "Dinas PUPR", "+6281211110003", None, "in_person"),
    ]
    assert all(p.source == "import" and p.invited and p.status == "registered" for p in people)
    assert len({p.checkin_code for p in people}) == 3


def test_broken_rows_are_listed_with_line_numbers_and_the_good_rows_still_import(app, make, backend):
    slug = make.event()
    content = csv_bytes(HEADER, GOOD_ROWS[0],
                        "Tanpa Instansi;;Staf;;;;",
                        "Salah NIP;Bappeda;Staf;12345;;;",
                        "Salah HP;Bappeda;Staf;;;12;",
                        "Salah Surel;Bappeda;Staf;;bukan-email;;",
                        "Salah Hadir;Bappeda;Staf;;;;kadang-kadang",
                        GOOD_ROWS[1])
    counts, rows = run_import(app, slug, content)
    assert counts == {"new": 2, "update": 0, "unchanged": 0, "error": 5}
    errors = {line: errs for line, status, errs in rows if status == "error"}
    assert set(errors) == {3, 4, 5, 6, 7}
    assert errors[3] == {"agency": "This field is required."}
    assert errors[4] == {"nip": "A NIP has exactly 18 digits."}
    assert set(errors[5]) == {"phone"} and set(errors[6]) == {"email"}
    assert "luring" in errors[7]["attendance"]
    assert [p.name for p in participants(app, slug)] == ["Budi Santoso", "Siti Aminah"]


def test_reimporting_the_same_list_creates_nobody_twice(app, make, backend):
    slug = make.event()
    content = csv_bytes(HEADER, *GOOD_ROWS)
    run_import(app, slug, content)
    counts, _rows = run_import(app, slug, content)
    assert counts == {"new": 0, "update": 0, "unchanged": 3, "error": 0}
    assert len(participants(app, slug)) == 3


def test_reimport_matches_by_email_then_phone_then_name_and_agency(app, make, backend):
    slug = make.event()
    run_import(app, slug, csv_bytes(HEADER, *GOOD_ROWS))
    before = {p.name: p for p in participants(app, slug)}
    changed = csv_bytes(
        HEADER,
        # same email, new name spelling and position
        "Budi Santoso, S.T.;Bappeda;Sekretaris;198001012005011001;BUDI@bappeda.id;0812 1111 0001;luring",
        # no email in the file: found by name and agency (other case), now with a phone
        "siti aminah;dpmd;Kasubbag;;;0812 1111 0002;",
        # found by phone (written +62), switched to online
        "Agus S.;Dinas PUPR;Staf;;;+62 812 1111 0003;daring",
        "Dewi Lestari;Bappeda;Staf;;dewi@bappeda.id;;",
    )
    counts, rows = run_import(app, slug, changed, actor_id=make.user("organiser"))
    assert counts == {"new": 1, "update": 3, "unchanged": 0, "error": 0}
    after = {p.id: p for p in participants(app, slug)}
    budi = after[before["Budi Santoso"].id]
    assert (budi.name, budi.position) == ("Budi Santoso, S.T.", "Sekretaris")
    siti = after[before["Siti Aminah"].id]
    # the name keeps its spelling unless it really differs; the empty email cell does not erase
    assert (siti.phone, siti.email, siti.attendance) == ("+6281211110002", "siti@dpmd.id", "online")
    agus = after[before["Agus Salim"].id]
    assert (agus.name, agus.attendance) == ("Agus S.", "online")
    assert len(after) == 4
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "participant.updated")) == 3


def test_an_imported_list_marks_self_registered_people_as_invited(app, make, backend):
    slug = make.event()
    make.participant(slug, name="Budi Santoso", agency="Bappeda", email="budi@bappeda.id")
    counts, rows = run_import(app, slug, csv_bytes("Nama;Instansi;Jabatan;Email",
                                                   "Budi Santoso;Bappeda;Staf;budi@bappeda.id"))
    assert counts["update"] == 1
    [budi] = participants(app, slug)
    assert budi.invited and budi.source == "registration"
    counts, _rows = run_import(app, slug, csv_bytes("Nama;Instansi;Jabatan;Email",
                                                   "Budi Santoso;Bappeda;Staf;budi@bappeda.id"))
    assert counts == {"new": 0, "update": 0, "unchanged": 1, "error": 0}


def test_the_same_person_twice_in_one_file_is_an_error_on_the_second_line(app, make, backend):
    slug = make.event()
    content = csv_bytes("Nama;Instansi;Jabatan;Email;HP", "Budi;Bappeda;Staf;budi@x.id;",
                        "Budi S.;Bappeda;Staf;BUDI@x.id;", "Rina;DPMD;Staf;;0812 1111 0009",
                        "Rina Wati;DPMD;Staf;rina@x.id;0812-1111-0009", "Tono;DPMD;Staf;;", "tono;dpmd;Staf;;")
    counts, rows = run_import(app, slug, content)
    assert counts == {"new": 3, "update": 0, "unchanged": 0, "error": 3}
    errors = {line: errs["row"] for line, status, errs in rows if status == "error"}
    assert errors == {3: "The same email address as on line 2 of this file.",
                      5: "The same phone number as on line 4 of this file.",
                      7: "The same name and agency as on line 6 of this file."}


def test_a_contact_that_belongs_to_someone_else_is_an_error(app, make, backend):
    slug = make.event()
    make.participant(slug, name="Budi", email="budi@x.id", phone="0812 1111 0001")
    make.participant(slug, name="Rina", email="rina@x.id")
    # matched to Rina by email, but the phone is Budi's
    counts, rows = run_import(app, slug, csv_bytes("Nama;Instansi;Jabatan;Email;HP",
                                                   "Rina;Bappeda;Staf;rina@x.id;0812 1111 0001"))
    assert counts["error"] == 1
    assert rows[0][2] == {"phone": "Already registered for this forum."}


def test_xlsx_import_end_to_end(app, make, backend):
    slug = make.event()
    content = xlsx_bytes([["Nama", "Instansi", "Jabatan", "No HP", "NIP", "Kehadiran"],
                          ["Budi", "Bappeda", "Staf", 81211110001, "198001012005011001", "Luring"],
                          ["Rina", "DPMD", "Staf", None, 198001012005012001, "Daring"]])
    counts, rows = run_import(app, slug, content)
    assert counts == {"new": 1, "update": 0, "unchanged": 0, "error": 1}
    assert rows[1][0] == 3 and "Format the column as Text" in rows[1][2]["nip"]
    [budi] = participants(app, slug)
    assert (budi.phone, budi.nip) == ("+6281211110001", "198001012005011001")


def test_preview_writes_nothing(app, make, backend):
    slug = make.event()
    with app.app_context():
        event = events.get_event(slug)
        outcome = imports.classify(event, imports.read_table(csv_bytes(HEADER, *GOOD_ROWS)).rows)
        assert outcome.counts["new"] == 3
        db.session.commit()
    assert participants(app, slug) == []


# --- the upload kept between preview and confirmation ---------------------------------------------

def test_a_pending_upload_is_claimed_once_and_only_by_its_forum(app, make, tmp_path, backend):
    slug, other = make.event(), make.event()
    folder = tmp_path / "imports"
    with app.app_context():
        event, other_event = events.get_event(slug), events.get_event(other)
        table = imports.read_table(csv_bytes(HEADER, *GOOD_ROWS))
        token = imports.save_pending(folder, event, table, filename="undangan.csv", user_id=None)
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token) and (folder / f"{token}.json").is_file()
        with pytest.raises(DomainError):
            imports.claim_pending(folder, token, other_event)
        for forged in ("../secret_key", "", None, "x" * 10):
            with pytest.raises(DomainError):
                imports.claim_pending(folder, forged, event)
        payload = imports.claim_pending(folder, token, event)
        assert payload["filename"] == "undangan.csv" and len(payload["rows"]) == 3
        assert not (folder / f"{token}.json").exists()
        with pytest.raises(DomainError) as again:
            imports.claim_pending(folder, token, event)
        assert again.value.code == "import_expired"


# --- the pages ---------------------------------------------------------------------------------

def upload(client, slug, content: bytes, filename="undangan.csv"):
    return client.post(f"/admin/{slug}/import", data={"file": (io.BytesIO(content), filename)},
                        content_type="multipart/form-data")


def pending_token(html: str) -> str:
    return re.search(r'name="upload" type="hidden" value="([^"]+)"', html).group(1)


def test_upload_preview_confirm_and_summary(client, login_as, make, app, backend):
    login_as("organiser")
    slug = make.event()
    content = csv_bytes(HEADER, *GOOD_ROWS, "Salah NIP;Bappeda;Staf;12345;;;")
    preview = upload(client, slug, content)
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    counts = {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)', html)}
    assert counts == {"new": 3, "update": 0, "unchanged": 0, "error": 1}
    error_row = re.search(r'<tr data-line="5">.*?</tr>', html, re.S).group(0)
    assert "A NIP has exactly 18 digits." in error_row and "<td>5</td>" in error_row
    assert participants(app, slug) == []  # nothing saved before confirming
    token = pending_token(html)
    pending = Path(app.instance_path) / "imports" / f"{token}.json"
    assert pending.is_file()

    done = client.post(f"/admin/{slug}/import/confirm", data={"upload": token})
    assert done.status_code == 200
    summary = done.get_data(as_text=True)
    assert "3 participants added" in summary and "1 row skipped" in summary
    assert "A NIP has exactly 18 digits." in summary
    assert len(participants(app, slug)) == 3
    assert not pending.exists()
    # a second click (or a reload) imports nothing again
    again = client.post(f"/admin/{slug}/import/confirm", data={"upload": token}, follow_redirects=True)
    assert "already imported" in again.get_data(as_text=True)
    assert len(participants(app, slug)) == 3
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "participants.imported"))
        assert entry.details["new"] == 3 and entry.details["filename"] == "undangan.csv"


def test_reupload_preview_counts_updates_and_unchanged(client, login_as, make, app, backend):
    login_as("organiser")
    slug = make.event()
    run_import(app, slug, csv_bytes(HEADER, *GOOD_ROWS))
    html = upload(client, slug, csv_bytes(HEADER, GOOD_ROWS[0], GOOD_ROWS[1].replace("Kasubbag", "Kabag"),
                                          GOOD_ROWS[2])).get_data(as_text=True)
    assert {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)', html)} == {
        "new": 0, "update": 1, "unchanged": 2, "error": 0}
    row = re.search(r'<tr data-line="3" data-status="update">.*?</tr>', html, re.S).group(0)
    assert "Kasubbag → Kabag" in row


def test_an_upload_of_another_forum_cannot_be_confirmed_here(client, login_as, make, app, backend):
    login_as("organiser")
    slug, other = make.event(), make.event()
    token = pending_token(upload(client, slug, csv_bytes(HEADER, *GOOD_ROWS)).get_data(as_text=True))
    response = client.post(f"/admin/{other}/import/confirm", data={"upload": token}, follow_redirects=True)
    assert "already imported, cancelled or has expired" in response.get_data(as_text=True)
    assert participants(app, other) == [] and participants(app, slug) == []
    assert (Path(app.instance_path) / "imports" / f"{token}.json").is_file()  # still there for its own forum


def test_cancelling_an_import_drops_the_upload(client, login_as, make, app, backend):
    login_as("organiser")
    slug = make.event()
    token = pending_token(upload(client, slug, csv_bytes(HEADER, *GOOD_ROWS)).get_data(as_text=True))
    assert client.post(f"/admin/{slug}/import/cancel", data={"upload": token}).status_code == 302
    assert not (Path(app.instance_path) / "imports" / f"{token}.json").exists()
    assert participants(app, slug) == []


def test_a_non_spreadsheet_upload_gets_a_clear_message(client, login_as, make, app, backend):
    login_as("organiser")
    slug = make.event()
    response = upload(client, slug, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", filename="undangan.csv")
    assert response.status_code == 415
    html = response.get_data(as_text=True)
    assert re.search(r'<p class="field-error" id="file-error">Upload a CSV or XLSX file.</p>', html)
    kept = Path(app.instance_path) / "imports"
    assert not kept.exists() or not any(kept.iterdir())


def test_an_upload_without_a_file_asks_for_one(client, login_as, make, backend):
    login_as("organiser")
    slug = make.event()
    response = client.post(f"/admin/{slug}/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose the file to upload." in response.get_data(as_text=True)


def test_the_template_reads_back_as_an_invitation_list(client, login_as, make, app, backend):
    login_as("organiser")
    slug = make.event()
    response = client.get(f"/admin/{slug}/import/template.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    with app.app_context():
        table = imports.read_table(response.data)
    assert set(table.columns) == {"name", "agency", "position", "nip", "email", "phone", "attendance"}
    assert table.rows[0]["values"]["name"] == "Budi Santoso"


def test_moderators_cannot_import(client, login_as, make, backend):
    login_as("moderator")
    slug = make.event()
    assert upload(client, slug, csv_bytes(HEADER, *GOOD_ROWS)).status_code == 403
    assert client.post(f"/admin/{slug}/import/confirm", data={"upload": "x" * 32}).status_code == 403


# --- import bombs: small files that unpack or expand into millions of rows ----------------------

SHEET_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}'
             '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>Instansi</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>Budi</t></is></c>'
             '<c r="B2" t="inlineStr"><is><t>Bappeda</t></is></c></row>{rows}</sheetData></worksheet>')


def xlsx_with_sheet(dimension: str = "", rows: str = "") -> bytes:
    """A real workbook (openpyxl's) whose first sheet is replaced by the given rows, packed as tightly as a zip can."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([["x"]]))) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = SHEET_XML.format(dimension=dimension, rows=rows).encode()
            archive.writestr(info.filename, data)
    return out.getvalue()


BOMBS = {
    # two million empty rows after the list: a few kilobytes packed, tens of megabytes of XML
    "empty-rows": lambda: xlsx_with_sheet(rows="<row/>" * 2_000_000),
    # one cell on the sheet's last row: openpyxl yields the million empty rows before it
    "last-row": lambda: xlsx_with_sheet(
        rows='<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'),
    # a sheet that declares a million rows
    "dimension": lambda: xlsx_with_sheet(dimension='<dimension ref="A1:B1048576"/>'),
}


@pytest.mark.parametrize("bomb", list(BOMBS))
def test_an_xlsx_bomb_is_refused_within_seconds(app, bomb):
    content = BOMBS[bomb]()
    assert len(content) < 200_000
    started = time.thread_time()  # CPU time: a busy machine stretches the wall clock, not the work done
    with app.app_context(), pytest.raises(DomainError) as refused:
        imports.read_table(content)
    assert time.thread_time() - started < 2
    assert error_status(refused.value) == 413 and "file" in refused.value.fields
    assert refused.value.code in ("import_too_many_rows", "import_too_large")


def test_every_line_counts_against_the_row_limit_empty_ones_too(app):
    lines = ["Nama;Instansi", "Budi;Bappeda", *[""] * imports.MAX_LINES]
    started = time.thread_time()  # CPU time: a busy machine stretches the wall clock, not the work done
    with app.app_context(), pytest.raises(DomainError) as refused:
        imports.read_table(csv_bytes(*lines))
    assert time.thread_time() - started < 2
    assert refused.value.code == "import_too_many_rows" and error_status(refused.value) == 413
    assert "empty rows count too" in refused.value.fields["file"]
    with app.app_context():  # just under the limit is read
        assert len(imports.read_table(csv_bytes(*lines[:imports.MAX_LINES])).rows) == 1


def test_reading_stops_when_it_takes_longer_than_its_time_budget(app):
    content = csv_bytes("Nama;Instansi", *[f"Orang {n};Bappeda" for n in range(3000)])
    with app.app_context(), pytest.raises(DomainError) as refused:
        imports.read_table(content, seconds=0)
    assert refused.value.code == "import_too_slow" and error_status(refused.value) == 413
    assert "file" in refused.value.fields


@pytest.mark.config(FORUM_IMPORT_MAX_ROWS=100)
def test_the_row_limit_is_a_setting(client, login_as, make):
    login_as("organiser")
    slug = make.event()
    response = upload(client, slug, csv_bytes("Nama;Instansi", "Budi;Bappeda", *[""] * 150))
    assert response.status_code == 413
    assert "more than 100 rows (empty rows count too)" in response.get_data(as_text=True)


def test_a_bomb_upload_gets_a_clear_error_on_the_page(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    started = time.thread_time()  # CPU time (the test client runs the request in this thread)
    response = upload(client, slug, BOMBS["empty-rows"](), filename="undangan.xlsx")
    assert time.thread_time() - started < 3
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert re.search(r'<p class="field-error" id="file-error">This workbook unpacks into far more data', html)
    indonesian = client.post(f"/admin/{slug}/import", headers={"Accept-Language": "id"}, data={
        "file": (io.BytesIO(BOMBS["last-row"]()), "undangan.xlsx")}, content_type="multipart/form-data")
    assert indonesian.status_code == 413
    assert "baris kosong ikut dihitung" in indonesian.get_data(as_text=True)
