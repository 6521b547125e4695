"""Domain errors carry a machine `code`, an HTTP status and a message in the user's language.

Services raise them; the API turns them into `{"error": {...}}` and pages into flash messages.
"""
from __future__ import annotations


class DomainError(Exception):
    status = 409

    def __init__(self, code: str, message: str, *, status: int | None = None, fields: dict | None = None,
                 extra: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        if status is not None:
            self.status = status
        self.fields = {k: str(v) for k, v in (fields or {}).items()}
        self.extra = extra or {}

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        return {"error": body, **self.extra}


class ValidationFailed(DomainError):
    status = 422

    def __init__(self, fields: dict, message: str | None = None):
        from flask_babel import gettext as _

        super().__init__("invalid", message or _("Some fields are not valid."), fields=fields)


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Unauthenticated(DomainError):
    status = 401
