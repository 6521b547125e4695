"""A database's state taken once and given back to each test that starts from it (suite speed only).

The fuzzers start every operation from the same seeded forum; building it through the API costs far more than
the operation itself. The first test of a worker builds it as before, on its own app, and takes a snapshot; each
later test gets its own copy in its own fresh database (the `app` fixture's): every table's rows, the sequences'
positions (PostgreSQL) and the files of the instance and upload folders. What a test changes stays in its copy."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from forum.extensions import db


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, list[dict]]  # table name -> rows, as the table's columns read them
    sequences: list[tuple[str, int, bool]]  # PostgreSQL: (sequence, last_value, is_called)
    folders: dict[str, Path]  # config key of a folder -> a copy of its files

    @classmethod
    def take(cls, app, keep: Path) -> Snapshot:
        """The state of `app`'s database and folders now; the folders' files are copied under `keep`."""
        with app.app_context(), db.engine.connect() as conn:
            # in the order of their keys (as they were written), not PostgreSQL's order on disk, which an update changes
            rows = {table.name: [dict(row) for row in conn.execute(
                        table.select().order_by(*table.primary_key.columns)).mappings()]
                    for table in db.metadata.sorted_tables}
            sequences = []
            if conn.dialect.name == "postgresql":
                # a sequence never used has no last value: it starts again at its start value
                sequences = [(name, value, called) for name, value, called in conn.execute(text(
                    "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), "
                    "coalesce(last_value, start_value), last_value IS NOT NULL FROM pg_sequences"))]
        folders = {}
        for key in ("INSTANCE_PATH", "FORUM_UPLOAD_DIR"):
            folders[key] = keep / key.lower()
            shutil.copytree(app.config[key], folders[key])
        return cls(rows, sequences, folders)

    def restore(self, app) -> None:
        """Puts the state back into `app`'s database, which must be empty (a fresh `app` fixture's)."""
        for key, copy in self.folders.items():
            shutil.copytree(copy, app.config[key], dirs_exist_ok=True)
        with app.app_context(), db.engine.begin() as conn:
            # the rows are a consistent whole: references are checked at the end (SQLite) or were (PostgreSQL)
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET LOCAL session_replication_role = replica"))
            else:
                conn.execute(text("PRAGMA defer_foreign_keys = ON"))
            for table in db.metadata.sorted_tables:
                if self.rows[table.name]:
                    conn.execute(table.insert(), self.rows[table.name])
            for name, value, called in self.sequences:
                conn.execute(text("SELECT setval(:name, :value, :called)"),
                             {"name": name, "value": value, "called": called})
