"""The domain's conditions live on the model, and read the same in Python and in SQL; status columns
hold their enums."""
import pytest
from sqlalchemy import select, text

from forum.extensions import db
from forum.models import Event, Input, InputKind, InputStatus, Participant, ParticipantStatus, Session, SessionState
from forum.services import events

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(make, backend):
    slug = make.event()
    people = {status: make.participant(slug) for status in ParticipantStatus}
    with make.app.app_context():
        for status, person in people.items():
            db.session.get(Participant, person["id"]).status = status
        db.session.commit()
    return {"slug": slug, "people": people}


def test_an_active_registration_is_a_registered_one(app, forum):
    with app.app_context():
        people = {p.status: p for p in db.session.scalars(select(Participant))}
        assert {status: p.is_active for status, p in people.items()} == {
            ParticipantStatus.registered: True, ParticipantStatus.cancelled: False, ParticipantStatus.revoked: False}


def test_the_database_finds_the_same_active_registrations(app, forum):
    with app.app_context():
        event = events.get_event(forum["slug"])
        in_sql = set(db.session.scalars(select(Participant.id).where(Participant.active_in(event))))
        in_python = {p.id for p in db.session.scalars(select(Participant)) if p.is_active}
        assert in_sql == in_python == {forum["people"][ParticipantStatus.registered]["id"]}


def test_status_columns_read_as_their_enums_and_are_stored_as_plain_strings(app, forum):
    with app.app_context():
        person = db.session.get(Participant, forum["people"][ParticipantStatus.revoked]["id"])
        assert person.status is ParticipantStatus.revoked and person.status == "revoked"
        stored = db.session.scalar(text("SELECT status FROM participants WHERE id = :id"), {"id": person.id})
        assert type(stored) is str and stored == "revoked"


def test_a_value_outside_the_enum_never_reaches_the_database(app, forum):
    with app.app_context():
        db.session.get(Participant, forum["people"][ParticipantStatus.registered]["id"]).status = "archived"
        with pytest.raises(Exception, match="archived"):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize("status, pinned, public", [
    (InputStatus.accepted, False, True), (InputStatus.submitted, True, True), (InputStatus.rejected, True, True),
    (InputStatus.submitted, False, False), (InputStatus.discussed, False, False), (InputStatus.merged, False, False),
])
def test_a_public_input_is_accepted_or_pinned_in_python_and_in_sql(app, forum, status, pinned, public):
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == forum["slug"]))
        session = Session(event_id=event.id, title="Pembukaan", starts_at=event.starts_at, ends_at=event.ends_at)
        db.session.add(session)
        db.session.flush()
        item = Input(event_id=event.id, session_id=session.id, kind=InputKind.question, title="Kapan?",
                     status=status, pinned=pinned)
        db.session.add(item)
        db.session.commit()
        assert session.state is SessionState.scheduled
        assert item.is_public is public
        assert (db.session.scalar(select(Input.id).where(Input.is_public)) == item.id) is public


def test_a_plan_row_counts_toward_its_ceiling_and_is_compared_unless_it_left_the_table(app, forum):
    """Dropped, deferred and merged rows ask for no money and are no longer compared for overlaps; a moved row still
    counts (for the agency it moved to) — the same answer in Python and in SQL, on both databases."""
    from forum.models.plans import PlanItem, PlanSource, PlanStatus

    with app.app_context():
        event = events.get_event(forum["slug"])
        rows = {status: PlanItem(event_id=event.id, source=PlanSource.renja, ref=status.value, name="Jalan desa",
                                 status=status, budget=100) for status in PlanStatus}
        db.session.add_all(rows.values())
        db.session.commit()
        counted = {status for status, row in rows.items() if row.counts_toward_ceiling}
        assert counted == {PlanStatus.draft, PlanStatus.kept, PlanStatus.changed, PlanStatus.moved}
        assert {s for s, row in rows.items() if row.is_live} == counted
        in_sql = set(db.session.scalars(select(PlanItem.status).where(PlanItem.counts_toward_ceiling)))
        assert in_sql == counted
        assert set(db.session.scalars(select(PlanItem.status).where(PlanItem.is_live))) == counted
        ceiling = db.session.scalar(select(db.func.sum(PlanItem.budget)).where(PlanItem.event_id == event.id,
                                                                               PlanItem.counts_toward_ceiling))
        assert ceiling == 400
