"""plans as data: plan items, reference codes, decisions with history

(Reserved by the lead for this round's work; the helper who owns it fills in upgrade and downgrade.)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:45:00.000000

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
