"""official documents: kop surat per forum, chosen signatories, the chair's NIP

A forum's letterhead (`letterheads`: up to four lines, a logo stored as a checked PNG, and the place where
documents are signed), the signatories
of its minutes of agreement chosen by the organisers (`minutes_signatories`, in order), and the chair's
NIP on the minutes (printed under the chair's name). Existing minutes get an empty NIP.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 07:45:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "letterheads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("logo_png", sa.LargeBinary(), nullable=True),
        sa.Column("logo_sha256", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    op.create_table(
        "minutes_signatories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "participant_id", name="uq_signatory_event_participant"),
    )
    op.create_index("ix_minutes_signatories_event_id", "minutes_signatories", ["event_id"])
    with op.batch_alter_table("minutes") as batch:
        batch.add_column(sa.Column("chair_nip", sa.String(length=18), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("minutes") as batch:
        batch.drop_column("chair_nip")
    op.drop_index("ix_minutes_signatories_event_id", table_name="minutes_signatories")
    op.drop_table("minutes_signatories")
    op.drop_table("letterheads")
