"""What the agenda editor and the control panel share: the words and zone the live templates use."""

from forum.agenda_admin import bp
from forum.i18n import zone_label
from forum.live.pages import live_labels


@bp.context_processor
def _context():
    return {"labels": live_labels()}


def zone_of(event) -> str:
    return zone_label(event.timezone)
