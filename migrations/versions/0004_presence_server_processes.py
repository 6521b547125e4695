"""presence intervals name the process holding the connection; serving processes' heartbeats

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('server_processes',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    # Intervals written before this revision have no process: the first heartbeat sweep closes those
    # still open (forum/lifecycle.py).
    with op.batch_alter_table('online_presence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('server_id', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_online_presence_server_id'), ['server_id'], unique=False)


def downgrade():
    with op.batch_alter_table('online_presence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_online_presence_server_id'))
        batch_op.drop_column('server_id')
    op.drop_table('server_processes')
