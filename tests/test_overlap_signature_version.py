"""Stored signatures carry the version of the analysis (the lexicon file and ANALYSIS_VERSION) and of what it reads
besides (the stemmer's and the region list's packages, the region names loaded): a plan row or a proposal signed by
another version — after an upgrade of the lexicon, the stemmer or the region list, or by the earlier detector (no
version, no "^" token) — is analysed again when it is next loaded to be scored, and then pairs as a fresh one
would."""
from __future__ import annotations

import re
from importlib import metadata

import pytest
from sqlalchemy import event as sql_event
from sqlalchemy import select

from forum.extensions import db
from forum.models import Input, InputOverlap, PlanItem, PlanOverlap
from forum.services import events, overlap, overlap_signatures, plan_overlaps, regions
from forum.services.overlap import analysis, lexicon
from tests import test_plans_decisions
from tests.test_plans_decisions import post_file, url

forum = test_plans_decisions.forum  # the fixture: three agencies, two of them with Renja rows elsewhere

HEADER = "No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
BOATS = (HEADER + "K1;3.25.02.2.01.0001;Pengadaan kapal motor nelayan;Unit;Desa Temajuk, Kec. Paloh;2 unit;600 jt\n"
         "K2;3.25.02.2.01.0002;Pembangunan dermaga perikanan;Unit;Desa Temajuk, Kec. Paloh;1 unit;1 M\n")
BPPD = HEADER + "B9;7.01.01.2.01.0009;Bantuan perahu motor untuk nelayan;Unit;Desa Temajuk, Kec. Paloh;3 unit;400 jt\n"
TEMAJUK = {"regency": "Kabupaten Sambas", "district": "Paloh", "village": "Temajuk"}


def other_version(signature: str) -> str:
    """As a lexicon before an upgrade wrote it: another version, and fishing boats under their old id."""
    return re.sub(r"^v:\w+ ", "v:00000000 ", signature).replace("boat.fishing", "fish.boat").replace("^boat", "^fish")


def earlier_detector(signature: str) -> str:
    """As the earlier detector wrote it: no version and no "^" token."""
    return " ".join(t for t in signature.split() if not t.startswith(("v:", "^")))


STALE = {"other_version": other_version, "earlier_detector": earlier_detector}


@pytest.fixture
def boats(app, client, make, forum):
    """The forum with Dishub's boats and jetty in Temajuk, and a session open for input."""
    assert post_file(client, forum["slug"], forum["org"], BOATS, "Dishub").status_code == 201
    items = {i["ref"]: i for i in client.get(url(forum), headers=forum["org"]).json["items"]}
    session, _mod = make.live_session(forum["slug"])
    with app.app_context():
        event_id = events.get_event(forum["slug"]).id
    return {**forum, "session": session["id"], "items": items, "event_id": event_id}


def propose(client, make, boats, agency: str, title: str) -> int:
    person = make.participant(boats["slug"], agency=agency)
    answer = client.post(f"/api/v1/events/{boats['slug']}/sessions/{boats['session']}/inputs",
                         headers={"Authorization": f"Bearer {person['access_token']}"},
                         json={"kind": "proposal", "title": title, "location": TEMAJUK})
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def sign_as(app, model, row_id: int, how) -> None:
    """Writes the row's signature as `how` makes it of the current one, behind the services' back."""
    with app.app_context():
        table = model.__table__
        current = db.session.scalar(select(table.c.match_text).where(table.c.id == row_id))
        assert overlap_signatures.is_current(current)
        db.session.execute(table.update().where(table.c.id == row_id).values(match_text=how(current)))
        db.session.commit()


def signatures(app, model, ids) -> dict[int, str]:
    with app.app_context():
        return dict(db.session.execute(select(model.id, model.match_text).where(model.id.in_(list(ids)))).all())


def fresh(app, model, row_id: int) -> str:
    with app.app_context():
        item = db.session.get(model, row_id)
        return overlap_signatures.of_proposal(item) if model is Input else overlap_signatures.of_row(
            item.name, item.indicator, item.locations)


def new_proposal_pairs(app, new_id: int) -> dict:
    """What a new proposal was paired with: proposals (with the score) and plan rows (with score and relation)."""
    with app.app_context():
        proposals = {(a if b == new_id else b): score for a, b, score in db.session.execute(
            select(InputOverlap.input_a_id, InputOverlap.input_b_id, InputOverlap.score).where(
                (InputOverlap.input_a_id == new_id) | (InputOverlap.input_b_id == new_id)))}
        rows = {a: (score, str(relation)) for a, score, relation in db.session.execute(
            select(PlanOverlap.item_a_id, PlanOverlap.score, PlanOverlap.relation).where(
                PlanOverlap.input_id == new_id))}
    return {"proposals": proposals, "rows": rows}


# --- the version --------------------------------------------------------------------------------------------

def read_again() -> None:
    lexicon.source.cache_clear()
    analysis.version_prefix.cache_clear()
    overlap_signatures.version_prefix.cache_clear()


@pytest.fixture
def lexicon_read_again():
    """The lexicon file as the process read it, and the versions made of it, read again after the test too."""
    read_again()
    yield
    read_again()


def test_the_version_is_made_of_the_lexicon_text_and_the_analysis_version():
    text = lexicon.LEXICON_PATH.read_bytes()
    version = analysis.version_of(text)
    assert re.fullmatch(r"[0-9a-f]{8}", version)
    assert overlap.version_prefix() == f"v:{version} "
    assert overlap.signature("Pengadaan kapal nelayan").startswith(f"v:{version} ")
    assert analysis.version_of(text + b"\n# a comment\n") != version  # any change of the file's text
    assert analysis.version_of(text, analysis.ANALYSIS_VERSION + 1) != version  # a change of the analysis


def test_a_changed_lexicon_file_makes_every_stored_signature_stale(tmp_path, monkeypatch, lexicon_read_again):
    stored = overlap.signature("Pengadaan kapal motor nelayan", regency="Kabupaten Sambas")
    assert overlap.is_current(stored)
    kept = overlap_signatures.of_row("Pengadaan kapal motor nelayan", "", [])
    assert overlap_signatures.is_current(kept)
    changed = tmp_path / "overlap_lexicon.yaml"
    changed.write_bytes(lexicon.LEXICON_PATH.read_bytes().replace(b"kapal nelayan,", b"kapal nelayan, perahu jaring,"))
    monkeypatch.setattr(lexicon, "LEXICON_PATH", changed)
    read_again()
    assert not overlap.is_current(stored)
    assert overlap.version_prefix() == f"v:{analysis.version_of(changed.read_bytes())} "
    assert overlap_signatures.version_prefix() == "v:{} ".format(overlap_signatures.version_of(
        overlap.version_prefix(), overlap_signatures.read_with()))
    assert analysis.load(stored) == analysis.load(stored.partition(" ")[2])  # the version is not a word
    assert not overlap_signatures.is_current(kept)  # stored signatures follow the analysis's version


# --- what the analysis reads besides the lexicon: the stemmer and the region list --------------------------

def renamed_village(root: regions.Place) -> regions.Place:
    """A copy of the region list with one village renamed, as a corrected region list would ship it."""
    copy = regions.Place(root.name)
    for r in root.children.values():
        rc = regions.Place(r.name)
        for d in r.children.values():
            dc = regions.Place(d.name)
            for v in d.children.values():
                dc.add(regions.Place("Semangit Baru" if v.name == "Semangit (Semanget)" else v.name))
            rc.add(dc)
        copy.add(rc)
    return copy


def installed_as(monkeypatch, package: str, version: str) -> None:
    real = overlap_signatures._installed  # noqa: SLF001
    monkeypatch.setattr(overlap_signatures, "_installed", lambda name: version if name == package else real(name))


UPGRADES = {
    "stemmer": lambda monkeypatch: installed_as(monkeypatch, "PySastrawi", "1.2.99"),
    "region_package": lambda monkeypatch: installed_as(monkeypatch, "areaid", "9.0.0"),
    "region_data": lambda monkeypatch: monkeypatch.setattr(
        regions, "province", lambda name=regions.DEFAULT_PROVINCE, real=regions.province: renamed_village(real(name))),
}


def test_the_stored_version_is_made_of_the_analysis_the_stemmer_and_the_region_list():
    read_with = overlap_signatures.read_with()
    assert read_with[0] == f"PySastrawi {metadata.version('PySastrawi')}"
    assert read_with[1] == f"areaid {metadata.version('areaid')}"
    assert re.fullmatch(r"regions [0-9a-f]{12}", read_with[2])
    version = overlap_signatures.version_of(overlap.version_prefix(), read_with)
    assert overlap_signatures.version_prefix() == f"v:{version} "
    assert overlap_signatures.of_row("Pengadaan kapal motor nelayan", "", []).startswith(f"v:{version} kapal ")
    assert overlap_signatures.version_of("v:00000000 ", read_with) != version  # another analysis


@pytest.mark.parametrize("upgrade", sorted(UPGRADES))
def test_an_upgrade_of_the_stemmer_or_the_region_list_changes_the_version(monkeypatch, lexicon_read_again, upgrade):
    stored = overlap_signatures.of_row("Pengadaan kapal motor nelayan", "", [])
    assert overlap_signatures.is_current(stored)
    UPGRADES[upgrade](monkeypatch)
    read_again()
    assert not overlap_signatures.is_current(stored)
    assert overlap.is_current(overlap.signature("Pengadaan kapal motor nelayan"))  # the analysis itself is the same


# --- stale signatures are analysed again when next loaded -------------------------------------------------

@pytest.mark.both_dbs
@pytest.mark.parametrize("signed_by", ["current", "other_version", "earlier_detector"])
def test_stale_rows_and_proposals_pair_with_a_new_proposal_as_fresh_ones(app, client, make, boats, signed_by,
                                                                          backend):
    row = boats["items"]["K1"]["id"]
    earlier = propose(client, make, boats, "BPPD", "Pengadaan perahu nelayan Desa Temajuk")
    if signed_by != "current":
        sign_as(app, PlanItem, row, STALE[signed_by])
        sign_as(app, Input, earlier, STALE[signed_by])
    new = propose(client, make, boats, "Dinas PUPR", "Bantuan perahu motor untuk nelayan")
    found = new_proposal_pairs(app, new)
    assert set(found["proposals"]) == {earlier} and found["proposals"][earlier] >= overlap.THRESHOLD
    assert set(found["rows"]) == {row} and found["rows"][row][1] == "overlap"
    assert signatures(app, PlanItem, [row])[row] == fresh(app, PlanItem, row)  # analysed again and stored
    assert signatures(app, Input, [earlier])[earlier] == fresh(app, Input, earlier)


@pytest.mark.both_dbs
@pytest.mark.parametrize("signed_by", ["other_version", "earlier_detector"])
def test_a_changed_row_finds_a_row_signed_by_another_version(app, client, boats, signed_by, backend):
    assert post_file(client, boats["slug"], boats["org"], BPPD, "BPPD").status_code == 201
    ids = {i["ref"]: i["id"] for i in client.get(url(boats), headers=boats["org"]).json["items"]}
    paired = {o.get("item_id") for o in client.get(url(boats, ids["B9"]), headers=boats["mod"]).json["overlaps"]}
    assert ids["K1"] in paired
    sign_as(app, PlanItem, ids["K1"], STALE[signed_by])
    with app.app_context():
        version, updated_at = db.session.execute(select(PlanItem.version, PlanItem.updated_at).where(
            PlanItem.id == ids["K1"])).one()
    changed = client.patch(url(boats, ids["B9"]), headers=boats["mod"], json={"status": "kept"})
    assert changed.status_code == 200, changed.json
    assert ids["K1"] in {o.get("item_id") for o in changed.json["overlaps"]}
    assert signatures(app, PlanItem, [ids["K1"]])[ids["K1"]] == fresh(app, PlanItem, ids["K1"])
    with app.app_context():  # only its signature was written: a moderator's screen of that row is still current
        assert db.session.execute(select(PlanItem.version, PlanItem.updated_at).where(
            PlanItem.id == ids["K1"])).one() == (version, updated_at)


@pytest.mark.both_dbs
def test_a_forum_wide_refresh_signs_every_stale_row_and_proposal_again_in_one_pass(app, client, make, boats,
                                                                                     backend):
    rows = [boats["items"]["K1"]["id"], boats["items"]["K2"]["id"]]
    proposals = [propose(client, make, boats, "BPPD", "Pengadaan perahu nelayan Desa Temajuk"),
                 propose(client, make, boats, "Dinas PUPR", "Rehabilitasi dermaga Temajuk")]
    for model, ids in ((PlanItem, rows), (Input, proposals)):
        for n, row_id in enumerate(ids):
            sign_as(app, model, row_id, list(STALE.values())[n])
    with app.app_context():
        before = {(p.item_a_id, p.input_id) for p in db.session.scalars(select(PlanOverlap))}
    updates = []

    def count_updates(_conn, _cursor, statement, parameters, _context, executemany):
        if statement.lstrip().upper().startswith("UPDATE") and "match_text" in statement:
            updates.append((statement.split()[1].strip('"'), len(parameters) if executemany else 1))

    with app.app_context():
        sql_event.listen(db.engine, "before_cursor_execute", count_updates)
        try:
            plan_overlaps.refresh_all(boats["event_id"])
            db.session.commit()
            first = list(updates)
            plan_overlaps.refresh_all(boats["event_id"])  # nothing stale any more: nothing written
            db.session.commit()
        finally:
            sql_event.remove(db.engine, "before_cursor_execute", count_updates)
        after = {(p.item_a_id, p.input_id) for p in db.session.scalars(select(PlanOverlap))}
    assert sorted(first) == [("inputs", 2), ("plan_items", 2)]  # one statement per table, every stale one in it
    assert updates == first
    assert {row_id: fresh(app, PlanItem, row_id) for row_id in rows} == signatures(app, PlanItem, rows)
    assert {i: fresh(app, Input, i) for i in proposals} == signatures(app, Input, proposals)
    assert after == before and (rows[0], proposals[0]) in after  # the pairs a fresh boats has


@pytest.mark.both_dbs
@pytest.mark.parametrize("upgrade", sorted(UPGRADES))
def test_after_an_upgrade_of_the_stemmer_or_the_region_list_stored_analyses_are_signed_again(
        app, client, make, boats, monkeypatch, lexicon_read_again, upgrade, backend):
    rows = [boats["items"]["K1"]["id"], boats["items"]["K2"]["id"]]
    proposal = propose(client, make, boats, "BPPD", "Pengadaan perahu nelayan Desa Temajuk")
    before = signatures(app, PlanItem, rows) | {-proposal: signatures(app, Input, [proposal])[proposal]}
    UPGRADES[upgrade](monkeypatch)
    read_again()
    prefix = overlap_signatures.version_prefix()
    assert not any(s.startswith(prefix) for s in before.values())  # every stored analysis is stale now
    with app.app_context():
        plan_overlaps.refresh_all(boats["event_id"])
        db.session.commit()
        pairs = {(p.item_a_id, p.input_id) for p in db.session.scalars(select(PlanOverlap))}
    after = signatures(app, PlanItem, rows) | {-proposal: signatures(app, Input, [proposal])[proposal]}
    assert all(s.startswith(prefix) for s in after.values())
    assert {k: s.partition(" ")[2] for k, s in after.items()} == {k: s.partition(" ")[2] for k, s in before.items()}
    assert (rows[0], proposal) in pairs  # the boats still pair with the proposal of boats
