"""one person is one person: agency aliases and verification, merged participants

(Reserved by the lead for this round's work; the helper who owns it fills in upgrade and downgrade.)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 07:45:00.000000

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
