"""audit entries written before this revision lose the contact values of their change records

Forum used to record an organiser's edit of a participant's email, phone, NIP or notes as the old and the
new value; it now records only that the field changed (forum/services/audit.py). This replaces the values
in existing entries with the same marker, "changed", so that the log holds no contact details. Nothing else
in an entry changes. There is no downgrade of the data: the values are gone on purpose.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 05:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# As in forum/services/audit.py at this revision (a migration keeps its own copy: the app may change later).
CONTACT_FIELDS = ("email", "phone", "nip", "notes")
MARKERS = ("changed", "erased")

audit_log = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("action", sa.String),
                     sa.column("details", sa.JSON))


def redacted_details(action, details):
    """The entry's details without contact values, or None when there is nothing to replace."""
    if not action.startswith("participant.") or not isinstance(details, dict):
        return None
    changes = details.get("changes")
    if not isinstance(changes, dict):
        return None
    found = [name for name in CONTACT_FIELDS if name in changes and changes[name] not in MARKERS]
    if not found:
        return None
    return {**details, "changes": {k: ("changed" if k in found else v) for k, v in changes.items()}}


def redact_table(connection) -> int:
    """Rewrites, by id, the entries that hold contact values; returns how many."""
    rows = connection.execute(sa.select(audit_log.c.id, audit_log.c.action, audit_log.c.details)
                              .where(audit_log.c.action.like("participant.%"))).all()
    changed = 0
    for row in rows:
        details = redacted_details(row.action, row.details)
        if details is not None:
            connection.execute(audit_log.update().where(audit_log.c.id == row.id).values(details=details))
            changed += 1
    return changed


def upgrade():
    redact_table(op.get_bind())


def downgrade():
    pass  # the contact values are not restored: removing them was the point
