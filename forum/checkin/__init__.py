"""The registration desk in the browser: the scanner page (camera, typed codes, search, walk-ins,
offline queue) and the confirm page a staff member's phone camera opens from a QR code."""
from flask import Blueprint

bp = Blueprint("checkin", __name__, url_prefix="/checkin")

from forum.checkin import routes  # noqa: E402,F401
