"""A proposal's submission (issue 18): the statements built once per shape give the same pairs for every shape, the
detector items kept per process follow a changed signature, and a forum without plan rows near the proposal costs
one statement for the plan side, not two; a new input costs no flush of the unit of work (the input, its history
row and its pairs are statements of their own), and its overlaps are not read back after the commit for its answer
and messages."""
import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from forum.extensions import db
from forum.models import Input, InputHistory, InputOverlap
from forum.services import inputs, overlap, plan_overlaps

pytestmark = pytest.mark.both_dbs

SAMBAS = {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}


@pytest.fixture
def forum(app, client, make, backend):
    slug = make.event()
    session, mod = make.live_session(slug)
    people = {agency: make.participant(slug, name=f"Wakil {agency}", agency=agency)
              for agency in ("Dinas PUPR", "DPMD", "Dinas Kesehatan", "BPBD")}
    return {"slug": slug, "session": session, "mod": mod, "people": people}


def submit(client, forum, agency, title, location=None, client_id=None):
    body = {"kind": "proposal", "title": title, "location": location or SAMBAS}
    if client_id:
        body["client_id"] = client_id
    response = client.post(f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/inputs", json=body,
                           headers={"Authorization": f"Bearer {forum['people'][agency]['access_token']}"})
    assert response.status_code == 201, response.json
    return response.json["id"]


def pairs(app) -> set[tuple[int, int]]:
    with app.app_context():
        return {tuple(row) for row in db.session.execute(select(InputOverlap.input_a_id, InputOverlap.input_b_id))}


def watch(app):
    """The statements the app's engine runs from now on (a list), and a function that stops watching."""
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", seen)
    return statements, lambda: sa_event.remove(engine, "before_cursor_execute", seen)


def test_each_kind_of_work_and_place_gets_its_own_candidate_query(app, client, forum):
    """A road, then a bridge in the same village (its statement must not be the road's), then roads with and
    without a sub-district and by an agency-less entry: each pairs with exactly the roads it should."""
    road = submit(client, forum, "Dinas PUPR", "Pembangunan jalan desa Sebunga")
    bridge = submit(client, forum, "DPMD", "Pembangunan jembatan gantung desa Sebunga")
    assert pairs(app) == set()
    second_road = submit(client, forum, "Dinas Kesehatan", "Peningkatan jalan desa Sebunga")
    assert pairs(app) == {(road, second_road)}
    regency_wide = submit(client, forum, "BPBD", "Peningkatan jalan desa Sebunga",
                          location={"regency": "Sambas", "district": "", "village": ""})
    other_district = submit(client, forum, "DPMD", "Peningkatan jalan desa Sebunga",
                            location={"regency": "Sambas", "district": "Paloh", "village": ""})
    found = pairs(app)
    assert (road, second_road) in found and not any(bridge in pair for pair in found)
    assert not any(other_district in pair and regency_wide not in pair for pair in found)


def test_a_kept_detector_item_follows_a_changed_signature():
    place = (("Kabupaten Sambas", "Sajingan Besar", "Sebunga"),)
    road = overlap.signature("Pembangunan jalan desa", regency="Kabupaten Sambas")
    bridge = overlap.signature("Pembangunan jembatan gantung", regency="Kabupaten Sambas")
    first = plan_overlaps.kept_item(("input", 991), 1, place, road)
    assert plan_overlaps.kept_item(("input", 991), 1, place, road) is first
    changed = plan_overlaps.kept_item(("input", 991), 1, place, bridge)
    assert changed is not first and changed.features.kinds != first.features.kinds
    assert plan_overlaps.kept_item(("input", 991), 2, place, bridge).agency_id == 2


def test_no_plan_row_near_a_proposal_costs_one_statement_on_the_plan_side(app, client, forum):
    submit(client, forum, "Dinas PUPR", "Pembangunan jalan desa Sebunga")
    statements, stop = watch(app)
    try:
        submit(client, forum, "DPMD", "Peningkatan jalan desa Sebunga", client_id="second")
    finally:
        stop()
    assert sum("plan_locations" in s for s in statements) == 1, statements


def test_a_new_input_is_written_without_a_flush_or_a_savepoint(app, client, forum):
    """The input, its history row and its pairs are statements of their own (kept per process): the unit of work
    flushes nothing, and a client_id needs no savepoint (ON CONFLICT DO NOTHING)."""
    flushes: list[int] = []

    def flushed(session, *_args):
        flushes.append(len(session.new))

    statements, stop = watch(app)
    sa_event.listen(OrmSession, "before_flush", flushed)
    try:
        first = submit(client, forum, "Dinas PUPR", "Pembangunan jalan desa Sebunga", client_id="first")
        second = submit(client, forum, "Dinas Kesehatan", "Peningkatan jalan desa Sebunga")  # pairs with the first
    finally:
        sa_event.remove(OrmSession, "before_flush", flushed)
        stop()
    assert flushes == []
    assert sum(s.startswith("INSERT INTO inputs ") for s in statements) == 2, statements
    assert sum(s.startswith("INSERT INTO input_history ") for s in statements) == 2, statements
    assert sum(s.startswith("INSERT INTO input_overlaps ") for s in statements) == 1, statements
    assert not any("SAVEPOINT" in s for s in statements), statements
    with app.app_context():
        history = db.session.scalars(select(InputHistory).where(InputHistory.input_id == first)).all()
    assert [(h.action, h.changes) for h in history] == [("submitted", {"by": "Wakil Dinas PUPR"})]
    assert pairs(app) == {(first, second)}


def test_a_client_id_stored_between_the_look_up_and_the_insert_answers_as_a_replay(app, client, forum, monkeypatch):
    """A concurrent request's insert of the same client_id (PostgreSQL: committed after this one looked): the insert
    stores nothing and the answer is the first input."""
    first = submit(client, forum, "Dinas PUPR", "Pembangunan jalan desa Sebunga", client_id="late")
    look_up, asked = inputs._by_client_id, []

    def too_early(event, client_id):
        asked.append(client_id)
        return None if len(asked) == 1 else look_up(event, client_id)

    monkeypatch.setattr(inputs, "_by_client_id", too_early)
    assert submit(client, forum, "Dinas PUPR", "Pembangunan jalan desa Sebunga", client_id="late") == first
    assert asked == ["late", "late"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Input)) == 1


def test_a_new_proposals_overlaps_are_not_read_back_after_the_commit(app, client, forum):
    """The moderators' message and the answer take the pairs the proposal was just given: the same as read back."""
    road = submit(client, forum, "Dinas PUPR", "Pembangunan jalan desa Sebunga")
    statements, stop = watch(app)
    try:
        answer = client.post(f"/api/v1/events/{forum['slug']}/sessions/{forum['session']['id']}/inputs",
                             json={"kind": "proposal", "title": "Peningkatan jalan desa Sebunga", "agency": "BPBD",
                                   "location": SAMBAS}, headers=forum["mod"])
    finally:
        stop()
    assert answer.status_code == 201, answer.json
    committed = max(i for i, s in enumerate(statements) if "INSERT INTO input_overlaps" in s)
    assert not any("input_overlaps" in s for s in statements[committed + 1:]), statements
    assert [o["input_id"] for o in answer.json["overlaps"]] == [road]
    read_back = client.get(f"/api/v1/events/{forum['slug']}/inputs/{answer.json['id']}", headers=forum["mod"]).json
    assert answer.json["overlaps"] == read_back["overlaps"]
