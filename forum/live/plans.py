"""An agency's delegate on the live page: their agency's plan rows and what the forum decided on them, and their
answer to a flag. The live page names this part only for a participant whose agency has rows
(services/plan_responses.py `agency_has_rows`); static/js/plans-delegate.js loads it when the page is shown and
again on each `plan` message (the agency's delegates get those for their rows)."""
from __future__ import annotations

from flask import abort, make_response, redirect, render_template, request, url_for

from forum.actions import plan_responses as response_actions
from forum.api.answers import error_status
from forum.errors import DomainError
from forum.extensions import db
from forum.live import bp
from forum.plans_admin.labels import plan_labels
from forum.security import current_participant
from forum.services import events, plan_responses


def _delegate(event):
    participant = current_participant(event)
    if participant is None or not participant.agency_id:
        abort(403)
    return participant


def _fragment(event, participant, *, errors: dict | None = None, status: int = 200, done: int | None = None):
    """The part for plans-delegate.js (X-Fragment: 1), else a small page of its own (no JavaScript)."""
    template = "live/_plans.html" if request.headers.get("X-Fragment") == "1" else "live/plans.html"
    html = render_template(template, event=event, participant=participant,
                           rows=plan_responses.delegate_rows(event, participant), errors=errors or {}, done=done,
                           max_response=plan_responses.MAX_RESPONSE, **plan_labels())
    response = make_response(html, status)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/events/<slug>/live/plans")
def delegate_plans(slug):
    event = events.get_event(slug)
    return _fragment(event, _delegate(event))


@bp.post("/events/<slug>/live/plans/<int:item_id>/response")
def delegate_response(slug, item_id):
    """The delegate's answer; plans-delegate.js asks for the part back (X-Fragment), a plain form goes back to
    the live page."""
    event = events.get_event(slug)
    participant = _delegate(event)
    fragment = request.headers.get("X-Fragment") == "1"
    text = request.form.get("text", "")  # an unreadable field (a NUL) is the app's 400 page naming it
    try:
        response_actions.respond(event, participant, item_id, text)
    except DomainError as exc:
        db.session.rollback()
        if fragment:
            return _fragment(event, participant, errors={item_id: exc.fields.get("text", exc.message)},
                             status=error_status(exc))
        abort(error_status(exc), exc.fields.get("text", exc.message))
    if fragment:
        return _fragment(event, participant, done=item_id)
    return redirect(url_for("live.live_page", slug=event.slug) + f"#plan-{item_id}")


def delegate_part(event, participant) -> str | None:
    """The address of the delegate's part of the live page, or None when their agency has no rows."""
    if participant is None or not plan_responses.agency_has_rows(event, participant.agency_id):
        return None
    return url_for("live.delegate_plans", slug=event.slug)
