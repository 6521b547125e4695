"""Real Forum processes for the scale-out and fault tests: `python wsgi.py` (or gunicorn, as
scripts/serve runs it) subprocesses on one PostgreSQL database and one Redis, plus a private
redis-server and a private PostgreSQL cluster that a test may stop and start (never the shared ones).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from tests.conftest import PG_ADMIN_URL, ROOT, WORKER, WORKER_NUMBER, free_port

# The shared Redis: database 15, or one of its own per pytest-xdist worker (13, 12, …; 14 is the benches'), so
# that the rate limits the processes count there (keyed by the client's address, 127.0.0.1) are not shared
# with another worker's (or another run's) cluster. Pub/sub channels are not per database: each cluster's
# is named after its own PostgreSQL database (forum.socketio_channel).
REDIS_URL = os.environ.get("FORUM_TEST_REDIS_URL") or \
    f"redis://127.0.0.1:6379/{15 if WORKER == 'main' else [13, 12, 11, 10, 9, 8, 7, 6][WORKER_NUMBER % 8]}"
REDIS_SERVER = os.environ.get("FORUM_TEST_REDIS_SERVER", "/usr/bin/redis-server")
PG_BIN = Path(os.environ.get("FORUM_TEST_PG_BIN") or max(
    Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name),
    default=Path("/usr/lib/postgresql/15/bin/initdb")).parent)


class Cluster:
    """`n` Forum processes on a new database of the PostgreSQL at `admin_url` and on `redis_url`."""

    def __init__(self, tmp: Path, n: int = 2, admin_url: str = PG_ADMIN_URL, redis_url: str = REDIS_URL,
                 env: dict | None = None, gunicorn: tuple[int, ...] = ()):
        """Processes whose index is in `gunicorn` run gunicorn in the default server mode, the others wsgi.py."""
        self.name = f"forum_scale_{uuid.uuid4().hex[:8]}"
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.database_url = admin_url.rsplit("/", 1)[0] + f"/{self.name}"
        self.env = {**os.environ, "DATABASE_URL": self.database_url, "REDIS_URL": redis_url,
                    "SECRET_KEY": uuid.uuid4().hex, "FORUM_INSTANCE_PATH": str(tmp), "FORUM_RATELIMIT": "1",
                    "FORUM_REGISTRATION_LIMIT": "5 per minute", "PYTHONUNBUFFERED": "1", **(env or {})}
        self.tmp = tmp
        self._engine = None
        with self.admin_app().app_context():  # `forum init`, without the seconds a CLI process takes to start
            from forum.extensions import db
            from forum.services.maintenance import upgrade_database

            upgrade_database()
            db.engine.dispose()
        self.procs: list[subprocess.Popen] = []
        self.urls: list[str] = []
        for i in range(n):
            self.spawn(gunicorn=i in gunicorn, wait=False)
        for i in range(n):
            self.wait_ready(i)

    def spawn(self, *, gunicorn: bool | str = False, env: dict | None = None, wait: bool = True) -> int:
        """One more process (`python wsgi.py`, or gunicorn as scripts/serve runs it: in the default server mode,
        or in the one `gunicorn` names, "gevent" or "threading"); its index."""
        i, port = len(self.procs), free_port()
        if gunicorn:
            command = [sys.executable, "-m", "gunicorn", "-c", "forum/gunicorn_conf.py", "--bind", f"127.0.0.1:{port}",
                       "--graceful-timeout", "20", "wsgi:app"]
            env = {"CONNECTIONS": "200", **({"FORUM_SERVER_MODE": gunicorn} if isinstance(gunicorn, str) else {}),
                   **(env or {})}
        else:
            command = [sys.executable, "wsgi.py"]
        with open(self.tmp / f"server{i}.log", "w") as log:
            self.procs.append(subprocess.Popen(command, cwd=ROOT, env={**self.env, "PORT": str(port), **(env or {})},
                                               stdout=log, stderr=subprocess.STDOUT))
        self.urls.append(f"http://127.0.0.1:{port}")
        if wait:
            self.wait_ready(i)
        return i

    def port(self, i: int) -> int:
        return int(self.urls[i].rsplit(":", 1)[1])

    def log(self, i: int) -> str:
        return (self.tmp / f"server{i}.log").read_text()

    def wait_ready(self, i: int, timeout: float = 90) -> None:  # a deadline: a loaded machine takes longer
        deadline = time.time() + timeout
        while True:
            try:
                if requests.get(f"{self.urls[i]}/readyz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or still loading the app
                pass
            if time.time() > deadline or self.procs[i].poll() is not None:
                raise RuntimeError(f"Forum process {i} did not become ready:\n{self.log(i)}")
            time.sleep(0.1)

    def cli(self, *args):
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "forum", *args], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def admin_app(self):
        """An app in this (the test) process on the cluster's database, for setting things up."""
        from forum import create_app

        return create_app({"SQLALCHEMY_DATABASE_URI": self.database_url, "REDIS_URL": None, "TESTING": True,
                           "INSTANCE_PATH": str(self.tmp / "admin"), "SECRET_KEY": self.env["SECRET_KEY"]})

    def token(self, role):
        """An API token of a new staff account of `role` (as `forum create-user` + `forum create-token`)."""
        from forum.extensions import db
        from forum.services import accounts

        with self.admin_app().app_context():
            user = accounts.create_user(f"{role}-{uuid.uuid4().hex[:6]}@scale.example.id", role, role,
                                        "long enough password")
            _token, raw = accounts.create_token(user, "test")
            db.session.commit()
            db.engine.dispose()
        return raw

    def sql(self, query: str, **params) -> list:
        """Rows of a query on the cluster's database (for checking what the processes wrote)."""
        if self._engine is None:
            self._engine = create_engine(self.database_url, pool_pre_ping=True)
        with self._engine.connect() as conn:
            return conn.execute(text(query), params).all()

    def stop(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._engine is not None:
            self._engine.dispose()
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


class RedisServer:
    """A private redis-server on a free port (no persistence), to kill and start again."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        import redis

        with open(self.tmp / "redis.log", "a") as log:
            self.proc = subprocess.Popen([REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
                                          "--save", "", "--appendonly", "no", "--dir", str(self.tmp)],
                                         stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 10
        while True:
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
                return self
            except redis.RedisError:
                if time.time() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("redis-server did not start: " + (self.tmp / "redis.log").read_text()) from None
                time.sleep(0.05)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)


class PrivatePostgres:
    """A PostgreSQL cluster of its own (initdb in a temporary folder owned by `postgres`), to stop and start.

    Fails loudly when it cannot start: the fault tests must not pass by not running."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="forum-pg-"))
        self.data = self.dir / "data"
        self.logfile = self.dir / "postgres.log"
        self.port = free_port()
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.running = False
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale", "C", "--no-sync")

    def _run(self, *command: str) -> None:
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.dir)
        if result.returncode != 0:
            log = self.logfile.read_text() if self.logfile.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}{log}")

    def start(self) -> PrivatePostgres:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.logfile), "-w", "-t", "60", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c max_connections=200", "start")
        self.running = True
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")
        self.running = False

    def destroy(self) -> None:
        if self.running:
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
