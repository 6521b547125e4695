"""The agenda's commands, read the same for the API and the control panel, and a forum's record found by the id
a request named."""
import pytest
from sqlalchemy import select

from forum.contract.requests import read_delay, read_state_change
from forum.errors import NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Agency, Event
from forum.services.agenda import Delay, StateChange, get_session
from forum.services.records import one_of_forum


def test_a_state_change_names_a_state_or_the_input_or_both():
    assert read_state_change({"state": "live"}) == StateChange(state="live")
    assert read_state_change({"input_open": False}) == StateChange(input_open=False)
    with pytest.raises(ValidationFailed) as refused:
        read_state_change({})
    assert set(refused.value.fields) == {"state"}


@pytest.mark.parametrize("body, field", [({"state": None}, "state"), ({"state": "live", "input_open": None},
                                                                        "input_open")])
def test_null_is_no_state_change(body, field):
    with pytest.raises(ValidationFailed) as refused:
        read_state_change(body)
    assert set(refused.value.fields) == {field}


def test_a_delay_carries_its_values_as_sent():
    assert read_delay({"minutes": "15", "session_id": 3}) == Delay(minutes="15", session_id=3)


def forum_named(slug):
    return db.session.scalar(select(Event).where(Event.slug == slug))


@pytest.mark.both_dbs
@pytest.mark.parametrize("record_id", [True, "1", 0, -1, 2**31, 1.0, None])
def test_an_id_that_is_no_id_names_no_record(app, make, backend, record_id):
    slug = make.event()
    with app.test_request_context():
        with pytest.raises(NotFound) as missing:
            get_session(forum_named(slug), record_id)
        assert missing.value.code == "session_not_found"


@pytest.mark.both_dbs
def test_another_forums_record_is_not_found(app, make, backend):
    mine, theirs = make.event(), make.event()
    with app.test_request_context():
        agency = Agency(event_id=forum_named(theirs).id, name="Dinas Kesehatan")
        db.session.add(agency)
        db.session.flush()
        assert one_of_forum(Agency, forum_named(theirs), agency.id, NotFound("agency_not_found", "no")) is agency
        with pytest.raises(NotFound):
            one_of_forum(Agency, forum_named(mine), agency.id, NotFound("agency_not_found", "no"))
