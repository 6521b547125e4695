"""A burst of agency input while the live page is full (issue 5, Speed), against the real server.

    python bench/input_burst.py [--participants 100] [--submissions 1000] [--window 10]
                                [--viewers 400] [--workers 2]

Starts `python wsgi.py` on a temporary SQLite file (`forum init`, FORUM_RATELIMIT=0), creates through
the API a forum, a live session with input open and `--participants` participants of 20 agencies
(organiser and moderator accounts and their API tokens via `flask --app wsgi forum create-user /
create-token`), then connects to `/live` (python-socketio `AsyncClient` over WebSocket, in `--workers`
processes): each participant's own live page (with their access token, so presence is recorded) and
`--viewers` anonymous viewers — 500 connections by default — plus one moderator connection (API
token, in its own process) that notes when each `input` event arrives.

Two bursts of the same shape, each `--submissions` requests spread evenly over `--window` seconds from
a pool of one thread per participant (each thread its own keep-alive HTTP session):

- baseline: `GET /api/v1/events/<slug>` (a trivial route of the same server, same connections open);
- input: `POST /api/v1/events/<slug>/sessions/<id>/inputs`, proposals with a fresh `client_id` each,
  realistic titles and border-area locations (so overlap detection runs on every one); on a connection
  error, a timeout or a 5xx the same request is sent again with the same `client_id`.

Latency = confirmation − the moment the submission was due (a late start counts against the server);
also printed: the server process's CPU time per request (from /proc), steadier than latencies when
other work shares the machine.
Checks: every submission confirmed and stored exactly once (counted in the database), confirmation
p99 <= 1 s, every confirmed input seen by the moderator's connection (within 10 s of the burst's end),
no live-page connection lost. One clock: CLOCK_MONOTONIC, shared by the processes of this machine.
The clients run on the same machine and take their share of its CPUs.
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_P99_MS = 1000.0
CONNECT_CONCURRENCY = 50
AGENCIES = ["Bappeda", "DPMD", "Dinas PUPR", "Dinas Perhubungan", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan",
            "Dinas Perindustrian dan Perdagangan", "Dinas Kelautan dan Perikanan", "Badan Kesbangpol", "Satpol PP",
            "BPBD", "DPRD Komisi I", "Dinas Kominfo", "Dinas Perumahan dan Kawasan Permukiman", "Dinas Pertanian",
            "Kecamatan Entikong", "Kecamatan Badau", "Kecamatan Sajingan Besar", "BNNP Kalimantan Barat",
            "Dinas Sosial"]
PLACES = {"Sambas": ["Paloh", "Sajingan Besar"], "Bengkayang": ["Jagoi Babang", "Siding", "Seluas"],
          "Sanggau": ["Entikong", "Sekayam"], "Sintang": ["Ketungau Hulu", "Ketungau Tengah"],
          "Kapuas Hulu": ["Badau", "Batang Lupar", "Embaloh Hulu", "Empanang", "Puring Kencana", "Putussibau Utara"]}
VERBS = ["Pembangunan", "Peningkatan", "Rehabilitasi", "Pemeliharaan berkala", "Pengadaan", "Penyediaan"]
WORK = ["jalan desa", "jalan poros", "jembatan gantung", "jalan usaha tani", "SPAM perdesaan", "sarana air bersih",
        "sumur bor", "Pustu", "Puskesmas Pembantu", "Posyandu", "ruang kelas baru SD Negeri", "menara BTS",
        "jaringan internet desa", "PLTS komunal", "pasar desa", "tambatan perahu", "rumah tidak layak huni",
        "saluran irigasi", "drainase lingkungan", "balai pertemuan", "kantor desa", "embung desa", "MCK umum"]


# --- the server ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Forum:
    """`python wsgi.py` on a temporary SQLite file, with the forum, session and people of the bench."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = f"sqlite:///{tmp / 'burst.db'}"
        self.env = {**os.environ, "DATABASE_URL": self.database_url, "FORUM_INSTANCE_PATH": str(tmp / "instance"),
                    "FORUM_RATELIMIT": "0", "PORT": str(self.port), "HOST": "127.0.0.1", "PYTHONUNBUFFERED": "1"}
        self.env.pop("REDIS_URL", None)
        self.proc: subprocess.Popen | None = None

    def cli(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "forum", *args], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(result.stderr + result.stdout)
        return result.stdout

    def token_for(self, role: str) -> str:
        email = f"bench-{role}@bppd.example.id"
        self.cli("create-user", "--email", email, "--name", f"Bench {role}", "--role", role,
                 "--password", uuid.uuid4().hex)
        return self.cli("create-token", "--email", email).strip().splitlines()[-1]

    def start(self) -> None:
        self.log_path = self.tmp / "server.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + self.log_path.read_text()[-2000:])
            try:
                if requests.get(f"{self.url}/api/v1/events", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start: " + self.log_path.read_text()[-2000:])

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

    def prepare(self, participants: int) -> None:
        self.cli("init")
        organiser, moderator = self.token_for("organiser"), self.token_for("moderator")
        self.moderator_token = moderator
        self.start()
        org, mod = {"Authorization": f"Bearer {organiser}"}, {"Authorization": f"Bearer {moderator}"}
        event = self.api("post", "/events", org, {
            "title": "Forum OPD BPPD Provinsi Kalimantan Barat — Rencana Kerja 2022", "slug": "bench-burst",
            "starts_at": "2021-02-25T08:00:00+07:00", "ends_at": "2021-02-25T16:00:00+07:00",
            "venue": "Hotel Aston Pontianak"})
        self.slug = event["slug"]
        session = self.api("post", f"/events/{self.slug}/sessions", org, {
            "title": "Diskusi dan masukan perangkat daerah", "starts_at": "2021-02-25T13:00:00+07:00",
            "ends_at": "2021-02-25T15:00:00+07:00"})
        self.session_id = session["id"]
        self.api("post", f"/events/{self.slug}/sessions/{self.session_id}/state", mod,
                 {"state": "live", "input_open": True})
        with ThreadPoolExecutor(8) as pool:
            self.tokens = list(pool.map(self._register, range(participants)))

    def api(self, method: str, path: str, headers: dict, body: dict) -> dict:
        response = requests.request(method, f"{self.url}/api/v1{path}", json=body, headers=headers, timeout=30)
        if response.status_code >= 300:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:500]}")
        return response.json()

    def _register(self, i: int) -> str:
        body = self.api("post", f"/events/{self.slug}/registrations", {}, {
            "name": f"Peserta {i:03d}", "agency": AGENCIES[i % len(AGENCIES)], "position": "Kepala Bidang",
            "attendance": "in_person" if i % 3 else "online", "email": f"peserta{i:03d}@bench.example.id",
            "consent": True})
        return body["personal_url"].rsplit("/p/", 1)[1]

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (from /proc, Linux)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stored(self, client_ids: list[str]) -> tuple[int, int, int, int]:
        """(rows with these client ids, distinct client ids among them, all inputs, overlap pairs)."""
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as conn:
                conn.execute(text("CREATE TEMP TABLE wanted (client_id TEXT PRIMARY KEY)"))
                conn.execute(text("INSERT INTO wanted VALUES (:c)"), [{"c": c} for c in client_ids])
                rows, distinct = conn.execute(text(
                    "SELECT count(*), count(DISTINCT i.client_id) FROM inputs i JOIN wanted w "
                    "ON w.client_id = i.client_id")).one()
                total = conn.execute(text("SELECT count(*) FROM inputs")).scalar_one()
                pairs = conn.execute(text("SELECT count(*) FROM input_overlaps")).scalar_one()
        finally:
            engine.dispose()
        return rows, distinct, total, pairs


# --- live-page clients (worker processes) ------------------------------------------------------

def live_worker(url: str, auths: list[dict], conn, moderator: bool) -> None:
    """Connects `auths` to /live; reports ready; on "stop" reports what it saw and disconnects."""
    asyncio.run(_live(url, auths, conn, moderator))


async def _live(url: str, auths: list[dict], conn, moderator: bool) -> None:
    import socketio

    clients, failures, lost = [], 0, 0
    seen: dict[int, float] = {}
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def connect(auth: dict) -> None:
        nonlocal failures, lost
        client = socketio.AsyncClient(reconnection=False)
        greeted = asyncio.Event()

        @client.on("agenda", namespace="/live")
        async def _agenda(_payload):
            greeted.set()

        @client.on("disconnect", namespace="/live")
        async def _gone(*_args):
            nonlocal lost
            lost += 1

        if moderator:
            @client.on("input", namespace="/live")
            async def _input(payload):
                seen.setdefault(payload["input"]["id"], time.monotonic())

        async with gate:
            try:
                await client.connect(url, namespaces=["/live"], transports=["websocket"], auth=auth, wait_timeout=30)
                await asyncio.wait_for(greeted.wait(), 30)
            except Exception:  # noqa: BLE001  (counted and reported)
                failures += 1
                return
        clients.append(client)

    await asyncio.gather(*(connect(auth) for auth in auths))
    conn.send(("ready", len(clients), failures))
    loop = asyncio.get_running_loop()
    while (message := await loop.run_in_executor(None, conn.recv)) == "seen":
        conn.send(set(seen))
    assert message == "stop"
    conn.send(("result", seen, lost))
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)


class LivePages:
    """The viewers' worker processes and the moderator's, connected before the bursts."""

    def __init__(self, forum: Forum, viewers: int, workers: int):
        auths = [{"event": forum.slug, "token": token} for token in forum.tokens]
        auths += [{"event": forum.slug} for _ in range(viewers)]
        ctx = multiprocessing.get_context("spawn")
        self.pipes, self.procs = [], []
        jobs = [(auths[w::workers], False) for w in range(workers)]
        jobs.append(([{"event": forum.slug, "token": forum.moderator_token}], True))
        for share, is_moderator in jobs:
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=live_worker, args=(forum.url, share, child, is_moderator), daemon=True)
            proc.start()
            self.pipes.append(parent)
            self.procs.append(proc)
        self.connected = self.failed = 0
        for pipe in self.pipes[:-1]:
            _, ok, bad = pipe.recv()
            self.connected, self.failed = self.connected + ok, self.failed + bad
        _, ok, bad = self.pipes[-1].recv()
        if ok != 1:
            raise RuntimeError("the moderator could not connect")

    def moderator_saw(self) -> set[int]:
        self.pipes[-1].send("seen")
        return self.pipes[-1].recv()

    def stop(self) -> tuple[dict[int, float], int]:
        """(input id → arrival at the moderator's connection, live-page connections lost meanwhile)."""
        seen, lost = {}, 0
        for pipe in self.pipes:
            pipe.send("stop")
        for pipe in self.pipes:
            _, got, gone = pipe.recv()
            seen.update(got)
            lost += gone
        for proc in self.procs:
            proc.join(30)
        return seen, lost


# --- the bursts ------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Burst:
    """`n` requests due evenly over `window` seconds, one worker thread per participant."""

    def __init__(self, forum: Forum, n: int, window: float):
        self.forum, self.n, self.window = forum, n, window
        self.local = threading.local()
        self.latencies: list[float] = [float("nan")] * n
        self.confirmed: dict[int, int] = {}  # request number → input id
        self.retries = 0
        self.retry_reasons: Counter = Counter()
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def http(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def run(self, send) -> float:
        """Runs the burst; returns how long it took from the first due time to the last confirmation."""
        t0 = time.monotonic() + 0.5
        self.due = [t0 + i * self.window / self.n for i in range(self.n)]
        with ThreadPoolExecutor(len(self.forum.tokens)) as pool:
            list(pool.map(lambda i: self._one(i, send), range(self.n)))
        return time.monotonic() - t0

    def _one(self, i: int, send) -> None:
        time.sleep(max(0.0, self.due[i] - time.monotonic()))
        for attempt in range(8):
            try:
                response = send(self.http(), i)
                if response.status_code < 500:
                    break
                reason = str(response.status_code)
            except (requests.ConnectionError, requests.Timeout) as exc:
                response, reason = exc, type(exc).__name__
            with self.lock:
                self.retries += 1
                self.retry_reasons[reason] += 1
            time.sleep(0.1 * (attempt + 1))
        done = time.monotonic()
        if isinstance(response, Exception) or response.status_code not in (200, 201):
            with self.lock:
                self.errors.append(f"#{i}: {getattr(response, 'status_code', response)}")
            return
        self.latencies[i] = (done - self.due[i]) * 1000
        if response.status_code == 201:
            with self.lock:
                self.confirmed[i] = response.json()["id"]


def trivial(forum: Forum):
    def send(http: requests.Session, i: int) -> requests.Response:
        return http.get(f"{forum.url}/api/v1/events/{forum.slug}", timeout=(5, 30))
    return send


def proposals(forum: Forum, n: int) -> tuple[list[str], object]:
    from forum.services import regions

    rng = random.Random(2021)
    tree = {r.removeprefix("Kabupaten "): d for r, d in regions.tree().items()}
    bodies = []
    for _ in range(n):
        regency = rng.choice(list(PLACES))
        district = rng.choice(PLACES[regency])
        village = rng.choice(tree[regency][district])
        verb, work = rng.choice(VERBS), rng.choice(WORK)
        bodies.append({
            "kind": "proposal", "client_id": str(uuid.uuid4()), "title": f"{verb} {work} Desa {village}",
            "activity": f"{verb} {work}", "program": "", "problem": "Akses layanan dasar di desa perbatasan",
            "location": {"regency": regency, "district": district, "village": village},
            "volume": rng.choice([1, 2, 5]), "unit": rng.choice(["unit", "km", "paket"]),
            "budget": rng.choice(["250.000.000", "1,5 M", "750 juta"]), "priority": rng.choice(["high", "medium"]),
            "origin": rng.choice(["musrenbang", "pokir", "agency"])})
    url = f"{forum.url}/api/v1/events/{forum.slug}/sessions/{forum.session_id}/inputs"

    def send(http: requests.Session, i: int) -> requests.Response:
        token = forum.tokens[i % len(forum.tokens)]
        return http.post(url, json=bodies[i], headers={"Authorization": f"Bearer {token}"}, timeout=(5, 30))

    return [b["client_id"] for b in bodies], send


def machine() -> str:
    model = "unknown CPU"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{date.today().isoformat()}, {os.cpu_count()} CPUs, {model}, Python {platform.python_version()}, "
            f"load average {os.getloadavg()[0]:.1f} at the start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--window", type=float, default=10.0, help="seconds over which the requests are due")
    parser.add_argument("--viewers", type=int, default=400, help="anonymous live pages besides the participants'")
    parser.add_argument("--workers", type=int, default=2, help="processes for the live-page clients")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        forum = Forum(Path(tmp))
        try:
            forum.prepare(args.participants)
            live = LivePages(forum, args.viewers, args.workers)
            print(f"live pages connected: {live.connected} (+1 moderator), failed: {live.failed}")
            time.sleep(1.0)  # let presence writes and attendance emits settle

            base = Burst(forum, args.submissions, args.window)
            cpu = forum.cpu_seconds()
            base_took = base.run(trivial(forum))
            base.cpu_ms = (forum.cpu_seconds() - cpu) * 1000 / args.submissions
            client_ids, send = proposals(forum, args.submissions)
            burst = Burst(forum, args.submissions, args.window)
            cpu = forum.cpu_seconds()
            burst_took = burst.run(send)
            burst.cpu_ms = (forum.cpu_seconds() - cpu) * 1000 / args.submissions
            ended = time.monotonic()
            wanted = set(burst.confirmed.values())
            while not wanted <= live.moderator_saw() and time.monotonic() < ended + 10:
                time.sleep(0.2)
            seen, lost = live.stop()
            rows, distinct, total, pairs = forum.stored(client_ids)
        finally:
            forum.stop()

    ok_lat = [v for v in burst.latencies if v == v]
    base_lat = [v for v in base.latencies if v == v]
    seen_delay = [(seen[input_id] - burst.due[i]) * 1000 for i, input_id in burst.confirmed.items()
                  if input_id in seen]
    p99, base_p99 = percentile(ok_lat, 0.99), percentile(base_lat, 0.99)
    checks = {
        "every submission confirmed": len(burst.confirmed) == args.submissions and not burst.errors,
        "stored exactly once": rows == distinct == args.submissions == total,
        f"confirmation p99 <= {TARGET_P99_MS:.0f} ms": p99 <= TARGET_P99_MS,
        "every one seen by the moderator": wanted <= set(seen),
        "no live page lost": lost == 0 and live.failed == 0,
    }
    print(f"\n{args.submissions} requests due over {args.window:.0f} s from {args.participants} participants; "
          f"{live.connected} live pages + 1 moderator connected")
    print("| burst | done in s | p50 ms | p90 ms | p99 ms | max ms | retries | errors | server CPU ms/req |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, b, took, lat in (("trivial GET (baseline)", base, base_took, base_lat),
                               ("proposals (POST)", burst, burst_took, ok_lat)):
        print(f"| {name} | {took:.1f} | {percentile(lat, 0.5):.0f} | {percentile(lat, 0.9):.0f} | "
              f"{percentile(lat, 0.99):.0f} | {max(lat, default=float('nan')):.0f} | {b.retries} | {len(b.errors)} "
              f"| {b.cpu_ms:.1f} |")
    print(f"| seen by the moderator (due → event) | | {percentile(seen_delay, 0.5):.0f} | "
          f"{percentile(seen_delay, 0.9):.0f} | {percentile(seen_delay, 0.99):.0f} | "
          f"{max(seen_delay, default=float('nan')):.0f} | | | |")
    print(f"\np99 ratio proposals / trivial GET: {p99 / base_p99:.1f}; stored rows {rows} (distinct client ids "
          f"{distinct}, inputs in the database {total}); overlap pairs flagged {pairs}; moderator saw "
          f"{len(wanted & set(seen))}/{len(wanted)}; live pages lost {lost}")
    for error in burst.errors[:10]:
        print("error", error)
    for name, b in (("baseline", base), ("proposals", burst)):
        if b.retries:
            print(f"{name}: retried after {dict(b.retry_reasons)}")
    not_seen = sorted((i, input_id) for i, input_id in burst.confirmed.items() if input_id not in seen)
    if not_seen:
        print("confirmed but not seen by the moderator (request #, input id):", not_seen[:20])
    for name, passed in checks.items():
        print(f"{'PASS' if passed else 'FAIL'}  {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
