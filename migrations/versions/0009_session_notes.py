"""notulen: the note-taker's notes per session, questions with answers, conclusions

(Reserved by the lead for this round's work; the helper who owns it fills in upgrade and downgrade.)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 07:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('forum_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('notulis_id', sa.Integer(), nullable=True),
    sa.Column('conclusions', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['notulis_id'], ['participants.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    op.create_table('note_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['participants.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('note_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_entries_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_note_entries_session_id'), ['session_id'], unique=False)

    op.create_table('note_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=True),
    sa.Column('asker_name', sa.String(length=200), nullable=False),
    sa.Column('asker_agency', sa.String(length=200), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_by', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['input_id'], ['inputs.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('input_id')
    )
    with op.batch_alter_table('note_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_questions_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_note_questions_session_id'), ['session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('note_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_questions_session_id'))
        batch_op.drop_index(batch_op.f('ix_note_questions_event_id'))
    op.drop_table('note_questions')
    with op.batch_alter_table('note_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_entries_session_id'))
        batch_op.drop_index(batch_op.f('ix_note_entries_event_id'))
    op.drop_table('note_entries')
    op.drop_table('forum_notes')
