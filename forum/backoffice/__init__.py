"""The organisers' back office: forums, agencies, participants, invitation imports."""
from flask import Blueprint

bp = Blueprint("backoffice", __name__, url_prefix="/admin")

from forum.backoffice import agencies, common, invitations, participants, routes  # noqa: E402,F401
