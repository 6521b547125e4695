"""Staff accounts: logging in, API tokens, accounts and their roles per forum (the pages, the API, the CLI)."""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.models import ApiToken, Event, User
from forum.services import accounts, audit


def logged_in(user: User) -> None:
    """Keep the login in the audit log (the session itself is the route's)."""
    with unit_of_work():
        audit.record("auth.login", user=user)


def create_token(user: User, label: str = "", *, via: str | None = None) -> str:
    """A new API token for `user`; the raw token, shown once."""
    details = {"via": via} if via else {}
    with unit_of_work():
        _token, raw = accounts.create_token(user, label)
        audit.record("token.created", user=user, label=label, **details)
    return raw


def revoke_token(token: ApiToken, *, actor: User) -> None:
    with unit_of_work():
        accounts.revoke_token(token)
        audit.record("token.revoked", user=actor, target=token)


def create_staff(email: str, name: str, role: str, password: str, *, forums: list[Event] = (),
                 actor: User | None = None, via: str | None = None) -> User:
    """A staff account, global or (`forums`) for some forums only; each forum's log says so."""
    details = {"via": via} if via else {}
    with unit_of_work():
        user = accounts.create_user(email, name, role, password, events=forums)
        for event in forums or [None]:
            audit.record("staff.created", event=event, user=actor, target=user, email=user.email, role=role,
                         **details)
    return user


def update_staff(user: User, *, role: str | None, active: bool, password: str = "", actor: User) -> dict:
    """Change an account's global role, whether it may log in, or its password; returns what changed."""
    changes: dict = {}
    with unit_of_work():
        if role != user.role:
            changes["role"] = [user.role, role]
            user.role = role
        if active != user.active:
            changes["active"] = [user.active, active]
            user.active = active
        if password:
            accounts.set_password(user, password)
            changes["password_reset"] = True
        if changes:
            audit.record("staff.updated", user=actor, target=user, changes=changes)
    return changes


def set_forum_role(user: User, event: Event, role, *, actor: User | None) -> None:
    """Give `user` the role `role` in one forum (replacing the one they had there)."""
    with unit_of_work():
        accounts.set_forum_role(user, event, role, actor=actor)


def remove_forum_role(user: User, event: Event, *, actor: User | None) -> None:
    with unit_of_work():
        accounts.remove_forum_role(user, event, actor=actor)
