"""`flask forum export …` writes the same files as the download routes."""
import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from forum.extensions import db
from forum.models import AuditEntry, Checkin
from forum.services import events


@pytest.fixture
def forum(app, make):
    slug = make.event(title="Forum OPD BPPD Kalimantan Barat")
    andi = make.participant(slug, name="Andi Wijaya", phone="081234567890")
    make.participant(slug, name="Budi Santoso", attendance="online")
    with app.app_context():
        event = events.get_event(slug)
        db.session.add(Checkin(event_id=event.id, participant_id=andi["id"], checked_in_at=event.starts_at,
                               desk="Meja 1"))
        db.session.commit()
    return slug


def export(runner, *args):
    return runner.invoke(args=["forum", "export", *args])


def test_attendance_csv(runner, forum, tmp_path):
    out = tmp_path / "hadir.csv"
    result = export(runner, "attendance", "--event", forum, "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row[1] for row in rows[1:]] == ["Andi Wijaya", "Budi Santoso"]
    assert "567890" not in data.decode()


def test_internal_attendance_xlsx(runner, forum, tmp_path):
    out = tmp_path / "hadir.xlsx"
    result = export(runner, "attendance", "--event", forum, "--format", "xlsx", "--out", str(out), "--internal")
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert len(wb.sheetnames) == 3
    assert wb.worksheets[1][2][15].value == "+6281234567890"  # a text cell, no apostrophe


def test_attendance_pdf_on_f4(runner, forum, tmp_path):
    out = tmp_path / "hadir.pdf"
    result = export(runner, "attendance", "--event", forum, "--format", "pdf", "--out", str(out), "--paper", "f4")
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    text = reader.pages[0].extract_text()
    assert "Kamis, 25 Februari 2021" in text and "Andi Wijaya" in text
    assert round(float(reader.pages[0].mediabox.height) / 72 * 25.4) == 330


def test_attendance_pdf_in_english(runner, forum, tmp_path):
    out = tmp_path / "attendance.pdf"
    result = export(runner, "attendance", "--event", forum, "--format", "pdf", "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Thursday, 25 February 2021" in PdfReader(out).pages[0].extract_text()


def test_inputs_and_minutes(runner, forum, tmp_path):
    for name, fmt in (("inputs", "csv"), ("inputs", "xlsx")):
        out = tmp_path / f"{name}.{fmt}"
        result = export(runner, name, "--event", forum, "--format", fmt, "--out", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    out = tmp_path / "berita-acara.pdf"
    result = export(runner, "minutes", "--event", forum, "--out", str(out), "--number", "050/12/BPPD")
    assert result.exit_code == 0, result.output
    text = PdfReader(out).pages[0].extract_text()
    assert "050/12/BPPD" in text and "KESATU" in text


def test_every_cli_export_is_audited_as_cli(runner, app, forum, tmp_path):
    export(runner, "attendance", "--event", forum, "--format", "csv", "--out", str(tmp_path / "a.csv"), "--internal")
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "export.downloaded")).one()
        assert entry.actor_label == "cli" and entry.actor_user_id is None
        assert entry.details == {"what": "attendance.csv", "internal": True}


def test_unknown_forum_and_format_fail_without_writing(runner, forum, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "x.csv"
    result = export(runner, "attendance", "--event", "no-such-forum", "--format", "csv", "--out", str(out))
    assert result.exit_code != 0 and "forum" in result.output.lower()
    assert list(folder.iterdir()) == []  # not even a partial file
    result = export(runner, "inputs", "--event", forum, "--format", "pdf", "--out", str(out))
    assert result.exit_code == 2 and "pdf" in result.output
