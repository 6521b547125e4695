"""deputies represent invited participants

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 02:00:07.629756

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode: SQLite cannot add a foreign key in place, so the table is rebuilt (rows, indexes
    # and the partial unique indexes are carried over); PostgreSQL gets a plain ALTER TABLE.
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('represents_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_participants_represents_id', 'participants', ['represents_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint('fk_participants_represents_id', type_='foreignkey')
        batch_op.drop_column('represents_id')
