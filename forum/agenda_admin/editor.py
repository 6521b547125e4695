"""The organisers' agenda editor: the sessions in order, adding and editing one."""
from __future__ import annotations

from datetime import timedelta

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import agenda as agenda_actions
from forum.agenda_admin import bp
from forum.agenda_admin.common import zone_of
from forum.agenda_admin.forms import DATETIME_LOCAL, SessionForm
from forum.i18n import to_local
from forum.services import agenda, registration
from forum.staff import forum_page, submit_form


@bp.get("/<slug>/agenda")
@forum_page("organiser")
def agenda_editor(event):
    return render_template("agenda_admin/agenda.html", event=event, zone=zone_of(event),
                           payload=agenda.agenda_payload(event, staff=True))


@bp.route("/<slug>/agenda/new", methods=["GET", "POST"])
@forum_page("organiser")
def new_session(event):
    form = SessionForm()
    if not form.is_submitted():
        # A new session usually follows the last one.
        sessions = agenda.sessions_of(event)
        start = max((s.ends_at for s in sessions), default=event.starts_at)
        form.starts_at.data = to_local(start, event.timezone).strftime(DATETIME_LOCAL)
        form.ends_at.data = to_local(start + timedelta(hours=1), event.timezone).strftime(DATETIME_LOCAL)
    return _save(event, form, None)


@bp.route("/<slug>/agenda/<int:session_id>", methods=["GET", "POST"])
@forum_page("organiser")
def edit_session(event, session_id):
    session = agenda.get_session(event, session_id)
    form = SessionForm.for_session(session, event.timezone)  # on POST the submitted values take precedence
    return _save(event, form, session)


def _save(event, form: SessionForm, session):
    done = submit_form(
        form, lambda: agenda_actions.save_session(event, form.command(), session, actor=current_user),
        done=lambda saved: (_("The session was saved.") if session else _("The session was added."),
                            url_for(".agenda_editor", slug=event.slug) + f"#session-{saved.id}"), code=303)
    if done:
        return done
    candidates = registration.search_participants(event, status="registered")
    chosen = set(form.speaker_ids.data or [])
    if session is not None:  # keep today's speakers choosable even if their registration changed since
        known = {p.id for p in candidates}
        candidates += [p for p in session.speakers if p.id not in known]
    candidates.sort(key=lambda p: (p.id not in chosen, p.name.lower()))
    status = 422 if form.is_submitted() else 200
    return render_template("agenda_admin/session_form.html", event=event, form=form, session=session,
                           candidates=candidates, chosen=chosen, zone=zone_of(event)), status
