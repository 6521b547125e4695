"""Whose personal link this browser follows.

Opening a personal link (`/p/<token>`) makes the browser act as that participant on the live page. A
link to someone else's page — sent in a chat, or planted on another website — must not silently swap
who the browser acts as: when it already acts as another participant, the personal page first asks,
and only a POST from that page (with its CSRF token) switches."""
from __future__ import annotations

from flask import abort, make_response, redirect, render_template, session, url_for

from forum.live import bp
from forum.models import Participant
from forum.security import PARTICIPANT_SESSION_KEY
from forum.services import registration


def someone_else(participant: Participant) -> Participant | None:
    """The participant this browser acts as, when it is a registered participant other than `participant`."""
    token = session.get(PARTICIPANT_SESSION_KEY)
    if not token or token == participant.access_token:
        return None
    current = registration.participant_for_access_token(token)
    if current is None or current.id == participant.id or not current.is_active:
        return None
    return current


def act_as(participant: Participant) -> None:
    """From now on this browser acts as `participant` (the live page, inputs, online attendance)."""
    session[PARTICIPANT_SESSION_KEY] = participant.access_token


def confirm_page(current: Participant, participant: Participant):
    """"You are X; continue as Y?" — the personal page's question before it switches."""
    response = make_response(render_template("live/switch_participant.html", current=current,
                                             participant=participant))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the form's address holds the token
    return response


@bp.post("/p/<token>/use")
def use_personal_link(token):
    """The answer "continue as Y" of the confirmation page (CSRF-protected like every form)."""
    participant = registration.participant_for_access_token(token)
    if participant is None:
        abort(404)
    act_as(participant)
    return redirect(url_for("registration.personal", token=participant.access_token), code=303)
