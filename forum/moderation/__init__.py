"""Agency input in the room and at the desk: the input form on the live page (and its no-JS route),
the facilitator's entry, the moderation board with its question view, the projector's input region
and the minutes page. Every rule lives in services/inputs.py and services/minutes.py."""
from flask import Blueprint

bp = Blueprint("moderation", __name__)

from forum.moderation import board, common, entry, minutes, participants, screen  # noqa: E402,F401
