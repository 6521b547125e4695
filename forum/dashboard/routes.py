"""The dashboard (`/admin/<slug>/dashboard`, its state as JSON for the live script) and the erasure of
contact details (`/admin/<slug>/erase-contacts`, with a confirmation step). Organisers only."""
from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from forum.actions import records
from forum.api.answers import error_status
from forum.backoffice import labels
from forum.dashboard import bp, figures
from forum.dashboard.forms import EraseContactsForm
from forum.db import utcnow
from forum.documents import charts
from forum.errors import DomainError
from forum.serialise import iso
from forum.services import retention
from forum.staff import forum_page

REFRESH_SECONDS = 5  # the live script fetches dashboard.json at most this often


@bp.context_processor
def _labels():
    return {"attendance_labels": labels.ATTENDANCE, "render_svg": charts.render_svg}


def _charts(event, now) -> list[charts.Chart]:
    return [figures.arrival_chart(event), figures.online_chart(event, now)]


@bp.get("/<slug>/dashboard")
@forum_page("organiser")
def dashboard(event):
    now = utcnow()
    return render_template(
        "dashboard/dashboard.html", event=event, now=now, figures=figures.figures(event, now),
        charts=_charts(event, now), sessions=figures.sessions(event), refresh_seconds=REFRESH_SECONDS,
        erasable_from=retention.erasable_from(event), not_erased=retention.pending_count(event))


@bp.get("/<slug>/dashboard.json")
@forum_page("organiser")
def dashboard_state(event):
    """The dashboard's figures and its re-rendered charts and agency table, for the live script."""
    now = utcnow()
    state = figures.figures(event, now)
    return jsonify({
        "event": event.slug,
        "generated_at": iso(now, event.timezone),
        "summary": state.summary,
        "figures": state.as_json(),
        "no_show_ids": state.no_show_ids,
        "fragments": {
            "charts": render_template("dashboard/_charts.html", event=event, charts=_charts(event, now)),
            "agencies": render_template("dashboard/_agencies.html", event=event, figures=state),
        },
    })


@bp.route("/<slug>/erase-contacts", methods=["GET", "POST"])
@forum_page("organiser")
def erase_contacts(event):
    form = EraseContactsForm()
    status = 200
    if form.validate_on_submit():
        try:
            erased = records.erase_contacts(event, user=current_user._get_current_object(), via="web")
        except DomainError as exc:
            flash(exc.message, "error")
            status = error_status(exc)
        else:
            if erased:
                flash(ngettext("The contact details of %(num)d participant were erased.",
                               "The contact details of %(num)d participants were erased.", erased), "success")
            else:
                flash(_("Nothing to erase: every participant's contact details were already erased."), "success")
            return redirect(url_for(".dashboard", slug=event.slug))
    elif form.is_submitted():
        status = 422
    due = retention.erasable_from(event)
    return render_template("dashboard/erase.html", event=event, form=form, erasable_from=due,
                           is_due=due is not None and utcnow() >= due,
                           not_erased=retention.pending_count(event)), status
