"""Agency input in the room and at the desk: the input form on the live page (and its no-JS route),
the facilitator's entry, the moderation board with its question view, the projector's input region
and the minutes page. Every rule lives in services/inputs.py and services/minutes.py."""
from forum.staff import staff_blueprint

# "private": the input form on the live page and its no-JS route are participants' pages.
bp = staff_blueprint("moderation", __name__, cache_control="private, no-store")

from forum.moderation import board, common, entry, minutes, notes, participants, screen  # noqa: E402,F401
