"""The demo forum's people make sense as a newcomer reads them, and it shows the curated agency list at work:
aliases, one unverified agency waiting to be mapped, one duplicate merged by the organisers."""
from sqlalchemy import select

from forum.extensions import db
from forum.models import Agency, AgencyAlias, AuditEntry, Event, Participant


def test_demo_positions_fit_their_agencies_and_the_list_shows_its_curation(app, runner):
    assert runner.invoke(args=["forum", "demo"]).exit_code == 0
    assert runner.invoke(args=["forum", "demo"]).exit_code == 0  # the second load adds nothing
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "forum-opd-bppd-2022"))
        people = db.session.scalars(select(Participant).where(Participant.event_id == event.id)).all()
        pairs = [(p.position, p.agency.name, p.agency.kind) for p in people]
        assert pairs
        for position, agency, kind in pairs:
            if position.startswith(("Camat", "Sekretaris Camat")):
                assert kind == "kecamatan", (position, agency)
            if "Komisi I" in position:
                assert kind == "dprd", (position, agency)
            if position == "Kepala Dinas":
                assert agency.startswith("Dinas"), (position, agency)
            if kind == "kecamatan":
                assert position.startswith(("Camat", "Sekretaris Camat", "Kepala Seksi")), (position, agency)
        assert sum(position == "Camat" for position, _, _ in pairs) == 8  # one per border sub-district listed

        unverified = db.session.scalars(select(Agency).where(Agency.event_id == event.id, ~Agency.verified)).all()
        assert [a.name for a in unverified] == ["Dishub Kalbar"]
        assert {a.name for a in db.session.scalars(select(AgencyAlias))} >= {"Dinas Kesehatan Prov. Kalbar"}
        merged = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "participant.merged")).all()
        assert len(merged) == 1
        kept = db.session.get(Participant, merged[0].details["kept_id"])
        assert merged[0].details["merged_name"] == f"{kept.name}, S.Sos."
        assert db.session.get(Participant, merged[0].details["merged_id"]) is None
        assert not any(p.name.endswith(", S.Sos.") for p in people)
