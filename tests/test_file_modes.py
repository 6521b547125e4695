"""At rest (issue 12, point 10): what Forum writes to disk — the instance folder, the SQLite file and the
WAL and shared-memory files SQLite makes beside it, uploaded materials, invitation uploads awaiting
confirmation, the generated secret key and `forum backup` archives — is readable by the service's user only."""
import io
import os
import stat
from pathlib import Path

import pytest

from forum import create_app
from forum.extensions import db

PDF = b"%PDF-1.4\n%file modes\n%%EOF\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def world_readable_umask():
    """The usual umask of a service (022): without Forum's own care its files would be world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def instance_app(tmp_path, world_readable_umask):
    """An app whose SQLite file lives in its instance folder, as in production, with no SECRET_KEY given."""
    instance = tmp_path / "instance"
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(instance), "SECRET_KEY": None,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'forum.db'}", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "FORUM_UPLOAD_DIR": str(instance / "uploads"),
                      "SERVER_NAME": "forum.test", "BABEL_DEFAULT_LOCALE": "en",
                      "FORUM_PASSWORD_HASH": "pbkdf2:sha256:1000"})
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_database_its_wal_and_the_instance_folder_are_private(instance_app, world_readable_umask):
    from tests.conftest import Factory

    make = Factory(instance_app)
    slug = make.event()
    make.participant(slug, phone="081234567890")  # a real write: SQLite has made its -wal and -shm files
    instance = Path(instance_app.instance_path)
    assert mode(instance) == 0o700
    for name in ("forum.db", "forum.db-wal", "forum.db-shm", "secret_key"):
        assert (instance / name).exists(), name
        assert mode(instance / name) == 0o600, name


def test_uploads_pending_imports_and_backups_are_private(instance_app, tmp_path, world_readable_umask):
    from tests.conftest import Factory, login

    make = Factory(instance_app)
    slug = make.event()
    client = instance_app.test_client()
    moderator = make.headers("moderator")
    session = client.post(f"/api/v1/events/{slug}/sessions", headers=make.headers("organiser"),
                          json={"title": "Diskusi", "starts_at": "2021-02-25T13:00", "ends_at": "2021-02-25T15:00"})
    upload = client.post(f"/api/v1/events/{slug}/sessions/{session.json['id']}/materials", headers=moderator,
                         data={"file": (io.BytesIO(PDF), "paparan.pdf")}, content_type="multipart/form-data")
    assert upload.status_code == 201, upload.json
    uploads = Path(instance_app.config["FORUM_UPLOAD_DIR"])
    assert mode(uploads) == 0o700
    stored = [p for p in uploads.iterdir() if p.is_file()]
    assert stored and all(mode(p) == 0o600 for p in stored)

    login(client, instance_app, "organiser")
    preview = client.post(f"/admin/{slug}/import", data={"file": (io.BytesIO(b"Nama;Instansi\nBudi;Bappeda\n"),
                                                                 "u.csv")}, content_type="multipart/form-data")
    assert preview.status_code == 200
    pending = Path(instance_app.instance_path) / "imports"
    assert mode(pending) == 0o700 and all(mode(p) == 0o600 for p in pending.glob("*.json"))

    archive = tmp_path / "backups" / "forum.tar.gz"
    result = instance_app.test_cli_runner().invoke(args=["forum", "backup", "--out", str(archive)])
    assert result.exit_code == 0, result.output
    assert mode(archive) == 0o600


def test_an_existing_world_readable_installation_is_tightened_at_start(tmp_path, world_readable_umask):
    instance = tmp_path / "instance"
    (instance / "uploads").mkdir(parents=True)
    os.chmod(instance, 0o755)
    database = instance / "forum.db"
    database.write_bytes(b"")
    material = instance / "uploads" / "old.pdf"
    material.write_bytes(PDF)
    for path in (database, material):
        os.chmod(path, 0o644)
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(instance), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                      "FORUM_UPLOAD_DIR": str(instance / "uploads")})
    with app.app_context():
        db.engine.dispose()
    assert mode(instance) == 0o700 and mode(instance / "uploads") == 0o700
    assert mode(database) == 0o600 and mode(material) == 0o600
