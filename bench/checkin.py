"""How fast the door check-in API answers under load, against the real server (`python wsgi.py`).

    python bench/checkin.py [--participants 2000] [--requests 400] [--repeat 3]
                            [--setups sqlite:1,postgresql:1,postgresql:3] [--json PATH]

For each setup (database:processes) it creates a fresh instance (`forum init`; PostgreSQL in a temporary
database at 127.0.0.1:5432 that is dropped afterwards), loads a forum with N participants, starts the
server processes and drives `POST /api/v1/events/<slug>/checkins` from a pool of threads, each with its
own keep-alive connection (`http.client`: a light client, since the load generator shares the server's
CPUs), at concurrency 1, 8 and 32:

- SQLite, 1 process: the embedded default, `python wsgi.py`;
- PostgreSQL, N processes: the production server (`scripts/serve`: gunicorn, gthread), one process per
  port, all with `REDIS_URL` (redis://127.0.0.1:6379/14) as in a scale-out deployment; thread i of the
  load generator talks to process i mod N, as a desk stays on one process behind nginx's ip_hash.

- distinct: every request a different participant's first scan (201; the check-ins are wiped before
  each round so the codes can be used again);
- repeated: codes already checked in (200 `already_checked_in`; each one still logs its scan);
- trivial: `GET /api/v1/events/<slug>` of the same server in the same run, as the yardstick.

Each measurement is `--requests` requests; it is repeated `--repeat` times (interleaved, since the
machine is shared) and the medians are printed: requests/s, p50 and p99 latency in ms, the ratio
of the check-in's requests/s to the trivial route's at the same concurrency, and the server
process's CPU time per request (read from /proc; it varies far less than the rates when other
work shares the machine).

Targets (issue 18), first scans: server CPU per scan <= 3 ms (SQLite, one process) and <= 5 ms (PostgreSQL
under gunicorn), at 8 desks; at 8 desks SQLite >= 350/s with p99 <= 40 ms and PostgreSQL with 3 processes
>= 350/s with p99 <= 60 ms; at 32 desks p99 <= 250 ms on both. `--json PATH` writes one figure per target (and
the same measures for a setup without targets), each beside the trivial route's figure of the same server and
run. The load generator runs on the same machine and takes its share of the CPUs.
"""
from __future__ import annotations

import argparse
import itertools
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import create_engine, insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report as report_  # noqa: E402
from bench.report import free_port, percentile  # noqa: E402

PG_ADMIN_URL = os.environ.get("FORUM_BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("FORUM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SLUG = "bench-door"
CONCURRENCY = (1, 8, 32)
# issue 18: (CPU ms per first scan at 8 desks, first scans/s at 8 desks, p99 ms at 8 desks, p99 ms at 32 desks)
TARGETS = {("sqlite", 1): (3.0, 350.0, 40.0, 250.0), ("postgresql", 3): (5.0, 350.0, 60.0, 250.0)}
AGENCIES = ["Bappeda", "DPMD", "Dinas PUPR", "Dinas Perhubungan", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan",
            "Dinas Perindustrian dan Perdagangan", "Dinas Kelautan dan Perikanan", "Badan Kesbangpol", "Satpol PP",
            "BPBD", "DPRD Komisi I", "Kecamatan Entikong", "Kecamatan Badau", "BNNP Kalimantan Barat"]


# --- setting up an instance ---------------------------------------------------------------



def pg_reachable() -> bool:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001  (any failure means: skip PostgreSQL)
        return False


class Instance:
    """One Forum deployment: its environment, database, data and server processes."""

    def __init__(self, backend: str, tmp: Path, processes: int = 1):
        self.backend, self.tmp, self.processes = backend, tmp, processes
        self.ports = [free_port() for _ in range(processes)]
        self.urls = [f"http://127.0.0.1:{port}" for port in self.ports]
        self.url = self.urls[0]
        self.pg_name = None
        if backend == "postgresql":
            self.pg_name = f"forum_bench_{uuid.uuid4().hex[:10]}"
            self.database_url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.pg_name}"
        else:
            self.database_url = f"sqlite:///{tmp / 'forum.db'}"
        self.env = {**os.environ, "DATABASE_URL": self.database_url, "FORUM_INSTANCE_PATH": str(tmp / "instance"),
                    "FORUM_RATELIMIT": "0", "HOST": "127.0.0.1", "PYTHONUNBUFFERED": "1",
                    "PYTHON": sys.executable, "THREADS": "200"}
        self.env.pop("REDIS_URL", None)
        if backend == "postgresql":
            self.env["REDIS_URL"] = REDIS_URL
        self.procs: list[subprocess.Popen] = []
        self.logs = []
        self.engine = None

    @property
    def server(self) -> str:
        return "python wsgi.py" if self.backend == "sqlite" else "gunicorn (scripts/serve)"

    def cli(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "forum", *args], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(result.stderr + result.stdout)
        return result.stdout

    def create(self, participants: int) -> tuple[str, list[str]]:
        """Creates the database and the forum; returns (a check-in API token, the QR payloads)."""
        if self.pg_name:
            admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.pg_name}"'))
            admin.dispose()
        self.cli("init")
        email = "desk@bench.example.id"
        self.cli("create-user", "--email", email, "--name", "Meja Bench", "--role", "checkin",
                 "--password", secrets.token_urlsafe(12))
        token = self.cli("create-token", "--email", email).strip().splitlines()[-1]
        codes = self._load_forum(participants)
        self.engine = create_engine(self.database_url)
        return token, [f"{self.url}/c/{code}" for code in codes]

    def _load_forum(self, n: int) -> list[str]:
        """The forum and its people, inserted in bulk through the app's models."""
        from forum import create_app
        from forum.extensions import db
        from forum.models import Agency, Event, Participant
        from forum.services import tickets

        app = create_app({"SQLALCHEMY_DATABASE_URI": self.database_url, "INSTANCE_PATH": str(self.tmp / "instance")})
        with app.app_context():
            start = datetime(2021, 2, 25, 1, 0, tzinfo=UTC)
            event = Event(slug=SLUG, title="Forum OPD BPPD Provinsi Kalimantan Barat — Rencana Kerja 2022",
                          venue="Hotel Aston Pontianak", starts_at=start, ends_at=start + timedelta(hours=8))
            db.session.add(event)
            db.session.flush()
            agencies = [Agency(event_id=event.id, name=name) for name in AGENCIES]
            db.session.add_all(agencies)
            db.session.flush()
            codes = [tickets.new_checkin_code() for _ in range(n)]
            db.session.execute(insert(Participant), [
                {"event_id": event.id, "agency_id": agencies[i % len(agencies)].id, "name": f"Peserta {i:04d}",
                 "position": "Kepala Bidang", "email": f"p{i}@bench.example.id", "phone": f"+62812{i:08d}",
                 "attendance": "in_person" if i % 5 else "online", "role": "participant", "status": "registered",
                 "access_token": tickets.new_access_token(), "checkin_code": code, "deputy_for": ""}
                for i, code in enumerate(codes)])
            db.session.commit()
            db.engine.dispose()
        return codes

    def start(self) -> None:
        command = [sys.executable, "wsgi.py"] if self.backend == "sqlite" else ["scripts/serve"]
        for i, port in enumerate(self.ports):
            log = open(self.tmp / f"server{i}.log", "w")
            self.logs.append(log)
            self.procs.append(subprocess.Popen(command, cwd=ROOT, env={**self.env, "PORT": str(port)}, stdout=log,
                                               stderr=subprocess.STDOUT))
        for i, url in enumerate(self.urls):
            deadline = time.time() + 60
            while True:
                try:
                    if requests.get(f"{url}/api/v1/events/{SLUG}", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.time() > deadline or self.procs[i].poll() is not None:
                    raise RuntimeError("the server did not start: " + (self.tmp / f"server{i}.log").read_text()[-2000:])
                time.sleep(0.2)

    def cpu_seconds(self) -> float:
        """CPU time of every server process so far (gunicorn: the master and its workers)."""
        return sum(report_.cpu_seconds(pid) for proc in self.procs for pid in report_.process_tree(proc.pid))

    def wipe_checkins(self) -> None:
        """Forget every check-in (and the scans and their audit entries) so that codes are fresh again."""
        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM checkin_scans"))
            conn.execute(text("DELETE FROM checkins"))
            conn.execute(text("DELETE FROM audit_log WHERE action = 'checkin.created'"))

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(25)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in self.logs:
            log.close()
        if self.engine is not None:
            self.engine.dispose()
        if self.pg_name:
            admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)'))
            admin.dispose()


# --- driving it -------------------------------------------------------------------------------

@dataclass
class Result:
    rate: float  # requests per second
    p50: float  # ms
    p99: float  # ms
    unexpected: int  # answers with another status than expected
    cpu: float = float("nan")  # the servers' CPU time per request, ms (steadier than rates on a busy machine)


def drive(concurrency: int, total: int, send, expected_status: int, urls: list[str]) -> Result:
    """`total` calls of send(client, i, worker) from `concurrency` threads; thread w keeps one connection to
    process w mod len(urls), as a desk stays on one process behind a sticky load balancer."""
    counter = itertools.count()
    latencies: list[float] = []
    unexpected = 0
    lock = threading.Lock()

    def worker(w: int):
        nonlocal unexpected
        client = report_.HttpClient(urls[w % len(urls)])
        mine, bad = [], 0
        while (i := next(counter)) < total:
            started = time.perf_counter()
            status, _body = send(client, i, w)
            mine.append(time.perf_counter() - started)
            bad += status != expected_status
        client.close()
        with lock:
            latencies.extend(mine)
            unexpected += bad

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(worker, w) for w in range(concurrency)]:
            future.result()
    elapsed = time.perf_counter() - started
    return Result(len(latencies) / elapsed, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000,
                  unexpected)


Results = dict[tuple[str, int], list[Result]]


def run_setup(backend: str, processes: int, args) -> Results:
    results: Results = {}
    label = setup_label(backend, processes)
    with tempfile.TemporaryDirectory(prefix=f"forum-bench-{backend}-") as tmp:
        instance = Instance(backend, Path(tmp), processes)
        try:
            started = time.perf_counter()
            token, payloads = instance.create(args.participants)
            print(f"[{label}] forum with {args.participants} participants ready in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
            instance.start()
            headers = {"Authorization": f"Bearer {token}"}
            n = min(args.requests, len(payloads))

            def scan(client, i, w):
                return client.request("POST", f"/api/v1/events/{SLUG}/checkins", headers=headers,
                                      body={"code": payloads[i % n], "desk": f"Meja {w + 1}"})

            def trivial(client, _i, _w):
                return client.request("GET", f"/api/v1/events/{SLUG}")

            urls = instance.urls
            drive(4 * processes, 100 * processes, trivial, 200, urls)  # warm-up: imports, connection pools, caches
            drive(4 * processes, 50 * processes, scan, 201, urls)
            for round_ in range(args.repeat):
                for concurrency in CONCURRENCY:
                    instance.wipe_checkins()
                    runs = (("trivial", trivial, 200), ("distinct", scan, 201), ("repeated", scan, 200))
                    for kind, send, status in runs:
                        cpu_before = instance.cpu_seconds()
                        result = drive(concurrency, n, send, status, urls)
                        result.cpu = (instance.cpu_seconds() - cpu_before) / n * 1000
                        results.setdefault((kind, concurrency), []).append(result)
                        print(f"[{label}] round {round_ + 1} c={concurrency:<2} {kind:<8} {result.rate:7.1f}/s "
                              f"p50 {result.p50:6.1f} ms  p99 {result.p99:6.1f} ms  server CPU {result.cpu:5.2f} ms/req"
                              f"{f'  {result.unexpected} unexpected answers' if result.unexpected else ''}",
                              flush=True)
        finally:
            instance.stop()
    return results


def median(results: list[Result], name: str) -> float:
    return statistics.median(getattr(r, name) for r in results)


def setup_label(backend: str, processes: int) -> str:
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[backend]
    server = "python wsgi.py" if backend == "sqlite" else "gunicorn + Redis"
    return f"{name}, {processes} process{'es' if processes > 1 else ''} ({server})"


LABELS = {"trivial": "GET event (trivial)", "distinct": "check-in, first scans", "repeated": "check-in, repeated codes"}


def report(backend: str, processes: int, results: Results) -> tuple[str, list[report_.Figure]]:
    """The medians as a Markdown table, and the headline figures for run_all.py: the first scans' CPU per scan,
    rate and p99 at 8 desks and p99 at 32, each beside the trivial route's in the same run, one figure per target."""
    label = setup_label(backend, processes)
    lines = [f"{label}, medians of {len(next(iter(results.values())))} runs:", "",
             "| concurrency | request | req/s | p50 ms | p99 ms | req/s vs trivial | server CPU ms/req |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for concurrency in CONCURRENCY:
        base = median(results[("trivial", concurrency)], "rate")
        for kind in ("trivial", "distinct", "repeated"):
            runs = results[(kind, concurrency)]
            rate, p50, p99, cpu = (median(runs, name) for name in ("rate", "p50", "p99", "cpu"))
            bad = sum(r.unexpected for r in runs)
            lines.append(f"| {concurrency} | {LABELS[kind]} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {rate / base:.2f} "
                         f"| {cpu:.1f} |" + (f" {bad} unexpected answers" if bad else ""))
    targets = TARGETS.get((backend, processes), (None,) * 4)
    # (measure, its unit, concurrency, the Result field, the target, at most or at least)
    measures = (("server CPU per first scan", "ms", 8, "cpu", targets[0], "≤"),
                ("first scans per second", "req/s", 8, "rate", targets[1], "≥"),
                ("first scans, p99", "ms", 8, "p99", targets[2], "≤"),
                ("first scans, p99", "ms", 32, "p99", targets[3], "≤"))
    figures, verdicts = [], []
    for measure, unit, concurrency, name, target, sense in measures:
        runs, base_runs = results[("distinct", concurrency)], results[("trivial", concurrency)]
        digits = {"cpu": 2, "rate": 0}.get(name, 1)
        value = median(runs, name)
        bad = sum(r.unexpected for r in runs)
        others = {"rate": ("req/s", None), "p50": ("p50 ms", 1), "p99": ("p99 ms", 1), "cpu": ("server CPU ms/req", 2)}
        figure = report_.Figure(
            area="Door check-in", setup=label, measure=f"{measure}, {concurrency} desks at once",
            value=round(value, digits), unit=unit, baseline=round(median(base_runs, name), digits),
            baseline_label="GET event (trivial), same server and run",
            extra={**{key: round(median(runs, field), places) for field, (key, places) in others.items()
                      if field != name}, "unexpected answers": bad, "runs": len(runs)})
        if target is not None:
            figure.target = f"{sense} {target:g}{'/s' if unit == 'req/s' else ' ms'}"
            figure.met = (value <= target if sense == "≤" else value >= target) and not bad
            verdicts.append(f"- {measure}, {concurrency} desks: {value:.{digits}f} {unit}, target {figure.target}: "
                            f"{'met' if figure.met else 'MISSED'}")
        figures.append(figure)
    if verdicts:
        lines += ["", "Targets (issue 18):", *verdicts]
    return "\n".join(lines), figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=400, help="requests per measurement")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--setups", default="sqlite:1,postgresql:1,postgresql:3",
                        help="database:processes, comma-separated (several processes need PostgreSQL)")
    args = report_.parse_args(parser, {"participants": 300, "requests": 100, "repeat": 1})
    print(report_.machine(), flush=True)
    ok, details, figures = True, [], []
    for setup in args.setups.split(","):
        backend, _, processes = setup.partition(":")
        processes = int(processes or 1)
        if backend == "sqlite" and processes != 1:
            parser.error("SQLite runs as one process; several processes need PostgreSQL")
        if backend == "postgresql" and not pg_reachable():
            print(f"[postgresql] not reachable at {PG_ADMIN_URL}: skipped")
            continue
        table, found = report(backend, processes, run_setup(backend, processes, args))
        print("\n" + table + "\n", flush=True)
        details.append(table)
        figures += found
        ok &= all(f.met is not False for f in found)
    print(report_.machine())
    report_.write_json(args.json, figures, "\n\n".join(details))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
