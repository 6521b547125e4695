"""Export files for organisers' browsers: attendance lists, agency input and the minutes."""
from flask import Blueprint

bp = Blueprint("exports", __name__)

from forum.exports import plans, routes  # noqa: E402,F401
