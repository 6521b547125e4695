"""Input for people without a device: a facilitator or the secretary enters it at the desk, on
behalf of a named participant or an agency, into the same queue (services/inputs.submit with the
staff user). static/js/input-form.js sends the same form to the JSON API."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import inputs as input_actions
from forum.api.answers import error_status
from forum.contract.requests import read_submission
from forum.errors import DomainError
from forum.models import ParticipantStatus
from forum.moderation import bp, queries
from forum.moderation.common import refusal
from forum.moderation.forms import FacilitatorForm, choices
from forum.ratelimits import search_limit
from forum.services import agenda, registration
from forum.staff import forum_page

MAX_PEOPLE = 500  # the participant list of the entry form; a search narrows it


def _form(event, q: str, *, formdata=True) -> FacilitatorForm:
    form = FacilitatorForm(regencies=queries.regency_names(), **({} if formdata else {"formdata": None}))
    sessions = agenda.sessions_of(event)
    form.session_id.choices = choices((str(s.id), s.title + (" · " + _("input is open") if s.input_open else ""))
                                      for s in sessions)
    if not form.session_id.data:
        running = agenda.current_session(sessions)
        chosen = running if running and running.input_open else next((s for s in sessions if s.input_open), running)
        form.session_id.data = str(chosen.id) if chosen else ""
    people = registration.search_participants(event, q=q, status=ParticipantStatus.registered.value,
                                              limit=MAX_PEOPLE)
    form.participant_id.choices = choices(((str(p.id), p.name + (f" — {p.agency.name}" if p.agency else ""))
                                           for p in people), "—")
    return form


def _page(event, form, *, q: str = "", errors: dict | None = None, status: int = 200):
    return render_template("moderation/entry.html", event=event, form=form, q=q, errors=errors or {},
                           agencies=queries.agencies_of(event)), status


@bp.get("/admin/<slug>/inputs/new")
@forum_page("moderator")
@search_limit
def entry(event):
    q = request.args.get("q", "")[:100]
    form = _form(event, q, formdata=False)
    if request.args.get("session", "").isdigit():  # after a save: the next entry for the same session
        form.session_id.data = request.args["session"]
    return _page(event, form, q=q)


@bp.post("/admin/<slug>/inputs/new")
@forum_page("moderator")
def save_entry(event):
    form = _form(event, "")
    try:
        session = agenda.get_session(event, form.chosen_session_id())
        item = input_actions.submit(event, session, read_submission(form.service_data()), user=current_user).input
    except DomainError as exc:
        return _page(event, form, errors=refusal(exc), status=error_status(exc))
    flash(_("Saved as #%(id)d: “%(title)s”.", id=item.id, title=item.title), "success")
    return redirect(url_for(".entry", slug=event.slug, session=session.id), code=303)
