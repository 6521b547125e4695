"""a plan row's problem (a Musrenbang or pokir export's "Permasalahan"), read by the overlap detector

Rows imported before have none (empty); their signatures stay as they are, since a row without a problem is read
the same as before.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 01:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_items') as batch:
        batch.add_column(sa.Column('problem', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('plan_items') as batch:
        batch.drop_column('problem')
