"""What opening a live page costs the server: CPU and SQL statements per Socket.IO connect, in one process.

    python bench/connect_cost.py [--connects 300] [--rounds 5] [--concurrency 1] [--mode gevent|threading]
                                 [--redis URL] [--profile N] [--top 30] [--quick] [--json PATH]

The demo forum (`forum init` + `forum demo`) on a throw-away PostgreSQL database, with --connects online
participants more (each with its personal link), served by the app in this process (a heartbeat as in
production; no message queue, or --redis: the scale-out's, with this process its only reader) in --mode
(gevent: the standard library patched first, as gunicorn's gevent worker does; the scale-out's default). Each
connect goes through the whole Socket.IO stack with no sockets: the Engine.IO handshake (`GET
/socket.io/?EIO=4&transport=polling`), the `/live` namespace's connect packet with `{"event", "token"}` as a
participant's personal link sends it (POST), and the poll that carries the `agenda` back (GET) — the WSGI app
called directly, with Engine.IO's handlers run inline (as Flask-SocketIO's test client runs them), --concurrency
pages opening at once (threads; greenlets under gevent). Every connection stays open until the end of its round,
then all close (their disconnect measured apart).

Baseline, in the same run: a bare python-socketio server (`socketio.Server`, same async mode, python-socketio's
RedisManager with --redis) whose `/live` connect handler joins a room and sends the same agenda payload, driven by
the same requests. Rounds alternate forum and bare; the figures are the medians over --rounds of the process CPU
time (time.process_time) per connect, per disconnect, and the statements per connect. `--profile N` then profiles
N more forum connects (cProfile on the process CPU clock) and prints the top entries by own and cumulative time.
`--json PATH` writes the CPU per connect beside the bare server's for bench/run_all.py; `--quick` is a smoke run.
"""
from __future__ import annotations

import argparse
import sys

# gevent (the default) patches the standard library before anything else is imported, as gunicorn's worker does
if __name__ == "__main__" and "threading" not in sys.argv[1:]:
    from gevent import monkey

    monkey.patch_all()

import cProfile  # noqa: E402
import json  # noqa: E402
import pstats  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, text  # noqa: E402
from werkzeug.test import EnvironBuilder, run_wsgi_app  # noqa: E402

from bench import report  # noqa: E402

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SLUG = "forum-opd-bppd-2022"
SEP = "\x1e"  # Engine.IO 4's packet separator in a polling payload


class Polling:
    """One Socket.IO client over Engine.IO long-polling, calling a WSGI app in this process."""

    def __init__(self, wsgi):
        self.wsgi = wsgi
        self.sid = None

    def _call(self, method: str, body: str | None = None) -> str:
        query = "EIO=4&transport=polling" + (f"&sid={self.sid}" if self.sid else "")
        environ = EnvironBuilder(path="/socket.io/", query_string=query, method=method,
                                 data=body, content_type="text/plain;charset=UTF-8" if body else None,
                                 environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_environ()
        chunks, status, _headers = run_wsgi_app(self.wsgi, environ)
        data = b"".join(chunks).decode()
        if not status.startswith("200"):
            raise RuntimeError(f"{method} {query}: {status} {data[:200]}")
        return data

    def connect(self, auth: dict) -> list[str]:
        opened = self._call("GET")
        assert opened.startswith("0"), opened
        self.sid = json.loads(opened[1:])["sid"]
        self._call("POST", "40/live," + json.dumps(auth))
        packets = self._call("GET").split(SEP)
        if not any(p.startswith("40/live,") for p in packets) or \
                not any(p.startswith('42/live,["agenda"') for p in packets):
            raise RuntimeError(f"no agenda on connect: {packets[:2]}")
        return packets

    def close(self) -> None:
        self._call("POST", "1")


def build(tmp: Path, participants: int, redis_url: str | None):
    """The demo forum on a new PostgreSQL database, and `participants` online registrations; (app, tokens)."""
    from forum import create_app
    from forum.actions import records
    from forum.extensions import db
    from forum.services.maintenance import upgrade_database

    name = f"forum_connect_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp / "instance"),
                      "RATELIMIT_ENABLED": False, "SECRET_KEY": uuid.uuid4().hex, "REDIS_URL": redis_url,
                      "FORUM_UPLOAD_DIR": str(tmp / "uploads")})
    with app.app_context():
        upgrade_database()
        records.load_demo()
        template = db.session.execute(text(
            "SELECT * FROM participants WHERE event_id = (SELECT id FROM events WHERE slug = :s) "
            "AND status = 'registered' ORDER BY id LIMIT 1"), {"s": SLUG}).mappings().one()
        columns = [c for c in template if c != "id"]
        tokens = [secrets.token_urlsafe(24) for _ in range(participants)]
        db.session.execute(text(f"INSERT INTO participants ({', '.join(columns)}) "
                                f"VALUES ({', '.join(':' + c for c in columns)})"), [
            {**template, "name": f"Peserta Daring {i:05d}", "email": f"daring{i:05d}@bench.example.id",
             "phone": f"+62813{i:08d}", "attendance": "online", "role": "participant", "access_token": token,
             "checkin_code": secrets.token_urlsafe(24), "duplicate_of_id": None, "nip": None}
            for i, token in enumerate(tokens)])
        db.session.commit()
        payload = _agenda(app)
    return app, name, tokens, payload


def _agenda(app) -> dict:
    client = app.test_client()
    return client.get(f"/api/v1/events/{SLUG}/agenda").get_json()


def bare_wsgi(payload: dict, mode: str, redis_url: str | None):
    import socketio

    manager = socketio.RedisManager(redis_url, channel=f"bench-bare-{uuid.uuid4().hex[:8]}") if redis_url else None
    sio = socketio.Server(async_mode=mode, client_manager=manager)

    @sio.on("connect", namespace="/live")
    def _connect(sid, _environ, auth=None):
        sio.enter_room(sid, "everyone", namespace="/live")
        sio.emit("agenda", payload, to=sid, namespace="/live")

    sio.eio.async_handlers = False
    return socketio.WSGIApp(sio)


class Statements:
    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


def run_round(wsgi, auths: list[dict], concurrency: int, statements: Statements | None = None
              ) -> tuple[float, float, float]:
    """CPU ms per connect (`concurrency` pages opening at once), per disconnect, statements per connect."""
    clients = [Polling(wsgi) for _ in auths]
    seen = statements.count if statements else 0
    started = time.process_time()
    with ThreadPoolExecutor(concurrency) as pool:  # (greenlets under gevent)
        list(pool.map(Polling.connect, clients, auths))
    connect_ms = (time.process_time() - started) / len(auths) * 1000
    per_connect = (statements.count - seen) / len(auths) if statements else 0.0
    time.sleep(1.5)  # what is due after the connects (the staff's counts) goes out, outside the measure
    started = time.process_time()
    for client in clients:
        client.close()
    disconnect_ms = (time.process_time() - started) / len(auths) * 1000
    time.sleep(1.5)
    return connect_ms, disconnect_ms, per_connect


def profile(wsgi, auths: list[dict], top: int, out: str | None) -> None:
    """cProfile on the process CPU clock (waits on PostgreSQL do not count) over one connect per auth."""
    clients = [Polling(wsgi) for _ in auths]
    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(lambda: [client.connect(auth) for client, auth in zip(clients, auths, strict=True)])
    for client in clients:
        client.close()
    if out:
        profiler.dump_stats(out)
    stats = pstats.Stats(profiler).strip_dirs()
    print(f"profile of {len(auths)} connects, by own time, then by cumulative time:")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connects", type=int, default=300, help="connects per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--redis", metavar="URL", help="with this Redis as the message queue (redis://127.0.0.1:6379/14)")
    parser.add_argument("--concurrency", type=int, default=1, help="pages opening at once")
    parser.add_argument("--mode", choices=["gevent", "threading"], default="gevent")
    parser.add_argument("--profile", type=int, default=0, help="then profile this many forum connects")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", help="write the profile to this file (pstats)")
    args = report.parse_args(parser, {"connects": 50, "rounds": 1})
    print(report.machine(), flush=True)
    with tempfile.TemporaryDirectory(prefix="forum-connect-") as tmp:
        app, name, tokens, payload = build(Path(tmp), args.connects + max(args.profile, 50), args.redis)
        try:
            from forum.extensions import db, socketio

            assert socketio.server.async_mode == args.mode, socketio.server.async_mode
            socketio.server.eio.async_handlers = False  # handlers inline: their CPU is this thread's
            forum = app.wsgi_app
            bare = bare_wsgi(payload, args.mode, args.redis)
            with app.app_context():
                statements = Statements(db.engine)
            auths = [{"event": SLUG, "token": token} for token in tokens]
            # warm-up: imports, caches, the pool
            run_round(forum, auths[args.connects:args.connects + 50], args.concurrency)
            run_round(bare, auths[:50], args.concurrency)
            results: dict[str, list[tuple[float, float, float]]] = {"forum": [], "bare": []}
            for _ in range(args.rounds):
                results["forum"].append(run_round(forum, auths[:args.connects], args.concurrency, statements))
                results["bare"].append(run_round(bare, auths[:args.connects], args.concurrency))
            med = {kind: [statistics.median(r[i] for r in rounds) for i in range(3)]
                   for kind, rounds in results.items()}
            setup = (f"{args.mode}, PostgreSQL{' + Redis' if args.redis else ''}, in process, {args.concurrency} "
                     f"page{'s' if args.concurrency > 1 else ''} opening at once")
            details = (f"{setup}; {args.connects} connects per round, median of {args.rounds} rounds (forum's rounds: "
                       f"{', '.join(f'{r[0]:.2f}' for r in results['forum'])} ms).\n\n"
                       "| server | CPU ms per connect | CPU ms per disconnect | statements per connect |\n"
                       "|---|---:|---:|---:|\n"
                       f"| forum | {med['forum'][0]:.2f} | {med['forum'][1]:.2f} | {med['forum'][2]:.2f} |\n"
                       f"| bare python-socketio | {med['bare'][0]:.2f} | {med['bare'][1]:.2f} | – |\n\n"
                       f"Ratio forum / bare per connect: ×{med['forum'][0] / med['bare'][0]:.2f}.")
            print(details, flush=True)
            report.write_json(args.json, [report.Figure(
                area="Live pages", setup=setup, measure="process CPU per connect (handshake, connect, agenda)",
                value=round(med["forum"][0], 2), unit="ms", baseline=round(med["bare"][0], 2),
                baseline_label="bare python-socketio, same run",
                extra={"statements per connect": round(med["forum"][2], 2),
                       "CPU ms per disconnect": round(med["forum"][1], 2), "connects per round": args.connects,
                       "rounds": args.rounds})], details)
            if args.profile:
                profile(forum, auths[-args.profile:], args.top, args.out)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
