"""The organisers' back office: forums, agencies, participants, invitation imports."""
from forum.staff import staff_blueprint

bp = staff_blueprint("backoffice", __name__, url_prefix="/admin")

from forum.backoffice import agencies, common, documents, invitations, participants, routes  # noqa: E402,F401
