"""A labelled set's proposals sent through the contract, as an API client sends them, against the detector's own
pool: do the flags a client reads back equal the ones bench/overlap_quality.py scores?

    python bench/overlap_api.py [--split blind12 …] [--database-url URL]

For each named set (default: every development blind set) it makes a forum through `/api/v1` (an organiser's
token: the forum, a session made live with input open), registers one participant per agency of the set, and
posts every item in the set's order as that agency's proposal — `POST /events/{slug}/sessions/{id}/inputs` with
title, body, program, activity, problem and location, the item's place through the region list as a client
would type it — then reads every proposal back (`GET /events/{slug}/inputs`, a moderator's token) and collects the
pairs their `overlaps` name. The same items go through `overlap.Index(...).pairs()` as
`overlap_quality.pool` scores them, and once more without the sets' nomenclature codes (a proposal has no code
field in the contract; a code typed into its title still counts). Printed per set: the pool's TP / FP / FN each way
and how many pairs the API and the code-less pool do not both flag (0 is the aim: the service's SQL first cut by
place and topic, its stored signatures and its arrival order must lose nothing the detector finds), leaving out
pairs of items the API refused (a title over the contract's 300 characters: 422 with the field named; counted).
Held-out sets may be named: only those counts are printed, never a pair.

SQLite in a temporary file by default; `--database-url postgresql+psycopg://postgres@127.0.0.1:5432/DB` runs the
same on PostgreSQL (the database is emptied first). Not a timed benchmark: every figure is an exact count.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import overlap_quality as quality  # noqa: E402
from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402


def _items(name: str) -> list[dict]:
    """The set's items in its order: {"key", "agency", "fields", "place"} with the place official."""
    import json

    data = json.loads((quality.DATA / name).read_text())
    return [{"key": f"{group['id']}:{key}", "agency": fields["agency"], "fields": fields,
             "place": quality._official(fields.get("place", group["place"]))}
            for group in data["groups"] for key, fields in group["items"].items()]


def _headers(app, role: str) -> dict:
    from forum.models import User
    from forum.services import accounts

    with app.app_context():
        user = accounts.create_user(f"{role}@bench.example.id", f"Bench {role}", role, "correct horse battery")
        db.session.commit()
        _token, raw = accounts.create_token(db.session.get(User, user.id), "bench")
        db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


@dataclasses.dataclass
class Forum:
    """A forum made through the API: its live session open for input, one participant (token) per agency."""
    client: object
    slug: str
    session_id: int
    organiser: dict
    moderator: dict
    tokens: dict


def open_forum(app, agencies) -> Forum:
    """A new forum with a live session open for input, and one participant registered per agency of `agencies`."""
    from forum.services import events, registration

    client = app.test_client()
    organiser, moderator = _headers(app, "organiser"), _headers(app, "moderator")
    forum = client.post("/api/v1/events", headers=organiser, json={
        "title": "Forum OPD — bench", "starts_at": "2021-02-25T08:00:00+07:00",
        "ends_at": "2021-02-25T16:00:00+07:00"}).json
    slug = forum["slug"]
    session = client.post(f"/api/v1/events/{slug}/sessions", headers=organiser, json={
        "title": "Diskusi", "starts_at": "2021-02-25T13:00", "ends_at": "2021-02-25T15:00"}).json
    client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/state", headers=moderator,
                json={"state": "live", "input_open": True})
    tokens = {}
    with app.app_context():
        event = events.get_event(slug)
        for n, agency in enumerate(dict.fromkeys(agencies)):
            person = registration.register(event, {
                "name": f"Wakil {n}", "agency": agency, "position": "Kepala Bidang", "attendance": "online",
                "email": f"wakil{n}@bench.example.id", "consent": True}, check_open=False)
            db.session.commit()
            tokens[agency] = {"Authorization": f"Bearer {person.access_token}"}
    return Forum(client, slug, session["id"], organiser, moderator, tokens)


def post_proposals(forum: Forum, items: list[dict], texts=quality.READ) -> tuple[dict, set[str]]:
    """`items` (as `_items` gives them) posted as their agencies' proposals with the texts `texts` names:
    ({proposal id: set key}, the keys of the items the API refused)."""
    key_of, refused = {}, set()
    for item in items:
        f, (regency, district, village) = item["fields"], item["place"]
        answer = forum.client.post(
            f"/api/v1/events/{forum.slug}/sessions/{forum.session_id}/inputs", headers=forum.tokens[item["agency"]],
            json={"kind": "proposal", **{name: f.get(name, "") if name in texts else "" for name in quality.READ},
                  "client_id": item["key"], "location": {"regency": regency, "district": district, "village": village}})
        if answer.status_code == 422:  # refused with the field named (a title over 300 characters): not stored
            refused.add(item["key"])
            continue
        assert answer.status_code == 201, (item["key"], answer.json)
        key_of[answer.json["id"]] = item["key"]
    return key_of, refused


def proposal_pairs(forum: Forum, key_of: dict) -> set[frozenset]:
    """The pairs of set keys the proposals' `overlaps` name (a moderator's reading)."""
    listed = forum.client.get(f"/api/v1/events/{forum.slug}/inputs?kind=proposal", headers=forum.moderator).json
    return {frozenset((key_of[i["id"]], key_of[o["input_id"]])) for i in listed["inputs"] for o in i["overlaps"]}


def through_api(app, name: str) -> tuple[set[frozenset], set[str]]:
    """The pairs of set keys that the API's `overlaps` name after every item was posted, and the keys of the items
    the API refused."""
    items = _items(name)
    forum = open_forum(app, [i["agency"] for i in items])
    key_of, refused = post_proposals(forum, items)
    return proposal_pairs(forum, key_of), refused


def in_pool(name: str, *, codes: bool = True) -> set[frozenset]:
    """The pairs the detector's index flags in the set's pool (overlap_quality.pool's); without `codes`, the items
    as a proposal reaches it (the contract's input has no code field: only a code typed into its title counts)."""
    items, _labels, _groups = quality.pool_items(name)
    if not codes:
        items = [dataclasses.replace(item, code=item.features.code) for item in items]
    return quality.flagged_in_pool(items)


def counts(name: str, flagged: set[frozenset]) -> tuple[int, int, int]:
    """(TP, FP, FN) of `flagged` in the set's pool, as overlap_quality.pool counts them."""
    scored = quality.pool(name, flagged)
    return scored["tp"], scored["fp"], scored["fn"]


@contextmanager
def fresh_app(database_url: str = ""):
    """An app on an emptied database (a temporary SQLite file unless `database_url`), emptied again after."""
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
                          "RATELIMIT_ENABLED": False, "INSTANCE_PATH": str(Path(tmp) / "instance")})
        with app.app_context():
            db.drop_all()
            db.create_all()
        yield app
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    splits = [s for s, _n, _d in quality.BLIND]
    parser.add_argument("--split", nargs="*", choices=splits,
                        default=[s for s, _n, development in quality.BLIND if development])
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    names = dict((s, n) for s, n, _d in quality.BLIND)
    print("| set | items | through the API: TP / FP / FN | the detector's pool: TP / FP / FN | the pool without "
          "codes | refused | flagged by one path only (API, pool without codes) | seconds |")
    print("|---|---:|---|---|---|---:|---:|---:|")
    worst = 0
    for split in args.split:
        if not (quality.DATA / names[split]).exists():
            continue
        with fresh_app(args.database_url) as app:
            started = time.perf_counter()
            api, refused = through_api(app, names[split])
            seconds = time.perf_counter() - started
            with app.app_context():
                pool, uncoded = in_pool(names[split]), in_pool(names[split], codes=False)
                api_counts, pool_counts = counts(names[split], api), counts(names[split], pool)
                uncoded_counts = counts(names[split], uncoded)
        apart = sum(1 for pair in api ^ uncoded if not pair & refused)
        worst = max(worst, apart)
        cells = [split, len(_items(names[split])), *(" / ".join(map(str, c)) for c in (api_counts, pool_counts,
                                                                                     uncoded_counts)),
                 len(refused), apart, f"{seconds:.0f}"]
        print("| " + " | ".join(map(str, cells)) + " |", flush=True)
    return 0 if worst == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
