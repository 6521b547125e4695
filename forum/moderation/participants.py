"""The live page's input without JavaScript: plain form posts for submitting, supporting and
upvoting, for the participant whose personal link this browser opened. static/js/input-form.js and
live-inputs.js send the same actions to the JSON API instead."""
from __future__ import annotations

from flask import flash, g, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.actions import inputs as input_actions
from forum.api.answers import error_status
from forum.contract.requests import read_submission
from forum.errors import DomainError
from forum.live.pages import _page_context
from forum.moderation import bp, queries
from forum.moderation.common import refusal
from forum.moderation.forms import InputForm
from forum.ratelimits import input_limit, support_limit
from forum.security import current_participant
from forum.services import agenda, events, inputs


def _live(event, anchor: str = ""):
    return redirect(url_for("live.live_page", slug=event.slug) + anchor, code=303)


def _live_again(event, participant, status: int):
    """The live page once more, with the refused form (see common.live_input_box)."""
    html = render_template("live/live.html", participant=participant, **_page_context(event, staff=False))
    response = make_response(html, status)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/events/<slug>/live/inputs")
@input_limit
def submit_from_live(slug):
    event = events.get_event(slug)
    participant = current_participant(event)
    if participant is None:
        return _live(event)  # the live page explains how to open it through the personal link
    form = InputForm(regencies=queries.regency_names())
    g.input_form = form
    try:
        session = agenda.get_session(event, form.chosen_session_id())
        item = input_actions.submit(event, session, read_submission(form.service_data()),
                                    participant=participant).input
    except DomainError as exc:
        g.input_errors = refusal(exc)
        return _live_again(event, participant, error_status(exc))
    flash(_("Sent: “%(title)s”. The moderator will see it at once.", title=item.title), "input-sent")
    return _live(event, "#my-inputs")


def _participant_action(slug, input_id, action, done: str):
    event = events.get_event(slug)
    participant = current_participant(event)
    if participant is None:
        return _live(event)
    try:
        item = inputs.get_input(event, input_id)
        if not inputs.is_visible(item, participant):
            return _live(event)
        action(event, item, participant)
    except DomainError as exc:
        flash(exc.message, "input-error")
        return _live(event, "#inputs")
    flash(done, "input-sent")
    return _live(event, f"#live-input-{input_id}")


# The live page's forms for a participant's one-click steps on an input (the JSON API's twins:
# forum/api/inputs.py). (the path's last part, endpoint, action, what the participant is told)
PARTICIPANT_STEPS = (
    ("support", "support_from_live", input_actions.support, _l("Your agency supports this input.")),
    ("vote", "vote_from_live", input_actions.vote, _l("Your vote is counted.")),
    ("support/withdraw", "withdraw_support_from_live", input_actions.withdraw_support,
     _l("Your agency’s support is withdrawn.")),
    ("vote/withdraw", "withdraw_vote_from_live", input_actions.withdraw_vote, _l("Your vote is withdrawn.")),
)


def _step_view(endpoint, action, done):
    def view(slug, input_id):
        return _participant_action(slug, input_id, action, str(done))

    view.__name__ = view.__qualname__ = endpoint  # the rate limiter and url_for know a view by its name
    return view


for _path, _endpoint, _action, _done in PARTICIPANT_STEPS:
    bp.add_url_rule(f"/events/<slug>/live/inputs/<int:input_id>/{_path}", _endpoint,
                    support_limit(_step_view(_endpoint, _action, _done)), methods=["POST"])
