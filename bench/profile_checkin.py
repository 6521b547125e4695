"""Where a first scan's server CPU goes: the check-in route in one process, profiled (cProfile), or a real server
under bench/checkin.py's load, sampled by py-spy (`--server`).

    python bench/profile_checkin.py [--backend sqlite|postgresql] [--scans 400] [--top 25]
    python bench/profile_checkin.py --server [--backend sqlite|postgresql] [--processes 3] [--desks 8] [--scans 3000]

Builds a forum with `--scans` participants (SQLite file, or a throw-away PostgreSQL database), then sends
each of them once to `POST /api/v1/events/<slug>/checkins` with a desk's Bearer token through Flask's test
client (no sockets, no server threads: the app's own cost), and prints the process CPU time per scan
(the test client's share included, measured alone on `GET /api/v1/events/<slug>` as the trivial route)
and the profile's top entries by own time and by cumulative time, as docs/PERFORMANCE.md quotes them.
Rate limits are off, as in bench/checkin.py (FORUM_RATELIMIT=0).

`--server`: the server bench/checkin.py starts (`python wsgi.py` on SQLite; gunicorn, one worker per port, on
PostgreSQL), `--scans` first scans from `--desks` desks, its first worker sampled by py-spy (`.venv/bin/py-spy`,
`pip install py-spy`) while they run: the shares of the samples in which a function is running (own) or on the
stack (inclusive), by function, and the server's CPU time per scan. Sampled are the threads that are not idle
(py-spy's own judgement; on gunicorn's gevent worker, its one thread), not only those holding the GIL: with
`--gil`, py-spy 0.4 credits the last holder of the GIL with the samples in which no thread holds it, which put a
quarter of them in `Condition.notify` of the SQLite writer queue's hand-over.
"""
from __future__ import annotations

import argparse
import collections
import cProfile
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["FORUM_RATELIMIT"] = "0"  # as bench/checkin.py's servers (every create_app here reads it)

from sqlalchemy import create_engine, text  # noqa: E402

from bench import report as report_  # noqa: E402
from bench.checkin import PG_ADMIN_URL, SLUG, Instance, drive  # noqa: E402


def build(backend: str, tmp: Path, n: int):
    from forum import create_app
    from forum.extensions import db
    from forum.models import User
    from forum.services import accounts
    from forum.services.maintenance import upgrade_database

    instance = Instance(backend, tmp)
    if instance.pg_name:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{instance.pg_name}"'))
        admin.dispose()
    app = create_app({"SQLALCHEMY_DATABASE_URI": instance.database_url, "INSTANCE_PATH": str(tmp / "instance"),
                      "RATELIMIT_ENABLED": False, "SECRET_KEY": uuid.uuid4().hex, "REDIS_URL": None})
    with app.app_context():
        upgrade_database()
        user = accounts.create_user("desk@bench.example.id", "Meja", "checkin", uuid.uuid4().hex)
        _token, raw = accounts.create_token(db.session.get(User, user.id), "bench")
        db.session.commit()
    codes = instance._load_forum(n)
    return instance, app, raw, codes


def drop(instance) -> None:
    if instance.pg_name:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{instance.pg_name}" WITH (FORCE)'))
        admin.dispose()


def _function(frame: str) -> str:
    """py-spy's `name (path:line)` as `name (path)` below site-packages or the standard library."""
    return re.sub(r":\d+\)$", ")", re.sub(r" \(.*?(site-packages/|lib/python3\.\d+/|/work/[^/]+/)", " (", frame))


def spy_tops(raw: Path, top: int) -> str:
    """The functions most often running (own) and on the stack (inclusive), from py-spy's raw (collapsed) stacks."""
    own: collections.Counter = collections.Counter()
    inclusive: collections.Counter = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        if not line.strip():
            continue
        stack, count = line.rsplit(" ", 1)
        frames = [_function(f) for f in stack.split(";")]
        total += int(count)
        own[frames[-1]] += int(count)
        for name in set(frames):
            inclusive[name] += int(count)
    lines = [f"{total} samples", "own:"]
    lines += [f"{n / total * 100:5.1f} %  {name}" for name, n in own.most_common(top)]
    lines.append("inclusive (Forum's functions, the database driver's, the server's):")
    lines += [f"{n / total * 100:5.1f} %  {name}" for name, n in inclusive.most_common()
              if re.search(r"\((forum|sqlalchemy/(engine|orm/session)|psycopg|flask_login|redis/client)", name)][:top]
    return "\n".join(lines)


def serve_and_spy(args) -> int:
    """py-spy on the first worker of the server bench/checkin.py starts, during `args.scans` first scans."""
    spy = ROOT / ".venv" / "bin" / "py-spy"
    with tempfile.TemporaryDirectory(prefix="forum-spy-") as tmp:
        instance = Instance(args.backend, Path(tmp), args.processes)
        try:
            token, payloads = instance.create(args.scans)
            instance.start()
            headers = {"Authorization": f"Bearer {token}"}

            def scan(client, i, w):
                return client.request("POST", f"/api/v1/events/{SLUG}/checkins", headers=headers,
                                      body={"code": payloads[i], "desk": f"Meja {w + 1}"})

            def trivial(client, _i, _w):
                return client.request("GET", f"/api/v1/events/{SLUG}")

            drive(4 * args.processes, 100 * args.processes, trivial, 200, instance.urls)  # warm-up
            drive(4 * args.processes, 50 * args.processes, scan, 201, instance.urls)
            instance.wipe_checkins()
            server = instance.procs[0].pid
            worker = (report_.process_tree(server)[1:] or [server])[0]
            raw = Path(tmp) / "spy.txt"
            sampler = subprocess.Popen([str(spy), "record", "--pid", str(worker), "--rate", "250", "--format", "raw",
                                        "--nonblocking", "-o", str(raw)], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            time.sleep(1.5)  # py-spy attached
            cpu = instance.cpu_seconds()
            result = drive(args.desks, args.scans, scan, 201, instance.urls)
            cpu = (instance.cpu_seconds() - cpu) / args.scans * 1000
            sampler.send_signal(2)
            sampler.wait(60)
            print(f"{args.backend}, {args.processes} process(es), {args.desks} desks: {result.rate:.0f} first scans/s, "
                  f"p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms, server CPU {cpu:.2f} ms per scan "
                  f"(py-spy sampling included), {result.unexpected} unexpected answers")
            print(spy_tops(raw, args.top))
            if args.raw:
                Path(args.raw).write_text(raw.read_text())
        finally:
            instance.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--scans", type=int, default=400)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", help="also write the profile to this file (pstats)")
    parser.add_argument("--server", action="store_true", help="py-spy on a real server under load (see above)")
    parser.add_argument("--processes", type=int, default=1, help="--server: server processes (PostgreSQL)")
    parser.add_argument("--desks", type=int, default=8, help="--server: desks scanning at once")
    parser.add_argument("--raw", help="--server: also keep py-spy's raw (collapsed) stacks in this file")
    args = parser.parse_args()
    if args.server:
        return serve_and_spy(args)
    with tempfile.TemporaryDirectory(prefix="forum-profile-") as tmp:
        instance, app, token, codes = build(args.backend, Path(tmp), 2 * args.scans + 50)
        try:
            client = app.test_client()
            headers = {"Authorization": f"Bearer {token}"}

            def scan(code):
                response = client.post(f"/api/v1/events/{SLUG}/checkins", headers=headers,
                                       json={"code": code, "desk": "Meja 1"})
                assert response.status_code == 201, response.data

            def trivial():
                assert client.get(f"/api/v1/events/{SLUG}").status_code == 200

            for code in codes[2 * args.scans:]:  # warm-up: imports, caches, the pool
                scan(code)
                trivial()
            started = time.process_time()
            for _ in range(args.scans):
                trivial()
            trivial_ms = (time.process_time() - started) / args.scans * 1000
            started = time.process_time()
            for code in codes[args.scans:2 * args.scans]:
                scan(code)
            scan_ms = (time.process_time() - started) / args.scans * 1000
            profiler = cProfile.Profile(time.process_time)  # CPU time: waits on a busy machine do not count
            started = time.process_time()
            profiler.enable()
            for code in codes[:args.scans]:
                scan(code)
            profiler.disable()
            profiled_ms = (time.process_time() - started) / args.scans * 1000
            print(f"{args.backend}: CPU per request (this process, test client included): "
                  f"trivial GET {trivial_ms:.2f} ms, first scan {scan_ms:.2f} ms ({profiled_ms:.2f} ms under cProfile)")
            report_.print_profile(profiler, args.top, args.out)
        finally:
            with app.app_context():
                from forum.extensions import db

                db.engine.dispose()
            drop(instance)
    return 0


if __name__ == "__main__":
    sys.exit(main())
