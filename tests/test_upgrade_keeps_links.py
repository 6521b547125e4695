"""Upgrades (and downgrades) keep every row and every link: on SQLite a migration that rebuilds a table (Alembic's
batch mode: a new table, the rows copied, the old one dropped) must not let the drop act on the links to that
table (with foreign keys on, SQLite's DROP TABLE deletes the rows first: ON DELETE CASCADE takes the children
with it, SET NULL forgets the links)."""
import pytest
from sqlalchemy import select, text

from forum.extensions import db
from forum.models import Participant


@pytest.mark.parametrize("revision", ["0006", "0001"])
def test_a_round_trip_through_old_revisions_keeps_check_ins_and_deputies(app, make, revision):
    from flask_migrate import downgrade, upgrade

    with app.app_context():  # the schema as migrations make it (the test database's is made from the models)
        db.drop_all()
        upgrade()
    slug = make.event()
    chief = make.participant(slug)
    deputy = make.participant(slug)
    client = app.test_client()
    answer = client.post(f"/api/v1/events/{slug}/checkins", headers=make.headers("checkin"),
                         json={"code": chief["checkin_code"], "desk": "Meja 1"})
    assert answer.status_code == 201, answer.data
    with app.app_context():
        db.session.execute(text("UPDATE participants SET represents_id = :c WHERE id = :d"),
                           {"c": chief["id"], "d": deputy["id"]})
        db.session.commit()
        before = {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in ("participants", "checkins")}
        db.session.remove()
        downgrade(revision=revision)
        upgrade()
        after = {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in ("participants", "checkins")}
        represents = db.session.scalar(select(Participant.represents_id).where(Participant.id == deputy["id"]))
    assert after == before
    # (below 0002 there are no deputies: the link goes with its column)
    assert represents == (chief["id"] if revision >= "0002" else None)
