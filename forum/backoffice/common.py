"""What the back-office pages share: the forum's sub-navigation data and field errors."""
from __future__ import annotations

from flask import flash, request
from flask_wtf import FlaskForm

from forum.backoffice import bp, labels
from forum.errors import DomainError
from forum.extensions import db


@bp.context_processor
def _labels():
    return {
        "agency_kinds": labels.AGENCY_KINDS, "attendance_labels": labels.ATTENDANCE, "role_labels": labels.ROLES,
        "status_labels": labels.STATUSES, "status_badges": labels.STATUS_BADGES, "source_labels": labels.SOURCES,
        "field_labels": labels.PERSON_FIELDS,
    }


def show_errors(form: FlaskForm, exc: DomainError) -> None:
    """A service's refusal shown on the form: each field's message next to that field, the
    general message (and messages for fields the form lacks) at the top. Undoes the attempt."""
    db.session.rollback()
    flash(exc.message, "error")
    for name, message in exc.fields.items():
        field = form._fields.get(name)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            flash(message, "error")


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 100_000))
    except ValueError:
        return 1
