"""A partial command (forum/services/commands.py): a field declared without a default is `UNSET` until the
request sends it; a field with a default of its own is no request field."""
from __future__ import annotations

import dataclasses

import pytest

from forum.contract.requests import read_forum_settings, read_participant_edit
from forum.services.commands import UNSET, PartialCommand
from forum.services.events import ForumSettings
from forum.services.registration import ParticipantEdit


@dataclasses.dataclass(frozen=True)
class Rename(PartialCommand):
    title: object
    note: object
    ignored: tuple[str, ...] = ()


def test_a_field_left_out_is_unset_and_null_is_sent():
    command = Rename(title=None, ignored=("colour",))
    assert command.note is UNSET and command.title is None
    assert command.sent() == ["title"] and command.values() == {"title": None}
    assert command.names_sent() == ["colour", "title"]  # `ignored` is listed, never counted as a field
    assert command.is_sent("title") and not command.is_sent("note")
    assert Rename() == Rename(title=UNSET, note=UNSET) and Rename().sent() == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        command.note = "x"


def test_an_organisers_edit_of_a_registration_is_read_as_sent():
    command = read_participant_edit({"role": "speaker", "notes": None, "colour": "red"})
    assert command == ParticipantEdit(role="speaker", notes=None)
    assert command.sent() == ["role", "notes"] and command.status is UNSET  # other names are not read
    assert read_participant_edit({}).values() == {}


def test_a_forums_settings_are_read_as_sent():
    command = read_forum_settings({"title": "Forum OPD", "retention_days": None, "colour": "red"})
    assert command == ForumSettings(title="Forum OPD", retention_days=None)
    assert command.values() == {"title": "Forum OPD", "retention_days": None}  # other names are not read
    assert command.slug is UNSET and read_forum_settings({}).sent() == []
