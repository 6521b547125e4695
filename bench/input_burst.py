"""A burst of agency input while the live page is full (issue 5, Speed), against the real server.

    python bench/input_burst.py [--participants 100] [--submissions 1000] [--window 10]
                                [--viewers 400] [--workers 2] [--repeat 3] [--quick] [--json PATH]

Starts `python wsgi.py` on a temporary SQLite file (`forum init`, FORUM_RATELIMIT=0), creates through
the API a forum, a live session with input open and `--participants` participants of 20 agencies
(organiser and moderator accounts and their API tokens via `flask --app wsgi forum create-user /
create-token`), then connects to `/live` (python-socketio `AsyncClient` over WebSocket, in `--workers`
processes): each participant's own live page (with their access token, so presence is recorded) and
`--viewers` anonymous viewers — 500 connections by default — plus one moderator connection (API
token, in its own process) that notes when each `input` event arrives.

Two bursts of the same shape, each `--submissions` requests spread evenly over `--window` seconds from
a pool of one thread per participant (each thread its own keep-alive connection, `http.client`: far lighter
than `requests`, since the load generator shares the server's two CPUs):

- baseline: `GET /api/v1/events/<slug>` (a trivial route of the same server, same connections open);
- input: `POST /api/v1/events/<slug>/sessions/<id>/inputs`, proposals with a fresh `client_id` each,
  realistic titles and border-area locations (so overlap detection runs on every one); on a connection
  error, a timeout or a 5xx the same request is sent again with the same `client_id`.

Latency = confirmation − the moment the submission was due (a late start counts against the server);
the rate achieved = answers per second from the first due moment to the last answer (at most the
offered rate, below it by the last answer's latency and any backlog); also printed: the
server process's CPU time per request (from /proc), steadier than latencies when other work shares
the machine.

The whole run (fresh database, server, live pages, both bursts) is done `--repeat` times, so that every
run starts from an empty input list; each run's figures are printed as it ends, then the medians over
the runs as a Markdown table (`--json PATH` writes the headline figures for `bench/run_all.py`;
`--quick` is a smoke test of a few seconds' load).
Checks: every submission confirmed and stored exactly once (counted in the database), every confirmed
input seen by the moderator's connection (within 10 s of the burst's end), no live-page connection
lost — in every run — and the median confirmation p99 <= 1 s. One clock: CLOCK_MONOTONIC, shared by
the processes of this machine. The clients run on the same machine and take their share of its CPUs.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import report  # noqa: E402

TARGET_P99_MS, TARGET_RATE = 1000.0, 100.0
TARGET = "p99 ≤ 1 s at 100/s; every input stored once and seen"
QUICK = {"participants": 20, "submissions": 100, "window": 5.0, "viewers": 50, "repeat": 1}
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

class Forum:
    """`python wsgi.py` on a temporary SQLite file, with the forum, session and people of the bench."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.port = report.free_port()
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
        """User + system CPU time of the server process so far."""
        return report.cpu_seconds(self.proc.pid)

    def stored(self, client_ids: list[str]) -> tuple[int, int, int, int, int]:
        """(rows with these client ids, distinct client ids among them, client ids stored exactly once,
        all inputs, overlap pairs)."""
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as conn:
                conn.execute(text("CREATE TEMP TABLE wanted (client_id TEXT PRIMARY KEY)"))
                conn.execute(text("INSERT INTO wanted VALUES (:c)"), [{"c": c} for c in client_ids])
                rows, distinct = conn.execute(text(
                    "SELECT count(*), count(DISTINCT i.client_id) FROM inputs i JOIN wanted w "
                    "ON w.client_id = i.client_id")).one()
                once = conn.execute(text(
                    "SELECT count(*) FROM (SELECT i.client_id FROM inputs i JOIN wanted w ON w.client_id = "
                    "i.client_id GROUP BY i.client_id HAVING count(*) = 1)")).scalar_one()
                total = conn.execute(text("SELECT count(*) FROM inputs")).scalar_one()
                pairs = conn.execute(text("SELECT count(*) FROM input_overlaps")).scalar_one()
        finally:
            engine.dispose()
        return rows, distinct, once, total, pairs


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

    def http(self) -> report.HttpClient:
        """This thread's keep-alive connection (http.client: light on the CPUs the server shares)."""
        if not hasattr(self.local, "client"):
            self.local.client = report.HttpClient(self.forum.url)
        return self.local.client

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
            status, body = send(self.http(), i)
            if 0 < status < 500:
                break
            reason = str(status) if status else "connection error"
            with self.lock:
                self.retries += 1
                self.retry_reasons[reason] += 1
            time.sleep(0.1 * (attempt + 1))
        done = time.monotonic()
        if status not in (200, 201):
            with self.lock:
                self.errors.append(f"#{i}: {status or reason}")
            return
        self.latencies[i] = (done - self.due[i]) * 1000
        if status == 201:
            with self.lock:
                self.confirmed[i] = json.loads(body)["id"]


def trivial(forum: Forum):
    def send(http: report.HttpClient, i: int) -> tuple[int, bytes]:
        return http.request("GET", f"/api/v1/events/{forum.slug}")
    return send


def proposal_bodies(n: int, seed: int = 2021) -> list[dict]:
    """n proposals' API bodies as the agencies send them (fresh `client_id` each), in the border areas."""
    from forum.services import regions

    rng = random.Random(seed)
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
    return bodies


def proposals(forum: Forum, n: int) -> tuple[list[str], object]:
    bodies = proposal_bodies(n)
    path = f"/api/v1/events/{forum.slug}/sessions/{forum.session_id}/inputs"

    def send(http: report.HttpClient, i: int) -> tuple[int, bytes]:
        token = forum.tokens[i % len(forum.tokens)]
        return http.request("POST", path, body=bodies[i], headers={"Authorization": f"Bearer {token}"})

    return [b["client_id"] for b in bodies], send


def latency_stats(latencies: list[float]) -> dict[str, float]:
    return {"p50": report.percentile(latencies, 0.5), "p90": report.percentile(latencies, 0.9),
            "p99": report.percentile(latencies, 0.99), "max": max(latencies, default=float("nan"))}


def burst_stats(b: Burst, took: float) -> dict[str, float]:
    """Latency percentiles, the rate achieved, the time from the first due moment to the last answer, CPU."""
    latencies = [v for v in b.latencies if v == v]
    # One request interval is added to `took` so that a server answering instantly reaches the offered rate.
    return {**latency_stats(latencies), "rate": len(latencies) / (took + b.window / b.n), "took": took,
            "cpu": b.cpu_ms, "retries": b.retries, "errors": len(b.errors)}


def run_once(args) -> dict:
    """One fresh instance, its live pages and the two bursts; returns what the run measured."""
    with tempfile.TemporaryDirectory() as tmp:
        forum = Forum(Path(tmp))
        try:
            forum.prepare(args.participants)
            live = LivePages(forum, args.viewers, args.workers)
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
            rows, distinct, once, total, pairs = forum.stored(client_ids)
        finally:
            forum.stop()
    seen_delay = [(seen[input_id] - burst.due[i]) * 1000 for i, input_id in burst.confirmed.items()
                  if input_id in seen]
    return {"get": burst_stats(base, base_took), "post": burst_stats(burst, burst_took),
            "seen_delay": latency_stats(seen_delay), "connected": live.connected, "failed": live.failed,
            "lost": lost, "confirmed": len(burst.confirmed), "rows": rows, "distinct": distinct, "once": once,
            "total": total, "pairs": pairs, "seen": len(wanted & set(seen)),
            "errors": burst.errors + [f"GET {e}" for e in base.errors],
            "retry_reasons": {"GET": dict(base.retry_reasons), "POST": dict(burst.retry_reasons)},
            "not_seen": sorted((i, input_id) for i, input_id in burst.confirmed.items() if input_id not in seen)}


def print_run(number: int, args, r: dict) -> None:
    get, post = r["get"], r["post"]
    print(f"[run {number}/{args.repeat}] live pages {r['connected']} (+1 moderator, {r['failed']} failed, "
          f"{r['lost']} lost) · GET p50 {get['p50']:.0f} p99 {get['p99']:.0f} ms {get['rate']:.1f}/s · "
          f"POST p50 {post['p50']:.0f} p99 {post['p99']:.0f} ms {post['rate']:.1f}/s, CPU {post['cpu']:.1f} "
          f"ms/req · stored once {r['once']}/{args.submissions} (rows {r['rows']}, inputs {r['total']}) · "
          f"moderator saw {r['seen']}/{r['confirmed']} · overlap pairs {r['pairs']}", flush=True)
    for error in r["errors"][:10]:
        print("  error", error)
    for name, reasons in r["retry_reasons"].items():
        if reasons:
            print(f"  {name}: retried after {reasons}")
    if r["not_seen"]:
        print("  confirmed but not seen by the moderator (request #, input id):", r["not_seen"][:20])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--window", type=float, default=10.0, help="seconds over which the requests are due")
    parser.add_argument("--viewers", type=int, default=400, help="anonymous live pages besides the participants'")
    parser.add_argument("--workers", type=int, default=2, help="processes for the live-page clients")
    parser.add_argument("--repeat", type=int, default=3, help="whole runs, each on a fresh instance")
    args = report.parse_args(parser, QUICK)
    print(report.machine(), flush=True)
    runs = []
    for number in range(1, args.repeat + 1):
        runs.append(run_once(args))
        print_run(number, args, runs[-1])

    def med(*keys: str) -> float:
        values: list = runs
        for key in keys:
            values = [v[key] for v in values]
        return statistics.median(values)

    def total(key: str) -> int:
        return sum(r[key] for r in runs)

    n, offered = args.submissions, args.submissions / args.window
    checks = {
        "every submission confirmed, in every run": all(r["confirmed"] == n and not r["errors"] for r in runs),
        "stored exactly once, in every run": all(r["rows"] == r["distinct"] == r["once"] == n == r["total"]
                                                 for r in runs),
        f"median confirmation p99 ≤ {TARGET_P99_MS:.0f} ms": med("post", "p99") <= TARGET_P99_MS,
        "every one seen by the moderator, in every run": all(r["seen"] == r["confirmed"] for r in runs),
        "no live page lost or refused, in every run": all(r["lost"] == 0 and r["failed"] == 0 for r in runs),
    }
    runs_text = f"{args.repeat} run{'s' * (args.repeat != 1)}"
    lines = [f"{n:,} requests due over {args.window:g} s ({offered:.0f}/s) from {args.participants} participants, "
             f"{args.participants + args.viewers} live pages + 1 moderator open; SQLite, one server process; "
             f"medians of {runs_text} (retries and errors: all runs).", "",
             "| burst | done in s | achieved /s | p50 ms | p90 ms | p99 ms | max ms | server CPU ms/req | retries "
             "| errors |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, key in (("GET event (baseline)", "get"), ("POST input (proposal)", "post")):
        lines.append(f"| {name} | {med(key, 'took'):.1f} | {med(key, 'rate'):.1f} | {med(key, 'p50'):.0f} | "
                     f"{med(key, 'p90'):.0f} | {med(key, 'p99'):.0f} | {med(key, 'max'):.0f} | {med(key, 'cpu'):.1f} "
                     f"| {sum(r[key]['retries'] for r in runs)} | {sum(r[key]['errors'] for r in runs)} |")
    lines.append(f"| seen by the moderator (due → event) | | | {med('seen_delay', 'p50'):.0f} | "
                 f"{med('seen_delay', 'p90'):.0f} | {med('seen_delay', 'p99'):.0f} | {med('seen_delay', 'max'):.0f} "
                 "| | | |")
    lines += ["", f"p99 POST / GET: {med('post', 'p99') / med('get', 'p99'):.1f}; stored exactly once "
              f"{total('once')}/{n * len(runs)} (rows {total('rows')}, inputs in the databases {total('total')}); "
              f"moderator saw {total('seen')}/{total('confirmed')}; overlap pairs flagged (median) {med('pairs'):.0f}; "
              f"live pages lost {total('lost')}, refused {total('failed')}.", ""]
    lines += [f"- {'PASS' if passed else 'FAIL'} {name}" for name, passed in checks.items()]
    details = "\n".join(lines)
    print("\n" + details)

    # The target is set at 100/s: a lighter burst (--quick) neither meets nor misses it.
    met = all(checks.values()) if offered >= TARGET_RATE else None
    setup = "SQLite, 1 process"
    load = f"{offered:.0f}/s for {args.window:g} s, {args.participants + args.viewers} live pages"
    counts = {"runs": len(runs), "submitted": n * len(runs), "stored once": total("once"),
              "seen by moderator": total("seen"), "live pages lost": total("lost")}
    figures = [
        report.Figure(area="Agency input burst", setup=setup, measure=f"POST input, confirmation p99 ({load})",
                      value=round(med("post", "p99"), 1), unit="ms", baseline=round(med("get", "p99"), 1),
                      baseline_label="GET event p99, same burst", target=TARGET, met=met,
                      extra={**counts, "server CPU ms/req": round(med("post", "cpu"), 2)}),
        report.Figure(area="Agency input burst", setup=setup, measure=f"POST input, confirmation p50 ({load})",
                      value=round(med("post", "p50"), 1), unit="ms", baseline=round(med("get", "p50"), 1),
                      baseline_label="GET event p50, same burst"),
        report.Figure(area="Agency input burst", setup=setup, measure=f"POST input, rate achieved ({load})",
                      value=round(med("post", "rate"), 1), unit="req/s", baseline=round(med("get", "rate"), 1),
                      baseline_label="GET event, same burst"),
    ]
    report.write_json(args.json, figures, details)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
