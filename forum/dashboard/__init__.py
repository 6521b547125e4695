"""The organisers' dashboard (attendance at a glance, live), the erasure of contact details after the
forum, and the audit log viewer."""
from forum.staff import staff_blueprint

bp = staff_blueprint("dashboard", __name__, url_prefix="/admin")

from forum.dashboard import audit_log, routes  # noqa: E402,F401
