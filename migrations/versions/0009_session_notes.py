"""notulen: the note-taker's notes per session, questions with answers, conclusions

(Reserved by the lead for this round's work; the helper who owns it fills in upgrade and downgrade.)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 07:45:00.000000

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
