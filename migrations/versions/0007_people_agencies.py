"""one person is one person: agency aliases and verification, merged participants

Agencies get aliases (another name people write for them) and a `verified` flag: an agency created on the
fly from a name nobody matched is unverified until an organiser maps or confirms it; every existing agency
is verified. A participant may be flagged as the likely duplicate of another (`duplicate_of_id`).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 07:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table(
        'agency_aliases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('event_id', 'key', name='uq_agency_alias_event_key'),
    )
    with op.batch_alter_table('agency_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_aliases_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agency_aliases_event_id'), ['event_id'], unique=False)
    # Batch mode: SQLite cannot add a foreign key in place (the table is rebuilt, its partial unique
    # indexes carried over); PostgreSQL gets a plain ALTER TABLE.
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_participants_duplicate_of_id', 'participants', ['duplicate_of_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint('fk_participants_duplicate_of_id', type_='foreignkey')
        batch_op.drop_column('duplicate_of_id')
    with op.batch_alter_table('agency_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_aliases_event_id'))
        batch_op.drop_index(batch_op.f('ix_agency_aliases_agency_id'))
    op.drop_table('agency_aliases')
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_column('verified')
