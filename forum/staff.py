"""What every staff area shares (the back office, the door, the dashboard, the agenda admin, moderation):
its pages never stay in a cache, and its templates know the staff member's role. Each area's blueprint is
made with `staff_blueprint`, so the rule is written once."""
from __future__ import annotations

from flask import Blueprint

from forum.security import staff_may


def staff_blueprint(name: str, import_name: str, *, cache_control: str = "no-store", **options) -> Blueprint:
    """A blueprint for a staff area. `cache_control`: "private, no-store" for an area that also serves
    participants' pages (moderation's input form on the live page)."""
    bp = Blueprint(name, import_name, **options)

    @bp.after_request
    def _no_store(response):
        # Names, contacts, personal links and live state: keep them out of shared caches and the history.
        response.headers["Cache-Control"] = cache_control
        return response

    @bp.context_processor
    def _roles():
        return {"is_organiser": staff_may("organiser")}

    return bp
