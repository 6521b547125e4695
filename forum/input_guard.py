"""What every request's addresses, query strings and form fields must be before any route sees them.

No database column holds a NUL (PostgreSQL refuses it) and no record id goes beyond the id columns'
range (SQLite refuses integers beyond 64 bits, PostgreSQL's `integer` ends at 2^31 − 1). Rather than each
route guarding its own inputs, these are refused here, once: a path that names nothing is a 404, a bad
query parameter or form field is a 422 (API) or 400 page naming it. JSON bodies are checked by the API's
`json_body()`, which names the place in the document.
"""
from __future__ import annotations

from flask import Flask, Request, abort, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DataError
from werkzeug.routing import IntegerConverter

from forum.errors import DomainError
from forum.services.validation import MAX_RECORD_ID, printable, unstorable_reason


class RecordIdConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits only (a sign, an exponent or `Infinity` matches no route).
    An id beyond the id columns' range names no record (SQLite overflows past 2^63, PostgreSQL refuses
    even to compare past 2^31 − 1): it becomes 0, which names none either, so the route answers its own
    404. (Refusing it here instead would make werkzeug answer 405 wherever another method's rule has
    the same path.)"""

    def to_python(self, value: str) -> int:
        number = int(value) if len(value) <= 10 else 0
        return number if number <= MAX_RECORD_ID else 0


def invalid_field(name: str, reason: str) -> DomainError:
    """`invalid` naming the field for the API (422); for a browser the request cannot be read (`malformed`,
    a 400 page saying which field)."""
    from forum import is_api_request

    shown = printable(name)[:100]
    return DomainError("invalid" if is_api_request() else "malformed",
                       _("The field “%(name)s” is not valid: %(reason)s", name=shown, reason=reason),
                       fields={shown: reason})


def _first_unstorable(pairs) -> DomainError | None:
    for name, value in pairs:
        name = name or ""  # a multipart part may come without a name (werkzeug then keys it None)
        reason = unstorable_reason(name) or unstorable_reason(value or "")
        if reason:
            return invalid_field(name, reason)
    return None


class GuardedRequest(Request):
    """Flask's request, whose form fields (and uploads' file names) are checked when they are parsed,
    by whichever code reads them first (a route, a WTForms form, the CSRF check), so that an upload is
    still parsed only after the route has checked who sends it."""

    def _load_form_data(self) -> None:
        parsed_before = "form" in self.__dict__
        super()._load_form_data()
        if parsed_before:
            return
        problem = _first_unstorable(self.form.items(multi=True)) or _first_unstorable(
            (name, upload.filename or "") for name, upload in self.files.items(multi=True))
        if problem:
            raise problem


def refuse_unstorable_address() -> None:
    """Before every route: a path segment with a NUL names nothing (404); a query parameter with one
    is a field error."""
    if any(isinstance(v, str) and unstorable_reason(v) for v in (request.view_args or {}).values()):
        abort(404)
    problem = _first_unstorable(request.args.items(multi=True))
    if problem:
        raise problem


def init_app(app: Flask) -> None:
    """Call before the blueprints are registered (their rules take the `int` converter then)."""
    app.url_map.converters["int"] = RecordIdConverter
    app.request_class = GuardedRequest
    app.before_request(refuse_unstorable_address)
    app.register_error_handler(DataError, _unstorable_value)


def _unstorable_value(exc: DataError):
    """The last line: a value the database refused (too long for its column, out of range) that no
    validation caught is the client's 400, not a 500. The fuzz tests fail on this code: each one
    reached means a validation to add where the value comes in."""
    from forum import api_error, is_api_request
    from forum.extensions import db

    db.session.rollback()
    current_app.logger.warning("database refused a value on %s %s: %s", request.method, request.path, exc.orig)
    message = _("A value in this request cannot be stored.")
    if is_api_request():
        return api_error(400, "unstorable_value", message)
    return render_template("error.html", status=400, message=message), 400
