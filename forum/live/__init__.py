"""The live forum: the participants' live page, the projector screen, the public agenda, materials."""
from flask import Blueprint

bp = Blueprint("live", __name__)

from forum.live import pages, plans, routes, switch  # noqa: E402,F401
