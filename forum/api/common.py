"""What every API route shares: JSON bodies, CSRF for cookie-authenticated calls, errors."""
from __future__ import annotations

import math

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.api import bp
from forum.contract.requests import refuse_null  # noqa: F401  (the routes' import; written once there)
from forum.errors import DomainError, ValidationFailed
from forum.extensions import csrf
from forum.security import bearer_token
from forum.services.validation import MAX_JSON_INTEGER, parse_record_id, printable, unstorable_reason

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def _csrf_for_cookie_sessions():
    """Bearer-authenticated calls are exempt from CSRF; cookie-authenticated ones are not."""
    if request.method in UNSAFE and bearer_token() is None and current_app.config.get("WTF_CSRF_ENABLED", True):
        from flask import session

        if current_user.is_authenticated or session.get("participant_token"):
            csrf.protect()


def json_body(*, judged_per_item: str | None = None) -> dict:
    """The request's JSON object, or a 415/400 DomainError; a value no service should see (see
    `unstorable_values`) is a 422 naming its place. `judged_per_item`: a list (an offline device's
    scans) whose items the route answers one by one, so that one bad item does not refuse the rest."""
    if not request.is_json:
        raise DomainError("unsupported_media_type",
                          _("Send the request body as JSON (Content-Type: application/json)."))
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # absurdly deep nesting: the parser gives up before a ValueError
        data = None
    if data is None:
        raise DomainError("malformed_json", _("The request body is not valid JSON."))
    if not isinstance(data, dict):
        raise DomainError("malformed", _("The request body must be a JSON object."))
    problems = unstorable_values(data)
    if judged_per_item:
        problems = {place: reason for place, reason in problems.items()
                    if not place.startswith(f"{judged_per_item}[")}
    if problems:
        raise ValidationFailed(problems)
    return data


MAX_REPORTED = 20


def unstorable_values(document) -> dict[str, str]:
    """Values of a decoded JSON document that no service should see, by their place (`name`,
    `scans[3].code`): texts with NUL or a lone surrogate (keys included), numbers that are not finite
    (`1e309` decodes to infinity, and Python's parser takes `Infinity` and `NaN`), integers beyond what
    JSON clients represent exactly, and record ids (`…_id`, `…_ids`, `merged_into`) beyond the id columns'
    range, which PostgreSQL refuses even to compare. Walked without recursion: nesting is bounded only by
    the body's size."""
    problems: dict[str, str] = {}
    stack = [("", "", document)]
    while stack and len(problems) < MAX_REPORTED:
        place, key, value = stack.pop()
        if isinstance(value, dict):
            for name, item in value.items():
                inner = f"{place}.{name}" if place else name
                reason = unstorable_reason(name)
                if reason:
                    problems[printable(inner)] = reason
                else:
                    stack.append((inner, name, item))
        elif isinstance(value, list):
            stack.extend((f"{place}[{i}]", key, item) for i, item in enumerate(value))
        elif isinstance(value, str):
            reason = unstorable_reason(value)
            if reason:
                problems[place] = reason
            elif _names_records(key) and value.isascii() and value.isdigit():
                _check_record_id(problems, place, value)
        elif isinstance(value, float) and not math.isfinite(value):
            problems[place] = _("Must be a finite number.")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if abs(value) > MAX_JSON_INTEGER:
                problems[place] = _("This number is too large.")
            elif _names_records(key) and value == int(value):
                _check_record_id(problems, place, int(value))
    return problems


def _names_records(key: str) -> bool:
    return key.endswith(("_id", "_ids")) or key == "merged_into"


def _check_record_id(problems: dict, place: str, value) -> None:
    try:
        parse_record_id(value)
    except ValueError as exc:
        problems[place] = str(exc)


def query_arg(name: str, allowed: set[str] | None = None) -> str:
    value = request.args.get(name, "")
    if allowed is not None and value and value not in allowed:
        raise DomainError("invalid", _("Unknown value for %(name)s.", name=name),
                          fields={name: _("Must be one of: %(values)s.", values=", ".join(sorted(allowed)))})
    return value


def query_id(name: str) -> int | None:
    """A record id from the query string, None when absent; anything else is a 422 naming it."""
    value = request.args.get(name, "")
    if not value:
        return None
    try:
        return parse_record_id(value)
    except ValueError as exc:
        raise DomainError("invalid", _("Unknown value for %(name)s.", name=name),
                          fields={name: str(exc)}) from None


def query_text(name: str, max_length: int = 200) -> str:
    """Free text from the query string (one with a NUL never gets here: forum/input_guard.py)."""
    return request.args.get(name, "")[:max_length]


def staff_via_bearer() -> bool:
    return g.get("auth_method") == "bearer" and current_user.is_authenticated
