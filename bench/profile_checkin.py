"""Where a first scan's server CPU goes: the check-in route in one process, profiled (cProfile).

    python bench/profile_checkin.py [--backend sqlite|postgresql] [--scans 400] [--top 25]

Builds a forum with `--scans` participants (SQLite file, or a throw-away PostgreSQL database), then sends
each of them once to `POST /api/v1/events/<slug>/checkins` with a desk's Bearer token through Flask's test
client (no sockets, no server threads: the app's own cost), and prints the process CPU time per scan
(the test client's share included, measured alone on `GET /api/v1/events/<slug>` as the trivial route)
and the profile's top entries by own time and by cumulative time, as docs/PERFORMANCE.md quotes them.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.checkin import PG_ADMIN_URL, SLUG, Instance  # noqa: E402


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--scans", type=int, default=400)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", help="also write the profile to this file (pstats)")
    args = parser.parse_args()
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
            if args.out:
                profiler.dump_stats(args.out)
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(args.top)
                print(f"by {order}:\nncalls" + out.getvalue().split("ncalls", 1)[-1])
        finally:
            with app.app_context():
                from forum.extensions import db

                db.engine.dispose()
            drop(instance)
    return 0


if __name__ == "__main__":
    sys.exit(main())
