"""Extensions, created unbound here and bound to the app in create_app()."""
import threading
import time

from flask import session
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from limits.storage import MemoryStorage
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class ForumLoginManager(LoginManager):
    """Flask-Login's manager, whose session protection hashes the client's address and browser (SHA-512) only when
    there is a session to protect: an empty one (a desk's Bearer call, a first visit) is never failed by Flask-Login
    itself, which hashed first and looked at the session after."""

    def _session_protection_failed(self) -> bool:
        if not session:
            return False
        return super()._session_protection_failed()


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = ForumLoginManager()
csrf = CSRFProtect()
babel = Babel()


class SweptMemoryStorage(MemoryStorage):
    """The rate limits' counters in this process's memory (`forum-memory://`, the setting without Redis).

    limits' own memory storage starts a timer thread (10 ms) on a hit whenever the previous one has ended, to
    sweep out expired counters: at a desk's scan every few milliseconds, a thread per 10 ms. Here the request
    that finds the last sweep a second old sweeps, in its own thread. A counter's expiry is still checked
    whenever it is read (`get`), so what is counted is unchanged; the sweep only frees the memory of counters
    nobody reads again."""

    STORAGE_SCHEME = ["forum-memory"]
    SWEEP_EVERY = 1.0  # seconds

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()  # the one the parent starts at creation
        self._next_sweep = 0.0
        self._sweeping = threading.Lock()

    def _MemoryStorage__schedule_expiry(self) -> None:  # called by the parent on every hit
        now = time.time()
        if now < self._next_sweep or not self._sweeping.acquire(blocking=False):
            return
        try:
            self._next_sweep = now + self.SWEEP_EVERY
            for key, expiry in list(self.expirations.items()):
                if expiry <= now:
                    self.storage.pop(key, None)
                    self.expirations.pop(key, None)
                    self.locks.pop(key, None)
            if self.events:  # the moving window's entries (not a strategy Forum uses)
                self._MemoryStorage__expire_events()
        except KeyError:  # a key cleared meanwhile by another request: gone either way
            pass
        finally:
            self._sweeping.release()


limiter = Limiter(key_func=get_remote_address)
socketio = SocketIO()
compress = Compress()
