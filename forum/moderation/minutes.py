"""The minutes page (berita acara): the organiser fills in number, chair and agreement points and
finalises them; moderators read. The PDF and the input exports are built in forum/documents/."""
from __future__ import annotations

from functools import partial

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import inputs as input_actions
from forum.api.answers import error_status
from forum.documents.inputs import input_records
from forum.errors import DomainError
from forum.models import InputKind, InputStatus
from forum.moderation import bp, queries
from forum.moderation.common import back_to, refusal
from forum.moderation.forms import MinutesForm
from forum.security import staff_may
from forum.services import inputs, minutes
from forum.staff import forum_page


def _summary(event) -> dict:
    """The proposals agreed (attachment II of the PDF) and not agreed, with reasons (attachment III)."""
    accepted = list(input_records(event, kind=InputKind.proposal.value, statuses=[InputStatus.accepted.value]))
    declined = list(input_records(event, kind=InputKind.proposal.value,
                                  statuses=[InputStatus.rejected.value, InputStatus.deferred.value]))
    partners = inputs.co_proposers([r.input.id for r in accepted])
    return {"accepted": accepted, "declined": declined, "co_proposers": partners,
            "total": sum(r.input.budget or 0 for r in accepted)}


def _page(event, form=None, *, errors: dict | None = None, confirm: bool = False, status: int = 200):
    item = minutes.peek_minutes(event)
    if form is None:
        form = MinutesForm(formdata=None, data={
            "number": item.number if item else "", "chair": item.chair if item else "",
            "chair_position": item.chair_position if item else "", "chair_nip": item.chair_nip if item else "",
            "points": "\n".join(item.points) if item else ""})
    for name, message in (errors or {}).items():
        if name in form:
            form[name].errors = [message]
    final = item is not None and item.finalised_at is not None
    return render_template("moderation/minutes.html", event=event, form=form, minutes=item, final=final,
                           verified=minutes.verify(event) if final else None, errors=errors or {},
                           confirm=confirm, can_edit=staff_may("organiser") and not final,
                           **_summary(event)), status


_back = partial(back_to, ".minutes_page")  # this page again after a post: _back(event, message, category=…, anchor=…)


@bp.get("/admin/<slug>/minutes")
@forum_page("moderator")
def minutes_page(event):
    return _page(event)


@bp.post("/admin/<slug>/minutes")
@forum_page("organiser")
def save_minutes(event):
    form = MinutesForm()
    try:
        input_actions.update_minutes(event, form.service_data(), user=current_user)
    except DomainError as exc:
        return _page(event, form, errors=refusal(exc), status=error_status(exc))
    return _back(event, _("The minutes were saved."))


@bp.get("/admin/<slug>/minutes/finalise")
@forum_page("organiser")
def confirm_finalise(event):
    """The confirmation step: what finalising means, and one button."""
    if queries.is_finalised(event):
        return _back(event)
    return _page(event, confirm=True)


@bp.post("/admin/<slug>/minutes/finalise")
@forum_page("organiser")
def finalise(event):
    try:
        input_actions.finalise_minutes(event, user=current_user)
    except DomainError as exc:
        return _back(event, exc.message, category="error")
    return _back(event, _("The minutes are final. Decisions on the inputs are locked."))
