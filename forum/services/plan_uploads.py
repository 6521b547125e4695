"""A plan file kept between its preview and the organiser's "Import": the bytes and what they were uploaded as
(source, agency), in the instance folder (never served), under a random name, for this forum only. Taking it
out for the import removes it (imports.claim_pending), so two clicks import it once."""
from __future__ import annotations

import base64
import json
import secrets
import time
from pathlib import Path

from forum.models import Event
from forum.services import imports

KEEP_SECONDS = 24 * 3600


def pending_dir() -> Path:
    return imports.pending_dir() / "plans"


def save(event: Event, content: bytes, *, source: str, agency_id: int | None, filename: str,
         user_id: int | None) -> str:
    """Keeps the upload; returns the name to confirm it by."""
    folder = pending_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):  # nobody confirmed these within a day
        try:
            if old.stat().st_mtime < time.time() - KEEP_SECONDS:
                old.unlink(missing_ok=True)
        except OSError:
            continue
    token = secrets.token_urlsafe(24)
    payload = {"event_id": event.id, "user_id": user_id, "filename": filename[:200], "created": time.time(),
               "source": source, "agency_id": agency_id, "content": base64.b64encode(content).decode("ascii")}
    with (folder / f"{token}.json").open("x", encoding="utf-8") as fh:
        json.dump(payload, fh)
    return token


def peek(event: Event, token) -> dict:
    """The kept upload (content as bytes), still kept; a DomainError `import_expired` when gone."""
    return _decoded(imports.load_pending(pending_dir(), token, event))


def claim(event: Event, token) -> dict:
    """The kept upload, taken out of storage (of two clicks, one gets it)."""
    return _decoded(imports.claim_pending(pending_dir(), token, event))


def _decoded(payload: dict) -> dict:
    return {**payload, "content": base64.b64decode(payload.get("content") or "")}
