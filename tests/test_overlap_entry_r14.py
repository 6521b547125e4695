"""Every way an input comes into a forum gives the overlap detector its place (`place_*`: its location, or the one place
its texts name): a proposal a facilitator enters for a walk-in and the demo forum's proposals are made, as the API's
are, by `inputs.submit`, which reads it; no other code makes an input row."""
import re
from pathlib import Path

from sqlalchemy import select

from forum.extensions import db
from forum.models import Input
from tests.conftest import login
from tests.test_moderation_pages import entry_form, forum, forum_input, submit  # noqa: F401 (the fixture)

FORUM_CODE = Path(__file__).resolve().parent.parent / "forum"
MADE = re.compile(r"(?<!class )(?<![\w.])Input\(|Input\.__table__\.insert|insert\(Input\b")


def test_only_submit_makes_an_input_row():
    makers = {str(path.relative_to(FORUM_CODE)) for path in FORUM_CODE.rglob("*.py")
              if MADE.search(path.read_text(encoding="utf-8"))}
    assert makers == {"services/inputs.py"}
    source = (FORUM_CODE / "services" / "inputs.py").read_text(encoding="utf-8")
    assert source.count("item = Input(") == 1 and "    _read(item)\n" in source  # submit reads the place it makes


def test_a_walk_in_s_proposal_entered_without_a_location_is_placed_by_its_text(app, client, forum):  # noqa: F811
    road = submit(client, forum, forum["dpmd"], title="Peningkatan jalan poros desa Sebunga")
    login(client, app, "moderator")
    response = client.post(f"/admin/{forum['slug']}/inputs/new", data=entry_form(
        forum, agency="Pemerintah Desa Sebunga", title="Warga minta jalan poros Desa Sebunga diaspal",
        regency="", district="", village=""))
    assert response.status_code == 303
    with app.app_context():
        walk_in = db.session.scalar(select(Input).where(Input.id != road["id"]))
        assert (walk_in.regency, walk_in.place_regency, walk_in.place_village) == ("", "Kabupaten Sambas", "Sebunga")
    assert [o["input_id"] for o in forum_input(client, forum, walk_in.id)["overlaps"]] == [road["id"]]


def test_the_demo_forum_s_proposals_are_placed(app, runner):
    assert runner.invoke(args=["forum", "demo"]).exit_code == 0
    with app.app_context():
        proposals = db.session.scalars(select(Input).where(Input.kind == "proposal")).all()
        assert proposals and all(
            (p.place_regency, p.place_district, p.place_village) == (p.regency, p.district, p.village)
            for p in proposals)
