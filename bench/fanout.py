"""Socket.IO fan-out: how fast one moderator change reaches N connected live pages, and what each
connection costs the server in memory.

    python bench/fanout.py [--clients 100 1000 3000] [--processes 1 3] [--repeat 3] [--workers 2]
                           [--servers forum bare] [--modes threading gevent] [--quick] [--json PATH]

Deployments (--processes), each measured against its own baseline:

- 1: the embedded default, `python wsgi.py` (Flask-SocketIO, async_mode "threading", the Werkzeug
  server with simple-websocket) on a temporary SQLite file; baseline: a bare python-socketio server
  (`socketio.Server(async_mode="threading")`, simple-websocket) served by Werkzeug the same way;
- N > 1: the scale-out, N processes of the production server (`scripts/serve`: gunicorn, gthread, one
  process per port) on a temporary PostgreSQL database with REDIS_URL as the Socket.IO message queue;
  baseline: N bare python-socketio processes under gunicorn with python-socketio's RedisManager on the
  same Redis.

The forum holds the demo data (`forum init` + `forum demo`) plus enough online participants registered
through the API; FORUM_RATELIMIT=0. For each N, each server and each repetition the server processes are
started afresh. N python-socketio clients (`socketio.AsyncClient` over WebSocket, spread over --workers
client processes, each an asyncio loop) connect to `/live` — client i to process i mod P, as a load
balancer with sticky sessions spreads them; on Forum as the registered online participants with their
access tokens, so every connection also records online presence — and wait for the `agenda` sent on
connect. Then the moderator changes a session on the first process (`POST .../sessions/<id>/state` with
an API token; on the baseline `POST /trigger`) and every client notes when the `agenda` event arrives;
clients of the other processes get it through Redis ("cross-process"). Latency per client = arrival −
the moment just before the request was sent (one clock: CLOCK_MONOTONIC, shared by the processes of
this machine). Memory: the servers' PSS (from /proc/<pid>/smaps_rollup; gunicorn's master and worker)
before connecting and once all N are connected; per client = the difference / N.

Printed: the medians over --repeat runs of p50/p99/max latency (and the cross-process p99), the HTTP
request's own time, RSS and RSS per client, threads, for both servers, and the forum/bare ratios.

Targets on this 2-CPU machine: one process, 1,000 clients: p99 <= 250 ms, RSS <= 1 GiB; three processes,
3,000 clients: cross-process p99 <= 750 ms. The clients run on the same machine and take their share of
its CPUs.

Needs aiohttp (in requirements-dev.txt) for the asyncio client.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
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
PG_ADMIN_URL = os.environ.get("FORUM_BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("FORUM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
CONNECT_CONCURRENCY = 50


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
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    return 0.0


def threads(pid: int) -> int:
    return int(proc_status(pid)["Threads"])


class Server:
    """One deployment: `processes` server processes, each on its own port; `trigger()` makes the change
    that broadcasts `agenda` (sent to the first process)."""

    kind = ""

    def __init__(self, tmp: Path, mode: str = "threading", processes: int = 1, threads: int = 1200):
        self.tmp, self.mode, self.processes, self.threads = tmp, mode, processes, threads
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
        return f"{self.kind} ({self.processes} processes + Redis)"

    def command(self, port: int) -> tuple[list[str], dict]:
        raise NotImplementedError

    def start(self) -> None:
        self.urls, self.procs, self.logs = [], [], []
        for _ in range(self.processes):
            port = free_port()
            cmd, env = self.command(port)
            log_path = self.tmp / f"{self.kind}-{self.mode}-{port}.log"
            log = open(log_path, "w")
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            self.procs.append(proc)
            self.logs.append((log, log_path))
            self.urls.append(f"http://127.0.0.1:{port}")
            wait_for_port(port, proc, log_path, timeout=60)
        self.warm_up()

    def warm_up(self) -> None:
        pass

    def pids(self) -> list[int]:
        """Every server process (gunicorn: the master and its worker)."""
        return [pid for proc in self.procs for pid in report.process_tree(proc.pid)]

    def rss_mb(self) -> float:
        return sum(rss_mb(pid) for pid in self.pids())

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


# Forum under gevent, for comparison only (the app itself runs async_mode="threading"): the standard
# library monkey-patched first, then the same app with Flask-SocketIO switched to gevent, served by
# gevent's WSGI server with gevent-websocket, as `socketio.run()` does in that mode.
FORUM_GEVENT = """
from gevent import monkey
monkey.patch_all()
import sys
from forum.extensions import socketio
_init_app = socketio.init_app
def init_app(app, **options):
    options["async_mode"] = "gevent"
    return _init_app(app, **options)
socketio.init_app = init_app
from forum import create_app
socketio.run(create_app(), host="127.0.0.1", port=int(sys.argv[1]))
"""


class ForumServer(Server):
    """Forum itself. One process: the embedded default (`python wsgi.py`, SQLite). Several: the
    scale-out (`scripts/serve`, gunicorn, one process per port) on a temporary PostgreSQL database at
    127.0.0.1:5432 (dropped afterwards), with REDIS_URL as the Socket.IO message queue."""

    kind = "forum"

    def __init__(self, tmp: Path, mode: str = "threading", processes: int = 1, threads: int = 1200):
        super().__init__(tmp, mode, processes, threads)
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
                self.tokens = list(pool.map(self._register, range(participants)))
            self.payload = requests.get(f"{self.url}/api/v1/events/{SLUG}/agenda", timeout=10).json()
        finally:
            self.stop()

    def _register(self, i: int) -> str:
        response = requests.post(f"{self.urls[i % len(self.urls)]}/api/v1/events/{SLUG}/registrations", timeout=30,
                                 json={"name": f"Peserta Daring {i:04d}", "agency": "Kecamatan Badau",
                                       "position": "Staf", "attendance": "online",
                                       "email": f"daring{i:04d}@bench.example.id", "consent": True})
        response.raise_for_status()
        return response.json()["personal_url"].rsplit("/p/", 1)[1]

    def command(self, port: int):
        if self.mode == "gevent":
            return [sys.executable, "-c", FORUM_GEVENT, str(port)], {**self.env, "PYTHONPATH": str(ROOT)}
        if self.processes > 1:
            return ["scripts/serve"], {**self.env, "PORT": str(port), "THREADS": str(self.threads)}
        return [sys.executable, "wsgi.py"], {**self.env, "PORT": str(port)}

    def twin(self, mode: str) -> ForumServer:
        """The same prepared forum, served in another async mode."""
        other = ForumServer(self.tmp, mode)
        other.tokens, other.headers, other.session_id, other.payload = (self.tokens, self.headers, self.session_id,
                                                                        self.payload)
        return other

    def warm_up(self) -> None:
        for url in self.urls:
            requests.get(f"{url}/api/v1/events/{SLUG}/agenda", timeout=10).raise_for_status()

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


class BareServer(Server):
    """The baseline: a bare python-socketio server sending the same `agenda` payload. One process: served
    by Werkzeug like `python wsgi.py`; several: by gunicorn (gthread) like `scripts/serve`, with
    python-socketio's RedisManager on the same Redis."""

    kind = "bare"

    def __init__(self, tmp: Path, payload: dict, mode: str = "threading", processes: int = 1, threads: int = 1200):
        super().__init__(tmp, mode, processes, threads)
        self.payload_path = tmp / "payload.json"
        self.payload_path.write_text(json.dumps(payload))
        self.channel = f"bench-bare-{uuid.uuid4().hex[:8]}"

    def command(self, port: int):
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "BARE_PAYLOAD": str(self.payload_path),
               "BARE_MODE": self.mode}
        if self.processes > 1:
            env.update(BARE_REDIS_URL=REDIS_URL, BARE_CHANNEL=self.channel, PYTHONPATH=str(ROOT))
            # as scripts/serve: twice as many connections as threads (gunicorn's default, 1,000, refuses the
            # 1,001st connection of a process, and the baseline's own trigger request timed out)
            return [sys.executable, "-m", "gunicorn", "--worker-class", "gthread", "--workers", "1", "--threads",
                    str(self.threads), "--worker-connections", str(self.threads * 2),
                    "--bind", f"127.0.0.1:{port}", "bench.fanout:bare_app()"], env
        return [sys.executable, str(Path(__file__).resolve()), "--serve-bare", str(port)], env

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
    with gevent-websocket (gevent: no monkey-patching needed here)."""
    app = bare_app()
    if os.environ.get("BARE_MODE") == "gevent":
        from gevent import pywsgi
        from geventwebsocket.handler import WebSocketHandler

        pywsgi.WSGIServer(("127.0.0.1", port), app, handler_class=WebSocketHandler, log=None).serve_forever()
    else:
        from werkzeug.serving import run_simple

        run_simple("127.0.0.1", port, app, threaded=True)


# --- clients (in worker processes) -------------------------------------------------------

def client_worker(items: list[tuple[str, dict, bool]], conn) -> None:
    """Asyncio clients, one per (url, auth, cross-process?) item; talks to the main process over `conn`:
    ready → arm → result → close."""
    asyncio.run(_clients(items, conn))


async def _clients(items: list[tuple[str, dict, bool]], conn) -> None:
    import socketio

    armed = False
    arrivals: dict[int, float] = {}
    greeted = [asyncio.Event() for _ in items]
    clients: dict[int, socketio.AsyncClient] = {}
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    failures: list[str] = []

    def make(i: int):
        client = socketio.AsyncClient(reconnection=False)

        @client.on("agenda", namespace="/live")
        async def _agenda(_payload):
            if armed:
                arrivals.setdefault(i, time.monotonic())
            else:
                greeted[i].set()

        return client

    async def connect(i: int, url: str, auth: dict):
        client = make(i)
        async with gate:
            try:
                await client.connect(url, namespaces=["/live"], transports=["websocket"], auth=auth,
                                     wait_timeout=30)
                await asyncio.wait_for(greeted[i].wait(), 30)
            except Exception as exc:  # noqa: BLE001  (counted and reported)
                failures.append(f"{type(exc).__name__}: {str(exc)[:100]}")
                return
        clients[i] = client

    await asyncio.gather(*(connect(i, url, auth) for i, (url, auth, _cross) in enumerate(items)))
    conn.send(("ready", len(clients), failures))
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(None, conn.recv) == "arm"
    armed = True
    conn.send(("armed",))
    deadline = time.monotonic() + 30
    while len(arrivals) < len(clients) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    conn.send(("result", [(t, items[i][2]) for i, t in arrivals.items()], len(clients) - len(arrivals)))
    assert await loop.run_in_executor(None, conn.recv) == "close"
    await asyncio.gather(*(c.disconnect() for c in clients.values()), return_exceptions=True)
    conn.send(("closed",))


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

    @property
    def rss_per_client_kb(self) -> float:
        return (self.rss_after - self.rss_before) * 1024 / self.clients


def measure(server: Server, n: int, workers: int) -> Run:
    server.start()
    try:
        time.sleep(0.5)
        before = server.rss_mb()
        # client i talks to process i mod P, as a load balancer with sticky sessions spreads them
        items = [(server.urls[i % server.processes], auth, i % server.processes != 0)
                 for i, auth in enumerate(server.auths(n))]
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
        connected, failures = 0, []
        for pipe in pipes:
            _, ok, why = pipe.recv()
            connected, failures = connected + ok, failures + why
        for reason, count in Counter(failures).most_common(3):
            print(f"    {count} connection(s) failed: {reason}", flush=True)
        if failures:
            errors = [line for line in server.log_lines() if "Error" in line or "error" in line]
            for line, count in Counter(errors).most_common(3):
                print(f"    server log ({count}x): {line[:200]}", flush=True)
        time.sleep(1.0 + n / 1000)  # let the servers settle (presence writes, attendance emits)
        after = server.rss_mb()
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
                   request_ms, before, after, thread_count, missing, n - connected, percentile(cross, 0.99))
    finally:
        server.stop()


def median_run(runs: list[Run]) -> Run:
    first = runs[0]
    med = statistics.median
    return Run(first.server, first.clients, med(r.p50 for r in runs), med(r.p99 for r in runs),
               med(r.max for r in runs), med(r.request_ms for r in runs), med(r.rss_before for r in runs),
               med(r.rss_after for r in runs), round(med(r.threads for r in runs)), max(r.missing for r in runs),
               max(r.failed for r in runs), med(r.cross_p99 for r in runs))


@dataclass
class Table:
    rows: list[Run] = field(default_factory=list)

    def markdown(self) -> str:
        lines = ["| server | clients | p50 ms | p99 ms | cross-process p99 ms | max ms | request ms | PSS before MB "
                 "| PSS after MB | per client KB | threads | missed | failed |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in self.rows:
            cross = "–" if math.isnan(r.cross_p99) else f"{r.cross_p99:.0f}"
            lines.append(f"| {r.server} | {r.clients} | {r.p50:.0f} | {r.p99:.0f} | {cross} | {r.max:.0f} | "
                         f"{r.request_ms:.0f} | {r.rss_before:.0f} | {r.rss_after:.0f} | {r.rss_per_client_kb:.0f} | "
                         f"{r.threads} | {r.missing} | {r.failed} |")
        return "\n".join(lines)


def figures_of(table: Table, baselines: dict[str, str]) -> list[report.Figure]:
    """Per forum row: the p99 next to the bare server's p99 for the same clients and processes."""
    by = {(r.server, r.clients): r for r in table.rows}
    figures = []
    for r in table.rows:
        if not r.server.startswith("forum"):
            continue
        bare = by.get((baselines.get(r.server, ""), r.clients))
        processes = 3 if "processes" in r.server else 1
        setup = ("SQLite, 1 process (python wsgi.py)" if processes == 1
                 else f"PostgreSQL, {processes} processes (gunicorn) + Redis")
        figure = report.Figure(
            area="Live fan-out", setup=setup, measure=f"agenda change → {r.clients:,} live pages, p99",
            value=round(r.p99), unit="ms", baseline=round(bare.p99) if bare else None,
            baseline_label=f"bare python-socketio, {bare.server}" if bare else "",
            extra={"p50 ms": round(r.p50), "max ms": round(r.max), "RSS MB": round(r.rss_after),
                   "RSS per client KB": round(r.rss_per_client_kb), "missed": r.missing, "failed": r.failed})
        if processes > 1:
            figure.extra["cross-process p99 ms"] = round(r.cross_p99)
            if bare:
                figure.extra["bare cross-process p99 ms"] = round(bare.cross_p99)
        if processes > 1 and r.clients >= TARGET_SCALE_CLIENTS:
            figure.target = f"cross-process p99 ≤ {TARGET_SCALE_P99_MS:.0f} ms at {TARGET_SCALE_CLIENTS:,} clients"
            figure.met = r.cross_p99 <= TARGET_SCALE_P99_MS and not r.missing and not r.failed
        elif processes == 1 and r.clients == TARGET_CLIENTS:
            figure.target = f"p99 ≤ {TARGET_P99_MS:.0f} ms, RSS ≤ {TARGET_RSS_MB:.0f} MB at {TARGET_CLIENTS:,} clients"
            figure.met = (r.p99 <= TARGET_P99_MS and r.rss_after <= TARGET_RSS_MB and not r.missing
                          and not r.failed)
        figures.append(figure)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 3],
                        help="deployments to measure: 1 = SQLite, python wsgi.py; N > 1 = PostgreSQL + Redis, "
                             "N gunicorn processes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="client processes")
    parser.add_argument("--servers", nargs="+", default=["forum", "bare"], choices=["forum", "bare"])
    parser.add_argument("--modes", nargs="+", default=["threading"], choices=["threading", "gevent"],
                        help="async modes of the one-process servers (gevent needs: pip install gevent "
                             "gevent-websocket)")
    parser.add_argument("--serve-bare", metavar="PORT", help=argparse.SUPPRESS)
    args = report.parse_args(parser, {"clients": [50, 200], "repeat": 1})
    if args.serve_bare:
        serve_bare(int(args.serve_bare))
        return 0

    print(report.machine(), flush=True)
    most = max(args.clients)
    with tempfile.TemporaryDirectory(prefix="forum-fanout-") as tmp:
        servers: list[Server] = []
        baselines: dict[str, str] = {}
        forums: list[ForumServer] = []
        try:
            for processes in args.processes:
                sub = Path(tmp) / f"p{processes}"
                sub.mkdir()
                # threads per gunicorn process: one per WebSocket, and some for plain requests
                threads = most // processes + 200
                forum = ForumServer(sub, processes=processes, threads=threads)
                forums.append(forum)
                print(f"Preparing the forum ({forum.name}): demo data and {most} online participants…", flush=True)
                forum.prepare(most)
                modes = args.modes if processes == 1 else ["threading"]
                for mode in modes:
                    mine = forum.twin(mode) if processes == 1 else forum
                    bare = BareServer(sub, forum.payload, mode, processes, threads)
                    if "forum" in args.servers:
                        servers.append(mine)
                    if "bare" in args.servers:
                        servers.append(bare)
                    baselines[mine.name] = bare.name
            print(f"agenda payload: {len(json.dumps(forums[0].payload))} bytes of JSON, "
                  f"{len(forums[0].payload['sessions'])} sessions", flush=True)
            table = Table()
            for n in args.clients:
                results: dict[str, list[Run]] = {server.name: [] for server in servers}
                for rep in range(args.repeat):
                    for server in servers:  # interleaved: the machine is shared
                        run = measure(server, n, args.workers)
                        results[server.name].append(run)
                        cross = "" if math.isnan(run.cross_p99) else f"  cross-process p99 {run.cross_p99:6.0f} ms"
                        print(f"  {server.name:>30} n={n:<5} run {rep + 1}: p50 {run.p50:6.0f} ms  "
                              f"p99 {run.p99:6.0f} ms{cross}  max {run.max:6.0f} ms  "
                              f"PSS {run.rss_before:.0f}→{run.rss_after:.0f} MB "
                              f"({run.rss_per_client_kb:.0f} KB/client)  missed {run.missing} failed {run.failed}",
                              flush=True)
                for server in servers:
                    table.rows.append(median_run(results[server.name]))
        finally:
            for forum in forums:
                forum.cleanup()
    details = (f"Medians of {args.repeat} runs.\n\n" + table.markdown())
    print("\n" + details)
    figures = figures_of(table, baselines)
    for f in figures:
        if f.ratio is not None:
            print(f"{f.setup}, {f.measure}: {f.value:.0f} ms, x{f.ratio:.2f} the bare server's"
                  + (f" — target {f.target}: {'met' if f.met else 'NOT met'}" if f.target else ""))
    report.write_json(args.json, figures, details)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
