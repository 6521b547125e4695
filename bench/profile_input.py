"""Where a proposal's server CPU goes: the input route in one process, profiled (cProfile).

    python bench/profile_input.py [--backend sqlite|postgresql] [--submissions 300] [--participants 100]
                                  [--plan-rows 0] [--top 25] [--out PATH]

Builds the forum of bench/input_burst.py (a live session with input open, `--participants` participants of 20
agencies; optionally `--plan-rows` plan rows of bench/plans.py's generator over the border sub-districts, imported
as Musrenbang rows, so that pairing with plan rows finds candidates), then sends the burst's proposals (the same
bodies, each its own `client_id`) to `POST /api/v1/events/<slug>/sessions/<id>/inputs` with the participants'
Bearer tokens through Flask's test client (no sockets, no server threads: the app's own cost), in three rounds of
`--submissions`: a warm-up (imports, caches; the forum gets the inputs the later ones are compared with), one timed,
one profiled. Prints the process CPU time per proposal (the test client's share included, measured alone on
`GET /api/v1/events/<slug>` as the trivial route), the statements per proposal, and the profile's top entries by
own time and by cumulative time, as docs/PERFORMANCE.md quotes them.
"""
from __future__ import annotations

import argparse
import cProfile
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event as sa_event  # noqa: E402

from bench import report  # noqa: E402
from bench.input_burst import AGENCIES, proposal_bodies  # noqa: E402
from bench.plans import database  # noqa: E402

SLUG = "bench-burst"


def build(url: str, tmp: Path, participants: int, plan_rows: int):
    """The app and the forum: (app, moderator's token, the participants' tokens, session id)."""
    from forum import create_app
    from forum.extensions import db
    from forum.models import User
    from forum.services import accounts
    from forum.services.maintenance import upgrade_database

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(tmp / "instance"),
                      "RATELIMIT_ENABLED": False, "SECRET_KEY": uuid.uuid4().hex, "REDIS_URL": None})
    with app.app_context():
        upgrade_database()
        tokens = {}
        for role in ("organiser", "moderator"):
            user = accounts.create_user(f"bench-{role}@bppd.example.id", f"Bench {role}", role, uuid.uuid4().hex)
            _token, tokens[role] = accounts.create_token(db.session.get(User, user.id), "bench")
        db.session.commit()
    client = app.test_client()

    def api(method: str, path: str, token: str | None, body: dict) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.open(f"/api/v1{path}", method=method, json=body, headers=headers)
        assert response.status_code < 300, (path, response.status_code, response.data[:500])
        return response.get_json()

    api("POST", "/events", tokens["organiser"], {
        "title": "Forum OPD BPPD Provinsi Kalimantan Barat — Rencana Kerja 2022", "slug": SLUG,
        "starts_at": "2021-02-25T08:00:00+07:00", "ends_at": "2021-02-25T16:00:00+07:00",
        "venue": "Hotel Aston Pontianak"})
    session = api("POST", f"/events/{SLUG}/sessions", tokens["organiser"], {
        "title": "Diskusi dan masukan perangkat daerah", "starts_at": "2021-02-25T13:00:00+07:00",
        "ends_at": "2021-02-25T15:00:00+07:00"})
    api("POST", f"/events/{SLUG}/sessions/{session['id']}/state", tokens["moderator"],
        {"state": "live", "input_open": True})
    people = [api("POST", f"/events/{SLUG}/registrations", None, {
        "name": f"Peserta {i:03d}", "agency": AGENCIES[i % len(AGENCIES)], "position": "Kepala Bidang",
        "attendance": "in_person" if i % 3 else "online", "email": f"peserta{i:03d}@bench.example.id",
        "consent": True})["personal_url"].rsplit("/p/", 1)[1] for i in range(participants)]
    if plan_rows:
        import_plan_rows(app, plan_rows)
    return app, client, people, session["id"]


def import_plan_rows(app, n: int) -> None:
    """n Musrenbang rows over the border sub-districts (bench/plans.py's generator), imported and paired."""
    from bench import plans
    from forum.extensions import db
    from forum.models import Event
    from forum.services import plans_import

    with app.app_context(), app.test_request_context():
        plans.PLACES = plans.border_places()
        event = db.session.scalar(db.select(Event).where(Event.slug == SLUG))
        content = "\n".join(plans.rows(n, 0, random.Random(7), prefix="M")).encode()
        plans_import.apply(event, content, source="musrenbang")
        db.session.commit()


def pairs_found(app) -> str:
    """How many pairs the proposals made (with each other, with plan rows) and a digest of them (ids, score, reasons,
    relation): two revisions that pair alike print the same."""
    import hashlib
    import json

    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import InputOverlap
    from forum.models.plans import PlanOverlap

    with app.app_context():
        inputs = sorted(db.session.execute(select(InputOverlap.input_a_id, InputOverlap.input_b_id, InputOverlap.score,
                                                  InputOverlap.reasons)).all())
        plans = sorted(db.session.execute(select(PlanOverlap.item_a_id, PlanOverlap.item_b_id, PlanOverlap.input_id,
                                                 PlanOverlap.score, PlanOverlap.reasons,
                                                 PlanOverlap.relation)).all(), key=str)
    digest = hashlib.sha1(json.dumps([list(map(str, r)) for r in inputs + plans]).encode(), usedforsecurity=False)
    return f"pairs: {len(inputs)} between proposals, {len(plans)} with plan rows (digest {digest.hexdigest()[:12]})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--plan-rows", type=int, default=0)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", help="also write the profile to this file (pstats)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="forum-profile-") as tmp, database(args.backend, Path(tmp)) as url:
        app, client, people, session_id = build(url, Path(tmp), args.participants, args.plan_rows)
        from forum.extensions import db

        bodies = proposal_bodies(3 * args.submissions)
        path = f"/api/v1/events/{SLUG}/sessions/{session_id}/inputs"
        statements = [0]

        def count(*_args) -> None:
            statements[0] += 1

        def submit(i: int) -> None:
            response = client.post(path, json=bodies[i], headers={"Authorization": f"Bearer {people[i % len(people)]}"})
            assert response.status_code == 201, response.data

        def trivial() -> None:
            assert client.get(f"/api/v1/events/{SLUG}").status_code == 200

        try:
            n = args.submissions
            for i in range(n):  # warm-up: imports, caches, and the inputs the later ones are compared with
                submit(i)
                trivial()
            started = time.process_time()
            for _ in range(n):
                trivial()
            trivial_ms = (time.process_time() - started) / n * 1000
            with app.app_context():
                engine = db.engine
            sa_event.listen(engine, "before_cursor_execute", count)
            started = time.process_time()
            for i in range(n, 2 * n):
                submit(i)
            submit_ms = (time.process_time() - started) / n * 1000
            sa_event.remove(engine, "before_cursor_execute", count)
            profiler = cProfile.Profile(time.process_time)  # CPU time: waits on a busy machine do not count
            started = time.process_time()
            profiler.enable()
            for i in range(2 * n, 3 * n):
                submit(i)
            profiler.disable()
            profiled_ms = (time.process_time() - started) / n * 1000
            print(f"{args.backend}, {args.plan_rows} plan rows: CPU per request (this process, test client included): "
                  f"trivial GET {trivial_ms:.2f} ms, proposal {submit_ms:.2f} ms ({profiled_ms:.2f} ms under "
                  f"cProfile), {statements[0] / n:.1f} statements per proposal (inputs {n} -> {3 * n})")
            print(pairs_found(app))
            report.print_profile(profiler, args.top, args.out)
        finally:
            with app.app_context():
                db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
