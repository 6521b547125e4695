"""Who is asking: staff (session or API token) and participants (personal access token).

The role hierarchy and who holds which role in which forum live in User.has_role; this module only
resolves identities and the forum a request acts on (its route's `slug`), and guards routes. A guard
checks the role *in that forum*: an account scoped to other forums gets 403 there, on every route,
without each route saying so. A route that names no forum (forum lists, creating a forum, account pages)
needs the role in at least one forum and shows only those forums (`User.event_ids_with`).
"""
from __future__ import annotations

from functools import wraps

from flask import abort, g, request, session
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from forum.errors import Forbidden, Unauthenticated
from forum.extensions import db, login_manager
from forum.models import Event, Participant, User


def bearer_token() -> str | None:
    header = request.environ.get("HTTP_AUTHORIZATION", "")  # request.headers["Authorization"], without its lookup
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
    """The staff member acting (the user itself, not the `current_user` proxy, whose every attribute read looks
    the user up again), or None."""
    user = current_user._get_current_object()
    return user if user.is_authenticated else None


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
        if participant is not None and not participant.is_active:
            participant = None
        g.participant = participant
    participant = g.participant
    if participant is not None and event is not None and participant.event_id != event.id:
        return None
    return participant


def request_forum() -> Event | None:
    """The forum the current route names by its `slug` argument (None: it names none, or no such forum)."""
    if "request_forum" not in g:
        slug = (request.view_args or {}).get("slug")
        g.request_forum = db.session.scalar(select(Event).where(Event.slug == slug)) if isinstance(slug, str) \
            else None
    return g.request_forum


def may_act_as(user: User, role: str, event: Event | None = None) -> bool:
    """May `user` act as `role` in `event`, by default the forum of this request? A route that names no
    forum (or an unknown one, which it answers with 404) needs the role in at least one forum."""
    if user.has_role(role):  # a role in every forum: no need to look the forum up
        return True
    event = event or request_forum()
    return user.has_role(role, event) if event is not None else user.has_role_somewhere(role)


def staff_may(role: str, event: Event | None = None) -> bool:
    """For templates and inline checks: is a staff member logged in who may act as `role` here?"""
    return current_user.is_authenticated and may_act_as(current_user, role, event)


def visible_events(role: str) -> list[Event]:
    """The forums where the logged-in staff member may act as `role` (every forum for a deployment-wide role)."""
    from forum.services.events import list_events

    ids = current_user.event_ids_with(role)
    return [event for event in list_events() if ids is None or event.id in ids]


def require_staff(role: str, event: Event | None = None) -> User:
    """For the API: the staff user with at least `role` in the request's forum (or `event`), else 401/403
    as a DomainError."""
    user = staff()
    if user is None and bearer_token() is not None:
        if current_participant() is None:
            raise Unauthenticated("invalid_token", _("This token is not valid."))
        raise Forbidden("forbidden", _("You are not allowed to do this."))
    if user is None:
        raise Unauthenticated("unauthenticated", _("Please log in first."))
    if not may_act_as(user, role, event):
        raise Forbidden("forbidden", _("You are not allowed to do this."))
    return user


def staff_required(role: str):
    """For pages: anonymous visitors go to the login page; the wrong role (in this forum) gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not may_act_as(current_user, role):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator
