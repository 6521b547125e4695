"""Forums: the list, creating and editing one, and a forum's overview."""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import forums
from forum.backoffice import bp, queries
from forum.backoffice.forms import EventForm
from forum.security import staff_required, visible_events
from forum.services import events as event_service
from forum.staff import submit_form


@bp.get("/", endpoint="events")
@staff_required("moderator")
def list_events():
    return render_template("backoffice/events.html", events=visible_events("moderator"),
                           registered=queries.registered_per_event())


@bp.route("/new", methods=["GET", "POST"])
@staff_required("organiser")
def new_event():
    form = EventForm()
    done = submit_form(form, lambda: forums.create_forum(form.service_data(creating=True), actor=current_user),
                       done=lambda event: (_("The forum was created. Next: add its agencies and participants."),
                                           url_for(".overview", slug=event.slug)))
    if done:
        return done
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
    done = submit_form(form, lambda: forums.update_forum(event, form.service_data(creating=False), actor=current_user),
                       done=lambda changes: (_("The forum was saved.") if changes else _("Nothing was changed."),
                                             url_for(".overview", slug=event.slug)))
    if done:
        return done
    form.offer_timezone(form.timezone.data)
    status = 422 if form.is_submitted() else 200
    return render_template("backoffice/event_form.html", form=form, event=event), status

