"""A moderator marks a plan row and a live proposal the detector did not flag as the same work (issue 16: "linking
two items by hand"), and can undo it: the pair is shown with the row's flagged pairs ("marked the same by a
moderator"), kept when the detector computes the pairs again, recorded (the row's history, the audit log, a domain
event) and exported as a verdict "same" with when it was decided."""
from __future__ import annotations

import csv
import io
import re
import uuid

import pytest
from sqlalchemy import select

from forum import domain_events
from forum.domain_events import PlanPairLinked
from forum.extensions import db
from forum.models import AuditEntry, Input, PlanOverlap
from forum.models.plans import PlanHistory
from forum.services import events, overlap_labels, plan_overlaps
from tests.conftest import Factory
from tests.test_overlap_signature_version import boats, forum, propose  # noqa: F401 (the fixtures)
from tests.test_plans_decisions import url

BEACH = "Penataan kawasan wisata pantai Temajuk"  # not a jetty: the detector does not pair it with K2


@pytest.fixture
def linkable(app, client, make, boats):  # noqa: F811
    """The boats forum, a proposal the detector does not pair with the jetty row K2, and a moderator logged in."""
    proposal = propose(client, make, boats, "BPPD", BEACH)
    jetty = boats["items"]["K2"]["id"]
    assert proposal not in inputs_paired(client, boats, jetty)  # the detector did not flag them
    return {**boats, "proposal": proposal, "jetty": jetty, "staff": staff_client(app, "moderator")}


def staff_client(app, role: str):
    """A browser session of a new staff user of `role` (through the login form, with its token when CSRF is on)."""
    email = f"links-{uuid.uuid4().hex[:8]}@forum.example.id"
    Factory(app).user(role, email=email)
    client = app.test_client()
    form = {"email": email, "password": "correct horse battery"}
    if app.config.get("WTF_CSRF_ENABLED"):
        form["csrf_token"] = csrf_token(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data=form).status_code == 302
    return client


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def inputs_paired(client, where, item_id, headers=None) -> dict[int, dict]:
    body = client.get(url(where, item_id), headers=headers or where["mod"]).json
    return {o["input_id"]: o for o in body["overlaps"] if o.get("input_id")}


def mark(linkable, **form):
    data = {"row": linkable["jetty"], "proposal": linkable["proposal"], **form}
    return linkable["staff"].post(f"/admin/{linkable['slug']}/plans/links", data=data)


def manual_pairs(app, event_id: int) -> list[PlanOverlap]:
    with app.app_context():
        return list(db.session.scalars(select(PlanOverlap).where(PlanOverlap.event_id == event_id,
                                                                 PlanOverlap.linked_at.is_not(None))))


@pytest.fixture
def heard():
    """The PlanPairLinked events sent after their commit."""
    facts = []
    handler = domain_events.on(PlanPairLinked)(facts.append)
    yield facts
    domain_events._handlers[PlanPairLinked].remove(handler)  # noqa: SLF001


@pytest.mark.both_dbs
def test_a_moderator_marks_a_row_and_a_proposal_as_the_same_work(app, client, linkable, heard, backend):
    answer = mark(linkable)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"#plan-{linkable['jetty']}")
    pair = inputs_paired(client, linkable, linkable["jetty"])[linkable["proposal"]]
    assert pair["relation"] == "overlap" and pair["manual"] is True
    assert pair["reasons"][0] == "marked the same by a moderator"
    [stored] = manual_pairs(app, linkable["event_id"])
    with app.app_context():
        history = db.session.scalars(select(PlanHistory).where(PlanHistory.item_id == linkable["jetty"])).all()
        audited = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "plan.overlap_linked")).all()
    assert [h.changes for h in history if h.action == "overlap_linked"] == [
        {"overlap": stored.id, "input": linkable["proposal"]}]
    assert [(a.target_type, a.target_id, a.details.get("input")) for a in audited] == [
        ("PlanItem", linkable["jetty"], linkable["proposal"])]
    assert [(f.item_id, f.input_id, f.pair_id, f.linked) for f in heard] == [
        (linkable["jetty"], linkable["proposal"], stored.id, True)]
    assert mark(linkable).status_code == 302  # again: nothing changes
    assert len(manual_pairs(app, linkable["event_id"])) == 1 and len(heard) == 1


def test_the_reason_in_indonesian(client, linkable):
    mark(linkable)
    pair = inputs_paired(client, linkable, linkable["jetty"], {**linkable["mod"], "Accept-Language": "id"})
    assert pair[linkable["proposal"]]["reasons"][0] == "ditandai sama oleh moderator"


def test_the_view_shows_the_link_with_its_reason_and_undo(linkable):
    mark(linkable)
    page = linkable["staff"].get(f"/admin/{linkable['slug']}/plans/sync", headers={"Accept-Language": "en"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "marked the same by a moderator" in html and BEACH in html
    assert f"/plans/links/{manual_pairs_id(linkable)}/undo" in html


def manual_pairs_id(linkable) -> int:
    with linkable["staff"].application.app_context():
        return db.session.scalar(select(PlanOverlap.id).where(PlanOverlap.linked_at.is_not(None)))


@pytest.mark.both_dbs
def test_the_link_is_kept_when_the_detector_computes_the_pairs_again(app, client, linkable, backend):
    mark(linkable)
    [before] = manual_pairs(app, linkable["event_id"])
    changed = client.patch(url(linkable, linkable["jetty"]), headers=linkable["mod"], json={"status": "kept"})
    assert changed.status_code == 200, changed.json  # the row's own pairs computed again (plan_overlaps.refresh)
    with app.app_context():
        plan_overlaps.refresh_all(linkable["event_id"])
        plan_overlaps.refresh_rows(linkable["event_id"], [linkable["jetty"]])
        plan_overlaps.refresh_input(db.session.get(Input, linkable["proposal"]))
        db.session.commit()
        pairs = db.session.execute(select(PlanOverlap.id, PlanOverlap.linked_at).where(
            PlanOverlap.item_a_id == linkable["jetty"], PlanOverlap.input_id == linkable["proposal"])).all()
    assert [(p.id, p.linked_at) for p in pairs] == [(before.id, before.linked_at)]  # the same one, once
    assert inputs_paired(client, linkable, linkable["jetty"])[linkable["proposal"]]["manual"] is True


@pytest.mark.both_dbs
def test_a_moderator_undoes_the_link(app, client, linkable, heard, backend):
    mark(linkable)
    pair_id = manual_pairs_id(linkable)
    answer = linkable["staff"].post(f"/admin/{linkable['slug']}/plans/links/{pair_id}/undo",
                                    data={"item": linkable["jetty"]})
    assert answer.status_code == 302
    assert linkable["proposal"] not in inputs_paired(client, linkable, linkable["jetty"])
    assert manual_pairs(app, linkable["event_id"]) == []
    with app.app_context():
        actions = list(db.session.scalars(select(PlanHistory.action).where(PlanHistory.item_id == linkable["jetty"])))
        assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "plan.overlap_unlinked"))
    assert "overlap_unlinked" in actions
    assert [f.linked for f in heard] == [True, False]
    again = linkable["staff"].post(f"/admin/{linkable['slug']}/plans/links/{pair_id}/undo")
    assert again.status_code == 404


def test_a_detector_pair_cannot_be_undone_as_a_link(app, linkable):
    with app.app_context():
        detected = db.session.scalar(select(PlanOverlap.id).where(PlanOverlap.event_id == linkable["event_id"]))
    assert detected is not None
    answer = linkable["staff"].post(f"/admin/{linkable['slug']}/plans/links/{detected}/undo")
    assert answer.status_code == 404
    with app.app_context():
        assert db.session.get(PlanOverlap, detected) is not None


@pytest.mark.both_dbs
def test_the_labels_export_lists_the_link_with_its_decision_time(app, linkable, backend):
    mark(linkable)
    [stored] = manual_pairs(app, linkable["event_id"])
    with app.app_context():
        labelled = [p for p in overlap_labels.labelled_pairs(events.get_event(linkable["slug"]))
                    if p.source == "plan_linked"]
    assert [(p.label, p.a["id"], p.b["kind"], p.b["id"], p.decided_at) for p in labelled] == [
        ("same", linkable["jetty"], "input", linkable["proposal"], stored.linked_at)]
    organiser = staff_client(app, "organiser")
    exported = organiser.get(f"/events/{linkable['slug']}/exports/overlap-labels.csv")
    rows = [r for r in csv.DictReader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff")))
            if r["source"] == "plan_linked"]
    assert [(r["label"], r["a_id"], r["b_id"], r["decided_at"]) for r in rows] == [
        ("same", str(linkable["jetty"]), str(linkable["proposal"]),
         stored.linked_at.replace(microsecond=0).isoformat())]


@pytest.mark.parametrize("form, field, words", [
    ({"row": "abc"}, "row", "Plan row: give the number of a plan row"),
    ({"row": ""}, "row", "Plan row: give the number of a plan row"),
    ({"proposal": "0"}, "proposal", "Proposal: give the number of a live proposal"),
    ({"row": "999999"}, "row", "No plan row #999999 in this forum."),
    ({"proposal": "999999"}, "proposal", "No live proposal #999999 with a place in this forum."),
])
def test_bad_input_is_refused_naming_the_field(app, linkable, form, field, words):
    answer = mark(linkable, **form)
    assert answer.status_code == 422
    assert words in answer.get_data(as_text=True)
    assert manual_pairs(app, linkable["event_id"]) == []


def test_a_row_off_the_table_is_refused(client, linkable):
    dropped = client.patch(url(linkable, linkable["jetty"]), headers=linkable["mod"],
                           json={"status": "dropped", "note": "tidak jadi"})
    assert dropped.status_code == 200, dropped.json
    answer = mark(linkable)
    assert answer.status_code == 422 and "is no longer on the table" in answer.get_data(as_text=True)


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_form_needs_its_csrf_token(app, linkable):
    assert mark(linkable).status_code == 400
    assert manual_pairs(app, linkable["event_id"]) == []
    page = linkable["staff"].get(f"/admin/{linkable['slug']}/plans/sync").get_data(as_text=True)
    form = page[page.index("data-mark-same"):]
    assert mark(linkable, csrf_token=csrf_token(form)).status_code == 302
    assert len(manual_pairs(app, linkable["event_id"])) == 1


@pytest.mark.parametrize("role, allowed", [("checkin", False), ("moderator", True), ("organiser", True)])
def test_only_moderators_and_organisers_mark_pairs(app, linkable, role, allowed):
    answer = staff_client(app, role).post(f"/admin/{linkable['slug']}/plans/links",
                        data={"row": linkable["jetty"], "proposal": linkable["proposal"]})
    assert (answer.status_code == 302) is allowed
    assert len(manual_pairs(app, linkable["event_id"])) == (1 if allowed else 0)


@pytest.mark.both_dbs
def test_a_link_closed_by_a_decision_on_its_row_holds_again_when_the_row_is_back(app, client, linkable, backend):
    mark(linkable)
    [stored] = manual_pairs(app, linkable["event_id"])
    deferred = client.patch(url(linkable, linkable["jetty"]), headers=linkable["mod"],
                            json={"status": "deferred", "note": "tahun depan"})
    assert deferred.status_code == 200, deferred.json
    with app.app_context():
        assert db.session.get(PlanOverlap, stored.id).closed_by == "deferred"  # kept for the record, closed
    back = client.patch(url(linkable, linkable["jetty"]), headers=linkable["mod"], json={"status": "draft"})
    assert back.status_code == 200, back.json
    pair = inputs_paired(client, linkable, linkable["jetty"])[linkable["proposal"]]
    assert pair["id"] == stored.id and pair["manual"] is True
