"""one NIP per forum, enforced by the database: a partial unique index on participants (event_id, nip)

Before, only the code refused a second registration with a NIP already in the forum, so two registrations at the
same moment could both land (issue 14); a database upgraded from then may hold several records of one NIP in a
forum. Nothing is dropped or rewritten: in each forum, for each NIP held by more than one record,
- the earliest active record (status `registered`; when none is active, the earliest) keeps the NIP as it was and
  is the one the index protects;
- every other record keeps its NIP too, gets `nip_shared` (left out of the index) and, unless already flagged, is
  flagged as the likely duplicate of that record (`duplicate_of_id`), so that the organisers see it on its page
  with "merge the two records" (a merge keeps the kept record's NIP; the other's history moves to it).
New records never get `nip_shared` (registration, walk-ins, imports and edits refuse a NIP already held, and the
index decides a race); an organiser who writes a new NIP on a flagged record clears it (forum/services/
registration.py). Downgrading drops the index and the column; the flags stay (they are the organisers' list).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 17:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

WHERE = "nip IS NOT NULL AND NOT nip_shared"


# Plain ALTER TABLE on both databases, never batch mode: SQLite's batch rebuilds the table and dropping the old one
# sets every reference to a participant (`represents_id`, `duplicate_of_id`) to NULL through its ON DELETE SET NULL.
def upgrade():
    op.add_column('participants', sa.Column('nip_shared', sa.Boolean(), server_default=sa.false(), nullable=False))
    _flag_shared_nips(op.get_bind())
    op.create_index('uq_participant_event_nip', 'participants', ['event_id', 'nip'], unique=True,
                    sqlite_where=sa.text(WHERE), postgresql_where=sa.text(WHERE))


def _flag_shared_nips(conn) -> None:
    """Every record but one of each (forum, NIP) held twice or more: `nip_shared`, and flagged if not yet."""
    people = sa.table('participants', sa.column('id', sa.Integer), sa.column('event_id', sa.Integer),
                      sa.column('nip', sa.String), sa.column('status', sa.String),
                      sa.column('duplicate_of_id', sa.Integer), sa.column('nip_shared', sa.Boolean))
    shared = (sa.select(people.c.event_id, people.c.nip).where(people.c.nip.is_not(None))
              .group_by(people.c.event_id, people.c.nip).having(sa.func.count() > 1).subquery())
    rows = conn.execute(
        sa.select(people.c.id, people.c.event_id, people.c.nip, people.c.status, people.c.duplicate_of_id)
        .join(shared, sa.and_(people.c.event_id == shared.c.event_id, people.c.nip == shared.c.nip))
        .order_by(people.c.event_id, people.c.nip, people.c.id)).all()
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault((row.event_id, row.nip), []).append(row)
    for group in groups.values():
        holder = next((row for row in group if row.status == 'registered'), group[0])
        for row in group:
            if row is holder:
                continue
            values = {'nip_shared': True}
            if row.duplicate_of_id is None:
                values['duplicate_of_id'] = holder.id
            conn.execute(sa.update(people).where(people.c.id == row.id).values(**values))


def downgrade():
    op.drop_index('uq_participant_event_nip', table_name='participants')
    op.drop_column('participants', 'nip_shared')  # SQLite 3.35 and later drop a column in place
