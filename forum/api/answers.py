"""The HTTP status of each machine code a service answers with: the only place a check-in result becomes a
status (the API, the batch's per-scan `status`, the confirm page and the replay of a `client_id` read it here)."""
from __future__ import annotations

CHECKIN_STATUS = {
    "checked_in": 201,           # a new check-in, or an offline scan that moved an earlier one
    "already_checked_in": 200,   # the earlier check-in, unchanged
    "unknown_code": 404,
    "unknown_participant": 404,
    "wrong_event": 409,
    "revoked": 409,
}


def checkin_status(result: str) -> int:
    return CHECKIN_STATUS[result]
