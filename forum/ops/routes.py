"""/healthz: the process is up. /readyz: it can serve — the database and, when configured, Redis answer,
and it is not stopping."""
from flask import current_app, jsonify, send_from_directory
from sqlalchemy import text

from forum import lifecycle
from forum.extensions import db
from forum.ops import bp


@bp.get("/favicon.ico")
def favicon():
    """What browsers ask for by themselves (pages name the hashed static/favicon.svg)."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400)


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    checks, ready = {}, True
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001  (any failure means not ready)
        db.session.rollback()
        checks["database"] = f"unavailable: {type(exc).__name__}"
        ready = False
    url = current_app.config.get("REDIS_URL")
    if url:
        try:
            import redis

            redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
            checks["redis"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = f"unavailable: {type(exc).__name__}"
            ready = False
    if lifecycle.draining():  # stopping (SIGTERM): send no new clients here
        checks["process"] = "draining"
        ready = False
    response = jsonify({"status": "ok" if ready else "unavailable", "checks": checks})
    if not ready:
        response.status_code = 503
        response.headers["Retry-After"] = "5"
    return response
