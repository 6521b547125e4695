"""Forums: the list, creating and editing one, and a forum's overview."""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import forums
from forum.backoffice import bp, queries
from forum.backoffice.forms import EventForm
from forum.security import staff_required, visible_events
from forum.staff import form_page, forum_page


@bp.get("/", endpoint="events")
@staff_required("moderator")
def list_events():
    return render_template("backoffice/events.html", events=visible_events("moderator"),
                           registered=queries.registered_per_event())


@bp.route("/new", methods=["GET", "POST"])
@staff_required("organiser")
def new_event():
    form = EventForm()
    return _event_form(form, None, lambda: forums.create_forum(form.settings(creating=True), actor=current_user),
                       lambda _event: _("The forum was created. Next: add its agencies and participants."))


@bp.get("/<slug>/")
@forum_page("moderator")
def overview(event):
    return render_template("backoffice/overview.html", event=event, counts=queries.participant_counts(event),
                           agencies=len(event.agencies))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@forum_page("organiser")
def edit_event(event):
    form = EventForm.for_event(event)  # on POST the submitted values take precedence
    return _event_form(form, event, lambda: forums.update_forum(event, form.settings(creating=False),
                                                                actor=current_user),
                       lambda changes: _("The forum was saved.") if changes else _("Nothing was changed."))


def _event_form(form: EventForm, event, save, message):
    """The forum's form, new or edited: saved, it leads to the forum's overview; refused, it shows again."""
    return form_page(form, save,
                     done=lambda result: (message(result), url_for(".overview", slug=(event or result).slug)),
                     template="backoffice/event_form.html", event=event,
                     before_render=lambda: form.offer_timezone(form.timezone.data))

