"""Domain errors: a machine `code`, a message in the user's language, and for a form the fields it names.

Services raise them and know nothing of HTTP: the web layer gives each code its status from one table
(forum/api/answers.py, `error_status`); the API answers `{"error": {...}}`, pages show the message.
"""
from __future__ import annotations


class DomainError(Exception):
    """A refusal with its machine code (`registration_closed`, `slug_taken`…); `extra` joins the API's body."""

    def __init__(self, code: str, message: str, *, fields: dict | None = None, extra: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.fields = {k: str(v) for k, v in (fields or {}).items()}
        self.extra = extra or {}

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        return {"error": body, **self.extra}


class ValidationFailed(DomainError):
    """Fields that are not valid, each named with its message (code `invalid`)."""

    def __init__(self, fields: dict, message: str | None = None):
        from flask_babel import gettext as _

        super().__init__("invalid", message or _("Some fields are not valid."), fields=fields)


class NotFound(DomainError):
    """Something named that does not exist (here): `event_not_found`, `input_not_found`…"""


class Forbidden(DomainError):
    """The caller is known but may not do this."""


class Unauthenticated(DomainError):
    """The caller is not known (no session, no valid token)."""
