"""Forum: hybrid planning forums — registration, door check-in, live agenda, agency input, exports."""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from flask import Flask, flash, jsonify, redirect, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, Config, load_secret_key, socketio_async_mode
from forum import assets, input_guard
from forum.db import close_sessions_quietly, ping_rested_connections, read_only_transactions, tune_sqlite
from forum.errors import DomainError
from forum.extensions import babel, compress, csrf, db, limiter, login_manager, migrate, socketio

API_PREFIX = "/api/v1"
# Browsers send Socket.IO nothing but the connect packet; a bigger message drops its connection.
SOCKETIO_MAX_MESSAGE = 64 * 1024
# No inline scripts anywhere; styles may be inline (attributes). Streams: YouTube embeds only. Fetches and
# WebSockets go to this site only: 'self' covers ws:/wss: of the page's own host (CSP level 3, Chromium
# and Firefox; tests/test_headers.py connects the live page over WebSocket in Chromium under it).
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
    "connect-src 'self'", "media-src 'self'", "font-src 'self'", "object-src 'none'",
    "frame-src https://www.youtube-nocookie.com https://www.youtube.com", "frame-ancestors 'none'",
    "base-uri 'self'", "form-action 'self'",
))

# On every answer (a route may set its own value); the CSP on pages, HSTS over HTTPS (_register_request_hooks).
SECURITY_HEADERS = (("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                    ("Referrer-Policy", "same-origin"))


# What Forum writes holds personal data: the SQLite file and the WAL and shared-memory files SQLite makes
# beside it (with the database file's permissions), uploads, invitation lists awaiting confirmation, the
# secret key, backups. The process creates them for its own user only: folders 0700, files 0600.
PRIVATE_UMASK = 0o077


def create_app(test_config: dict | None = None) -> Flask:
    config = Config(**(test_config or {}))
    instance = Path(config.INSTANCE_PATH)
    os.umask(PRIVATE_UMASK)
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=True,
                template_folder=str(BASE_DIR / "templates"), static_folder=str(BASE_DIR / "static"))
    app.config.from_object(config)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(instance)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        uri = app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len("postgresql://"):]
    # No ping before every checkout: a server's connections are pinged after a rest (forum/db.py)
    engine_options = {}
    if uri.rstrip("/") != "sqlite:" and ":memory:" not in uri:  # an in-memory SQLite has one connection
        engine_options.update(pool_size=config.FORUM_DB_POOL_SIZE, max_overflow=config.FORUM_DB_MAX_OVERFLOW)
    if not uri.startswith("sqlite"):
        engine_options.update(pool_timeout=10)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options)
    _keep_files_private(app)

    _check_redis(app)
    proxies = app.config.get("FORUM_TRUSTED_PROXIES", 0)
    if proxies:
        # Behind nginx/HAProxy: trust X-Forwarded-For/-Proto/-Host from that many proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    _bind_extensions(app)
    input_guard.init_app(app)  # before the blueprints: their `<int:…>` rules take its converter
    _register_blueprints(app)
    assets.init_app(app)
    _register_request_hooks(app)
    _register_error_handlers(app)
    _register_template_helpers(app)

    from forum.cli import forum_cli

    app.cli.add_command(forum_cli)
    return app


def _keep_files_private(app: Flask) -> None:
    """Tighten what an installation made before files were kept private (or copied in by hand): the
    instance and upload folders become 0700, the files in them and the SQLite files 0600."""
    folders = [Path(app.instance_path), Path(app.config["FORUM_UPLOAD_DIR"]), Path(app.instance_path) / "imports"]
    files = [p for folder in folders if folder.is_dir() for p in folder.iterdir() if p.is_file()]
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        files += [Path(url.database + suffix) for suffix in ("", "-wal", "-shm")]
    for path, private in [(folder, 0o700) for folder in folders] + [(file, 0o600) for file in files]:
        try:
            if path.exists() and path.stat().st_mode & 0o777 != private:
                path.chmod(private)
        except OSError as exc:  # another user's file: say so, and carry on
            logging.getLogger(__name__).warning("cannot make %s private: %s", path, exc)


class ConfigurationError(RuntimeError):
    """A setting that makes starting pointless (e.g. an unreachable REDIS_URL)."""


def _check_redis(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    if not url:
        return
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except (ValueError, redis.RedisError) as exc:
        raise ConfigurationError(
            f"REDIS_URL={url!r} cannot be used: {str(exc).rstrip('.')}. Start Redis, correct the URL, "
            "or unset REDIS_URL to run a single process without Redis.") from None


def _bind_extensions(app: Flask) -> None:
    from forum.i18n import select_locale

    db.init_app(app)
    close_sessions_quietly(app, db)
    with app.app_context():
        tune_sqlite(db.engine)
        ping_rested_connections(db.engine)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=str(BASE_DIR / "translations"))
    limiter.init_app(app)
    if app.config["FORUM_COMPRESSION"]:
        # Pages and JSON, gzipped as they are sent (bench/compression.py; static files are gzipped once, at
        # start, by forum/assets.py). Brotli only where the browser offers it (over HTTPS).
        app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
        app.config.setdefault("COMPRESS_BR_LEVEL", 4)
        app.config.setdefault("COMPRESS_LEVEL", 6)
        compress.init_app(app)
    # The SocketIO object is shared by every app of the process (tests build many): forget a
    # message queue bound by an earlier app before binding this one.
    socketio.server_options.pop("client_manager", None)
    socketio.init_app(app, message_queue=app.config["REDIS_URL"], channel=socketio_channel(app.config),
                      async_mode=socketio_async_mode(), max_http_buffer_size=SOCKETIO_MAX_MESSAGE)
    _refuse_big_frames_early(socketio.server.eio)
    # ... and what this app sends goes through its own server, even from a background task that outlives it
    app.extensions["forum_socketio_server"] = socketio.server
    from forum.realtime.live import NAMESPACE, LiveNamespace

    socketio.on_namespace(LiveNamespace(NAMESPACE, app))
    import forum.realtime.broadcast  # noqa: F401  (subscribes the Socket.IO handlers to the domain events)
    import forum.security  # noqa: F401  (registers the login loaders)


def socketio_channel(config) -> str:
    """The Redis pub/sub channel of this deployment. Pub/sub channels are shared by every database of a
    Redis server, so two deployments on one Redis (say staging and production on db 1 and db 2) would
    receive each other's emits, room names included. The processes of one deployment share a database:
    its address names the channel, unless FORUM_SOCKETIO_CHANNEL says otherwise."""
    if config.get("FORUM_SOCKETIO_CHANNEL"):
        return config["FORUM_SOCKETIO_CHANNEL"]
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    identity = f"{url.get_backend_name()}|{url.host or ''}|{url.port or ''}|{url.database or ''}"
    return "forum-" + hashlib.sha256(identity.encode()).hexdigest()[:16]


def _refuse_big_frames_early(eio) -> None:
    """Engine.IO checks a WebSocket message's size only once it has arrived whole; have the WebSocket
    layer close the connection (1009) as soon as a message outgrows the limit, so that one client
    cannot make the server buffer a huge frame. Both modes (threading, gevent) serve WebSockets with
    simple-websocket, whose server takes the limit."""
    websocket, limit = eio._async["websocket"], eio.max_http_buffer_size

    class LimitedWebSocket(websocket):
        def __init__(self, handler, server):
            super().__init__(handler, server)
            self.server_args["max_message_size"] = limit

    eio._async = {**eio._async, "websocket": LimitedWebSocket}


def _register_blueprints(app: Flask) -> None:
    from forum.agenda_admin import bp as agenda_admin_bp
    from forum.api import bp as api_bp
    from forum.auth import bp as auth_bp
    from forum.backoffice import bp as backoffice_bp
    from forum.checkin import bp as checkin_bp
    from forum.dashboard import bp as dashboard_bp
    from forum.door import bp as door_bp
    from forum.exports import bp as exports_bp
    from forum.live import bp as live_bp
    from forum.moderation import bp as moderation_bp
    from forum.ops import bp as ops_bp
    from forum.plans_admin import bp as plans_admin_bp
    from forum.registration import bp as registration_bp

    csrf.exempt(api_bp)  # the API checks CSRF itself, for cookie-authenticated calls only
    app.register_blueprint(auth_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(backoffice_bp)
    app.register_blueprint(door_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(checkin_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(live_bp)
    app.register_blueprint(agenda_admin_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(plans_admin_bp)
    app.register_blueprint(api_bp, url_prefix=API_PREFIX)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with nothing built for a request that carries no session cookie (a
    desk's or a script's API call with a Bearer token, a first visit): no signer to open an empty session,
    no cookie settings read to save one that stayed empty. What is sent is Flask's, byte for byte."""

    def open_session(self, app: Flask, request_):
        if app.secret_key and (not request_.environ.get("HTTP_COOKIE")  # no cookies at all: none parsed
                               or not request_.cookies.get(self.get_cookie_name(app))):
            return self.session_class()
        return super().open_session(app, request_)

    def save_session(self, app: Flask, session, response) -> None:
        if not session and not session.modified:  # no cookie to set, none to delete
            if session.accessed:
                add_vary(response, "Cookie")
            return
        super().save_session(app, session, response)


def add_vary(response, name: str) -> None:
    """`response.vary.add(name)` (the same header), without parsing an absent Vary header into a set first."""
    if "Vary" in response.headers:
        response.vary.add(name)
    else:
        response.headers["Vary"] = name


def _register_request_hooks(app: Flask) -> None:
    app.session_interface = CookieSessions()

    @app.before_request
    def _transaction_mode():
        read_only_transactions.set(request.method in ("GET", "HEAD", "OPTIONS"))

    @app.teardown_request
    def _transaction_mode_ends(_error):
        """A request (and a Socket.IO event, which runs in a request context) leaves the default mode behind, whatever
        it set meanwhile: what its thread runs next (a test's next step, the suite's next test) writes IMMEDIATE."""
        read_only_transactions.set(False)

    @app.after_request
    def _headers(response):
        headers = response.headers
        present = {name.lower() for name, _value in headers.items()}  # one pass instead of one per header
        wanted = list(SECURITY_HEADERS)
        if response.mimetype == "text/html":
            wanted.append(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        if request.is_secure:
            wanted.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
        for name, value in wanted:
            if name.lower() not in present:  # a route's own value stays
                headers.add(name, value)
        return response


def is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def api_error(status: int, code: str, message: str, fields: dict | None = None):
    body = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    response = jsonify({"error": body})
    response.status_code = status
    return response


HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
              422: "invalid", 429: "rate_limited"}


def _http_message(status: int) -> str:
    return {
        400: _("The request could not be understood."),
        401: _("Please log in first."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The upload is too large."),
        415: _("This type of content is not supported."),
        429: _("Too many requests; please wait a moment and try again."),
    }.get(status, _("Something went wrong."))


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError):
        from forum.api.answers import error_status

        db.session.rollback()
        status = error_status(exc)
        if is_api_request():
            response = jsonify(exc.to_dict())
            response.status_code = status
            return response
        return render_template("error.html", status=status, message=exc.message), status

    @app.errorhandler(CSRFError)
    def _csrf_error(exc):
        message = _("This form has expired or was sent from elsewhere. Please reload the page and try again.")
        if is_api_request():
            return api_error(403, "csrf_failed", message)
        flash(message, "error")
        return render_template("error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        if is_api_request():
            response = api_error(status, HTTP_CODES.get(status, "error"), _http_message(status))
            original = exc.get_response().headers
            for header in ("Retry-After", "Allow"):  # 429 says when to retry, 405 which methods exist
                if original.get(header):
                    response.headers[header] = original[header]
            return response
        if status == 401:
            return redirect(url_for("auth.login", next=request.full_path))
        return render_template("error.html", status=status, message=_http_message(status)), status

    @app.errorhandler(OperationalError)
    def _database_unavailable(exc):
        """PostgreSQL stopped, or SQLite busy beyond its timeout: 503 with Retry-After, never a traceback.
        The pool reconnects by itself (forum/db.py: ping_rested_connections) once the database is back."""
        app.logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc.orig)
        db.session.rollback()
        message = _("The service is briefly unavailable; please try again in a moment.")
        if is_api_request():
            response = api_error(503, "unavailable", message)
        else:
            response = app.make_response((render_template("error.html", status=503, message=message), 503))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        if is_api_request():
            return api_error(500, "internal_error", _("Something went wrong on the server."))
        return render_template("error.html", status=500, message=_("Something went wrong on the server.")), 500


def _register_template_helpers(app: Flask) -> None:
    from forum import i18n

    app.jinja_env.filters.update(
        when=i18n.format_when, long_date=i18n.format_long_date, clock=i18n.format_clock, span=i18n.format_span,
        rupiah=i18n.format_rupiah,
    )
    app.jinja_env.globals.update(locale_code=i18n.locale_code, zone_label=i18n.zone_label,
                                 languages=app.config["FORUM_LANGUAGES"])
