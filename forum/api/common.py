"""What every API route shares: JSON bodies, CSRF for cookie-authenticated calls, errors."""
from __future__ import annotations

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.api import bp
from forum.errors import DomainError, ValidationFailed
from forum.extensions import csrf
from forum.security import bearer_token

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def _csrf_for_cookie_sessions():
    """Bearer-authenticated calls are exempt from CSRF; cookie-authenticated ones are not."""
    if request.method in UNSAFE and bearer_token() is None and current_app.config.get("WTF_CSRF_ENABLED", True):
        from flask import session

        if current_user.is_authenticated or session.get("participant_token"):
            csrf.protect()


def json_body() -> dict:
    """The request's JSON object, or a 415/400 DomainError."""
    if not request.is_json:
        raise DomainError("unsupported_media_type",
                          _("Send the request body as JSON (Content-Type: application/json)."), status=415)
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # absurdly deep nesting: the parser gives up before a ValueError
        data = None
    if data is None:
        raise DomainError("malformed_json", _("The request body is not valid JSON."), status=400)
    if not isinstance(data, dict):
        raise DomainError("malformed", _("The request body must be a JSON object."), status=400)
    return data


def refuse_null(data: dict, *names: str) -> None:
    """JSON null for a field where it means nothing (a state, a decision, a flag) is a 422 naming the field,
    not the same as leaving it out. (Optional texts take null as empty: the services read it so.)"""
    errors = {name: _("Must not be null.") for name in names if name in data and data[name] is None}
    if errors:
        raise ValidationFailed(errors)


def query_arg(name: str, allowed: set[str] | None = None) -> str:
    value = request.args.get(name, "")
    if allowed is not None and value and value not in allowed:
        raise DomainError("invalid", _("Unknown value for %(name)s.", name=name), status=422,
                          fields={name: _("Must be one of: %(values)s.", values=", ".join(sorted(allowed)))})
    return value


def query_id(name: str) -> int | None:
    """A record id from the query string, None when absent; anything else is a 422 naming it."""
    value = request.args.get(name, "")
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not 0 < int(value) < 2**31:
        raise DomainError("invalid", _("Unknown value for %(name)s.", name=name), status=422,
                          fields={name: _("Must be a whole number.")})
    return int(value)


def query_text(name: str, max_length: int = 200) -> str:
    """Free text from the query string, without NUL characters (which no database column holds)."""
    return request.args.get(name, "").replace("\x00", "")[:max_length]


def staff_via_bearer() -> bool:
    return g.get("auth_method") == "bearer" and current_user.is_authenticated
