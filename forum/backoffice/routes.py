from flask import render_template

from forum.backoffice import bp
from forum.security import staff_required
from forum.services import events as event_service


@bp.get("/", endpoint="events")
@staff_required("moderator")
def list_events():
    return render_template("backoffice/events.html", events=event_service.list_events())
