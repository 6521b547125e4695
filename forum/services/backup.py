"""Backups: one .tar.gz with the database and the uploaded materials, and its restore.

SQLite is copied with its online backup API (safe while the server runs and writes); PostgreSQL
with `pg_dump --format=custom`. Restoring replaces the database and the uploads with the backup's.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

from forum.db import utcnow
from forum.extensions import db

FORMAT = "forum-backup/1"


class BackupError(RuntimeError):
    pass


def _url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _pg_args(url) -> tuple[list[str], dict]:
    args = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432),
            "--username", url.username or "postgres"]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def create_backup(out: Path) -> dict:
    """Write a backup archive to `out`; returns its manifest."""
    url = _url()
    uploads = Path(current_app.config["FORUM_UPLOAD_DIR"])
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if url.get_backend_name() == "sqlite":
            dump = tmp_path / "database.sqlite"
            source = sqlite3.connect(url.database)
            target = sqlite3.connect(dump)
            try:
                with target:
                    source.backup(target)  # consistent even while the server writes
            finally:
                source.close()
                target.close()
        elif url.get_backend_name() == "postgresql":
            dump = tmp_path / "database.pgdump"
            args, env = _pg_args(url)
            _run(["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(dump), url.database], env)
        else:
            raise BackupError(f"backups of {url.get_backend_name()} databases are not supported")
        manifest = {"format": FORMAT, "created_at": utcnow().isoformat(), "database": url.get_backend_name(),
                    "dump": dump.name, "uploads": sorted(p.name for p in uploads.glob("*") if p.is_file())
                    if uploads.exists() else []}
        (tmp_path / "manifest.json").write_text(json.dumps(manifest, indent=2))
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        # The archive holds every participant's contact details: its owner's alone, whatever the umask.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        os.chmod(partial, 0o600)
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(tmp_path / "manifest.json", arcname="manifest.json")
            archive.add(dump, arcname=dump.name)
            for name in manifest["uploads"]:
                archive.add(uploads / name, arcname=f"uploads/{name}")
        os.replace(partial, out)  # a crash never leaves a half-written backup under the real name
    return manifest


def restore_backup(archive_path: Path) -> dict:
    """Replace the database and the uploads with those of the backup at `archive_path`."""
    url = _url()
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        tmp_path = Path(tmp)
        archive.extractall(tmp_path, filter="data")  # no absolute paths, links or devices
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError("this file is not a Forum backup")
        if manifest["database"] != url.get_backend_name():
            raise BackupError(f"this backup is of a {manifest['database']} database; DATABASE_URL is "
                              f"{url.get_backend_name()}")
        dump = tmp_path / manifest["dump"]
        db.session.remove()
        db.engine.dispose()
        if url.get_backend_name() == "sqlite":
            source = sqlite3.connect(dump)
            target = sqlite3.connect(url.database)
            try:
                with target:
                    source.backup(target)
            finally:
                source.close()
                target.close()
        else:
            args, env = _pg_args(url)
            _run(["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                  "--dbname", url.database, str(dump)], env)
        uploads = Path(current_app.config["FORUM_UPLOAD_DIR"])
        uploads.mkdir(parents=True, exist_ok=True)
        for name in manifest["uploads"]:
            shutil.copy2(tmp_path / "uploads" / name, uploads / name)
            os.chmod(uploads / name, 0o600)  # not the mode it had in the archive
    return manifest
