"""The synchronisation view's "the same work": a moderator marks a plan row and a live proposal the detector did not
flag as one work, or undoes it (services/plan_links.py, through forum/actions/plans.py). Plain forms posting here,
with the CSRF token; the role is checked here (moderator, or organiser above it), and a form that names no row or
proposal, or one that cannot be linked, is answered 422 with the message naming the field."""
from __future__ import annotations

from typing import Annotated

from flask import flash, render_template
from flask import request as flask_request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from forum.actions import plans as plan_actions
from forum.api.answers import error_status
from forum.errors import DomainError, ValidationFailed
from forum.extensions import db
from forum.plans_admin import bp
from forum.plans_admin.sync import _back
from forum.services.plan_links import SameWork
from forum.services.records import MAX_RECORD_ID
from forum.staff import forum_page

RecordNumber = Annotated[int, Field(gt=0, le=MAX_RECORD_ID)]


class MarkSameForm(BaseModel):
    """The form's fields: `row`, a plan row's number, and `proposal`, a live proposal's number (both of this
    forum). Numbers as typed ("12"); anything else is refused naming the field."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    row: RecordNumber
    proposal: RecordNumber


FIELD_MESSAGES = {"row": lambda: _("Plan row: give the number of a plan row of this forum."),
                  "proposal": lambda: _("Proposal: give the number of a live proposal of this forum.")}


def read_mark_same(form) -> SameWork:
    """The form as the service's command, or ValidationFailed naming each field that is missing or no number."""
    sent = {name: (form.get(name) or "").strip() for name in MarkSameForm.model_fields}
    try:
        read = MarkSameForm.model_validate({k: v for k, v in sent.items() if v})
    except ValidationError as exc:
        wrong = sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]})
        raise ValidationFailed({name: FIELD_MESSAGES[name]() for name in wrong},
                               _("Name a plan row and a proposal by their numbers.")) from None
    return SameWork(row=read.row, proposal=read.proposal)


def _refused(event, exc: DomainError):
    """The refusal as a page with its 4xx status: the message and each field's message."""
    db.session.rollback()
    message = " ".join(dict.fromkeys([exc.message, *exc.fields.values()]))
    return render_template("plans/link_refused.html", event=event, message=message,
                           back=flask_request.form.get("back", "")), error_status(exc)


@bp.post("/admin/<slug>/plans/links")
@forum_page("moderator")
def mark_same(event):
    try:
        command = read_mark_same(flask_request.form)
        plan_actions.mark_same(event, command, user=current_user)
    except DomainError as exc:
        return _refused(event, exc)
    flash(_("Plan row %(row)d and proposal %(proposal)d are marked as the same work.", row=command.row,
            proposal=command.proposal), "success")
    return _back(event, command.row)


@bp.post("/admin/<slug>/plans/links/<int:pair_id>/undo")
@forum_page("moderator")
def undo_same(event, pair_id):
    item_id = flask_request.form.get("item", type=int)
    try:
        plan_actions.undo_same(event, pair_id, user=current_user)
    except DomainError as exc:
        return _refused(event, exc)
    flash(_("The mark “the same work” is undone."), "success")
    return _back(event, item_id)
