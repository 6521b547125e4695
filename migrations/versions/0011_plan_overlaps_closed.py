"""plan overlaps closed by a decision on their row, kept for the berita acara

A pair whose row is deferred, dropped or merged away (or whose proposal is rejected or merged) is no longer
deleted: it is closed (when, and by which decision), so that attachment V lists every decided overlap.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 11:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_overlaps') as batch:
        batch.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('closed_by', sa.String(length=20), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('plan_overlaps') as batch:
        batch.drop_column('closed_by')
        batch.drop_column('closed_at')
