from flask import Blueprint

bp = Blueprint("auth", __name__)

from forum.auth import routes, staff  # noqa: E402,F401
