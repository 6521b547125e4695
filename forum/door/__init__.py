"""The door for organisers: the live door view (expected vs arrived, latest arrivals, who is missing,
offline-sync conflicts) and the name badges printed before the forum."""
from forum.staff import staff_blueprint

bp = staff_blueprint("door", __name__, url_prefix="/admin")

from forum.door import routes  # noqa: E402,F401
