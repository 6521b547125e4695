"""Agency input and the minutes: submitting, supporting and upvoting, the moderators' decisions, "not the
same" for an overlap pair, and the berita acara.

The JSON API (forum/api/inputs.py, forum/api/minutes.py), the moderation board, the desk's entry form
and the live page's no-JavaScript forms (forum/moderation/) call these; each runs the service and
commits once. The inputs the services recorded as changed or withdrawn reach the moderators and the
audience after the commit (forum/realtime/broadcast.py).
"""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.models import Event, Input, Minutes, Participant, Session
from forum.services import inputs, minutes
from forum.services.inputs import Moderation, Submission, Submitted


def submit(event: Event, session: Session, command: Submission, *, participant: Participant | None = None,
           user=None) -> Submitted:
    """A participant's input, or one entered by staff on someone's behalf (`created`). The same `client_id`
    again answers with the first input (`replayed`)."""
    with unit_of_work():
        return inputs.submit(event, session, command, participant=participant, user=user)


def moderate(event: Event, item: Input, command: Moderation, *, user) -> Input:
    """Decide, annotate, pin, mark answered, merge or accept with changes."""
    with unit_of_work():
        return inputs.moderate(event, item, command, user=user)


def dismiss_overlap(event: Event, item: Input, other: Input, *, user=None) -> None:
    """The moderator's "not the same" for a flagged pair: never flagged again."""
    with unit_of_work():
        inputs.dismiss_overlap(event, item, other, user=user)


def _participant_step(service, doc: str):
    """An action for one of a participant's one-click steps on an input; True when it changed anything."""
    def step(event: Event, item: Input, participant: Participant) -> bool:
        with unit_of_work():
            return service(event, item, participant)

    step.__name__ = step.__qualname__ = service.__name__
    step.__doc__ = doc
    return step


support = _participant_step(inputs.support, "The participant's agency supports `item`; False when it did already.")
vote = _participant_step(inputs.vote, "The participant's upvote of a question; False when given already.")
withdraw_support = _participant_step(inputs.withdraw_support,
                                     "The participant's agency takes its support back; False when it had none.")
withdraw_vote = _participant_step(inputs.withdraw_vote,
                                  "The participant takes their upvote back; False when there was none.")


def update_minutes(event: Event, data: dict, *, user=None) -> Minutes:
    """The berita acara's number, chair and agreement points."""
    with unit_of_work():
        return minutes.update(event, data, user=user)


def finalise_minutes(event: Event, *, user=None) -> Minutes:
    """Finalise the minutes: every decision on the forum's inputs is locked from now on."""
    with unit_of_work():
        return minutes.finalise(event, user=user)
