"""What the input pages share: labels for the templates, the form's errors, and the two
template globals with which the live page and the projector (rendered by forum/live/pages.py) show
their input regions."""
from __future__ import annotations

from babel.numbers import format_decimal
from flask import flash, g, redirect, url_for

from forum.errors import DomainError
from forum.extensions import db
from forum.i18n import locale_code
from forum.moderation import bp, labels, queries
from forum.moderation.forms import InputForm


@bp.app_context_processor
def _input_labels():
    return {"input_kinds": labels.KINDS, "input_statuses": labels.STATUSES, "input_priorities": labels.PRIORITIES,
            "input_origins": labels.ORIGINS, "input_history_actions": labels.HISTORY_ACTIONS}


@bp.app_template_filter("overlap_score")
def _overlap_score(value: float) -> str:
    """0.873 → '0,87' (Indonesian) or '0.87'."""
    return format_decimal(value or 0, format="0.00", locale=locale_code())


def back_to(page: str, event, message: str = "", *, category: str = "success", anchor: str = ""):
    """Back to one of the forum's staff pages after a form's post (303), with `message` shown there."""
    if message:
        flash(message, category)
    return redirect(url_for(page, slug=event.slug) + anchor, code=303)


def refusal(exc: DomainError) -> dict[str, str]:
    """A service's refusal as {field: message}; the general message under "" when no field says more."""
    db.session.rollback()
    errors = dict(exc.fields)
    if not errors or exc.code != "invalid":
        errors[""] = exc.message
    return errors


def field_error(errors: dict, *names: str) -> str:
    """The first message for any of these API field names (a location's parts share one message)."""
    return next((errors[n] for n in names if errors.get(n)), "")


@bp.app_template_global()
def live_input_box(event, participant, current) -> dict:
    """The live page's input region: the form when the running session takes input, the session's
    accepted inputs and the participant's own. The no-JS route (participants.py) leaves a refused
    form, its errors and a notice in `g` before it renders the page again."""
    session_id = current["id"] if current else None
    form = g.get("input_form") or InputForm(formdata=None, regencies=queries.regency_names())
    if session_id and not form.session_id.data:
        form.session_id.data = str(session_id)
    accepted = queries.accepted_in(event, session_id)
    own = queries.own_inputs(event, participant)
    supported, voted = queries.marks(participant, [b["id"] for b in accepted])
    return {
        "open": bool(current and current["input_open"]), "session_id": session_id, "form": form,
        "errors": g.get("input_errors") or {}, "notice": g.get("input_notice"), "accepted": accepted, "own": own,
        "supported": supported, "voted": voted, "participant": participant,
        "agency_id": participant.agency_id if participant else None,
        "submit_url": url_for("moderation.submit_from_live", slug=event.slug),
    }


@bp.app_template_global()
def screen_input_box(event, current) -> dict:
    """The projector's input region: pinned inputs, selected questions, the latest accepted proposals."""
    items = queries.screen_items(event, current["id"] if current else None)
    items["any"] = any(items.values())
    return items
