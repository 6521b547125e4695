"""Staff accounts, passwords and API tokens."""
from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from forum.db import utcnow
from forum.errors import DomainError, NotFound
from forum.extensions import db
from forum.models import ApiToken, ForumStaff, StaffRole, User
from forum.models.people import FORUM_ROLES
from forum.services import audit
from forum.services import stamp as staff_stamp
from forum.services.validation import FieldErrors, clean_text, normalize_email

TOKEN_PREFIX = "fst_"  # noqa: S105  (a prefix, not a secret: staff tokens stand out in logs and scanners)
MIN_PASSWORD = 10
# Compared against when the email is unknown, so that a login takes as long either way: one per
# hashing method (FORUM_PASSWORD_HASH), made when first needed.
_dummy_hashes: dict[str, str] = {}


def _method() -> str:
    """werkzeug's method spec for new password hashes (default scrypt; the test suite uses a cheap one,
    as Django's test settings do, since it creates and logs in staff users by the hundred)."""
    return current_app.config.get("FORUM_PASSWORD_HASH") or "scrypt"


def _hash_password(password: str) -> str:
    return generate_password_hash(password, method=_method())


def _dummy_hash() -> str:
    method = _method()
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _dummy_hashes[method]


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(email: str, name: str, role: str, password: str, events=()) -> User:
    """A staff account with `role` in every forum, or, given `events`, in those forums only."""
    errors = FieldErrors()
    email = errors.check("email", normalize_email, email)
    if not email and "email" not in errors.errors:
        errors.add("email", _("This field is required."))
    name = errors.check("name", clean_text, name, max_length=200, required=True)
    if role not in {r.value for r in StaffRole}:
        errors.add("role", _("Role must be one of admin, organiser, moderator, checkin."))
    elif events:
        _check_forum_role(role, errors)
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        errors.add("password", _("A password needs at least %(n)d characters.", n=MIN_PASSWORD))
    errors.raise_if_any()
    if db.session.scalar(select(User).where(User.email == email)):
        raise DomainError("email_taken", _("A staff account with this email already exists."),
                          fields={"email": _("Already in use.")})
    user = User(email=email, name=name, role=None if events else role, password_hash=_hash_password(password))
    db.session.add(user)
    for event in events:
        user.forum_roles.append(ForumStaff(event_id=event.id, role=role))
    db.session.flush()
    return user


def _check_forum_role(role, errors: FieldErrors) -> None:
    if role not in {r.value for r in FORUM_ROLES}:
        errors.add("role", _("A role in one forum is organiser, moderator or checkin; an administrator "
                             "is always one for every forum."))


def forum_role(user: User, event) -> str | None:
    """The role `user` holds in forum `event` itself (not counting a role in every forum)."""
    return next((a.role for a in user.forum_roles if a.event_id == event.id), None)


def set_forum_role(user: User, event, role, *, actor: User | None) -> None:
    """Gives `user` the role `role` in forum `event`, replacing the one they had there (audited)."""
    errors = FieldErrors()
    if not isinstance(role, str) or not role:
        errors.add("role", _("This field is required."))
    else:
        _check_forum_role(role, errors)
    errors.raise_if_any()
    held = next((a for a in user.forum_roles if a.event_id == event.id), None)
    old = held.role if held is not None else None
    if old == role:
        return
    if held is None:
        user.forum_roles.append(ForumStaff(event_id=event.id, role=role))
    else:
        held.role = role
    db.session.flush()
    audit.record("staff.forum_role", event=event, user=actor, target=user, changes={"role": [old, role]})


def remove_forum_role(user: User, event, *, actor: User | None) -> None:
    """Takes away `user`'s role in forum `event` (audited); their role in every forum, if any, stays."""
    held = next((a for a in user.forum_roles if a.event_id == event.id), None)
    if held is None:
        return
    user.forum_roles.remove(held)
    db.session.flush()
    audit.record("staff.forum_role", event=event, user=actor, target=user, changes={"role": [held.role, None]})


def make_organiser_of_new_forum(user: User, event) -> None:
    """An organiser who creates a forum becomes its organiser (a deployment-wide one already is)."""
    if not user.has_role(StaffRole.organiser, event):
        set_forum_role(user, event, StaffRole.organiser.value, actor=user)


def get_user(user_id) -> User:
    """The staff account with this id, else a 404 DomainError."""
    user = db.session.get(User, user_id) if isinstance(user_id, int) and 0 < user_id < 2**31 else None
    if user is None:
        raise NotFound("user_not_found", _("No such staff account."))
    return user


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError("invalid", _("A password needs at least %(n)d characters.", n=MIN_PASSWORD),
                          fields={"password": _("Too short.")})
    user.password_hash = _hash_password(password)


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None; the same work whether or not the email exists."""
    try:
        email = normalize_email(email) or ""
    except ValueError:
        email = ""
    user = db.session.scalar(select(User).where(User.email == email)) if email else None
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def create_token(user: User, label: str = "") -> tuple[ApiToken, str]:
    """A new API token; the raw value is returned once and only its hash is stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, label=(label or "")[:100], token_hash=_hash_token(raw))
    db.session.add(token)
    db.session.flush()
    return token, raw


# A process keeps, per app, the staff user behind each token it has seen, with the staff stamp read when it
# was loaded (models/people.py: StaffStamp; services/stamp.py). A Bearer request then reads that one counter
# instead of the token, its user and their roles; a different value (any account, role or token changed
# anywhere, in any process) loads them again. Never a stale answer, only the cost of a reload after a change.
_TOKEN_USER = (select(User).join(ApiToken, ApiToken.user_id == User.id)
               .where(ApiToken.token_hash == bindparam("digest"), ApiToken.revoked_at.is_(None))
               .options(selectinload(User.forum_roles)))


def user_for_token(raw: str) -> User | None:
    """The active staff user this API token acts for, else None (unknown, revoked, deactivated)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    digest = _hash_token(raw)
    user = staff_stamp.kept("forum_token_users", digest,
                            lambda session: session.scalar(_TOKEN_USER, {"digest": digest}))
    return user if user is not None and user.active else None


def revoke_token(token: ApiToken) -> None:
    token.revoked_at = utcnow()
