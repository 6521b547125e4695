"""Socket.IO fan-out: how fast one moderator change reaches N connected live pages, and what each
connection costs the server in memory.

    python bench/fanout.py [--clients 100 500 1000] [--repeat 3] [--workers 2] [--servers forum bare]

For each N, each server and each repetition a fresh server process is started:

- forum: the real thing, `python wsgi.py` (Flask-SocketIO, async_mode "threading", the Werkzeug server
  with simple-websocket), FORUM_RATELIMIT=0, on a temporary SQLite file holding the demo forum
  (`forum init` + `forum demo`) plus enough online participants registered through the API;
- bare: the baseline, a bare python-socketio server (`socketio.Server(async_mode="threading")`,
  simple-websocket, served by the Werkzeug server the same way) that sends the same `agenda`
  payload (captured from the forum server) on connect and broadcasts it on an HTTP trigger.

N python-socketio clients (`socketio.AsyncClient` over WebSocket, spread over --workers processes,
each an asyncio loop) connect to `/live` — on the forum server as the registered online participants,
with their access tokens, so every connection also records online presence — and wait for the
`agenda` sent on connect. Then the moderator changes a session (`POST .../sessions/<id>/state`
with an API token; on the baseline `POST /trigger`) and every client notes when the `agenda` event
arrives. Latency per client = arrival − the moment just before the request was sent (one clock:
CLOCK_MONOTONIC, shared by the processes of this machine). Memory: the server's VmRSS (from
/proc/<pid>/status) before connecting and once all N are connected; per client = the difference / N.

Printed: the medians over --repeat runs of p50/p99/max latency, the HTTP request's own time, RSS and
RSS per client, threads, for both servers, and the forum/bare ratios.

Target on this machine, one process: 1,000 connected clients, p99 <= 250 ms, RSS <= 1 GiB.
The clients run on the same machine and take their share of its CPUs.

Needs aiohttp (in requirements-dev.txt) for the asyncio client.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
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
from datetime import date
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SLUG = "forum-opd-bppd-2022"
SESSION_TITLE = "Paparan Kepala BPPD"
TARGET_CLIENTS, TARGET_P99_MS, TARGET_RSS_MB = 1000, 250.0, 1024.0
CONNECT_CONCURRENCY = 50


# --- servers -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    return int(proc_status(pid)["VmRSS"].split()[0]) / 1024


def threads(pid: int) -> int:
    return int(proc_status(pid)["Threads"])


class Server:
    """A server process on its own port; `trigger()` makes the change that broadcasts `agenda`."""

    kind = ""
    url = ""

    def __init__(self, tmp: Path, mode: str = "threading"):
        self.tmp, self.mode = tmp, mode
        self.proc: subprocess.Popen | None = None

    @property
    def name(self) -> str:
        return f"{self.kind} ({self.mode})"

    def command(self) -> tuple[list[str], dict]:
        raise NotImplementedError

    def start(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd, env = self.command()
        self.log_path = self.tmp / f"{self.kind}-{self.mode}-{self.port}.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.proc, self.log_path)
        self.warm_up()

    def warm_up(self) -> None:
        pass

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
            self.log.close()

    def trigger(self) -> requests.Response:
        raise NotImplementedError

    def auths(self, n: int) -> list[dict]:
        raise NotImplementedError


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
    kind = "forum"

    def __init__(self, tmp: Path, mode: str = "threading"):
        super().__init__(tmp, mode)
        self.env = {**os.environ, "FORUM_INSTANCE_PATH": str(tmp / "instance"), "HOST": "127.0.0.1",
                    "DATABASE_URL": f"sqlite:///{tmp / 'fanout.db'}", "FORUM_RATELIMIT": "0",
                    "PYTHONUNBUFFERED": "1"}
        self.env.pop("REDIS_URL", None)
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
        response = requests.post(f"{self.url}/api/v1/events/{SLUG}/registrations", timeout=30, json={
            "name": f"Peserta Daring {i:04d}", "agency": "Kecamatan Badau", "position": "Staf",
            "attendance": "online", "email": f"daring{i:04d}@bench.example.id", "consent": True})
        response.raise_for_status()
        return response.json()["personal_url"].rsplit("/p/", 1)[1]

    def command(self):
        if self.mode == "gevent":
            return [sys.executable, "-c", FORUM_GEVENT, str(self.port)], {**self.env, "PYTHONPATH": str(ROOT)}
        return [sys.executable, "wsgi.py"], {**self.env, "PORT": str(self.port)}

    def twin(self, mode: str) -> ForumServer:
        """The same prepared forum, served in another async mode."""
        other = ForumServer(self.tmp, mode)
        other.tokens, other.headers, other.session_id, other.payload = (self.tokens, self.headers, self.session_id,
                                                                        self.payload)
        return other

    def warm_up(self) -> None:
        requests.get(f"{self.url}/api/v1/events/{SLUG}/agenda", timeout=10).raise_for_status()

    def trigger(self) -> requests.Response:
        self.state = "live" if self.state == "paused" else "paused"
        return requests.post(f"{self.url}/api/v1/events/{SLUG}/sessions/{self.session_id}/state",
                             json={"state": self.state}, headers=self.headers, timeout=60)

    def auths(self, n: int) -> list[dict]:
        return [{"event": SLUG, "token": token} for token in self.tokens[:n]]


class BareServer(Server):
    """The baseline: see serve_bare() below."""

    kind = "bare"

    def __init__(self, tmp: Path, payload: dict, mode: str = "threading"):
        super().__init__(tmp, mode)
        self.payload_path = tmp / "payload.json"
        self.payload_path.write_text(json.dumps(payload))

    def command(self):
        return [sys.executable, str(Path(__file__).resolve()), "--serve-bare", str(self.port),
                str(self.payload_path), self.mode], {**os.environ, "PYTHONUNBUFFERED": "1"}

    def trigger(self) -> requests.Response:
        return requests.post(f"{self.url}/trigger", timeout=60)

    def auths(self, n: int) -> list[dict]:
        return [{"event": SLUG} for _ in range(n)]


def serve_bare(port: int, payload_path: str, mode: str) -> None:
    """A bare python-socketio server, served by Werkzeug like `python wsgi.py` (threading) or by
    gevent's WSGI server with gevent-websocket (gevent: no monkey-patching needed here)."""
    import socketio

    payload = json.loads(Path(payload_path).read_text())
    sio = socketio.Server(async_mode=mode, max_http_buffer_size=1_000_000)

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

    app = socketio.WSGIApp(sio, http)
    if mode == "gevent":
        from gevent import pywsgi
        from geventwebsocket.handler import WebSocketHandler

        pywsgi.WSGIServer(("127.0.0.1", port), app, handler_class=WebSocketHandler, log=None).serve_forever()
    else:
        from werkzeug.serving import run_simple

        run_simple("127.0.0.1", port, app, threaded=True)


# --- clients (in worker processes) -------------------------------------------------------

def client_worker(url: str, auths: list[dict], conn) -> None:
    """N asyncio clients; talks to the main process over `conn`: ready → arm → result → close."""
    asyncio.run(_clients(url, auths, conn))


async def _clients(url: str, auths: list[dict], conn) -> None:
    import socketio

    armed = False
    arrivals: dict[int, float] = {}
    greeted = [asyncio.Event() for _ in auths]
    clients = []
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

    async def connect(i: int, auth: dict):
        client = make(i)
        async with gate:
            try:
                await client.connect(url, namespaces=["/live"], transports=["websocket"], auth=auth,
                                     wait_timeout=30)
                await asyncio.wait_for(greeted[i].wait(), 30)
            except Exception as exc:  # noqa: BLE001  (counted and reported)
                failures.append(f"{type(exc).__name__}: {str(exc)[:100]}")
                return
        clients.append(client)

    await asyncio.gather(*(connect(i, auth) for i, auth in enumerate(auths)))
    conn.send(("ready", len(clients), failures))
    loop = asyncio.get_running_loop()
    assert await loop.run_in_executor(None, conn.recv) == "arm"
    armed = True
    conn.send(("armed",))
    deadline = time.monotonic() + 30
    while len(arrivals) < len(clients) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    conn.send(("result", list(arrivals.values()), len(clients) - len(arrivals)))
    assert await loop.run_in_executor(None, conn.recv) == "close"
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)
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

    @property
    def rss_per_client_kb(self) -> float:
        return (self.rss_after - self.rss_before) * 1024 / self.clients


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(server: Server, n: int, workers: int) -> Run:
    server.start()
    try:
        time.sleep(0.5)
        before = rss_mb(server.proc.pid)
        auths = server.auths(n)
        ctx = multiprocessing.get_context("spawn")
        pipes, procs = [], []
        for w in range(workers):
            share = auths[w::workers]
            if not share:
                continue
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=client_worker, args=(server.url, share, child), daemon=True)
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
            server.log.flush()
            errors = [line for line in server.log_path.read_text(errors="replace").splitlines()
                      if "Error" in line or "error" in line]
            for line, count in Counter(errors).most_common(3):
                print(f"    server log ({count}x): {line[:200]}", flush=True)
        time.sleep(1.0)  # let the server settle (presence writes, attendance emits)
        after = rss_mb(server.proc.pid)
        thread_count = threads(server.proc.pid)
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
        latencies = [(t - t0) * 1000 for t in arrivals] or [float("nan")]
        return Run(server.name, n, percentile(latencies, 0.5), percentile(latencies, 0.99), max(latencies),
                   request_ms, before, after, thread_count, missing, n - connected)
    finally:
        server.stop()


def median_run(runs: list[Run]) -> Run:
    first = runs[0]
    med = statistics.median
    return Run(first.server, first.clients, med(r.p50 for r in runs), med(r.p99 for r in runs),
               med(r.max for r in runs), med(r.request_ms for r in runs), med(r.rss_before for r in runs),
               med(r.rss_after for r in runs), round(med(r.threads for r in runs)), max(r.missing for r in runs),
               max(r.failed for r in runs))


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{date.today().isoformat()}, {os.cpu_count()} CPUs (nproc), {model}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


@dataclass
class Table:
    rows: list[Run] = field(default_factory=list)

    def print(self) -> None:
        print("\n| server | clients | p50 ms | p99 ms | max ms | request ms | RSS before MB | RSS after MB "
              "| per client KB | threads | missed | failed |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in self.rows:
            print(f"| {r.server} | {r.clients} | {r.p50:.0f} | {r.p99:.0f} | {r.max:.0f} | {r.request_ms:.0f} | "
                  f"{r.rss_before:.0f} | {r.rss_after:.0f} | {r.rss_per_client_kb:.0f} | {r.threads} | "
                  f"{r.missing} | {r.failed} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="client processes")
    parser.add_argument("--servers", nargs="+", default=["forum", "bare"], choices=["forum", "bare"])
    parser.add_argument("--modes", nargs="+", default=["threading"], choices=["threading", "gevent"],
                        help="async modes to measure (gevent needs: pip install gevent gevent-websocket)")
    parser.add_argument("--serve-bare", nargs=3, metavar=("PORT", "PAYLOAD", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(int(args.serve_bare[0]), args.serve_bare[1], args.serve_bare[2])
        return

    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="forum-fanout-") as tmp:
        forum = ForumServer(Path(tmp))
        print(f"Preparing the forum: demo data and {max(args.clients)} online participants…", flush=True)
        forum.prepare(max(args.clients))
        servers = []
        for mode in args.modes:
            if "forum" in args.servers:
                servers.append(forum.twin(mode))
            if "bare" in args.servers:
                servers.append(BareServer(Path(tmp), forum.payload, mode))
        print(f"agenda payload: {len(json.dumps(forum.payload))} bytes of JSON, "
              f"{len(forum.payload['sessions'])} sessions", flush=True)
        table = Table()
        for n in args.clients:
            results: dict[str, list[Run]] = {server.name: [] for server in servers}
            for rep in range(args.repeat):
                for server in servers:  # interleaved: the machine is shared
                    run = measure(server, n, args.workers)
                    results[server.name].append(run)
                    print(f"  {server.name:>17} n={n:<5} run {rep + 1}: p50 {run.p50:6.0f} ms  p99 {run.p99:6.0f} ms"
                          f"  max {run.max:6.0f} ms  RSS {run.rss_before:.0f}→{run.rss_after:.0f} MB "
                          f"({run.rss_per_client_kb:.0f} KB/client)  missed {run.missing} failed {run.failed}",
                          flush=True)
            for server in servers:
                table.rows.append(median_run(results[server.name]))
        table.print()
        by = {(r.server, r.clients): r for r in table.rows}
        for mode in args.modes:
            f_name, b_name = f"forum ({mode})", f"bare ({mode})"
            if all((name, args.clients[0]) in by for name in (f_name, b_name)):
                print(f"\n{f_name} / {b_name} (medians):")
                for n in args.clients:
                    f, b = by[(f_name, n)], by[(b_name, n)]
                    print(f"  n={n}: p99 x{f.p99 / b.p99:.2f}, max x{f.max / b.max:.2f}, "
                          f"RSS per client x{f.rss_per_client_kb / max(b.rss_per_client_kb, 1e-9):.2f}")
            if (f_name, TARGET_CLIENTS) in by:
                r = by[(f_name, TARGET_CLIENTS)]
                ok = r.p99 <= TARGET_P99_MS and r.rss_after <= TARGET_RSS_MB and not r.missing and not r.failed
                print(f"Target for {f_name} ({TARGET_CLIENTS} clients, p99 <= {TARGET_P99_MS:.0f} ms, "
                      f"RSS <= {TARGET_RSS_MB:.0f} MB, all connected and reached): {'met' if ok else 'NOT met'} "
                      f"(p99 {r.p99:.0f} ms, RSS {r.rss_after:.0f} MB, failed {r.failed}, missed {r.missing})")


if __name__ == "__main__":
    main()
