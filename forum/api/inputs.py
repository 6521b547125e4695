"""Agency input: submission, listing, moderation, support and question votes."""
from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import inputs as input_actions
from forum.api import bp
from forum.api.answers import result_status
from forum.api.common import json_body, query_arg, query_id, query_text
from forum.contract.requests import read_moderation, read_submission
from forum.errors import Forbidden, Unauthenticated
from forum.ratelimits import input_limit, support_limit
from forum.realtime.broadcast import input_body
from forum.security import bearer_token, current_participant, require_staff, staff_may
from forum.services import agenda, events, inputs
from forum.services.input_views import inputs_json, inputs_seen_by

MAX_INPUT_BYTES = 64 * 1024  # a 100 kB body is refused before it is parsed


def _participant_or_staff(event):
    """(participant, staff user) for input actions: a registered participant of this forum, or
    staff entering input on behalf of someone (moderator and up)."""
    if current_user.is_authenticated:
        return None, require_staff("moderator")
    participant = current_participant(event)
    if participant is None:
        if bearer_token() is not None:
            raise Unauthenticated("invalid_token", _("This token is not valid."))
        raise Unauthenticated("unauthenticated", _("Open your personal link first."))
    return participant, None


def _one(event, item, *, with_history=False, just_created=False):
    return input_body(event, item, with_history=with_history, just_created=just_created)


def _too_large():
    if request.content_length and request.content_length > MAX_INPUT_BYTES:
        from forum.errors import DomainError

        raise DomainError("too_large", _("This input is too long."))


@bp.post("/events/<slug>/sessions/<int:session_id>/inputs")
@input_limit
def submit_input(slug, session_id):
    _too_large()
    event = events.get_event(slug)
    session = agenda.get_session(event, session_id)
    participant, user = _participant_or_staff(event)
    submitted = input_actions.submit(event, session, read_submission(json_body()), participant=participant,
                                     user=user)
    body = _one(event, submitted.input, just_created=submitted.created)
    if participant is not None:
        body = inputs_seen_by([body], participant)[0]
    return jsonify(body), result_status(submitted.result)


@bp.get("/events/<slug>/inputs")
def list_inputs(slug):
    event = events.get_event(slug)
    staff = staff_may("moderator")
    participant = None
    if not staff:
        participant = current_participant(event)
        if participant is None:
            if current_user.is_authenticated:
                raise Forbidden("forbidden", _("You are not allowed to do this."))
            raise Unauthenticated("unauthenticated", _("Open your personal link first."))
    session_id = query_id("session")
    items = inputs.list_inputs(
        event, session_id=session_id, status=query_arg("status", inputs.DECISIONS),
        kind=query_arg("kind", inputs.KINDS), agency_id=query_id("agency"),
        regency=query_text("regency") or None, visible_to=participant, staff=staff,
        sort=query_arg("sort", {"time", "supports"}) or "time")
    bodies = inputs_json(items, event.timezone)
    return jsonify({"inputs": bodies if staff else inputs_seen_by(bodies, participant)})


@bp.get("/events/<slug>/inputs/<int:input_id>")
def get_input(slug, input_id):
    event = events.get_event(slug)
    item = inputs.get_input(event, input_id)
    staff = staff_may("moderator")
    if staff:
        return jsonify(_one(event, item, with_history=True))
    participant = current_participant(event)
    if not inputs.is_visible(item, participant):
        from forum.errors import NotFound

        raise NotFound("input_not_found", _("No such input in this forum."))
    return jsonify(inputs_seen_by([_one(event, item)], participant)[0])


@bp.patch("/events/<slug>/inputs/<int:input_id>")
def moderate_input(slug, input_id):
    _too_large()
    user = require_staff("moderator")
    event = events.get_event(slug)
    item = inputs.get_input(event, input_id)
    input_actions.moderate(event, item, read_moderation(json_body()), user=user)
    return jsonify(_one(event, item, with_history=True))


@bp.post("/events/<slug>/inputs/<int:input_id>/overlaps/<int:other_id>/dismiss")
def dismiss_overlap(slug, input_id, other_id):
    """Extension: the moderator's "not the same" for a flagged pair (remembered)."""
    user = require_staff("moderator")
    event = events.get_event(slug)
    item, other = inputs.get_input(event, input_id), inputs.get_input(event, other_id)
    input_actions.dismiss_overlap(event, item, other, user=user)
    return jsonify(_one(event, item))


@bp.get("/events/<slug>/inputs/<int:input_id>/overlap-explain")
def explain_overlap(slug, input_id):
    """Extension: why two proposals are (or are not) flagged as an overlap, with every score (moderators)."""
    from forum.errors import ValidationFailed
    from forum.services import overlap_labels

    require_staff("moderator")
    event = events.get_event(slug)
    item = inputs.get_input(event, input_id)
    other_id = query_id("with")
    if other_id is None:
        raise ValidationFailed({"with": _("Name the other input's id.")})
    return jsonify(overlap_labels.explain_pair(item, inputs.get_input(event, other_id)))


def _participant_step(slug, input_id, action):
    event = events.get_event(slug)
    item = inputs.get_input(event, input_id)
    participant = current_participant(event)
    if participant is None:
        if current_user.is_authenticated:
            raise Forbidden("forbidden", _("Only participants can do this."))
        raise Unauthenticated("unauthenticated", _("Open your personal link first."))
    if not inputs.is_visible(item, participant):
        from forum.errors import NotFound

        raise NotFound("input_not_found", _("No such input in this forum."))
    action(event, item, participant)
    return jsonify(inputs_seen_by([_one(event, item)], participant)[0])


# A participant's one-click steps on an input, each answered with the input as they see it. Only
# POST …/support is in the contract; upvoting a question and taking a support or an upvote back are
# extensions. (method, the path's last part, endpoint, action)
PARTICIPANT_STEPS = (
    ("POST", "support", "support_input", input_actions.support),
    ("POST", "vote", "vote_question", input_actions.vote),
    ("DELETE", "support", "withdraw_support", input_actions.withdraw_support),
    ("DELETE", "vote", "withdraw_vote", input_actions.withdraw_vote),
)


def _step_view(endpoint, action):
    def view(slug, input_id):
        return _participant_step(slug, input_id, action)

    view.__name__ = view.__qualname__ = endpoint  # the rate limiter and url_for know a view by its name
    return view


for _method, _path, _endpoint, _action in PARTICIPANT_STEPS:
    bp.add_url_rule(f"/events/<slug>/inputs/<int:input_id>/{_path}", _endpoint,
                    support_limit(_step_view(_endpoint, _action)), methods=[_method])


@bp.get("/regions")
def list_regions():
    """Extension: the region list for location pickers (regency → sub-district → villages)."""
    from forum.services import regions

    return jsonify({"regions": regions.tree()})


