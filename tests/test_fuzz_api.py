"""Schemathesis against the OpenAPI document, in process: no answer is a 500, and every answer (status,
content type, headers, body) is one the document describes.

Each operation is its own test, on SQLite and on PostgreSQL (whose refusals differ: NUL in text, integers
beyond a column's range), on a fresh forum (the `app` fixture): two sessions open for input,
participants of three agencies, inputs and a published material. Staff operations run with an admin's
API token, participant-only ones with a participant's access token. The CI run is small and
derandomised; a longer run: `FORUM_FUZZ_EXAMPLES=500 python -m pytest -q tests/test_fuzz_api.py`
(docs/SECURITY.md).
"""
from __future__ import annotations

import copy
import io
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import text

from forum.contract.document import document
from forum.extensions import db
from tests.conftest import empty_postgresql_database
from tests.snapshot import Snapshot

PREFIX = "/api/v1"
EXAMPLES = int(os.environ.get("FORUM_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _document() -> dict:
    """The document as /api/v1/openapi.json serves it (it needs an app only for two defaults);
    test_served_document_is_the_one_fuzzed checks that against the real route."""
    with Flask(__name__).app_context():
        return document()


schema = schemathesis.openapi.from_dict(_document())


@dataclass
class Seed:
    slug: str
    staff: str  # an admin's API token
    participant: str  # a registered participant's access token
    ids: dict[str, list[int]]


# Per database: the seed built by this worker's first test that needed it, and the snapshot taken of it then.
_SEEDS: dict[str, tuple[Seed, Snapshot, int]] = {}


@pytest.fixture
def seed(app, make, backend, tmp_path_factory) -> Seed:
    """A forum with two sessions open for input (one live), participants, inputs and a material, in the test's
    own database: built through the API by the worker's first test, a copy of it for the others (the same
    rows and ids, tests/snapshot.py), so that each test starts from the same forum and changes only its own."""
    if backend not in _SEEDS:
        built = build_seed(app, make)
        _SEEDS[backend] = built, Snapshot.take(app, tmp_path_factory.mktemp(f"seed-{backend}")), make.n
    else:
        _built, snapshot, made = _SEEDS[backend]
        snapshot.restore(app)
        make.n = made  # the factory goes on numbering where the seed's left off, as after building it
    return copy.deepcopy(_SEEDS[backend][0])  # what a test does to its ids stays in its copy too


def build_seed(app, make) -> Seed:
    client = app.test_client()
    slug = make.event(title="Forum OPD Fuzz", starts_at="2031-02-25T08:00:00+07:00",
                      ends_at="2031-02-25T16:00:00+07:00")
    staff = make.token("admin")
    auth = {"Authorization": f"Bearer {staff}"}
    people = [make.participant(slug, name=f"Peserta {n}", agency=agency)
              for n, agency in enumerate(("Dinas PUPR", "DPMD", "Bappeda"))]
    sessions = []
    for title, start, end in (("Pembukaan", "08:00", "09:00"), ("Diskusi", "09:00", "12:00")):
        body = {"title": title, "starts_at": f"2031-02-25T{start}", "ends_at": f"2031-02-25T{end}",
                "speaker_ids": [people[0]["id"]]}
        response = client.post(f"{PREFIX}/events/{slug}/sessions", json=body, headers=auth)
        assert response.status_code == 201, response.json
        sessions.append(response.json["id"])
    for session_id, state in zip(sessions, ("scheduled", "live"), strict=True):
        response = client.post(f"{PREFIX}/events/{slug}/sessions/{session_id}/state",
                               json={"state": state, "input_open": True}, headers=auth)
        assert response.status_code == 200, response.json
    inputs = []
    for person, kind in zip(people, ("proposal", "question", "comment"), strict=True):
        response = client.post(f"{PREFIX}/events/{slug}/sessions/{sessions[1]}/inputs",
                               headers={"Authorization": f"Bearer {person['access_token']}"},
                               json={"kind": kind, "title": "Pembangunan jalan desa Sebunga", "body": "Akses jalan",
                                     "budget": "1,5 M", "location": {"regency": "Sambas"}})
        assert response.status_code == 201, response.json
        inputs.append(response.json["id"])
    response = client.patch(f"{PREFIX}/events/{slug}/inputs/{inputs[0]}", json={"status": "accepted"}, headers=auth)
    assert response.status_code == 200, response.json  # visible to every participant, who may support it
    response = client.post(f"{PREFIX}/events/{slug}/sessions/{sessions[1]}/materials", headers=auth,
                           data={"file": (io.BytesIO(PDF), "paparan.pdf"), "title": "Paparan", "published": "true"},
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    item_id, pair_id = make.flagged_plans(slug)  # Bappeda's row flagged with DPMD's
    ids = {"participant_id": [p["id"] for p in people], "session_id": sessions, "input_id": inputs,
           "other_id": inputs, "material_id": [response.json["id"]], "item_id": [item_id], "pair_id": [pair_id]}
    return Seed(slug, staff, people[1]["access_token"], ids)


# Ids in bodies and queries that name a record, and which records they name.
BODY_IDS = {"participant_id": "participant_id", "represents_id": "participant_id", "merged_into": "input_id",
            "session_id": "session_id", "into": "participant_id"}


def _aim(value, ids: list[int]):
    """Most generated ids become a seeded record's id; huge ones stay, to probe unknown records."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**6:
        return ids[abs(value) % len(ids)]
    return value


def aim_at_seeded_records(case, seed: Seed) -> None:
    """Generated slugs and ids almost never exist; point most of them at real records so that the
    operations run for real, and leave some unknown."""
    params = case.path_parameters or {}
    if "slug" in params and zlib.crc32(str(params["slug"]).encode()) % 8:  # one in eight stays unknown
        params["slug"] = seed.slug
    for name, ids in seed.ids.items():
        if name in params:
            params[name] = _aim(params[name], ids)
    if isinstance(case.body, dict):
        for name, kind in BODY_IDS.items():
            if name in case.body:
                case.body[name] = _aim(case.body[name], seed.ids[kind])
    if isinstance(case.query, dict) and "session" in case.query:
        case.query["session"] = _aim(case.query["session"], seed.ids["session_id"])


@pytest.mark.both_dbs
def test_a_copy_of_the_seed_is_the_seed(app, seed, backend, tmp_path):
    """Keeps the copies honest (tests/snapshot.py): the seeded forum emptied and its snapshot put back has
    every row and, on PostgreSQL, every sequence where it was; the next record gets the id it would have got."""
    original = Snapshot.take(app, tmp_path / "original")
    with app.app_context():  # emptied as the `app` fixture leaves a database (PostgreSQL: sequences restarted)
        if backend == "postgresql":
            empty_postgresql_database()
        else:
            with db.engine.begin() as conn:
                conn.execute(text("PRAGMA defer_foreign_keys = ON"))
                for table in db.metadata.sorted_tables:
                    conn.execute(table.delete())
    original.restore(app)
    restored = Snapshot.take(app, tmp_path / "copy")
    assert restored.rows == original.rows and restored.sequences == original.sequences
    assert sum(map(len, original.rows.values())) > 20 and original.rows["materials"]
    assert (sorted(p.name for p in Path(app.config["FORUM_UPLOAD_DIR"]).iterdir())
            == sorted(p.name for p in original.folders["FORUM_UPLOAD_DIR"].iterdir()))


def test_served_document_is_the_one_fuzzed(client):
    assert client.get(f"{PREFIX}/openapi.json").json == _document()


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@pytest.mark.both_dbs
def test_api_answers_as_documented(case, app, seed, backend):
    aim_at_seeded_records(case, seed)
    participant_only = case.operation.definition.raw.get("x-forum-role") == "participant"
    token = seed.participant if participant_only else seed.staff
    # uncompressed: the checks read the body as sent (compression is the transport's, tests/test_static_assets.py)
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"},
                           checks=CHECKS)

