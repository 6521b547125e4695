"""How fast the door check-in API answers under load, against the real server (`python wsgi.py`).

    python bench/checkin.py [--participants 2000] [--requests 400] [--repeat 3] [--backends sqlite,postgresql]

For each database (SQLite; PostgreSQL when reachable at 127.0.0.1:5432, in a temporary database that
is dropped afterwards) it creates a fresh instance (`forum init`), loads a forum with N participants,
starts one server process and drives `POST /api/v1/events/<slug>/checkins` from a pool of threads,
each with its own keep-alive `requests.Session`, at concurrency 1, 8 and 32:

- distinct: every request a different participant's first scan (201; the check-ins are wiped before
  each round so the codes can be used again);
- repeated: codes already checked in (200 `already_checked_in`; each one still logs its scan);
- trivial: `GET /api/v1/events/<slug>` of the same server in the same run, as the yardstick.

Each measurement is `--requests` requests; it is repeated `--repeat` times (interleaved, since the
machine is shared) and the medians are printed: requests/s, p50 and p99 latency in ms, the ratio
of the check-in's requests/s to the trivial route's at the same concurrency, and the server
process's CPU time per request (read from /proc; it varies far less than the rates when other
work shares the machine).

Target (one process, SQLite, concurrency 8, distinct codes): >= 100 check-ins/s with p99 <= 100 ms.
The load generator runs on the same machine and takes its share of the CPUs.
"""
from __future__ import annotations

import argparse
import itertools
import os
import platform
import secrets
import socket
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

PG_ADMIN_URL = os.environ.get("FORUM_BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SLUG = "bench-door"
CONCURRENCY = (1, 8, 32)
TARGET_RATE, TARGET_P99_MS = 100.0, 100.0
AGENCIES = ["Bappeda", "DPMD", "Dinas PUPR", "Dinas Perhubungan", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan",
            "Dinas Perindustrian dan Perdagangan", "Dinas Kelautan dan Perikanan", "Badan Kesbangpol", "Satpol PP",
            "BPBD", "DPRD Komisi I", "Kecamatan Entikong", "Kecamatan Badau", "BNNP Kalimantan Barat"]


# --- setting up an instance ---------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    """One Forum instance: its environment, database, data and server process."""

    def __init__(self, backend: str, tmp: Path):
        self.backend, self.tmp = backend, tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.pg_name = None
        if backend == "postgresql":
            self.pg_name = f"forum_bench_{uuid.uuid4().hex[:10]}"
            self.database_url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.pg_name}"
        else:
            self.database_url = f"sqlite:///{tmp / 'forum.db'}"
        self.env = {**os.environ, "DATABASE_URL": self.database_url, "FORUM_INSTANCE_PATH": str(tmp / "instance"),
                    "FORUM_RATELIMIT": "0", "PORT": str(self.port), "HOST": "127.0.0.1", "PYTHONUNBUFFERED": "1"}
        self.env.pop("REDIS_URL", None)
        self.proc = None
        self.engine = None

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
        self.log = open(self.tmp / "server.log", "w")
        self.proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if requests.get(f"{self.url}/api/v1/events/{SLUG}", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start: " + (self.tmp / "server.log").read_text()[-2000:])

    def wipe_checkins(self) -> None:
        """Forget every check-in (and the scans and their audit entries) so that codes are fresh again."""
        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM checkin_scans"))
            conn.execute(text("DELETE FROM checkins"))
            conn.execute(text("DELETE FROM audit_log WHERE action = 'checkin.created'"))

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.log.close()
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
    cpu: float = float("nan")  # the server process's CPU time per request, ms (steadier than rates on a busy machine)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1))))
    return sorted_values[k]


def drive(concurrency: int, total: int, send, expected_status: int) -> Result:
    """`total` calls of send(session, i) from `concurrency` threads, each with its own keep-alive session."""
    counter = itertools.count()
    latencies: list[float] = []
    unexpected = 0
    lock = threading.Lock()

    def worker():
        nonlocal unexpected
        session = requests.Session()
        mine, bad = [], 0
        while (i := next(counter)) < total:
            started = time.perf_counter()
            response = send(session, i)
            mine.append(time.perf_counter() - started)
            bad += response.status_code != expected_status
        session.close()
        with lock:
            latencies.extend(mine)
            unexpected += bad

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Result(len(latencies) / elapsed, percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000,
                  unexpected)


def run_backend(backend: str, args) -> dict[tuple[str, int], list[Result]]:
    results: dict[tuple[str, int], list[Result]] = {}
    with tempfile.TemporaryDirectory(prefix=f"forum-bench-{backend}-") as tmp:
        instance = Instance(backend, Path(tmp))
        try:
            started = time.perf_counter()
            token, payloads = instance.create(args.participants)
            print(f"[{backend}] forum with {args.participants} participants ready in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)
            instance.start()
            headers = {"Authorization": f"Bearer {token}"}
            checkins = f"{instance.url}/api/v1/events/{SLUG}/checkins"
            trivial_url = f"{instance.url}/api/v1/events/{SLUG}"
            n = min(args.requests, len(payloads))

            def scan(session, i):
                return session.post(checkins, headers=headers, json={"code": payloads[i % n], "desk": "Meja 1"},
                                    timeout=30)

            def trivial(session, _i):
                return session.get(trivial_url, timeout=30)

            drive(4, 100, trivial, 200)  # warm-up: imports, connection pools, caches
            drive(4, 50, scan, 201)
            for round_ in range(args.repeat):
                for concurrency in CONCURRENCY:
                    instance.wipe_checkins()
                    runs = (("trivial", trivial, 200), ("distinct", scan, 201), ("repeated", scan, 200))
                    for kind, send, status in runs:
                        cpu_before = cpu_seconds(instance.proc.pid)
                        result = drive(concurrency, n, send, status)
                        result.cpu = (cpu_seconds(instance.proc.pid) - cpu_before) / n * 1000
                        results.setdefault((kind, concurrency), []).append(result)
                        print(f"[{backend}] round {round_ + 1} c={concurrency:<2} {kind:<8} {result.rate:7.1f}/s "
                              f"p50 {result.p50:6.1f} ms  p99 {result.p99:6.1f} ms  server CPU {result.cpu:5.2f} ms/req"
                              f"{f'  {result.unexpected} unexpected answers' if result.unexpected else ''}",
                              flush=True)
        finally:
            instance.stop()
    return results


def median(results: list[Result], name: str) -> float:
    return statistics.median(getattr(r, name) for r in results)


def report(backend: str, results: dict[tuple[str, int], list[Result]]) -> bool:
    """Prints the medians as a Markdown table; True when the target is met (or not applicable)."""
    print(f"\n### {backend} (medians of {len(next(iter(results.values())))} runs)\n")
    print("| concurrency | request | req/s | p50 ms | p99 ms | req/s vs trivial | server CPU ms/req |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    met = True
    for concurrency in CONCURRENCY:
        base = median(results[("trivial", concurrency)], "rate")
        for kind in ("trivial", "distinct", "repeated"):
            runs = results[(kind, concurrency)]
            rate, p50, p99 = median(runs, "rate"), median(runs, "p50"), median(runs, "p99")
            bad = sum(r.unexpected for r in runs)
            label = {"trivial": "GET event (trivial)", "distinct": "check-in, first scans",
                     "repeated": "check-in, repeated codes"}[kind]
            cpu = median(runs, "cpu")
            print(f"| {concurrency} | {label} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {rate / base:.2f} | {cpu:.1f} |"
                  + (f" {bad} unexpected answers" if bad else ""))
            if bad:
                met = False
        if backend == "sqlite" and concurrency == 8:
            runs = results[("distinct", 8)]
            rate, p99 = median(runs, "rate"), median(runs, "p99")
            met &= rate >= TARGET_RATE and p99 <= TARGET_P99_MS
    if backend == "sqlite":
        print(f"\nTarget (SQLite, concurrency 8, first scans): >= {TARGET_RATE:.0f}/s and p99 <= {TARGET_P99_MS:.0f} ms"
              f" -> {'met' if met else 'MISSED'}")
    return met


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · nproc {os.cpu_count()} · {model} · "
            f"Python {platform.python_version()} · {platform.system()} {platform.release()} · load average {load}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=400, help="requests per measurement")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    print(machine(), flush=True)
    ok = True
    for backend in args.backends.split(","):
        if backend == "postgresql" and not pg_reachable():
            print(f"[postgresql] not reachable at {PG_ADMIN_URL}: skipped")
            continue
        ok &= report(backend, run_backend(backend, args))
    print("\n" + machine())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
