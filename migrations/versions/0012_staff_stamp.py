"""staff stamp: one counter moved on by every change to staff accounts, roles and tokens

Each serving process keeps the staff user behind an API token while the counter is unchanged
(forum/services/accounts.py), so that a revoked token or a changed role takes effect at once everywhere.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 11:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('staff_stamp',
                            sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
                            sa.Column('value', sa.Integer(), nullable=False),
                            sa.PrimaryKeyConstraint('id'))
    op.bulk_insert(table, [{'id': 1, 'value': 0}])


def downgrade():
    op.drop_table('staff_stamp')
