"""The lookups every input request makes — the participant behind an access token, the forum's session — run
statements kept per process (services/prepared.py, issue 18), and still read their rows each time: a token rotated or
a registration revoked stops working at the next request, a session's change counts at once, another forum's
session is not found."""
import pytest
from sqlalchemy import update

from forum.extensions import db
from forum.models import Input, Participant, ParticipantStatus
from forum.models import Session as AgendaSession
from forum.services import prepared, tickets

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(app, make, backend):
    slug = make.event()
    session, _mod = make.live_session(slug)
    return {"slug": slug, "session": session, "person": make.participant(slug, agency="Dinas PUPR")}


def submit(client, forum, token, session_id=None, **extra):
    return client.post(f"/api/v1/events/{forum['slug']}/sessions/{session_id or forum['session']['id']}/inputs",
                       json={"kind": "proposal", "title": "Pembangunan jalan desa Sebunga", **extra},
                       headers={"Authorization": f"Bearer {token}"})


def change(app, model, row_id, **values) -> None:
    with app.app_context():
        db.session.execute(update(model).where(model.id == row_id).values(**values))
        db.session.commit()


def test_the_lookups_of_a_submission_are_kept_statements(client, forum):
    assert submit(client, forum, forum["person"]["access_token"]).status_code == 201
    kept = prepared._KEPT
    assert "participant by access token" in kept and "session of a forum" in kept
    first = (kept["participant by access token"], kept["session of a forum"])
    assert submit(client, forum, forum["person"]["access_token"]).status_code == 201
    assert (kept["participant by access token"], kept["session of a forum"]) == first


def test_a_rotated_access_token_stops_working_at_the_next_request(app, client, forum):
    old = forum["person"]["access_token"]
    assert submit(client, forum, old).status_code == 201
    new = tickets.new_access_token()
    change(app, Participant, forum["person"]["id"], access_token=new)
    refused = submit(client, forum, old)
    assert refused.status_code == 401 and refused.json["error"]["code"] == "invalid_token"
    assert submit(client, forum, new).status_code == 201


def test_a_revoked_registration_stops_submitting_at_the_next_request(app, client, forum):
    token = forum["person"]["access_token"]
    assert submit(client, forum, token).status_code == 201
    change(app, Participant, forum["person"]["id"], status=ParticipantStatus.revoked)
    assert submit(client, forum, token).status_code == 401


def test_a_session_closed_for_input_refuses_at_the_next_request(app, client, forum):
    token = forum["person"]["access_token"]
    assert submit(client, forum, token).status_code == 201
    change(app, AgendaSession, forum["session"]["id"], input_open=False)
    closed = submit(client, forum, token)
    assert closed.status_code == 409 and closed.json["error"]["code"] == "input_closed"


def test_another_forums_session_or_no_session_id_is_not_found(client, make, forum):
    other, _mod = make.live_session(make.event())
    token = forum["person"]["access_token"]
    for session_id in (other["id"], 2**31):
        missing = submit(client, forum, token, session_id=session_id)
        assert missing.status_code == 404 and missing.json["error"]["code"] == "session_not_found"


def test_a_submission_without_client_id_is_one_input_and_with_one_is_kept_once(app, client, forum):
    token = forum["person"]["access_token"]
    assert submit(client, forum, token).status_code == 201
    assert submit(client, forum, token).status_code == 201
    first = submit(client, forum, token, client_id="once")
    assert first.status_code == 201 and submit(client, forum, token, client_id="once").json["id"] == first.json["id"]
    with app.app_context():
        assert db.session.query(Input).filter_by(participant_id=forum["person"]["id"]).count() == 3
