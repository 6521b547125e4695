"""Rate limits on what a script could flood once it holds a credential: check-ins, agency input,
supports and votes, uploads, participant searches.

Login and registration are limited per client address (nobody is known yet; see forum/auth and
forum/registration). These are limited per *person acting* — the staff user, else the participant —
because three registration desks, or a whole delegation on the hotel Wi-Fi, share one address behind
the venue's NAT. Each limit is shared by the page and the API route doing the same thing, so sending
half through each gains nothing. The sizes are settings (config.py); `FORUM_RATELIMIT=0` switches every
limit off. A limited request answers 429 with `Retry-After` (the error handlers in forum/__init__.py).
"""
from __future__ import annotations

from functools import wraps

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from forum.extensions import limiter


def acting_person() -> str:
    """The rate-limit key: the staff user, else the participant (access token or the personal-link
    session), else — for a request that will be refused anyway — the client address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    from forum.security import current_participant

    participant = current_participant()
    if participant is not None:
        return f"participant:{participant.id}"
    return f"address:{get_remote_address()}"


def _staff() -> bool:
    return current_user.is_authenticated


def _setting(name: str):
    return lambda: current_app.config[name]


def _unless_off(limit):
    """`limit` (a Flask-Limiter decorator), skipped when limits are off (`FORUM_RATELIMIT=0`, or the limiter not
    bound): Flask-Limiter's wrapper still identified the request, noted hints and evaluated an empty list of limits
    on every call, which it counted none of (it holds every limit exempt then)."""

    def decorator(view):
        limited = limit(view)

        @wraps(limited)  # its marks too: a limit of this limiter stacked on it is not checked twice
        def route(*args, **kwargs):
            if limiter.enabled and limiter.initialized:
                return limited(*args, **kwargs)
            return view(*args, **kwargs)

        return route

    return decorator


# A desk scans about one code a second; an offline device's whole queue is one batch request.
checkin_limit = _unless_off(limiter.shared_limit(_setting("FORUM_CHECKIN_LIMIT"), scope="checkin",
                                                 key_func=acting_person))
# Participants' proposals, comments and questions. Staff entering a stack of paper forms (or an import
# script with a moderator's token) are not limited: the limit protects the moderators' queue from them.
input_limit = _unless_off(limiter.shared_limit(_setting("FORUM_INPUT_LIMIT"), scope="input", key_func=acting_person,
                                               exempt_when=_staff))
# Supports of an input and upvotes of a question.
support_limit = _unless_off(limiter.shared_limit(_setting("FORUM_SUPPORT_LIMIT"), scope="support",
                                                 key_func=acting_person))
# Speakers' materials and invitation-list imports (each up to FORUM_MAX_UPLOAD_MB).
upload_limit = _unless_off(limiter.shared_limit(_setting("FORUM_UPLOAD_LIMIT"), scope="upload",
                                                key_func=acting_person, methods=["POST"]))
# Participant searches (the desk's name search, the moderators' entry form, the organisers' lists): a
# search answers one question about the list, and thousands of them would copy it out. Counted only when a
# search term is given, so paging through a list or opening a form costs nothing.
search_limit = _unless_off(limiter.shared_limit(_setting("FORUM_SEARCH_LIMIT"), scope="search",
                                                key_func=acting_person,
                                                exempt_when=lambda: not request.args.get("q", "").strip()))
# Asking for one's personal link again from the room (per client address: nobody is known yet). Its answer
# never says whether the contact is registered; the limit stops a script from filling the organisers' list.
link_request_limit = _unless_off(limiter.shared_limit(_setting("FORUM_LINK_REQUEST_LIMIT"), scope="link_request",
                                                      key_func=get_remote_address, methods=["POST"]))
