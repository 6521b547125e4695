"""plan overlaps marked the same by a moderator: a plan row and a live proposal linked by hand

A moderator marks a row and a proposal the detector did not flag as the same work (issue 16, "linking two items
by hand"): the pair is stored as any flagged pair, with when and by whom it was linked. The detector keeps such a
pair when it computes the pairs again; the labels export lists it as a moderator's verdict. Nothing is dropped or
rewritten: every stored pair stays the detector's (`linked_at` empty).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 19:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_overlaps') as batch:
        batch.add_column(sa.Column('linked_at', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('linked_by_user_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_plan_overlaps_linked_by_user_id', 'users', ['linked_by_user_id'], ['id'],
                                 ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('plan_overlaps') as batch:
        batch.drop_constraint('fk_plan_overlaps_linked_by_user_id', type_='foreignkey')
        batch.drop_column('linked_by_user_id')
        batch.drop_column('linked_at')
