"""What the agenda editor and the control panel share: no caching, the nav's role flag, the
words and zone the live templates use."""

from forum.agenda_admin import bp
from forum.i18n import zone_label
from forum.live.pages import live_labels
from forum.security import staff_may


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def _context():
    return {"is_organiser": staff_may("organiser"),
            "labels": live_labels()}


def zone_of(event) -> str:
    return zone_label(event.timezone)
