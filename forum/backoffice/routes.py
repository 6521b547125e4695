"""Forums: the list, creating and editing one, and a forum's overview."""
from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.backoffice import bp, queries
from forum.backoffice.common import show_errors
from forum.backoffice.forms import EventForm
from forum.errors import DomainError
from forum.extensions import db
from forum.security import staff_required, visible_events
from forum.services import accounts, audit
from forum.services import events as event_service


@bp.get("/", endpoint="events")
@staff_required("moderator")
def list_events():
    return render_template("backoffice/events.html", events=visible_events("moderator"),
                           registered=queries.registered_per_event())


@bp.route("/new", methods=["GET", "POST"])
@staff_required("organiser")
def new_event():
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = event_service.create_event(form.service_data(creating=True))
        except DomainError as exc:
            show_errors(form, exc)
        else:
            accounts.make_organiser_of_new_forum(current_user, event)
            audit.record("event.created", event=event, user=current_user, target=event)
            db.session.commit()
            flash(_("The forum was created. Next: add its agencies and participants."), "success")
            return redirect(url_for(".overview", slug=event.slug))
    form.offer_timezone(form.timezone.data)
    status = 422 if form.is_submitted() else 200
    return render_template("backoffice/event_form.html", form=form, event=None), status


@bp.get("/<slug>/")
@staff_required("moderator")
def overview(slug):
    event = event_service.get_event(slug)
    return render_template("backoffice/overview.html", event=event, counts=queries.participant_counts(event),
                           agencies=len(event.agencies))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@staff_required("organiser")
def edit_event(slug):
    event = event_service.get_event(slug)
    form = EventForm.for_event(event)  # on POST the submitted values take precedence
    if form.validate_on_submit():
        before = _snapshot(event)
        try:
            event_service.update_event(event, form.service_data(creating=False))
        except DomainError as exc:
            show_errors(form, exc)
        else:
            after = _snapshot(event)
            changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
            if changes:
                audit.record("event.updated", event=event, user=current_user, target=event, changes=changes)
                db.session.commit()
                flash(_("The forum was saved."), "success")
            else:
                flash(_("Nothing was changed."), "success")
            return redirect(url_for(".overview", slug=event.slug))
    form.offer_timezone(form.timezone.data)
    status = 422 if form.is_submitted() else 200
    return render_template("backoffice/event_form.html", form=form, event=event), status


def _snapshot(event) -> dict:
    """The editable fields as JSON-friendly values, to log what an edit changed."""
    values = {}
    for name in event_service.EVENT_FIELDS:
        value = getattr(event, name)
        values[name] = value.isoformat() if isinstance(value, datetime) else value
    return values
