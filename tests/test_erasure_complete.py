"""Erasure leaves no trace (issue 12, point 3): after `forum erase-contacts` no contact value of the erased
people — not their current one, not an earlier one an organiser replaced — is in any row of the database,
in the SQLite files' raw bytes (free pages and the WAL included), in an export or in a backup made afterwards.
The audit log records which contact field changed, never the value."""
import importlib.util
import io
import json
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import insert, select, text

from forum.extensions import db
from forum.models import AuditEntry, Participant, User
from forum.services import events, imports
from tests.conftest import login

ROOT = Path(__file__).resolve().parent.parent

# Every contact value the forum ever held for Andi and Budi (phones as their digits after the leading 0,
# which every stored or printed form of the number contains).
VALUES = {
    "andi.lama@pupr.example.id", "andi.baru@pupr.example.id", "81234567890", "81355550001",
    "198001012005011001", "198001012005011077", "Kursi roda untuk Andi", "Alergi kacang Andi",
    "budi@dpmd.example.id", "81298765432", "81377770002",
}


@pytest.fixture
def forum(app, client, make):
    """A forum whose organiser changed Andi's email, phone, NIP and notes and re-imported Budi with a new phone."""
    slug = make.event(title="Forum OPD BPPD Kalimantan Barat", retention_days=30)
    andi = make.participant(slug, name="Andi Wijaya", agency="Dinas PUPR", email="andi.lama@pupr.example.id",
                            phone="081234567890", nip="198001012005011001")
    make.participant(slug, name="Budi Santoso", agency="DPMD", attendance="online", email="budi@dpmd.example.id",
                     phone="081298765432")
    organiser = make.headers("organiser")
    url = f"/api/v1/events/{slug}/participants/{andi['id']}"
    assert client.patch(url, headers=organiser, json={"notes": "Kursi roda untuk Andi"}).status_code == 200
    response = client.patch(url, headers=organiser, json={
        "email": "andi.baru@pupr.example.id", "phone": "081355550001", "nip": "198001012005011077",
        "notes": "Alergi kacang Andi", "position": "Kepala Bidang"})
    assert response.status_code == 200, response.json
    with app.app_context():
        event = events.get_event(slug)
        actor = db.session.scalar(select(User).where(User.role == "organiser"))
        table = imports.read_table(b"Nama;Instansi;Jabatan;Surel;No HP\r\nBudi Santoso;DPMD;Kepala Seksi;"
                                   b"budi@dpmd.example.id;0813 7777 0002\r\n")
        outcome = imports.apply(event, table.rows, actor=actor, filename="undangan.csv")
        assert outcome.counts["update"] == 1
        db.session.commit()
    return {"slug": slug, "andi": andi, "organiser": organiser}


def erase(runner, slug):
    result = runner.invoke(args=["forum", "erase-contacts", "--event", slug])
    assert result.exit_code == 0, result.output
    return result


def found_in(blob: bytes | str) -> set[str]:
    if isinstance(blob, bytes):
        return {value for value in VALUES if value.encode() in blob}
    return {value for value in VALUES if value in blob}


def all_rows_text(app) -> str:
    with app.app_context():
        return "\n".join(repr(tuple(row)) + json.dumps([str(v) for v in row], ensure_ascii=False)
                         for table in db.metadata.sorted_tables
                         for row in db.session.execute(select(table)))


def audit_details(app) -> list[tuple[str, dict]]:
    with app.app_context():
        return [(e.action, e.details) for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


# --- the audit log names fields, not values ---------------------------------------------------------

@pytest.mark.both_dbs
def test_audit_entries_record_which_contact_field_changed_not_its_value(app, forum, backend):
    updates = [details for action, details in audit_details(app) if action == "participant.updated"]
    assert len(updates) == 3  # the two edits of Andi, Budi's re-import
    last_edit = updates[1]["changes"]
    assert {"email", "phone", "nip", "notes"} <= set(last_edit)
    assert last_edit["email"] == last_edit["nip"] == "changed"
    assert last_edit["position"] == ["Analis", "Kepala Bidang"]  # not a contact: old and new as before
    assert updates[2]["changes"]["phone"] == "changed"
    assert found_in(json.dumps(audit_details(app), ensure_ascii=False)) == set()


def test_the_audit_csv_before_erasure_holds_no_contact_value_of_an_edit(app, client, login_as, forum):
    login_as("organiser")
    audit_csv = client.get(f"/admin/{forum['slug']}/audit.csv").get_data(as_text=True)
    assert "Email: changed" in audit_csv
    assert found_in(audit_csv) == set()


# --- after the erasure: the database ------------------------------------------------------------------

def add_entry_written_before_the_fix(app, slug):
    """An audit entry as Forum wrote them before: the old and new values of a contact change, and a
    phone number in a free-text detail. The ORM refuses to touch such rows; the erasure must scrub them."""
    with app.app_context():
        event = events.get_event(slug)
        andi = db.session.scalar(select(Participant).where(Participant.name == "Andi Wijaya"))
        db.session.execute(insert(AuditEntry.__table__).values(
            action="participant.updated", event_id=event.id, actor_label="Panitia", target_type="Participant",
            target_id=andi.id, details={"changes": {"email": ["andi.lama@pupr.example.id", "andi.baru@pupr.example.id"],
                                                    "phone": ["+6281234567890", "+6281355550001"],
                                                    "name": ["Andi", "Andi Wijaya"]}}))
        db.session.execute(insert(AuditEntry.__table__).values(
            action="checkin.created", event_id=event.id, actor_label="Meja", target_type="Participant",
            target_id=andi.id, details={"desk": "HP panitia 0813-5555-0001 / 198001012005011077"}))
        db.session.commit()


@pytest.mark.both_dbs
def test_after_erasure_no_row_of_any_table_holds_a_contact_value(app, runner, forum, backend):
    add_entry_written_before_the_fix(app, forum["slug"])
    assert found_in(all_rows_text(app))  # the fixture really put them there
    erase(runner, forum["slug"])
    assert found_in(all_rows_text(app)) == set()
    scrubbed = [d for action, d in audit_details(app) if action == "participant.updated"]
    assert scrubbed[-1]["changes"]["name"] == ["Andi", "Andi Wijaya"]  # what is not a contact stays
    assert scrubbed[-1]["changes"]["email"] == "erased"
    desk = next(d["desk"] for action, d in audit_details(app) if action == "checkin.created")
    assert desk.startswith("HP panitia ") and "erased" in desk


def test_after_erasure_the_sqlite_files_hold_no_contact_value_in_their_bytes(app, runner, forum, tmp_path):
    add_entry_written_before_the_fix(app, forum["slug"])
    database = tmp_path / "forum.db"
    files = [database, database.with_name("forum.db-wal"), database.with_name("forum.db-shm")]
    assert found_in(b"".join(f.read_bytes() for f in files if f.exists()))
    erase(runner, forum["slug"])
    for path in files:
        if path.exists():
            assert found_in(path.read_bytes()) == set(), path.name


# --- after the erasure: exports and backups -----------------------------------------------------------

def document_text(fmt: str, data: bytes) -> str:
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if fmt == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8-sig")


def test_exports_made_after_erasure_hold_no_contact_value(app, client, runner, login_as, forum):
    add_entry_written_before_the_fix(app, forum["slug"])
    erase(runner, forum["slug"])
    login_as("organiser")
    slug = forum["slug"]
    urls = [f"/events/{slug}/exports/attendance.{fmt}?internal=1" for fmt in ("csv", "xlsx", "pdf")]
    urls += [f"/events/{slug}/exports/inputs.{fmt}" for fmt in ("csv", "xlsx")]
    urls += [f"/admin/{slug}/audit.csv", "/admin/audit.csv"]
    admin = app.test_client()
    login(admin, app, "admin")
    for url in urls:
        response = (admin if url == "/admin/audit.csv" else client).get(url)
        assert response.status_code == 200, url
        fmt = url.split("?")[0].rsplit(".", 1)[1]
        body = document_text(fmt, response.data)
        assert "Andi Wijaya" in body or "inputs" in url or "audit" in url
        assert found_in(body) == set(), url


def backup_contents(archive_path: Path, backend: str) -> bytes:
    out = []
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            data = archive.extractfile(member).read()
            if member.name.endswith(".pgdump"):  # custom format compresses the data: read it back as SQL
                dump = archive_path.with_name("dump.pgdump")
                dump.write_bytes(data)
                data = subprocess.run(["pg_restore", "--file", "-", str(dump)], capture_output=True, check=True,
                                      timeout=120).stdout
            out.append(data)
    return b"\n".join(out)


@pytest.mark.both_dbs
def test_a_backup_made_after_erasure_holds_no_contact_value(app, runner, forum, tmp_path, backend):
    add_entry_written_before_the_fix(app, forum["slug"])
    before = tmp_path / "before.tar.gz"
    assert runner.invoke(args=["forum", "backup", "--out", str(before)]).exit_code == 0
    assert found_in(backup_contents(before, backend))
    erase(runner, forum["slug"])
    after = tmp_path / "after.tar.gz"
    result = runner.invoke(args=["forum", "backup", "--out", str(after)])
    assert result.exit_code == 0, result.output
    contents = backup_contents(after, backend)
    assert b"Andi Wijaya" in contents
    assert found_in(contents) == set()


def test_erasure_drops_the_forums_invitation_uploads_waiting_for_confirmation(app, client, login_as, runner, forum):
    login_as("organiser")
    content = b"Nama;Instansi;Surel\r\nAndi Wijaya;Dinas PUPR;andi.baru@pupr.example.id\r\n"
    preview = client.post(f"/admin/{forum['slug']}/import", data={"file": (io.BytesIO(content), "u.csv")},
                          content_type="multipart/form-data")
    assert preview.status_code == 200
    pending = Path(app.instance_path) / "imports"
    assert any(found_in(p.read_bytes()) for p in pending.glob("*.json"))
    erase(runner, forum["slug"])
    assert not any(found_in(p.read_bytes()) for p in pending.glob("*.json"))


# --- the data migration for entries written before this fix ---------------------------------------------

def migration():
    path = ROOT / "migrations" / "versions" / "0006_audit_without_contacts.py"
    spec = importlib.util.spec_from_file_location("migration_0006", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_replaces_contact_values_in_old_entries_with_a_marker():
    redact = migration().redacted_details
    old = {"changes": {"email": ["a@b.id", "c@d.id"], "phone": [None, "+6281234567890"], "nip": ["1", "2"],
                       "notes": ["x", "y"], "name": ["Andi", "Andi W"]}}
    assert redact("participant.updated", old) == {"changes": {
        "email": "changed", "phone": "changed", "nip": "changed", "notes": "changed", "name": ["Andi", "Andi W"]}}
    assert redact("participant.updated", {"changes": {"name": ["A", "B"]}}) is None  # nothing to change
    assert redact("participant.updated", {"changes": {"email": "changed"}}) is None  # already redacted
    assert redact("checkin.created", {"desk": "Meja 1"}) is None


def test_the_migration_rewrites_only_entries_that_hold_contact_values(app, make):
    slug = make.event()
    with app.app_context():
        event = events.get_event(slug)
        for details in ({"changes": {"email": ["a@b.id", "c@d.id"], "role": ["participant", "speaker"]}},
                        {"changes": {"role": ["participant", "speaker"]}}):
            db.session.execute(insert(AuditEntry.__table__).values(
                action="participant.updated", event_id=event.id, actor_label="x", details=details))
        db.session.commit()
        with db.engine.begin() as connection:
            assert migration().redact_table(connection) == 1
        rows = [json.loads(d) if isinstance(d, str) else d
                for d in db.session.execute(text("SELECT details FROM audit_log ORDER BY id")).scalars()]
    assert rows == [{"changes": {"email": "changed", "role": ["participant", "speaker"]}},
                    {"changes": {"role": ["participant", "speaker"]}}]


def test_upgrading_to_0006_redacts_the_entries_of_an_existing_database(app, runner):
    from flask_migrate import upgrade

    with app.app_context():
        db.drop_all()
        upgrade(revision="0005")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO audit_log (at, action, actor_label, target_type, details) VALUES "
                "('2021-02-25 01:00:00', 'participant.updated', 'Panitia', 'Participant', :details)"),
                {"details": json.dumps({"changes": {"phone": ["+6281234567890", "+6281355550001"],
                                                   "position": ["Analis", "Kepala Bidang"]}})})
    result = runner.invoke(args=["forum", "init"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        details = db.session.scalar(select(AuditEntry.details))
    assert details == {"changes": {"phone": "changed", "position": ["Analis", "Kepala Bidang"]}}


def test_contact_values_are_found_in_free_text_however_they_were_typed():
    from forum.services.audit import _key, _redact_text

    keys = {_key(v) for v in ("+6281355550001", "andi.baru@pupr.example.id", "198001012005011077",
                              "081234567890@wa.example.id")}
    assert _redact_text("HP 0813 5555 0001, surel ANDI.BARU@pupr.example.id. NIP 198001012005011077 / 2021-02-25",
                        keys) == "HP erased, surel erased. NIP erased / 2021-02-25"
    assert _redact_text("wa +62 813-5555-0001 atau 62813.5555.0001", keys) == "wa erased atau erased"
    assert _redact_text("081234567890@wa.example.id", keys) == "erased"  # the email, not its digits
    assert _redact_text("Meja 1, 08.00-16.00, 0813 5555 0002", keys) == "Meja 1, 08.00-16.00, 0813 5555 0002"
