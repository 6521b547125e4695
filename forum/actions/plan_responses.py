"""A delegate answers a flag on one of their agency's plan rows (services/plan_responses.py); the moderators and
the agency's other delegates see it after the commit (forum/realtime/broadcast.py, the `plan` message)."""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.models import Event, Participant
from forum.models.plans import PlanHistory
from forum.services import plan_responses


def respond(event: Event, participant: Participant, item_id, text) -> PlanHistory:
    with unit_of_work():
        return plan_responses.respond(event, participant, item_id, text)
