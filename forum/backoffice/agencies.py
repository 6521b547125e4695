"""The agencies taking part in a forum: the curated list, its aliases, and the names nobody listed (unverified)
waiting to be mapped to a listed agency or confirmed."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import people
from forum.backoffice import bp, queries
from forum.backoffice.forms import AgencyForm, AgencyMapForm, AliasForm
from forum.errors import DomainError
from forum.security import staff_required
from forum.services import events as event_service
from forum.services.validation import parse_record_id
from forum.staff import form_page, forum_page


@bp.get("/<slug>/agencies")
@forum_page("moderator")
def agencies(event):
    listed = queries.agencies_with_counts(event)
    return render_template("backoffice/agencies.html", event=event,
                           agencies=[(a, n) for a, n in listed if a.verified],
                           unverified=[(a, n) for a, n in listed if not a.verified],
                           verified=[a for a, _n in listed if a.verified],
                           map_form=AgencyMapForm(), alias_form=AliasForm())


@bp.route("/<slug>/agencies/new", methods=["GET", "POST"])
@forum_page("organiser")
def new_agency(event):
    return _agency_form(event, None)


@bp.route("/<slug>/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@forum_page("organiser")
def edit_agency(event, agency_id):
    agency = queries.get_agency(event, agency_id)
    if agency is None:
        abort(404)
    return _agency_form(event, agency)


def _agency_form(event, agency):
    form = AgencyForm(obj=agency)
    return form_page(form, lambda: people.save_agency(event, form.service_data(), agency, actor=current_user),
                     done=lambda saved: (_("The agency %(name)s was saved.", name=saved.name),
                                         url_for(".agencies", slug=event.slug)),
                     template="backoffice/agency_form.html", event=event, agency=agency)


@bp.post("/<slug>/agencies/<int:agency_id>/map")
@staff_required("organiser")
def map_agency(slug, agency_id):
    """An unverified agency: mapped to the listed agency chosen (`into`), or confirmed as written (`into` empty)."""
    event, agency, form = _posted(slug, agency_id, AgencyMapForm)
    into_id = _record_id(form.into.data)
    try:
        if into_id is None:
            people.confirm_agency(agency, actor=current_user)
            flash(_("%(name)s is on the list now.", name=agency.name), "success")
        else:
            into = queries.get_agency(event, into_id)
            if into is None:
                abort(404)
            name = agency.name
            people.map_agency(agency, into, actor=current_user)
            flash(_("%(name)s is %(into)s now: its people moved, and the name finds it from now on.",
                    name=name, into=into.name), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for(".agencies", slug=event.slug))


@bp.post("/<slug>/agencies/<int:agency_id>/aliases")
@staff_required("organiser")
def add_alias(slug, agency_id):
    event, agency, form = _posted(slug, agency_id, AliasForm)
    try:
        people.add_agency_alias(agency, form.alias.data or "", actor=current_user)
    except DomainError as exc:
        flash(next(iter(exc.fields.values()), exc.message), "error")
    else:
        flash(_("The name was added."), "success")
    return redirect(url_for(".agencies", slug=event.slug))


def _posted(slug, agency_id, form_class):
    """The forum, the agency named in the URL (404 when not of this forum) and the posted form (400 without its
    CSRF token)."""
    event = event_service.get_event(slug)
    agency = queries.get_agency(event, agency_id)
    form = form_class()
    if agency is None or not form.validate_on_submit():
        abort(404 if agency is None else 400)
    return event, agency, form


def _record_id(value) -> int | None:
    try:
        return parse_record_id((value or "").strip())
    except ValueError:
        return None
