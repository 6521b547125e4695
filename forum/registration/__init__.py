"""Public pages: the start page, registration per forum, the personal page and QR images."""
from flask import Blueprint

bp = Blueprint("registration", __name__)

from forum.registration import routes  # noqa: E402,F401
