"""plans as data: plan items, reference codes, decisions with history

Plan rows (the agencies' draft Renja, Musrenbang results, pokir) with their places, history, the nomenclature
reference list per forum, the agencies' indicative ceilings and the flagged overlaps between rows.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reference_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'code', name='uq_reference_code')
    )
    op.create_index(op.f('ix_reference_codes_event_id'), 'reference_codes', ['event_id'], unique=False)
    op.create_table('agency_ceilings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'agency_id', name='uq_agency_ceiling')
    )
    op.create_index(op.f('ix_agency_ceilings_event_id'), 'agency_ceilings', ['event_id'], unique=False)
    op.create_table('plan_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('ref', sa.String(length=100), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('origin_agency_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=60), nullable=False),
    sa.Column('budget', sa.BigInteger(), nullable=True),
    sa.Column('funding_source', sa.String(length=100), nullable=False),
    sa.Column('next_year_target', sa.String(length=200), nullable=False),
    sa.Column('next_year_budget', sa.BigInteger(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('proposer', sa.String(length=200), nullable=False),
    sa.Column('dprd_member', sa.String(length=200), nullable=False),
    sa.Column('electoral_district', sa.String(length=100), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=True),
    sa.Column('match_text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['input_id'], ['inputs.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['plan_items.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['origin_agency_id'], ['agencies.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'source', 'origin_agency_id', 'ref', name='uq_plan_item_ref')
    )
    op.create_index('ix_plan_items_event_agency', 'plan_items', ['event_id', 'agency_id'], unique=False)
    op.create_index(op.f('ix_plan_items_event_id'), 'plan_items', ['event_id'], unique=False)
    op.create_index(op.f('ix_plan_items_status'), 'plan_items', ['status'], unique=False)
    op.create_table('plan_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['plan_items.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_plan_history_item_id'), 'plan_history', ['item_id'], unique=False)
    op.create_table('plan_locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('regency', sa.String(length=100), nullable=False),
    sa.Column('district', sa.String(length=100), nullable=False),
    sa.Column('village', sa.String(length=100), nullable=False),
    sa.Column('area', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['plan_items.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_plan_locations_item_id'), 'plan_locations', ['item_id'], unique=False)
    op.create_index('ix_plan_locations_place', 'plan_locations', ['regency', 'district'], unique=False)
    op.create_table('plan_overlaps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('item_a_id', sa.Integer(), nullable=False),
    sa.Column('item_b_id', sa.Integer(), nullable=True),
    sa.Column('input_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Double(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('dismissed', sa.Boolean(), nullable=False),
    sa.Column('dismissed_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dismissed_by_user_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['input_id'], ['inputs.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_a_id'], ['plan_items.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_b_id'], ['plan_items.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_a_id', 'item_b_id', 'input_id', name='uq_plan_overlap_pair')
    )
    op.create_index(op.f('ix_plan_overlaps_event_id'), 'plan_overlaps', ['event_id'], unique=False)
    op.create_index(op.f('ix_plan_overlaps_input_id'), 'plan_overlaps', ['input_id'], unique=False)
    op.create_index(op.f('ix_plan_overlaps_item_a_id'), 'plan_overlaps', ['item_a_id'], unique=False)
    op.create_index(op.f('ix_plan_overlaps_item_b_id'), 'plan_overlaps', ['item_b_id'], unique=False)


def downgrade():
    for table in ('plan_overlaps', 'plan_locations', 'plan_history', 'plan_items', 'agency_ceilings',
                  'reference_codes'):
        op.drop_table(table)
