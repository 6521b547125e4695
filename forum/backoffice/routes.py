"""Forums: the list, creating and editing one, and a forum's overview."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import forums
from forum.backoffice import bp, queries
from forum.backoffice.common import show_errors
from forum.backoffice.forms import EventForm
from forum.errors import DomainError
from forum.security import staff_required, visible_events
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
            event = forums.create_forum(form.service_data(creating=True), actor=current_user)
        except DomainError as exc:
            show_errors(form, exc)
        else:
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
        try:
            changes = forums.update_forum(event, form.service_data(creating=False), actor=current_user)
        except DomainError as exc:
            show_errors(form, exc)
        else:
            if changes:
                flash(_("The forum was saved."), "success")
            else:
                flash(_("Nothing was changed."), "success")
            return redirect(url_for(".overview", slug=event.slug))
    form.offer_timezone(form.timezone.data)
    status = 422 if form.is_submitted() else 200
    return render_template("backoffice/event_form.html", form=form, event=event), status

