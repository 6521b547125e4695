"""Configuration read from the environment (see docs in README.md and the API contract)."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_INSTANCE = BASE_DIR / "instance"


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# How the scale-out's gunicorn processes serve HTTP and Socket.IO: the one setting, FORUM_SERVER_MODE, read
# here by forum/gunicorn_conf.py (chosen by measuring 3,000 and 10,000 live pages: docs/PERFORMANCE.md,
# "Live pages at scale"). The app follows the server it runs in (socketio_async_mode below).
#   gevent     gunicorn's gevent worker: a greenlet per connection; that worker process, and only it, runs
#              on a standard library gevent has monkey-patched;
#   threading  gunicorn's gthread worker: about four threads per live-page WebSocket.
# `python wsgi.py`, the embedded default, always serves with threads (Werkzeug and simple-websocket).
SERVER_MODES = {"gevent": "gevent", "threading": "gthread"}  # mode → gunicorn's worker class
DEFAULT_SERVER_MODE = "gevent"


def server_mode() -> str:
    """The scale-out's server mode, from FORUM_SERVER_MODE (default DEFAULT_SERVER_MODE)."""
    mode = (os.environ.get("FORUM_SERVER_MODE") or DEFAULT_SERVER_MODE).strip().lower()
    if mode not in SERVER_MODES:
        raise ValueError(f"FORUM_SERVER_MODE={mode!r}: expected one of {', '.join(SERVER_MODES)}")
    return mode


def socketio_async_mode() -> str:
    """Flask-SocketIO's async mode for this process: "gevent" where gevent has patched the standard library
    (gunicorn's gevent worker does so before it loads the app), "threading" everywhere else (python wsgi.py,
    gunicorn's gthread worker, the CLI, the tests). Never gevent merely because it is installed."""
    monkey = sys.modules.get("gevent.monkey")
    return "gevent" if monkey is not None and monkey.is_module_patched("socket") else "threading"


def load_secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/.

    There is deliberately no fixed fallback: a fresh install gets its own 256-bit key.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        # O_EXCL: when several processes start at once, exactly one writes the key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return key_file.read_text().strip()


class Config:
    """Settings for one app instance; `from_env` builds it from environment variables."""

    def __init__(self, instance_path: Path | None = None, **overrides):
        instance = Path(os.environ.get("FORUM_INSTANCE_PATH") or instance_path or DEFAULT_INSTANCE)
        self.INSTANCE_PATH = str(instance)
        self.SECRET_KEY = None  # filled lazily by create_app (needs the instance folder)
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'forum.db'}"
        # Database connections one process keeps once opened (FORUM_DB_POOL_SIZE), and how many more it may open
        # for a burst, closed again on return (FORUM_DB_MAX_OVERFLOW); beyond both a request waits for one.
        # At PostgreSQL's old 10 kept + 20, a process with 11 requests at once closed the 11th connection on
        # return and opened a new one for the next check-in (docs/PERFORMANCE.md, "Door check-in"); SQLite's
        # default (5 + 10) did the same from the 6th. 20 kept covers 32 desks over 3 processes (about 11 each)
        # and keeps three processes' idle connections (60) well below PostgreSQL's default max_connections (100),
        # which tests and other processes on the same server share; the ceiling stays 30 per process.
        self.FORUM_DB_POOL_SIZE = int(os.environ.get("FORUM_DB_POOL_SIZE", "20"))
        self.FORUM_DB_MAX_OVERFLOW = int(os.environ.get("FORUM_DB_MAX_OVERFLOW", "10"))
        self.REDIS_URL = os.environ.get("REDIS_URL") or None
        # Redis pub/sub channel of the Socket.IO queue; unset: derived from the database's address.
        self.FORUM_SOCKETIO_CHANNEL = os.environ.get("FORUM_SOCKETIO_CHANNEL") or None
        self.HOST = os.environ.get("HOST", "127.0.0.1")
        # `python wsgi.py` writes a line per request only when asked (FORUM_ACCESS_LOG=1): it cost about a tenth of
        # a trivial request's CPU (forum/serving.py). Errors are logged either way; gunicorn has its own setting.
        self.FORUM_ACCESS_LOG = _bool(os.environ.get("FORUM_ACCESS_LOG"))
        self.PORT = int(os.environ.get("PORT", "5000"))
        # Seconds between a serving process's signs of life; three missed and the others close the
        # presence intervals it held (forum/lifecycle.py). 0: no heartbeat.
        self.FORUM_HEARTBEAT_SECONDS = float(os.environ.get("FORUM_HEARTBEAT_SECONDS", "10"))
        # A serving process sets its start-up objects apart from the garbage collector and collects less often
        # (forum/lifecycle.py, settle_collector); 0 only to measure without it.
        self.FORUM_GC_SETTLE = _bool(os.environ.get("FORUM_GC_SETTLE"), True)
        self.FORUM_UPLOAD_DIR = os.environ.get("FORUM_UPLOAD_DIR") or str(instance / "uploads")
        self.FORUM_MAX_UPLOAD_MB = int(os.environ.get("FORUM_MAX_UPLOAD_MB", "50"))
        self.MAX_CONTENT_LENGTH = self.FORUM_MAX_UPLOAD_MB * 1024 * 1024
        # Absolute base URL used in QR payloads and links built outside a request (CLI, badges).
        self.FORUM_BASE_URL = (os.environ.get("FORUM_BASE_URL") or "").rstrip("/") or None
        # Number of reverse proxies in front (nginx: 1) whose X-Forwarded-* headers are trusted.
        self.FORUM_TRUSTED_PROXIES = int(os.environ.get("FORUM_TRUSTED_PROXIES", "0"))
        # Pages and JSON compressed on the way out (flask-compress); off only to measure without it.
        self.FORUM_COMPRESSION = _bool(os.environ.get("FORUM_COMPRESSION"), True)
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _bool(os.environ.get("FORUM_SECURE_COOKIES"))
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.WTF_CSRF_TIME_LIMIT = None  # a desk laptop stays open all day
        self.RATELIMIT_ENABLED = _bool(os.environ.get("FORUM_RATELIMIT"), True)
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "forum-memory://"  # forum/extensions.py
        # Redis away: each process limits on its own (in memory) until it is back, instead of a 500.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.RATELIMIT_SWALLOW_ERRORS = True
        self.RATELIMIT_HEADERS_ENABLED = True
        # werkzeug's method for new staff password hashes (scrypt); not read from the environment: only
        # the test suite sets a cheaper one, as it creates and logs in staff users by the hundred.
        self.FORUM_PASSWORD_HASH = "scrypt"
        self.FORUM_LOGIN_LIMIT = os.environ.get("FORUM_LOGIN_LIMIT", "10 per minute")
        self.FORUM_REGISTRATION_LIMIT = os.environ.get("FORUM_REGISTRATION_LIMIT", "10 per minute")
        # Asking for one's personal link again from the room, per client address (a ballroom shares one).
        self.FORUM_LINK_REQUEST_LIMIT = os.environ.get("FORUM_LINK_REQUEST_LIMIT", "20 per minute;60 per hour")
        # Per staff user or participant, not per address (forum/ratelimits.py says why and where).
        self.FORUM_CHECKIN_LIMIT = os.environ.get("FORUM_CHECKIN_LIMIT", "1200 per minute")
        self.FORUM_INPUT_LIMIT = os.environ.get("FORUM_INPUT_LIMIT", "30 per minute")
        self.FORUM_SUPPORT_LIMIT = os.environ.get("FORUM_SUPPORT_LIMIT", "60 per minute")
        self.FORUM_UPLOAD_LIMIT = os.environ.get("FORUM_UPLOAD_LIMIT", "10 per minute;100 per hour")
        # Invitation imports: rows read (empty ones too) and seconds of reading (forum/services/imports.py).
        self.FORUM_IMPORT_MAX_ROWS = int(os.environ.get("FORUM_IMPORT_MAX_ROWS", "20000"))
        self.FORUM_IMPORT_SECONDS = float(os.environ.get("FORUM_IMPORT_SECONDS", "10"))
        self.FORUM_SEARCH_LIMIT = os.environ.get("FORUM_SEARCH_LIMIT", "120 per minute")
        self.BABEL_DEFAULT_LOCALE = "id"
        # Official documents (daftar hadir, berita acara) are Indonesian unless asked otherwise.
        self.FORUM_DOCUMENT_LOCALE = "id"
        self.BABEL_DEFAULT_TIMEZONE = "Asia/Pontianak"
        self.FORUM_LANGUAGES = ("id", "en")
        self.JSON_SORT_KEYS = False
        self.TESTING = False
        for key, value in overrides.items():
            setattr(self, key, value)
