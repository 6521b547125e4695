"""Operations: health checks for the load balancer."""
from flask import Blueprint

bp = Blueprint("ops", __name__)

from forum.ops import routes  # noqa: E402,F401
