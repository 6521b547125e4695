"""The HTTP status of every machine code a service answers with: the only place a domain result or a domain
error becomes a status. The API's error handler, the pages that show a refusal, the check-in answers (the
batch's per-scan `status`, the confirm page, the replay of a `client_id`) all read it here; services and
models never name a status (tests/test_error_codes.py checks both, and that every code raised has a row)."""
from __future__ import annotations

import logging

from forum.errors import DomainError, Forbidden, NotFound, Unauthenticated, ValidationFailed

CHECKIN_STATUS = {
    "checked_in": 201,           # a new check-in, or an offline scan that moved an earlier one
    "already_checked_in": 200,   # the earlier check-in, unchanged
    "unknown_code": 404,
    "unknown_participant": 404,
    "wrong_event": 409,
    "revoked": 409,
}

# What a registration or an input submission did (`Registered.result`, `Submitted.result`): a replayed
# `client_id` answers as the first time did.
RESULT_STATUS = {"created": 201, "flagged": 201, "replayed": 201}

# The contract's "Errors" (../shared/API.md): 400 malformed, 401 unauthenticated, 403 forbidden, 404 unknown,
# 409 conflict with the state of things, 413 too large, 415 unsupported type, 422 invalid.
ERROR_STATUS = {
    # 400: the request cannot be read
    "malformed": 400, "malformed_json": 400,
    # 401, 403: who asks
    "unauthenticated": 401, "invalid_token": 401,
    "forbidden": 403,
    # 404: names nothing here
    "event_not_found": 404, "session_not_found": 404, "participant_not_found": 404, "input_not_found": 404,
    "material_not_found": 404, "user_not_found": 404, "agency_not_found": 404,
    "plan_not_found": 404, "plan_overlap_not_found": 404,
    # 409: the state of things refuses it
    "registration_closed": 409, "already_registered": 409, "invalid_transition": 409, "input_closed": 409,
    "client_id_taken": 409, "own_input": 409, "minutes_finalised": 409, "slug_taken": 409, "agency_exists": 409,
    "email_taken": 409, "import_expired": 409, "retention_not_set": 409, "retention_not_over": 409,
    "likely_duplicate": 409, "agency_verified": 409, "plan_changed": 409, "plan_exists": 409,
    # 413: too large, too many, too slow to read
    "too_large": 413, "import_too_large": 413, "import_too_many_rows": 413, "import_too_slow": 413,
    # 415: a kind of content not taken
    "unsupported_media_type": 415, "unsupported_type": 415, "import_unsupported": 415,
    # 422: fields that are not valid
    "invalid": 422, "no_agency": 422, "not_a_question": 422, "import_empty": 422, "import_no_header": 422,
    "import_unreadable": 422,
}

# Only for a code missing above (tests/test_error_codes.py fails first): the error's kind, logged.
_BY_KIND = ((ValidationFailed, 422), (NotFound, 404), (Forbidden, 403), (Unauthenticated, 401))

log = logging.getLogger(__name__)


def checkin_status(result: str) -> int:
    return CHECKIN_STATUS[result]


def result_status(result: str) -> int:
    return RESULT_STATUS[result]


def error_status(exc: DomainError) -> int:
    """The HTTP status of a domain error, by its machine code."""
    status = ERROR_STATUS.get(exc.code)
    if status is None:
        log.error("the machine code %r has no HTTP status in forum/api/answers.py", exc.code)
        status = next((s for kind, s in _BY_KIND if isinstance(exc, kind)), 409)
    return status
