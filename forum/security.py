"""Who is asking: staff (session or API token) and participants (personal access token).

The role hierarchy itself lives in User.has_role; this module only resolves identities and
guards routes.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, g, request, session
from flask_babel import gettext as _
from flask_login import current_user

from forum.errors import Forbidden, Unauthenticated
from forum.extensions import db, login_manager
from forum.models import Participant, ParticipantStatus, User


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None


@login_manager.request_loader
def _load_user_from_bearer(req) -> User | None:
    """Staff API tokens act as a login for this request only (no session is written)."""
    from forum.services.accounts import user_for_token

    token = bearer_token()
    if token is None:
        return None
    user = user_for_token(token)
    if user is not None:
        g.auth_method = "bearer"
    return user


def authenticated_by_bearer() -> bool:
    return bearer_token() is not None


def staff() -> User | None:
    return current_user if current_user.is_authenticated else None


PARTICIPANT_SESSION_KEY = "participant_token"


def current_participant(event=None) -> Participant | None:
    """The participant acting: a Bearer access token, else the one whose personal page this
    browser opened. With `event`, only a participant of that forum counts."""
    from forum.services.registration import participant_for_access_token

    if "participant" not in g:
        token = bearer_token()
        participant = None
        if token is not None:
            participant = participant_for_access_token(token)
            if participant is not None:
                g.auth_method = "bearer"
        elif session.get(PARTICIPANT_SESSION_KEY):
            participant = participant_for_access_token(session[PARTICIPANT_SESSION_KEY])
        if participant is not None and participant.status != ParticipantStatus.registered.value:
            participant = None
        g.participant = participant
    participant = g.participant
    if participant is not None and event is not None and participant.event_id != event.id:
        return None
    return participant


def require_staff(role: str) -> User:
    """For the API: the staff user with at least `role`, else 401/403 as a DomainError."""
    if bearer_token() is not None and not current_user.is_authenticated:
        if current_participant() is None:
            raise Unauthenticated("invalid_token", _("This token is not valid."))
        raise Forbidden("forbidden", _("You are not allowed to do this."))
    if not current_user.is_authenticated:
        raise Unauthenticated("unauthenticated", _("Please log in first."))
    if not current_user.has_role(role):
        raise Forbidden("forbidden", _("You are not allowed to do this."))
    return current_user


def staff_required(role: str):
    """For pages: anonymous visitors go to the login page; the wrong role gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator
