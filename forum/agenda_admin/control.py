"""The moderators' control panel: run the sessions, delay the agenda, announce, publish materials.

Every button is a plain form posting here (it works without JavaScript); control.js sends the
same forms to the JSON API instead and keeps the page live over Socket.IO. Like the API, each
route calls the action (forum/actions/agenda.py), which commits; the connected pages hear of it from
forum/realtime/broadcast.py.
"""
from __future__ import annotations

import re

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from forum.actions import agenda as agenda_actions
from forum.agenda_admin import bp
from forum.agenda_admin.common import zone_of
from forum.api.agenda import _form_bool
from forum.api.answers import error_status
from forum.contract.requests import read_delay, read_state_change
from forum.errors import DomainError, ValidationFailed
from forum.extensions import db
from forum.live.pages import current_and_next
from forum.ratelimits import upload_limit
from forum.serialise import iso
from forum.services import agenda, materials
from forum.services.materials import MaterialUpdate
from forum.staff import forum_page


def _panel(event, *, status: int = 200, errors: dict | None = None, values: dict | None = None):
    """The page; `errors` maps a form's key to the service's message, shown next to that form."""
    announcements = [{"text": a.text, "at": iso(a.at, event.timezone)} for a in agenda.recent_announcements(event)]
    payload = agenda.agenda_payload(event, staff=True)
    current, following = current_and_next(payload)
    return render_template("agenda_admin/control.html", event=event, zone=zone_of(event), payload=payload,
                           current=current, following=following, announcements=announcements,
                           errors=errors or {}, values=values or {}), status


def _refused(event, key: str, exc: DomainError, values: dict | None = None):
    db.session.rollback()
    message = exc.message
    if exc.fields:
        message = " ".join([message, *exc.fields.values()])
    return _panel(event, status=error_status(exc), errors={key: message}, values=values)


def _back(event, anchor: str = ""):
    return redirect(url_for(".control", slug=event.slug) + anchor, code=303)


def _number(name: str):
    """'15' or '-5' → int; '' → None; anything else goes to the service as typed, to be refused."""
    text = (request.form.get(name) or "").strip()
    if not text:
        return None
    return int(text) if re.fullmatch(r"-?\d{1,9}", text) else text


def _flag(name: str):
    """A true/false button value → bool; absent → None; anything else as typed, for the service."""
    value = request.form.get(name)
    if value is None or value == "":
        return None
    return {"true": True, "false": False}.get(value, value)


@bp.get("/<slug>/control")
@forum_page("moderator")
def control(event):
    return _panel(event)


@bp.post("/<slug>/control/sessions/<int:session_id>/state")
@forum_page("moderator")
def change_state(event, session_id):
    session = agenda.get_session(event, session_id)
    sent = {"state": request.form.get("state") or None, "input_open": _flag("input_open")}
    try:
        change = read_state_change({name: value for name, value in sent.items() if value is not None})
        agenda_actions.change_state(event, session, change, actor=current_user)
    except DomainError as exc:
        return _refused(event, f"session-{session_id}", exc)
    return _back(event, f"#session-{session.id}")


@bp.post("/<slug>/control/next")
@forum_page("moderator")
def next_session(event):
    started = agenda_actions.start_next(event, actor=current_user)
    if started is None:
        flash(_("No scheduled session is left."), "error")
        return _back(event)
    flash(_("Started: %(title)s", title=started.title), "success")
    return _back(event, f"#session-{started.id}")


@bp.post("/<slug>/control/delay")
@forum_page("moderator")
def delay(event):
    minutes = _number("minutes")
    try:
        moved = agenda_actions.delay(event, read_delay({"minutes": minutes, "session_id": _number("session_id")}),
                                     actor=current_user)
    except DomainError as exc:
        return _refused(event, "delay", exc, values={"minutes": request.form.get("minutes", "")})
    flash(ngettext("The agenda was moved by %(n)d min (%(num)d session).",
                   "The agenda was moved by %(n)d min (%(num)d sessions).", len(moved), n=minutes), "success")
    return _back(event)


@bp.post("/<slug>/control/announcements")
@forum_page("moderator")
def announce(event):
    text = request.form.get("text", "")
    try:
        agenda_actions.announce(event, text, actor=current_user)
    except DomainError as exc:
        return _refused(event, "announcement", exc, values={"text": text})
    flash(_("The announcement was sent."), "success")
    return _back(event, "#announcements")


@bp.post("/<slug>/control/sessions/<int:session_id>/materials")
@forum_page("moderator")
@upload_limit
def upload(event, session_id):
    session = agenda.get_session(event, session_id)
    try:
        replaces_id = _number("replaces")
        if replaces_id is not None and not isinstance(replaces_id, int):
            raise ValidationFailed({"replaces": _("Must be a whole number.")})
        material = agenda_actions.upload_material(
            event, session, request.files.get("file"), title=request.form.get("title"),
            published=_form_bool("published"), publish_on_start=_form_bool("publish_on_start"),
            replaces_id=replaces_id, user=current_user)
    except DomainError as exc:
        return _refused(event, f"upload-{session_id}", exc)
    flash(_("Uploaded: %(name)s", name=material.filename), "success")
    return _back(event, f"#session-{session.id}")


@bp.post("/<slug>/control/materials/<int:material_id>")
@forum_page("moderator")
def update_material(event, material_id):
    material = materials.get_material(event, material_id)
    data = {name: _flag(name) for name in ("published", "publish_on_start", "title") if name in request.form}
    if "title" in data:
        data["title"] = request.form["title"]
    try:
        agenda_actions.update_material(material, MaterialUpdate(**data), user=current_user)
    except DomainError as exc:
        return _refused(event, f"session-{material.session_id}", exc)
    return _back(event, f"#session-{material.session_id}")
