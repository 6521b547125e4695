"""the overlap detector's place of a proposal: its location, or the place its texts name when it has none

A proposal sent without a location ("Pembangunan jembatan gantung Desa Sebunga Kecamatan Sajingan Besar") is
compared at the one place its texts name; the location the agency sent stays as sent (empty). The detector's place
is kept in three columns of its own, which the overlap query blocks on. Existing proposals with a location get it
copied; those without one are read when the detector next reads them (their signature is emptied here, so it is
written again with the place: services/overlap_signatures.py), meanwhile they have no place, as before.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 22:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

COLUMNS = ('place_regency', 'place_district', 'place_village')


def upgrade():
    with op.batch_alter_table('inputs') as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=100), server_default='', nullable=False))
    op.execute("UPDATE inputs SET place_regency = regency, place_district = district, place_village = village "
               "WHERE regency <> ''")
    op.execute("UPDATE inputs SET match_text = '' WHERE regency = '' AND kind = 'proposal'")


def downgrade():
    with op.batch_alter_table('inputs') as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
