"""The agenda behind the scenes: the organisers' agenda editor and the moderators' control panel."""
from forum.staff import staff_blueprint

bp = staff_blueprint("agenda_admin", __name__, url_prefix="/admin")

from forum.agenda_admin import control, editor  # noqa: E402,F401
