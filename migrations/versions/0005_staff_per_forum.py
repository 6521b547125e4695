"""staff roles per forum; an account's deployment-wide role becomes optional

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 05:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('forum_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'event_id', name='uq_forum_staff_user_event')
    )
    with op.batch_alter_table('forum_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forum_staff_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_forum_staff_user_id'), ['user_id'], unique=False)
    # Every existing account keeps its role, deployment-wide, as before: only new accounts may be
    # scoped to forums (role NULL, their roles in forum_staff).
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=20), nullable=True)


def downgrade():
    # A scoped account has no deployment-wide role to fall back to: it becomes the lowest one.
    op.execute("UPDATE users SET role = 'checkin' WHERE role IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=20), nullable=False)
    with op.batch_alter_table('forum_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forum_staff_user_id'))
        batch_op.drop_index(batch_op.f('ix_forum_staff_event_id'))
    op.drop_table('forum_staff')
