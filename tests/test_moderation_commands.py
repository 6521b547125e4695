"""A moderator's decision is a typed command (`Moderation`): read once from the API's body, built by the board's
forms, handed to the same action. A field left out is `UNSET`, apart from null; what the history and the audit
log record is the same whichever page sent the decision."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from forum.contract.requests import read_moderation
from forum.errors import NotFound, ValidationFailed
from forum.extensions import db
from forum.models import AuditEntry, Event, Input
from forum.services import inputs
from forum.services.commands import UNSET
from forum.services.inputs import Moderation


def test_the_reader_keeps_what_was_sent_apart_from_what_was_not(app):
    command = read_moderation({"note": None, "pinned": True, "status": "accepted", "role": "admin"})
    assert command == Moderation(status="accepted", note=None, pinned=True)
    assert command.merged_into is UNSET and command.changes is UNSET
    assert command.sent() == ["status", "note", "pinned"]  # the command's order; unknown keys never reach it
    assert read_moderation({}).sent() == []
    with app.test_request_context(), pytest.raises(ValidationFailed) as refused:
        read_moderation({"status": None, "note": "x"})
    assert list(refused.value.fields) == ["status"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        command.status = "rejected"


@pytest.fixture
def proposals(client, make):
    slug = make.event()
    session, mod = make.live_session(slug)
    person = make.participant(slug, agency="Dinas PUPR")
    url = f"/api/v1/events/{slug}/sessions/{session['id']}/inputs"
    bearer = {"Authorization": f"Bearer {person['access_token']}"}
    ids = [client.post(url, json={"kind": "proposal", "title": title}, headers=bearer).json["id"]
           for title in ("Jalan desa Sebunga", "Irigasi Sajingan")]
    return slug, ids, mod


def test_an_id_that_is_no_id_names_no_input(app, proposals):
    slug, (first, _second), _mod = proposals
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        assert first == 1, "the first input of a fresh database, which `True` would have named"
        assert inputs.get_input(event, first).id == first
        for no_id in (True, "1", 1.0, None, 0, 2**31):
            with pytest.raises(NotFound):
                inputs.get_input(event, no_id)


def test_merging_into_true_is_refused_not_read_as_input_1(client, proposals):
    slug, (first, second), mod = proposals
    answer = client.patch(f"/api/v1/events/{slug}/inputs/{second}", json={"status": "merged", "merged_into": True},
                          headers=mod)
    assert answer.status_code == 422 and answer.json["error"]["code"] == "invalid"
    assert list(answer.json["error"]["fields"]) == ["merged_into"]
    assert client.get(f"/api/v1/events/{slug}/inputs/{second}", headers=mod).json["status"] == "submitted"
    assert first == 1


def _moderated(app, input_id) -> list[tuple[str, dict]]:
    with app.app_context():
        return [(e.action, e.details) for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.target_type == "Input", AuditEntry.target_id == input_id)
            .order_by(AuditEntry.id))]


def test_the_api_and_the_board_write_the_same_history_and_audit(app, client, login_as, proposals):
    slug, (by_api, by_board), mod = proposals
    assert client.patch(f"/api/v1/events/{slug}/inputs/{by_api}", json={"status": "rejected", "note": "Ganda"},
                        headers=mod).status_code == 200
    login_as("moderator")
    client.post(f"/admin/{slug}/board/inputs/{by_board}", data={"action": "reject", "note": "Ganda"})
    api_entries, board_entries = _moderated(app, by_api), _moderated(app, by_board)
    assert api_entries == board_entries == [("input.moderated", {"changes": ["status", "note"]})]
    with app.app_context():
        assert db.session.get(Input, by_board).status == db.session.get(Input, by_api).status == "rejected"


def test_pinning_alone_changes_only_the_flag_and_a_second_time_nothing(app, client, proposals):
    slug, (first, _second), mod = proposals
    url = f"/api/v1/events/{slug}/inputs/{first}"
    assert client.patch(url, json={"pinned": True}, headers=mod).json["pinned"] is True
    assert client.patch(url, json={"pinned": True}, headers=mod).status_code == 200
    assert _moderated(app, first) == [("input.moderated", {"changes": ["pinned"]})]
    refused = client.patch(url, json={"pinned": None, "changes": None, "note": 5}, headers=mod)
    assert refused.status_code == 422 and set(refused.json["error"]["fields"]) == {"note", "pinned", "changes"}
