"""Socket.IO fan-out: how fast one moderator change reaches N connected live pages, what each connection
costs the server in memory, and whether a storm of connects gets through.

    python bench/fanout.py [--clients 100 1000 3000 10000] [--processes 1 3] [--repeat 3]
                           [--modes threading gevent] [--servers forum bare] [--storm 2000 --storm-seconds 10]
                           [--workers N] [--quick] [--json PATH]

Deployments (--processes), each measured against its own baseline:

- 1: the embedded default, `python wsgi.py` (Flask-SocketIO, async_mode "threading", the Werkzeug
  server with simple-websocket) on a temporary SQLite file; baseline: a bare python-socketio server
  (`socketio.Server(async_mode="threading")`, simple-websocket) served by Werkzeug the same way. Measured
  up to --embedded-max clients, in --embedded-modes (gevent there: for comparison, the app is monkey-patched
  by this script);
- N > 1: the scale-out, N processes of the production server (`scripts/serve`: gunicorn, one process per
  port) in each server mode of --modes (FORUM_SERVER_MODE: gevent = gunicorn's gevent worker, threading =
  gthread) on a temporary PostgreSQL database with REDIS_URL as the Socket.IO message queue; baseline: N
  bare python-socketio processes under gunicorn with the same worker class and python-socketio's
  RedisManager on the same Redis.

The forum holds the demo data (`forum init` + `forum demo`) plus enough online participants: 50 registered
through the API, the rest copies of them written to the database (each with its own personal link);
FORUM_RATELIMIT=0. For each N, each server and each repetition the server processes are started afresh. N
WebSocket clients (aiohttp, speaking Engine.IO 4 / Socket.IO 5 themselves: a frame's arrival is noted before
any JSON is decoded, and 10,000 of them fit in a few client processes; --workers, default one per 2,500
clients, at least 2) connect to `/live` — client i to process i mod P, as a load balancer with sticky sessions
spreads them; on Forum as the registered online participants with their access tokens, so every connection
also records online presence — and wait for the `agenda` sent on connect. The first --storm of them (at most
N) are a connect storm: started at an even pace over --storm-seconds (2,000 in 10 s: 200 a second, each
without waiting for the others), counted as failed when the connection or its first `agenda` does not come
within 20 s (a browser's socket.io-client gives up then); the rest, and the storm's failed ones once more (as
a live page retries), then connect at most 50 at a time per client process; "failed" counts the clients that
did not connect even so. Then the moderator changes a session on the first process (`POST
.../sessions/<id>/state` with an API token; on the baseline `POST /trigger`) and every client notes when the
`agenda` event arrives; clients of the other processes get it through Redis ("cross-process"). Latency per
client = arrival − the moment just before the request was sent (one clock: CLOCK_MONOTONIC, shared by the
processes of this machine). Memory: the servers' PSS (from /proc/<pid>/smaps_rollup; gunicorn's master and
worker) before connecting and once all N are connected; per client = the difference / N; "total" adds the
Redis server's PSS (the memory of the deployment, 3 processes + Redis); PostgreSQL's backends for the forum
are shown apart. The open-file limit of this script, its servers and clients is raised to the hard limit
first.

Printed: the medians over --repeat runs of p50/p99/max latency (and the cross-process p99), the HTTP
request's own time, PSS and PSS per client, threads, the storm's connect times and failures, for both
servers, and the forum/bare ratios (missed, failed and the storm's failed: the worst run). `--json PATH` writes
for bench/run_all.py the delivery p99 of every forum row and, for the scale-out, its memory (servers + Redis), the
storm's failed connects and the servers' CPU per connect, each beside the bare server's figure of the same run, one
figure per target.

Targets on this 2-CPU machine: one process, 1,000 clients: p99 <= 250 ms, RSS <= 1 GiB; three processes,
3,000 clients: cross-process p99 <= 750 ms; three processes + Redis, 10,000 clients: p99 <= 1.5 s, total
memory <= 2 GiB, none missed, and a storm of 2,000 connects in 10 s with none failed (issue 18). The clients
run on the same machine and take their share of its CPUs.

Needs aiohttp (in requirements-dev.txt) for the clients.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.report import free_port, percentile  # noqa: E402

SLUG = "forum-opd-bppd-2022"
SESSION_TITLE = "Paparan Kepala BPPD"
TARGET_CLIENTS, TARGET_P99_MS, TARGET_RSS_MB = 1000, 250.0, 1024.0
TARGET_SCALE_CLIENTS, TARGET_SCALE_P99_MS = 3000, 750.0  # across 3 processes, delivered through Redis
# issue 18: 10,000 live pages over 3 processes + Redis, in 2 GiB, and a storm of 2,000 connects in 10 s
TARGET_LARGE_CLIENTS, TARGET_LARGE_P99_MS, TARGET_LARGE_MB = 10000, 1500.0, 2048.0
TARGET_STORM_CLIENTS, STORM_SECONDS_TARGET = 2000, 10.0
PG_ADMIN_URL = os.environ.get("FORUM_BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("FORUM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
CONNECT_CONCURRENCY = 50  # per client process, after the storm
CONNECT_TIMEOUT = 20.0  # seconds for a connection and its first agenda (socket.io-client's default timeout)
ARRIVAL_TIMEOUT = 60.0  # seconds for the change to reach every client
CLIENTS_PER_WORKER = 2500
REGISTERED_THROUGH_API = 50  # the other participants are copies of these (ForumServer._copy_registration)
THREADS_PER_CONNECTION = 4  # threading mode (measured: 12,015 threads at 3,000 clients over 3 processes)


def raise_open_files_limit() -> int:
    """Soft limit of open files up to the hard one (inherited by the servers and the clients)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def threads_available() -> int:
    """Threads this machine can still start: kernel.pid_max (every thread takes a pid) less the tasks running."""
    pid_max = int(Path("/proc/sys/kernel/pid_max").read_text())
    threads_max = int(Path("/proc/sys/kernel/threads-max").read_text())
    running = int(Path("/proc/loadavg").read_text().split()[3].split("/")[1])
    return min(pid_max, threads_max) - running


# --- servers -------------------------------------------------------------------------------

def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited: " + log.read_text()[-2000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start: " + log.read_text()[-2000:])


def proc_status(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/status") as fh:
        return dict(line.rstrip("\n").split(":\t", 1) for line in fh if ":\t" in line)


def rss_mb(pid: int) -> float:
    """The process's proportional set size (PSS): its private memory plus its share of pages it shares
    with others — so that gunicorn's master and its forked worker are not counted twice."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # (gone meanwhile)
        pass
    return 0.0


def threads(pid: int) -> int:
    try:
        return int(proc_status(pid)["Threads"])
    except OSError:
        return 0


def redis_pss_mb() -> float:
    """The Redis server's PSS (the one the Socket.IO queue runs on), 0 when it cannot be read."""
    try:
        import redis

        pid = int(redis.Redis.from_url(REDIS_URL).info("server")["process_id"])
    except Exception:  # noqa: BLE001  (no Redis, or not this machine's)
        return 0.0
    return rss_mb(pid)


class Server:
    """One deployment: `processes` server processes, each on its own port; `trigger()` makes the change
    that broadcasts `agenda` (sent to the first process)."""

    kind = ""

    def __init__(self, tmp: Path, mode: str = "threading", processes: int = 1, connections: int = 1200):
        self.tmp, self.mode, self.processes, self.connections = tmp, mode, processes, connections
        self.procs: list[subprocess.Popen] = []
        self.urls: list[str] = []
        self.logs = []

    @property
    def url(self) -> str:
        return self.urls[0]

    @property
    def name(self) -> str:
        if self.processes == 1:
            return f"{self.kind} ({self.mode})"
        return f"{self.kind} ({self.processes} processes + Redis, {self.mode})"

    def command(self, port: int) -> tuple[list[str], dict]:
        raise NotImplementedError

    def start(self) -> None:
        """Every process at once (a deployment's processes start side by side), then wait for each."""
        self.urls, self.procs, self.logs = [], [], []
        ports = []
        for _ in range(self.processes):
            port = free_port()
            cmd, env = self.command(port)
            log_path = self.tmp / f"{self.kind}-{self.mode}-{port}.log"
            log = open(log_path, "w")
            self.procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
            self.logs.append((log, log_path))
            self.urls.append(f"http://127.0.0.1:{port}")
            ports.append(port)
        try:
            for port, proc, (_log, log_path) in zip(ports, self.procs, self.logs, strict=True):
                wait_for_port(port, proc, log_path, timeout=90)
            self.warm_up()
        except BaseException:
            self.stop()
            raise

    def warm_up(self) -> None:
        pass

    def pids(self) -> list[int]:
        """Every server process (gunicorn: the master and its worker)."""
        return [pid for proc in self.procs for pid in report.process_tree(proc.pid)]

    def rss_mb(self) -> float:
        return sum(rss_mb(pid) for pid in self.pids())

    def database_mb(self) -> float:
        """PSS of the database's server processes serving this deployment (PostgreSQL backends), if any."""
        return 0.0

    def cpu_seconds(self) -> float:
        return sum(report.cpu_seconds(pid) for pid in self.pids())

    def thread_count(self) -> int:
        return sum(threads(pid) for pid in self.pids())

    def log_lines(self) -> list[str]:
        lines = []
        for log, path in self.logs:
            log.flush()
            lines += path.read_text(errors="replace").splitlines()
        return lines

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log, _path in self.logs:
            log.close()
        self.procs, self.logs = [], []

    def trigger(self) -> requests.Response:
        raise NotImplementedError

    def auths(self, n: int) -> list[dict]:
        raise NotImplementedError

    def cleanup(self) -> None:
        pass


# The embedded Forum under gevent, for comparison only (`python wsgi.py` always threads): the standard library
# monkey-patched first, then the same app — which then picks async_mode "gevent" itself (config.py) — served
# by gevent's WSGI server, as `socketio.run()` does in that mode (WebSockets: simple-websocket).
FORUM_GEVENT = """
from gevent import monkey
monkey.patch_all()
import sys
from wsgi import app, socketio
socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]))
"""


class ForumServer(Server):
    """Forum itself. One process: the embedded default (`python wsgi.py`, SQLite). Several: the
    scale-out (`scripts/serve`, gunicorn, one process per port, FORUM_SERVER_MODE=mode) on a temporary
    PostgreSQL database at 127.0.0.1:5432 (dropped afterwards), with REDIS_URL as the Socket.IO message queue."""

    kind = "forum"

    def __init__(self, tmp: Path, mode: str = "threading", processes: int = 1, connections: int = 1200):
        super().__init__(tmp, mode, processes, connections)
        self.env = {**os.environ, "FORUM_INSTANCE_PATH": str(tmp / "instance"), "HOST": "127.0.0.1",
                    "FORUM_RATELIMIT": "0", "PYTHONUNBUFFERED": "1", "PYTHON": sys.executable}
        self.env.pop("REDIS_URL", None)
        self.pg_name = None
        if processes > 1:
            self.pg_name = f"forum_fanout_{uuid.uuid4().hex[:10]}"
            self.env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.pg_name}"
            self.env["REDIS_URL"] = REDIS_URL
        else:
            self.env["DATABASE_URL"] = f"sqlite:///{tmp / 'fanout.db'}"
        self.tokens: list[str] = []
        self.state = "paused"

    def cli(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "forum", *args], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(result.stderr + result.stdout)
        return result.stdout

    def prepare(self, participants: int) -> None:
        """The demo forum, a moderator's API token and `participants` online registrations."""
        if self.pg_name:
            admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.pg_name}"'))
            admin.dispose()
        self.cli("init")
        self.cli("demo")
        email = "bench-moderator@bppd.example.id"
        self.cli("create-user", "--email", email, "--name", "Pimpinan Sidang (bench)", "--role", "moderator",
                 "--password", uuid.uuid4().hex)
        token = self.cli("create-token", "--email", email).strip().splitlines()[-1]
        self.headers = {"Authorization": f"Bearer {token}"}
        self.start()
        try:
            sessions = requests.get(f"{self.url}/api/v1/events/{SLUG}/agenda", timeout=10).json()["sessions"]
            self.session_id = next(s["id"] for s in sessions if s["title"].startswith(SESSION_TITLE))
            with ThreadPoolExecutor(8) as pool:
                self.tokens = list(pool.map(self._register, range(min(participants, REGISTERED_THROUGH_API))))
            self.tokens += self._copy_registration(participants - len(self.tokens))
            self.payload = requests.get(f"{self.url}/api/v1/events/{SLUG}/agenda", timeout=10).json()
        finally:
            self.stop()

    def _register(self, i: int) -> str:
        response = requests.post(f"{self.urls[i % len(self.urls)]}/api/v1/events/{SLUG}/registrations", timeout=30,
                                 json={"name": f"Peserta Daring {i:05d}", "agency": "Kecamatan Badau",
                                       "position": "Staf", "attendance": "online",
                                       "email": f"daring{i:05d}@bench.example.id", "consent": True})
        response.raise_for_status()
        return response.json()["personal_url"].rsplit("/p/", 1)[1]

    def _copy_registration(self, count: int) -> list[str]:
        """`count` more online participants, copies of the last one registered through the API with their own
        name, email, personal link and QR code, written straight to the database (registering 10,000 through
        the API takes longer than the whole measurement: each new registration is compared by name with its
        agency's others, services/identity.py); their access tokens."""
        if count <= 0:
            return []
        engine = create_engine(self.env["DATABASE_URL"])
        try:
            with engine.begin() as conn:
                template = conn.execute(text("SELECT * FROM participants WHERE access_token = :t"),
                                        {"t": self.tokens[-1]}).mappings().one()
                columns = [c for c in template if c != "id"]
                rows, tokens = [], []
                for i in range(len(self.tokens), len(self.tokens) + count):
                    token = secrets.token_urlsafe(24)
                    tokens.append(token)
                    rows.append({**{c: template[c] for c in columns}, "name": f"Peserta Daring {i:05d}",
                                 "email": f"daring{i:05d}@bench.example.id", "access_token": token,
                                 "checkin_code": secrets.token_urlsafe(24), "duplicate_of_id": None})
                conn.execute(text(f"INSERT INTO participants ({', '.join(columns)}) "
                                  f"VALUES ({', '.join(':' + c for c in columns)})"), rows)
        finally:
            engine.dispose()
        return tokens

    def command(self, port: int):
        if self.processes > 1:
            return ["scripts/serve"], {**self.env, "PORT": str(port), "CONNECTIONS": str(self.connections),
                                       "FORUM_SERVER_MODE": self.mode}
        if self.mode == "gevent":
            return [sys.executable, "-c", FORUM_GEVENT, str(port)], {**self.env, "PORT": str(port),
                                                                    "PYTHONPATH": str(ROOT)}
        return [sys.executable, "wsgi.py"], {**self.env, "PORT": str(port)}

    def twin(self, mode: str) -> ForumServer:
        """The same prepared forum, served in another mode."""
        other = ForumServer.__new__(ForumServer)
        other.__dict__.update(self.__dict__)
        other.mode, other.procs, other.urls, other.logs = mode, [], [], []
        return other

    def warm_up(self) -> None:
        for url, (_log, log_path) in zip(self.urls, self.logs, strict=True):
            try:
                requests.get(f"{url}/api/v1/events/{SLUG}/agenda", timeout=90).raise_for_status()
            except requests.RequestException as exc:
                raise RuntimeError(f"{url} did not answer: {exc}\n" + log_path.read_text()[-3000:]) from exc

    def database_mb(self) -> float:
        if not self.pg_name:
            return 0.0
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                pids = conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = :d"),
                                    {"d": self.pg_name}).scalars().all()
        except Exception as exc:  # noqa: BLE001  (e.g. no connection left: shown as unknown)
            print(f"    PostgreSQL's memory not read: {str(exc)[:120]}", flush=True)
            return float("nan")
        finally:
            admin.dispose()
        return sum(rss_mb(pid) for pid in pids)

    def trigger(self) -> requests.Response:
        self.state = "live" if self.state == "paused" else "paused"
        return requests.post(f"{self.url}/api/v1/events/{SLUG}/sessions/{self.session_id}/state",
                             json={"state": self.state}, headers=self.headers, timeout=60)

    def auths(self, n: int) -> list[dict]:
        return [{"event": SLUG, "token": token} for token in self.tokens[:n]]

    def cleanup(self) -> None:
        if self.pg_name:
            admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)'))
            admin.dispose()


GUNICORN_WORKERS = {"threading": "gthread", "gevent": "gevent"}  # as config.SERVER_MODES


class BareServer(Server):
    """The baseline: a bare python-socketio server sending the same `agenda` payload. One process: served
    by Werkzeug like `python wsgi.py` (or gevent's WSGI server); several: by gunicorn with the same worker
    class as Forum's (gthread or gevent), with python-socketio's RedisManager on the same Redis."""

    kind = "bare"

    def __init__(self, tmp: Path, payload: dict, mode: str = "threading", processes: int = 1,
                 connections: int = 1200):
        super().__init__(tmp, mode, processes, connections)
        self.payload_path = tmp / "payload.json"
        self.payload_path.write_text(json.dumps(payload))
        self.channel = f"bench-bare-{uuid.uuid4().hex[:8]}"

    def command(self, port: int):
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "BARE_PAYLOAD": str(self.payload_path),
               "BARE_MODE": self.mode}
        if self.processes > 1:
            env.update(BARE_REDIS_URL=REDIS_URL, BARE_CHANNEL=self.channel, PYTHONPATH=str(ROOT))
            # as forum/gunicorn_conf.py: twice as many connections as live pages (gunicorn's default, 1,000,
            # refuses the 1,001st connection of a process, and the baseline's own trigger request timed out)
            worker = ["--threads", str(self.connections)] if self.mode == "threading" else []
            return [sys.executable, "-m", "gunicorn", "--worker-class", GUNICORN_WORKERS[self.mode], "--workers", "1",
                    *worker, "--worker-connections", str(self.connections * 2),
                    "--bind", f"127.0.0.1:{port}", "bench.fanout:bare_app()"], env
        return [sys.executable, str(Path(__file__).resolve()), "--serve-bare", str(port)], env

    def warm_up(self) -> None:
        """Every worker booted and serving (gunicorn binds its port before its worker has loaded the app)."""
        for url in self.urls:
            requests.get(f"{url}/", timeout=90)

    def trigger(self) -> requests.Response:
        return requests.post(f"{self.url}/trigger", timeout=60)

    def auths(self, n: int) -> list[dict]:
        return [{"event": SLUG} for _ in range(n)]


def bare_app():
    """The bare python-socketio server as a WSGI app, configured by BARE_* environment variables."""
    import socketio

    payload = json.loads(Path(os.environ["BARE_PAYLOAD"]).read_text())
    manager = None
    if os.environ.get("BARE_REDIS_URL"):
        manager = socketio.RedisManager(os.environ["BARE_REDIS_URL"], channel=os.environ["BARE_CHANNEL"])
    sio = socketio.Server(async_mode=os.environ.get("BARE_MODE", "threading"), client_manager=manager,
                          max_http_buffer_size=1_000_000)

    @sio.on("connect", namespace="/live")
    def _connect(sid, environ, auth=None):
        sio.enter_room(sid, "everyone", namespace="/live")
        sio.emit("agenda", payload, to=sid, namespace="/live")

    def http(environ, start_response):
        if environ["PATH_INFO"] == "/trigger" and environ["REQUEST_METHOD"] == "POST":
            sio.emit("agenda", payload, to="everyone", namespace="/live")
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"sent"]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b""]

    return socketio.WSGIApp(sio, http)


def serve_bare(port: int) -> None:
    """One bare process, served by Werkzeug like `python wsgi.py` (threading) or by gevent's WSGI server
    (gevent; WebSockets through simple-websocket, as Forum's)."""
    if os.environ.get("BARE_MODE") == "gevent":
        from gevent import monkey

        monkey.patch_all()
        from gevent import pywsgi

        pywsgi.WSGIServer(("127.0.0.1", port), bare_app(), log=None).serve_forever()
    else:
        from werkzeug.serving import run_simple

        run_simple("127.0.0.1", port, bare_app(), threaded=True)


# --- clients (in worker processes) -------------------------------------------------------
# Engine.IO 4 over WebSocket, one packet per frame: "0{...}" open, "2" ping (answered "3"), "4" + a
# Socket.IO packet: "40/live,{auth}" connect, "44/live,{...}" refused, "42/live,[name, data]" an event.

OPEN, PING, PONG = "0", "2", "3"
CONNECT = "40/live,"
REFUSED = "44/live,"
AGENDA = '42/live,["agenda"'


@dataclass
class Item:
    url: str
    auth: dict
    cross: bool  # served by another process than the one the change is made on
    storm_at: float | None = None  # offset into the storm, seconds; None: connects after the storm


def client_worker(items: list[Item], conn) -> None:
    """The clients of one worker process; talks to the main process over `conn`:
    storm → storm result → bulk → ready → arm → result → close."""
    raise_open_files_limit()
    asyncio.run(Clients(items).serve(conn))


class Clients:
    """One worker process's WebSocket clients, in one asyncio loop."""

    def __init__(self, items: list[Item]):
        self.items = items
        self.armed = False
        self.arrivals: dict[int, float] = {}
        self.sockets: dict = {}
        self.readers: list[asyncio.Task] = []
        self.failures: list[str] = []

    async def serve(self, conn) -> None:
        import aiohttp

        loop = asyncio.get_running_loop()
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, force_close=True))
        try:
            command, t0 = await loop.run_in_executor(None, conn.recv)
            assert command == "storm"
            conn.send(("storm", await self.storm(t0), list(self.failures)))
            stormed = len(self.failures)
            assert await loop.run_in_executor(None, conn.recv) == "bulk"
            await self.bulk()
            conn.send(("ready", len(self.sockets), self.failures[stormed:]))
            assert await loop.run_in_executor(None, conn.recv) == "arm"
            self.armed = True
            conn.send(("armed",))
            deadline = time.monotonic() + ARRIVAL_TIMEOUT
            while len(self.arrivals) < len(self.sockets) and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            conn.send(("result", [(t, self.items[i].cross) for i, t in self.arrivals.items()],
                       len(self.sockets) - len(self.arrivals)))
            assert await loop.run_in_executor(None, conn.recv) == "close"
        finally:
            await asyncio.gather(*(ws.close() for ws in self.sockets.values()), return_exceptions=True)
            for task in self.readers:
                task.cancel()
            await self.session.close()
        conn.send(("closed",))

    async def storm(self, t0: float) -> list[tuple[float, float | None]]:
        """The storm's clients, each started at t0 + its offset; (offset, seconds to its first agenda or None)."""
        async def paced(i: int, item: Item):
            await asyncio.sleep(max(0.0, t0 + item.storm_at - time.monotonic()))
            return item.storm_at, await self.connect(i, item)

        return list(await asyncio.gather(*(paced(i, item) for i, item in enumerate(self.items)
                                           if item.storm_at is not None)))

    async def bulk(self) -> None:
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

        async def gated(i: int, item: Item):
            async with gate:
                await self.connect(i, item)

        # the rest, and the storm's failed ones once more (a live page retries a connect that failed)
        await asyncio.gather(*(gated(i, item) for i, item in enumerate(self.items) if i not in self.sockets))

    async def connect(self, i: int, item: Item) -> float | None:
        """Connects one client; the seconds from its start to its first agenda, None when it failed."""
        started = time.monotonic()
        try:
            await asyncio.wait_for(self.handshake(i, item), CONNECT_TIMEOUT)
        except Exception as exc:  # noqa: BLE001  (counted and reported)
            self.failures.append(f"{type(exc).__name__}: {str(exc)[:100]}")
            return None
        return time.monotonic() - started

    async def handshake(self, i: int, item: Item) -> None:
        ws = await self.session.ws_connect(f"{item.url}/socket.io/?EIO=4&transport=websocket", max_msg_size=0)
        try:
            opened = await ws.receive_str()
            if not opened.startswith(OPEN):
                raise ConnectionError(f"no open packet: {opened[:60]}")
            await ws.send_str(CONNECT + json.dumps(item.auth))
            while True:
                data = await ws.receive_str()
                if data.startswith(AGENDA):
                    break
                if data.startswith(REFUSED):
                    raise ConnectionRefusedError(data[len(REFUSED):][:80])
                if data == PING:
                    await ws.send_str(PONG)
        except BaseException:
            await ws.close()
            raise
        self.sockets[i] = ws
        self.readers.append(asyncio.create_task(self.read(i, ws)))

    async def read(self, i: int, ws) -> None:
        async for msg in ws:
            if not isinstance(msg.data, str):
                continue
            if self.armed and msg.data.startswith(AGENDA):
                self.arrivals.setdefault(i, time.monotonic())
            elif msg.data == PING:
                await ws.send_str(PONG)


# --- one measurement -----------------------------------------------------------------------

@dataclass
class Run:
    server: str
    clients: int
    p50: float
    p99: float
    max: float
    request_ms: float
    rss_before: float
    rss_after: float
    threads: int
    missing: int
    failed: int
    cross_p99: float = float("nan")  # clients of the other processes (the change reached them through Redis)
    redis_mb: float = 0.0
    database_mb: float = 0.0
    storm_clients: int = 0
    storm_p50: float = float("nan")  # ms from a storm client's start to its first agenda
    storm_p99: float = float("nan")
    storm_took: float = float("nan")  # s from the storm's start until its last client had its agenda
    storm_failed: int = 0
    connect_cpu_ms: float = float("nan")  # the servers' CPU time per connection opened
    storm_seconds: float = float("nan")  # the storm's clients started over this long
    runs: int = 1  # how many runs a median is of
    p99_runs: tuple[float, ...] = ()  # each run's p99, for a median
    note: str = ""  # why a run did not happen

    @property
    def rss_per_client_kb(self) -> float:
        return (self.rss_after - self.rss_before) * 1024 / self.clients

    @property
    def total_mb(self) -> float:
        """The deployment's memory: the servers and Redis."""
        return self.rss_after + self.redis_mb


def not_run(server: Server, n: int, why: str) -> Run:
    nan = float("nan")
    return Run(server.name, n, nan, nan, nan, nan, nan, nan, 0, n, n, note=why)


def measure(server: Server, n: int, workers: int, storm: int, storm_seconds: float) -> Run:
    if server.mode == "threading":
        needed = THREADS_PER_CONNECTION * n + 300 * server.processes
        available = threads_available()
        if needed > 0.9 * available:
            return not_run(server, n, f"not run: threading needs about {needed:,} threads, the kernel allows "
                                      f"{available:,} more (kernel.pid_max)")
    began = time.monotonic()
    server.start()
    try:
        started = time.monotonic()
        time.sleep(0.5)
        before = server.rss_mb()
        # client i talks to process i mod P, as a load balancer with sticky sessions spreads them; the first
        # `storm` clients start at an even pace over storm_seconds
        storm = min(storm, n)
        items = [Item(server.urls[i % server.processes], auth, i % server.processes != 0,
                      i * storm_seconds / storm if i < storm else None)
                 for i, auth in enumerate(server.auths(n))]
        pipes, procs = start_clients(items, workers)
        cpu_before = server.cpu_seconds()
        storm_run = connect_all(pipes, server)
        connect_cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / max(1, storm_run["connected"])
        print(f"    started in {started - began:.0f} s, {n} clients connected {time.monotonic() - started:.0f} s later",
              flush=True)
        time.sleep(1.0 + n / 1000)  # let the servers settle (presence writes, attendance emits)
        after = server.rss_mb()
        redis_mb, database_mb = redis_pss_mb(), server.database_mb()
        thread_count = server.thread_count()
        for pipe in pipes:
            pipe.send("arm")
        for pipe in pipes:
            assert pipe.recv() == ("armed",)
        t0 = time.monotonic()
        response = server.trigger()
        request_ms = (time.monotonic() - t0) * 1000
        response.raise_for_status()
        arrivals, missing = [], 0
        for pipe in pipes:
            _, times, lost = pipe.recv()
            arrivals += times
            missing += lost
        for pipe in pipes:
            pipe.send("close")
        for pipe in pipes:
            pipe.recv()
        for proc in procs:
            proc.join(30)
        latencies = [(t - t0) * 1000 for t, _cross in arrivals] or [float("nan")]
        cross = [(t - t0) * 1000 for t, is_cross in arrivals if is_cross]
        return Run(server.name, n, percentile(latencies, 0.5), percentile(latencies, 0.99), max(latencies),
                   request_ms, before, after, thread_count, missing, n - storm_run["connected"],
                   percentile(cross, 0.99), redis_mb=redis_mb, database_mb=database_mb, storm_clients=storm,
                   storm_p50=storm_run["p50"], storm_p99=storm_run["p99"], storm_took=storm_run["took"],
                   storm_failed=storm_run["failed"], connect_cpu_ms=connect_cpu_ms, storm_seconds=storm_seconds)
    finally:
        server.stop()


def start_clients(items: list[Item], workers: int) -> tuple[list, list]:
    """The client processes (worker w takes items w, w + workers, …) and the pipes to them."""
    ctx = multiprocessing.get_context("spawn")
    pipes, procs = [], []
    for w in range(workers):
        share = items[w::workers]
        if not share:
            continue
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=client_worker, args=(share, child), daemon=True)
        proc.start()
        pipes.append(parent)
        procs.append(proc)
    time.sleep(1.0 + 0.2 * len(procs))  # the client processes start (spawn: a fresh interpreter each)
    return pipes, procs


def connect_all(pipes: list, server: Server) -> dict:
    """The storm (every client process at once, from one moment t0), then the rest; the storm's figures and how
    many clients are connected in all."""
    t0 = time.monotonic() + 0.5
    for pipe in pipes:
        pipe.send(("storm", t0))
    storm, failures = [], []
    for pipe in pipes:
        _, results, why = pipe.recv()
        storm, failures = storm + results, failures + why
    connect_ms = [seconds * 1000 for _at, seconds in storm if seconds is not None]
    figures = {"p50": percentile(connect_ms, 0.5), "p99": percentile(connect_ms, 0.99),
               "took": max((at + seconds for at, seconds in storm if seconds is not None), default=float("nan")),
               "failed": sum(seconds is None for _at, seconds in storm)}
    for pipe in pipes:
        pipe.send("bulk")
    connected = 0
    for pipe in pipes:
        _, ok, why = pipe.recv()
        connected, failures = connected + ok, failures + why
    for reason, count in Counter(failures).most_common(3):
        print(f"    {count} connection(s) failed: {reason}", flush=True)
    if failures:
        errors = [line for line in server.log_lines() if "Error" in line or "error" in line]
        for line, count in Counter(errors).most_common(3):
            print(f"    server log ({count}x): {line[:200]}", flush=True)
    return {**figures, "connected": connected}


def median_run(runs: list[Run]) -> Run:
    done = [r for r in runs if not r.note] or runs
    first = done[0]
    med = statistics.median
    return Run(first.server, first.clients, med(r.p50 for r in done), med(r.p99 for r in done),
               med(r.max for r in done), med(r.request_ms for r in done), med(r.rss_before for r in done),
               med(r.rss_after for r in done), round(med(r.threads for r in done)), max(r.missing for r in done),
               max(r.failed for r in done), med(r.cross_p99 for r in done), redis_mb=med(r.redis_mb for r in done),
               database_mb=med(r.database_mb for r in done), storm_clients=first.storm_clients,
               storm_p50=med(r.storm_p50 for r in done), storm_p99=med(r.storm_p99 for r in done),
               storm_took=med(r.storm_took for r in done), storm_failed=max(r.storm_failed for r in done),
               connect_cpu_ms=med(r.connect_cpu_ms for r in done), storm_seconds=first.storm_seconds,
               runs=len(done), p99_runs=tuple(r.p99 for r in done), note=first.note)


def _f(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0f}"


@dataclass
class Table:
    rows: list[Run] = field(default_factory=list)

    def markdown(self) -> str:
        lines = ["| server | clients | p50 ms | p99 ms | cross-process p99 ms | max ms | request ms | PSS before MB "
                 "| PSS after MB | per client KB | + Redis MB | total MB | PostgreSQL MB | threads | missed | failed "
                 "| storm | storm p50 ms | storm p99 ms | storm took s | storm failed | CPU ms per connect |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
                 "---:|---:|"]
        for r in self.rows:
            if r.note:
                lines.append(f"| {r.server} | {r.clients} | {r.note} |" + " |" * 19)
                continue
            took = "–" if math.isnan(r.storm_took) else f"{r.storm_took:.1f}"
            lines.append(f"| {r.server} | {r.clients} | {_f(r.p50)} | {_f(r.p99)} | {_f(r.cross_p99)} | {_f(r.max)} | "
                         f"{_f(r.request_ms)} | {r.rss_before:.0f} | {r.rss_after:.0f} | {r.rss_per_client_kb:.0f} | "
                         f"{r.redis_mb:.0f} | {r.total_mb:.0f} | {_f(r.database_mb)} | {r.threads} | {r.missing} | "
                         f"{r.failed} | {r.storm_clients} | {_f(r.storm_p50)} | {_f(r.storm_p99)} | {took} | "
                         f"{r.storm_failed} | {r.connect_cpu_ms:.1f} |")
        return "\n".join(lines)


def figures_of(table: Table, baselines: dict[str, str]) -> list[report.Figure]:
    """Per forum row: the delivery p99 next to the bare server's for the same clients, processes and mode; for the
    scale-out also the memory, the connect storm and the CPU per connect, each beside the bare server's — one
    figure per target (issue 18's at 10,000 clients and more)."""
    by = {(r.server, r.clients): r for r in table.rows}
    figures = []
    for r in table.rows:
        if not r.server.startswith("forum"):
            continue
        bare = by.get((baselines.get(r.server, ""), r.clients))
        if bare is not None and bare.note:
            bare = None
        processes = 3 if "processes" in r.server else 1
        mode = r.server.rsplit(", ", 1)[-1].rstrip(")") if processes > 1 else r.server.split("(")[1].rstrip(")")
        setup = (f"SQLite, 1 process (python wsgi.py{', gevent' if mode == 'gevent' else ''})" if processes == 1
                 else f"PostgreSQL, {processes} processes (gunicorn, {mode}) + Redis")
        large = processes > 1 and r.clients >= TARGET_LARGE_CLIENTS
        common = {"area": "Live pages", "setup": setup,
                  "baseline_label": f"bare python-socketio, {bare.server}, same run" if bare else ""}
        delivery = report.Figure(**common, measure=f"agenda change → {r.clients:,} live pages, delivery p99",
                                 value=float("nan") if r.note else round(r.p99), unit="ms",
                                 baseline=round(bare.p99) if bare else None)
        if r.note:
            delivery.extra = {"not run": r.note.removeprefix("not run: ")}
            delivery.met = False if large else None
            figures.append(delivery)
            continue
        runs = f"{r.runs}" if r.runs > 1 else "1 (not a median)"
        delivery.extra = {"p50 ms": round(r.p50), "max ms": round(r.max), "missed": r.missing,
                          "failed to connect": r.failed, "runs": runs}
        if r.runs > 1:
            delivery.extra["p99 of each run ms"] = " / ".join(f"{p99:.0f}" for p99 in r.p99_runs)
        if processes > 1:
            delivery.extra["cross-process p99 ms"] = round(r.cross_p99)
        if large:
            delivery.target = (f"p99 ≤ {TARGET_LARGE_P99_MS:,.0f} ms at {TARGET_LARGE_CLIENTS:,} clients, every page "
                               "reached (none missed, none failed)")
            delivery.met = r.p99 <= TARGET_LARGE_P99_MS and not r.missing and not r.failed
        elif processes > 1 and r.clients >= TARGET_SCALE_CLIENTS:
            delivery.target = f"cross-process p99 ≤ {TARGET_SCALE_P99_MS:.0f} ms at {TARGET_SCALE_CLIENTS:,} clients"
            delivery.met = r.cross_p99 <= TARGET_SCALE_P99_MS and not r.missing and not r.failed
        elif processes == 1 and r.clients == TARGET_CLIENTS:
            delivery.target = (f"p99 ≤ {TARGET_P99_MS:.0f} ms, PSS ≤ {TARGET_RSS_MB:.0f} MB at "
                               f"{TARGET_CLIENTS:,} clients")
            delivery.met = (r.p99 <= TARGET_P99_MS and r.rss_after <= TARGET_RSS_MB and not r.missing
                            and not r.failed)
            delivery.extra["PSS MB"] = round(r.rss_after)
        figures.append(delivery)
        if processes == 1:
            continue
        memory = report.Figure(**common, measure=f"memory with {r.clients:,} live pages, servers + Redis (PSS)",
                               value=round(r.total_mb), unit="MB", baseline=round(bare.total_mb) if bare else None,
                               extra={"servers MB": round(r.rss_after), "Redis MB": round(r.redis_mb),
                                      "per page KB": round(r.rss_per_client_kb),
                                      "PostgreSQL MB (apart)": _f(r.database_mb), "runs": runs})
        if large:
            memory.target = f"≤ {TARGET_LARGE_MB:,.0f} MB at {TARGET_LARGE_CLIENTS:,} clients"
            memory.met = r.total_mb <= TARGET_LARGE_MB
        storm = report.Figure(**common, measure=f"connect storm: {r.storm_clients:,} pages started over "
                              f"{r.storm_seconds:g} s (of {r.clients:,}), failed connects (worst run)",
                              value=r.storm_failed, unit="", baseline=bare.storm_failed if bare else None,
                              extra={"storm p50 ms": _f(r.storm_p50), "storm p99 ms": _f(r.storm_p99),
                                     "storm took s": "–" if math.isnan(r.storm_took) else round(r.storm_took, 1),
                                     "bare storm p99 ms": _f(bare.storm_p99) if bare else "–", "runs": runs})
        if large:
            storm.target = f"0 failed of {TARGET_STORM_CLIENTS:,} within {STORM_SECONDS_TARGET:g} s"
            storm.met = (r.storm_clients >= TARGET_STORM_CLIENTS and r.storm_seconds <= STORM_SECONDS_TARGET
                         and not r.storm_failed and r.storm_took <= r.storm_seconds + CONNECT_TIMEOUT)
        connect = report.Figure(**common, measure=f"servers' CPU per connect ({r.clients:,} pages, storm included)",
                                value=round(r.connect_cpu_ms, 1), unit="ms",
                                baseline=round(bare.connect_cpu_ms, 1) if bare else None, extra={"runs": runs})
        figures += [memory, storm, connect]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 1000, 3000, 10000])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 3],
                        help="deployments to measure: 1 = SQLite, python wsgi.py; N > 1 = PostgreSQL + Redis, "
                             "N gunicorn processes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0,
                        help=f"client processes (default: one per {CLIENTS_PER_WORKER:,} clients, at least 2)")
    parser.add_argument("--servers", nargs="+", default=["forum", "bare"], choices=["forum", "bare"])
    parser.add_argument("--modes", nargs="+", default=["threading", "gevent"], choices=["threading", "gevent"],
                        help="server modes of the scale-out (FORUM_SERVER_MODE)")
    parser.add_argument("--embedded-modes", nargs="+", default=["threading"], choices=["threading", "gevent"],
                        help="async modes of the one-process servers (gevent: for comparison only)")
    parser.add_argument("--embedded-max", type=int, default=3000,
                        help="one-process deployments skip larger client counts")
    parser.add_argument("--storm", type=int, default=2000, help="clients of the connect storm (at most N)")
    parser.add_argument("--storm-seconds", type=float, default=10.0, help="the storm's clients start over this long")
    parser.add_argument("--serve-bare", metavar="PORT", help=argparse.SUPPRESS)
    args = report.parse_args(parser, {"clients": [50, 200], "repeat": 1, "storm": 100, "storm_seconds": 1.0})
    if args.serve_bare:
        serve_bare(int(args.serve_bare))
        return 0

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: the servers stop, the databases go
    open_files = raise_open_files_limit()
    print(report.machine(), f"· open files {open_files:,} · threads available {threads_available():,}", flush=True)
    most = max(args.clients)
    with tempfile.TemporaryDirectory(prefix="forum-fanout-") as tmp:
        deployments: list[tuple[int, Server]] = []  # (most clients it is measured with, server)
        baselines: dict[str, str] = {}
        forums: list[ForumServer] = []
        try:
            for processes in args.processes:
                sub = Path(tmp) / f"p{processes}"
                sub.mkdir()
                largest = most if processes > 1 else min(most, args.embedded_max)
                # connections per gunicorn process: one per WebSocket, and some for plain requests
                connections = largest // processes + 200
                forum = ForumServer(sub, processes=processes, connections=connections)
                forums.append(forum)
                where = "python wsgi.py, SQLite" if processes == 1 else f"{processes} processes, PostgreSQL + Redis"
                print(f"Preparing the forum ({where}): demo data and {largest} online participants…", flush=True)
                forum.prepare(largest)
                modes = args.modes if processes > 1 else args.embedded_modes
                for mode in modes:
                    mine = forum.twin(mode)
                    bare = BareServer(sub, forum.payload, mode, processes, connections)
                    if "forum" in args.servers:
                        deployments.append((largest, mine))
                    if "bare" in args.servers:
                        deployments.append((largest, bare))
                    baselines[mine.name] = bare.name
            print(f"agenda payload: {len(json.dumps(forums[0].payload))} bytes of JSON, "
                  f"{len(forums[0].payload['sessions'])} sessions", flush=True)
            table = Table()
            for n in args.clients:
                servers = [server for largest, server in deployments if n <= largest]
                results: dict[str, list[Run]] = {server.name: [] for server in servers}
                workers = args.workers or max(2, math.ceil(n / CLIENTS_PER_WORKER))
                for rep in range(args.repeat):
                    for server in servers:  # interleaved: the machine is shared
                        started = time.monotonic()
                        run = measure(server, n, workers, args.storm, args.storm_seconds)
                        results[server.name].append(run)
                        if run.note:
                            print(f"  {server.name:>42} n={n:<5} run {rep + 1}: {run.note}", flush=True)
                            continue
                        cross = "" if math.isnan(run.cross_p99) else f"  cross p99 {run.cross_p99:5.0f} ms"
                        print(f"  {server.name:>42} n={n:<5} run {rep + 1}: p50 {run.p50:5.0f} ms  "
                              f"p99 {run.p99:5.0f} ms{cross}  max {run.max:5.0f} ms  "
                              f"PSS {run.rss_before:.0f}→{run.rss_after:.0f} MB ({run.rss_per_client_kb:.0f} KB/client)"
                              f" + Redis {run.redis_mb:.0f} MB  missed {run.missing} failed {run.failed}  "
                              f"storm {run.storm_clients}: p99 {_f(run.storm_p99)} ms, took {run.storm_took:.1f} s, "
                              f"failed {run.storm_failed}  CPU {run.connect_cpu_ms:.1f} ms/connect  "
                              f"[{time.monotonic() - started:.0f} s, "
                              f"load {os.getloadavg()[0]:.1f}]", flush=True)
                for server in servers:
                    table.rows.append(median_run(results[server.name]))
        finally:
            for forum in forums:
                forum.cleanup()
    details = (f"Medians of {args.repeat} runs.\n\n" + table.markdown())
    print("\n" + details)
    figures = figures_of(table, baselines)
    for f in figures:
        bare = "" if f.baseline is None else f" (bare server: {f.baseline:g}{f' {f.unit}' if f.unit else ''})"
        print(f"{f.setup}, {f.measure}: {f.value:g}{f' {f.unit}' if f.unit else ''}{bare}"
              + (f" — target {f.target}: {'met' if f.met else 'NOT met'}" if f.target else ""))
    report.write_json(args.json, figures, details)
    print(report.machine(), flush=True)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
