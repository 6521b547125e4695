"""The agencies taking part in a forum."""
from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import people
from forum.backoffice import bp, queries
from forum.backoffice.forms import AgencyForm
from forum.security import staff_required
from forum.services import events as event_service
from forum.staff import submit_form


@bp.get("/<slug>/agencies")
@staff_required("moderator")
def agencies(slug):
    event = event_service.get_event(slug)
    return render_template("backoffice/agencies.html", event=event, agencies=queries.agencies_with_counts(event))


@bp.route("/<slug>/agencies/new", methods=["GET", "POST"])
@staff_required("organiser")
def new_agency(slug):
    event = event_service.get_event(slug)
    return _agency_form(event, None)


@bp.route("/<slug>/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@staff_required("organiser")
def edit_agency(slug, agency_id):
    event = event_service.get_event(slug)
    agency = queries.get_agency(event, agency_id)
    if agency is None:
        abort(404)
    return _agency_form(event, agency)


def _agency_form(event, agency):
    form = AgencyForm(obj=agency)
    done = submit_form(form, lambda: people.save_agency(event, form.service_data(), agency, actor=current_user),
                       done=lambda saved: (_("The agency %(name)s was saved.", name=saved.name),
                                           url_for(".agencies", slug=event.slug)))
    if done:
        return done
    status = 422 if form.is_submitted() else 200
    return render_template("backoffice/agency_form.html", event=event, agency=agency, form=form), status
