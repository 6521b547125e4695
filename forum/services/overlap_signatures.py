"""The detector's analyses stored with proposals and plan rows (`Input.match_text`, `PlanItem.match_text`), and
keeping them current.

A signature starts with the version of what wrote it (`version_prefix`): the analysis (services/overlap/analysis.py:
the lexicon file's content and ANALYSIS_VERSION), and what the analysis reads besides — the stemmer's package
(PySastrawi) and the region list's (areaid) with the region data this process loaded. After an upgrade that changed
any of them, a stored signature holds concept ids, heads, stems or places the detector no longer reads alike
("fish.boat" became "boat.fishing", a village renamed), and a new item compared with it misses the overlap; the
earlier detector's signatures carry no version at all. So wherever signatures are read to be
scored, one of another version (a prefix comparison, never an analysis) is analysed again from the item's stored
texts and stored back, once: `current_rows` / `current_proposals` for the rows a query loaded, `ensure_current` for
the item being refreshed, `sign_forum` for a whole forum in one pass (a forum-wide refresh, an import). Only the
signature is written: the row's `version` and `updated_at` stay, since none of what a person entered changed (a
moderator's open screen stays valid).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata

from sqlalchemy import bindparam, select
from sqlalchemy.orm.attributes import set_committed_value

from forum.extensions import db
from forum.models import Input, InputKind
from forum.models.plans import PlanItem, PlanLocation
from forum.services import overlap, regions

CHUNK = 5000  # ids per IN list
READ_WITH = ("PySastrawi", "areaid")  # the packages whose data the analysis reads: the stemmer, the region list


def version_of(analysis_prefix: str, read_with: tuple[str, ...]) -> str:
    """8 hex digits of a SHA-1 of the analysis's own version and of what it reads besides (`read_with`)."""
    return hashlib.sha1("\n".join((analysis_prefix.strip(), *read_with)).encode(),
                        usedforsecurity=False).hexdigest()[:8]


@lru_cache(maxsize=1)
def version_prefix() -> str:
    """How every signature this process stores starts: "v:<version> ". Computed once per process (about 3 ms: the
    region list is loaded by the first analysis anyway, and walking its names takes half a millisecond)."""
    return f"v:{version_of(overlap.version_prefix(), read_with())} "


def read_with() -> tuple[str, ...]:
    """What the analysis reads besides the lexicon: the installed stemmer's and region list's versions, and a digest
    of the region names as loaded (regency, sub-district, village), which also changes with a fix of the data
    shipped without a new version number."""
    return (*(f"{name} {_installed(name)}" for name in READ_WITH), f"regions {_regions_digest()}")


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def _regions_digest() -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for regency in regions.province().children.values():
        digest.update(f"{regency.name}\x01".encode())
        for district in regency.children.values():
            digest.update(f"{district.name}\x02".encode())
            for village in district.children.values():
                digest.update(f"{village.name}\x03".encode())
    return digest.hexdigest()[:12]


def is_current(signature: str | None) -> bool:
    """Whether a stored signature was written by this version (else: analyse the item again)."""
    return (signature or "").startswith(version_prefix())


def _versioned(signature: str) -> str:
    """The analysis's signature led by this version instead of the analysis's own (its first token)."""
    _analysis, space, rest = signature.partition(" ")
    return version_prefix().strip() + space + rest


def of_row(name: str, indicator: str, places, problem: str = "") -> str:
    """A plan row's signature (its name read as a title, its indicator as an activity, its problem as a proposal's);
    `places` (PlanLocation or plan_cells.Where) name the regency whose place names are recognised in the texts."""
    return _row_signature(name, indicator, problem, next((p.regency for p in places or () if p.regency), ""))


def _row_signature(name: str, indicator: str, problem: str, regency: str) -> str:
    return _versioned(overlap.signature(name or "", indicator or "", problem=problem or "", regency=regency or ""))


def of_proposal(item, *, regency: str | None = None) -> str:
    """A proposal's signature (`item`: an Input, or a row with its texts), the place names of the regency it is
    compared in known (`regency`, else its `place_regency`: its location's unless read from its texts)."""
    regency = (getattr(item, "place_regency", "") or item.regency) if regency is None else regency
    return _versioned(overlap.signature(item.title or "", item.activity or "", item.sub_activity or "",
                                        item.program or "", item.problem or "", body=item.body or "",
                                        regency=regency or ""))


def place_of_proposal(item) -> tuple[str, str, str]:
    """Where the detector compares a proposal: its location; sent without one, the one place its texts name
    (`overlap.place_in_text`), else nowhere."""
    if item.regency:
        return (item.regency, item.district or "", item.village or "")
    return overlap.place_in_text(item.title or "", item.activity or "", item.sub_activity or "", item.problem or "",
                                 item.body or "")


def read_proposal(item: Input) -> None:
    """`item`'s place and signature read (again) from its location and texts: at submission, after an edit."""
    item.place_regency, item.place_district, item.place_village = place_of_proposal(item)
    item.match_text = of_proposal(item)


def stale(column):
    """SQL: the signatures in `column` that this analysis did not write (another version, or none)."""
    return ~column.startswith(version_prefix(), autoescape=True)


def ensure_current(item: PlanItem | Input) -> None:
    """`item`'s signature analysed again and stored when another version wrote it."""
    if is_current(item.match_text):
        return
    if isinstance(item, Input):
        if item.id is None:  # not inserted yet: it is written with the rest
            read_proposal(item)
        else:
            _sign_proposals(Input.id == item.id)
        return
    text = of_row(item.name, item.indicator, item.locations, item.problem)
    if item.id is None:
        item.match_text = text
    else:
        _store(PlanItem, {item.id: text})


def current_rows(rows) -> dict[int, str]:
    """{id: signature} of the plan rows among `rows` (each with `id` and `match_text`) that another version signed,
    analysed again and stored; the others are current as loaded."""
    stale_ids = [r.id for r in rows if not is_current(r.match_text)]
    return _sign_rows_by_id(stale_ids)


def current_proposals(rows) -> dict[int, str]:
    """The same as `current_rows`, for proposals; a proposal without a location is placed again as its texts read
    now (`placed_again` gives where)."""
    stale_ids = [r.id for r in rows if not is_current(r.match_text)]
    signed: dict[int, str] = {}
    for start in range(0, len(stale_ids), CHUNK):
        signed |= _sign_proposals(Input.id.in_(stale_ids[start:start + CHUNK]))
    return signed


def sign_forum(event_id: int) -> int:
    """Every plan row and proposal of the forum that another version signed, analysed again in one pass (after an
    upgrade, all of them); returns how many."""
    rows = _sign_rows(select(PlanItem.id).where(PlanItem.event_id == event_id, stale(PlanItem.match_text)))
    proposals = _sign_proposals(Input.event_id == event_id, Input.kind == InputKind.proposal.value,
                                stale(Input.match_text))
    return len(rows) + len(proposals)


def _sign_rows_by_id(item_ids: list[int]) -> dict[int, str]:
    signed: dict[int, str] = {}
    for start in range(0, len(item_ids), CHUNK):
        signed |= _sign_rows(item_ids[start:start + CHUNK])
    return signed


def _sign_rows(which) -> dict[int, str]:
    """The rows `which` names (ids, or a select of ids) signed again and stored."""
    rows = db.session.execute(select(PlanItem.id, PlanItem.name, PlanItem.indicator, PlanItem.problem)
                              .where(PlanItem.id.in_(which))).all()
    if not rows:
        return {}
    regency: dict[int, str] = {}  # of the row's first place that names one, as `of_row` reads it
    for item_id, name in db.session.execute(
            select(PlanLocation.item_id, PlanLocation.regency).where(PlanLocation.item_id.in_(which),
                                                                     PlanLocation.regency != "")
            .order_by(PlanLocation.item_id, PlanLocation.position)):
        regency.setdefault(item_id, name)
    signed = {r.id: _row_signature(r.name, r.indicator, r.problem, regency.get(r.id, "")) for r in rows}
    _store(PlanItem, signed)
    return signed


PLACE_COLUMNS = ("place_regency", "place_district", "place_village")


def _sign_proposals(*where) -> dict[int, str]:
    """The proposals `where` selects placed and signed again (`read_proposal`) and stored."""
    rows = db.session.execute(select(Input.id, Input.title, Input.activity, Input.sub_activity, Input.program,
                                     Input.problem, Input.body, Input.regency, Input.district, Input.village)
                              .where(*where)).all()
    read = {}
    for r in rows:
        place = place_of_proposal(r)
        read[r.id] = {"match_text": of_proposal(r, regency=place[0]), **dict(zip(PLACE_COLUMNS, place, strict=True))}
    _store(Input, read)
    return {item_id: values["match_text"] for item_id, values in read.items()}


def placed_again(item_ids) -> dict[int, tuple[str, str, str]]:
    """{id: (regency, district, village)} where the detector now compares these proposals (after `current_proposals`
    placed those without a location again)."""
    if not item_ids:
        return {}
    return {r.id: (r.place_regency, r.place_district, r.place_village) for r in db.session.execute(
        select(Input.id, *(getattr(Input, c) for c in PLACE_COLUMNS)).where(Input.id.in_(list(item_ids))))}


def _store(model, signed: dict) -> None:
    """The new signatures (and, for proposals, their places: {id: {column: value}}) in one executemany; the row's
    version and `updated_at` as they were (see the module docstring), and the session's copies of those rows told."""
    if not signed:
        return
    values = {i: v if isinstance(v, dict) else {"match_text": v} for i, v in signed.items()}
    table = model.__table__
    columns = tuple(next(iter(values.values())))
    db.session.execute(table.update().where(table.c.id == bindparam("row_id"))
                       .values(**{c: bindparam(f"new_{c}") for c in columns}, updated_at=table.c.updated_at),
                       [{"row_id": i, **{f"new_{c}": v[c] for c in columns}} for i, v in values.items()])
    held = db.session.identity_map
    for item_id, new in values.items():
        copy = held.get(db.session.identity_key(model, item_id))
        if copy is not None:
            for column, value in new.items():
                set_committed_value(copy, column, value)
