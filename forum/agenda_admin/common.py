"""What the agenda editor and the control panel share: no caching, the nav's role flag, the
words and zone the live templates use."""
from flask_login import current_user

from forum.agenda_admin import bp
from forum.i18n import zone_label
from forum.live.pages import live_labels


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def _context():
    return {"is_organiser": current_user.is_authenticated and current_user.has_role("organiser"),
            "labels": live_labels()}


def zone_of(event) -> str:
    return zone_label(event.timezone)
