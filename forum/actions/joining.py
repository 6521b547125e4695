"""Joining the forum from the room (the projector's QR code) when the phone never opened a personal link."""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.models import Event
from forum.services import link_requests


def request_link(event: Event, typed: str) -> None:
    """Someone asks for their personal link again by the email or mobile number they registered with."""
    with unit_of_work():
        link_requests.request_link(event, typed)
