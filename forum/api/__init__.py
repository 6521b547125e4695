"""The JSON API under /api/v1 (see the contract and /api/v1/openapi.json)."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from forum.api import (  # noqa: E402,F401
    agenda,
    attendance,
    checkin,
    common,
    events,
    inputs,
    meta,
    minutes,
    participants,
    plans,
    staff,
)
