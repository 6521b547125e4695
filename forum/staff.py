"""What every staff area shares (the back office, the door, the dashboard, the agenda admin, moderation):
its pages never stay in a cache, and its templates know the staff member's role. Each area's blueprint is
made with `staff_blueprint`, so the rule is written once."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import Blueprint, flash, redirect, render_template
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from forum.errors import DomainError
from forum.extensions import db
from forum.security import staff_may, staff_required
from forum.services import events

T = TypeVar("T")


def staff_blueprint(name: str, import_name: str, *, cache_control: str = "no-store", **options) -> Blueprint:
    """A blueprint for a staff area. `cache_control`: "private, no-store" for an area that also serves
    participants' pages (moderation's input form on the live page)."""
    bp = Blueprint(name, import_name, **options)

    @bp.after_request
    def _no_store(response):
        # Names, contacts, personal links and live state: keep them out of shared caches and the history.
        response.headers["Cache-Control"] = cache_control
        return response

    @bp.context_processor
    def _roles():
        return {"is_organiser": staff_may("organiser")}

    return bp


def forum_page(role: str):
    """A staff page of one forum (a route with `<slug>`): the visitor must act as `role` in that forum
    (`staff_required`), and the view is called with the forum itself in place of its slug (404 for none)."""

    def decorator(view):
        @wraps(view)
        def with_forum(slug, **kwargs):
            return view(events.get_event(slug), **kwargs)

        return staff_required(role)(with_forum)

    return decorator


def show_errors(form: FlaskForm, exc: DomainError) -> None:
    """A service's refusal shown on the form: each field's message next to that field, the
    general message (and messages for fields the form lacks) at the top. Undoes the attempt."""
    db.session.rollback()
    flash(exc.message, "error")
    for name, message in exc.fields.items():
        field = form._fields.get(name)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            flash(message, "error")


def submit_form(form: FlaskForm, action: Callable[[], T], *, done: Callable[[T], tuple[str, str]],
                code: int = 302) -> Response | None:
    """The staff forms' one idiom. When the form was posted and is valid, run the action; a refusal is
    shown on the form (and None returned, so the page renders again with the errors), a success is
    flashed and redirected to: `done(result)` gives the message and the address."""
    if not form.validate_on_submit():
        return None
    try:
        result = action()
    except DomainError as exc:
        show_errors(form, exc)
        return None
    message, target = done(result)
    flash(message, "success")
    return redirect(target, code=code)


def form_page(form: FlaskForm, action: Callable[[], T], *, done: Callable[[T], tuple[str, str]], template: str,
              before_render: Callable[[], None] | None = None, **context):
    """A staff page around one form: `submit_form`, else the page (again), 422 after a refused or invalid post."""
    answer = submit_form(form, action, done=done)
    if answer is not None:
        return answer
    if before_render is not None:
        before_render()
    return render_template(template, form=form, **context), 422 if form.is_submitted() else 200
