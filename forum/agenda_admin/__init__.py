"""The agenda behind the scenes: the organisers' agenda editor and the moderators' control panel."""
from flask import Blueprint

bp = Blueprint("agenda_admin", __name__, url_prefix="/admin")

from forum.agenda_admin import control, editor  # noqa: E402,F401
