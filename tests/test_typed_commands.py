"""The three main use cases take a typed command and answer with a machine code (docs/ARCHITECTURE.md):
check-in (`Scan` → `checked_in`, `already_checked_in`, a refusal), registration (`Registration` → `created`,
`flagged`) and input submission (`Submission` → `created`, `replayed`). The web layer builds the command from
the request and gives the code its status (forum/api/answers.py); the state of the forum is judged before the
fields, in the contract's order."""
from __future__ import annotations

import dataclasses

import pytest

from forum.api.answers import RESULT_STATUS
from forum.contract import shapes
from forum.contract.requests import read_registration, read_submission
from forum.errors import DomainError, ValidationFailed
from forum.extensions import db
from forum.models import Agency, Event, Participant, Session
from forum.services import inputs, registration
from forum.services.inputs import SUBMISSION_RESULTS, Submission
from forum.services.registration import REGISTRATION_RESULTS, Registration

PERSON = {"name": "Agus Santoso", "agency": "Dinas PUPR", "position": "Kepala Bidang", "attendance": "in_person",
          "email": "agus@example.id", "consent": True}
PROPOSAL = {"kind": "proposal", "title": "Pembangunan jalan desa Sebunga", "activity": "Pembangunan jalan desa",
            "budget": "1,5 M", "location": {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}}


def names(command) -> set[str]:
    return {field.name for field in dataclasses.fields(command)}


def test_every_field_the_contract_declares_reaches_the_command():
    """A field added to a request's declared shape but not to its command would be dropped without a word."""
    assert set(shapes.Registration.model_fields) <= names(Registration)
    assert set(shapes.InputCreate.model_fields) <= names(Submission)


def test_commands_are_frozen_and_results_have_their_status():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Registration(name="Agus").name = "Budi"
    with pytest.raises(dataclasses.FrozenInstanceError):
        Submission(title="Jalan").client_id = "x"
    assert set(REGISTRATION_RESULTS) | set(SUBMISSION_RESULTS) <= set(RESULT_STATUS)


def test_the_readers_take_the_declared_fields_and_refuse_a_bad_client_id(app):
    command = read_registration({**PERSON, "role": "organiser", "status": "revoked"})
    assert command == Registration(**PERSON)  # what the shape does not declare never reaches the service
    with app.test_request_context():
        for bad in ("", 17, "x" * 65, ["a"]):
            with pytest.raises(ValidationFailed) as refused:
                read_submission({**PROPOSAL, "client_id": bad})
            assert list(refused.value.fields) == ["client_id"]
    assert read_submission({**PROPOSAL, "client_id": "c-1"}).client_id == "c-1"


def test_a_registration_answers_created_or_flagged(app, make):
    slug = make.event()
    with app.app_context():
        event = db.session.query(Event).filter_by(slug=slug).one()
        first = registration.register_self(event, Registration(**PERSON))
        again = registration.register_self(event, Registration(**{**PERSON, "email": "agus.s@example.id"}))
        assert first.result == "created" and first.participant.duplicate_of is None
        assert again.result == "flagged" and again.participant.duplicate_of == first.participant
        with pytest.raises(DomainError) as asked:
            registration.register_self(event, Registration(**{**PERSON, "email": "a3@example.id"}),
                                       ask_if_duplicate=True)
        assert asked.value.code == "likely_duplicate"
        db.session.rollback()


def test_a_submission_answers_created_then_replayed(app, make):
    slug = make.event()
    session_json, _mod = make.live_session(slug)
    person = make.participant(slug, agency="Dinas PUPR")
    with app.app_context():
        event = db.session.query(Event).filter_by(slug=slug).one()
        session = db.session.get(Session, session_json["id"])
        participant = db.session.get(Participant, person["id"])
        first = inputs.submit(event, session, Submission(**PROPOSAL, client_id="c-1"), participant=participant)
        again = inputs.submit(event, session, Submission(**PROPOSAL, client_id="c-1"), participant=participant)
        assert (first.result, again.result) == ("created", "replayed") and first.created and not again.created
        assert again.input.id == first.input.id
        assert first.input.agency == db.session.query(Agency).filter_by(name="Dinas PUPR").one()


def test_the_state_of_the_forum_comes_before_the_fields(client, make, backend):
    """Registration closed, input closed: 409, whatever the fields; a replayed `client_id` answers as the
    first time did, even once input is closed."""
    slug = make.event(registration_open=False)
    closed = client.post(f"/api/v1/events/{slug}/registrations", json={"name": 7, "attendance": "by pigeon"})
    assert closed.status_code == 409 and closed.json["error"]["code"] == "registration_closed"

    session, mod = make.live_session(slug)
    person = make.participant(slug)
    url = f"/api/v1/events/{slug}/sessions/{session['id']}/inputs"
    bearer = {"Authorization": f"Bearer {person['access_token']}"}
    first = client.post(url, json={**PROPOSAL, "client_id": "c-9"}, headers=bearer)
    assert first.status_code == 201
    client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/state", json={"input_open": False}, headers=mod)
    replayed = client.post(url, json={**PROPOSAL, "client_id": "c-9"}, headers=bearer)
    assert replayed.status_code == 201 and replayed.json == first.json
    refused = client.post(url, json={"kind": "poem", "title": 7, "client_id": "c-10"}, headers=bearer)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "input_closed"
    unreadable = client.post(url, json={"kind": "poem", "client_id": 12}, headers=bearer)
    assert unreadable.status_code == 422 and list(unreadable.json["error"]["fields"]) == ["client_id"]
