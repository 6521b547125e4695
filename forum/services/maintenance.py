"""Database upgrades (and, later, backups)."""
from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import inspect

from forum.extensions import db


def current_revision() -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def upgrade_database() -> tuple[str | None, str | None]:
    """Bring the schema to the newest migration; returns (revision before, revision after)."""
    before = current_revision()
    upgrade()
    return before, current_revision()
