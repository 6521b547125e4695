"""Contract version 2: staff roles in one forum (the organiser of that forum or an administrator)."""
from flask import jsonify

from forum.actions import staff
from forum.api import bp
from forum.api.common import json_body
from forum.security import require_staff
from forum.services import accounts, events


def forum_staff_json(user, event) -> dict:
    # Only what the caller sent back: an organiser of one forum learns nothing about the account elsewhere.
    return {"user_id": user.id, "event": event.slug, "role": accounts.forum_role(user, event)}


@bp.put("/events/<slug>/staff/<int:user_id>")
def set_forum_staff(slug, user_id):
    actor = require_staff("organiser")
    event = events.get_event(slug)
    user = accounts.get_user(user_id)
    staff.set_forum_role(user, event, json_body().get("role"), actor=actor)
    return jsonify(forum_staff_json(user, event))


@bp.delete("/events/<slug>/staff/<int:user_id>")
def remove_forum_staff(slug, user_id):
    actor = require_staff("organiser")
    event = events.get_event(slug)
    user = accounts.get_user(user_id)
    staff.remove_forum_role(user, event, actor=actor)
    return "", 204
