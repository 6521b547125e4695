"""Issue 16 on the plans: a moderator asks, from the synchronisation view, why a plan row and another row or a
proposal are (not) flagged, and reads the detector's scores in their language; the moderators' verdicts on plan
rows (a dismissed pair of two rows or of a row and a proposal, a row merged into another) are in the labels
export with every text, code and place the detector reads (SQLite and PostgreSQL)."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from forum.extensions import db
from forum.models import PlanOverlap
from tests import test_plans_decisions
from tests.conftest import login
from tests.test_plans_decisions import pairs_of, url

forum = test_plans_decisions.forum  # the fixture: Dinas PUPR's and BPPD's Renja imported

pytestmark = pytest.mark.both_dbs

SEMANGET = {"regency": "Sanggau", "district": "Entikong", "village": "Semanget"}
RAW_CODES = re.compile(r"same_village|same_district|same_regency|same_unknown|\bsame\b|dismissed|overlap\b")


@pytest.fixture
def proposal(client, forum, make):
    """A live proposal of a third agency: the road of Semanget that both agencies' rows plan too."""
    session, _mod = make.live_session(forum["slug"])
    person = make.participant(forum["slug"], name="Maria", agency="DPMD")
    answer = client.post(f"/api/v1/events/{forum['slug']}/sessions/{session['id']}/inputs", json={
        "kind": "proposal", "title": "=Peningkatan jalan desa Semanget", "location": SEMANGET,
        "problem": "-jalan rusak berat", "program": "@Program Pemberdayaan Masyarakat Desa"},
        headers={"Authorization": f"Bearer {person['access_token']}"})
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def explain(client, forum, row, other, kind="row", lang="id"):
    return client.get(f"/admin/{forum['slug']}/plans/explain",
                      query_string={"row": row, "with": other, "other": kind, "lang": lang})


def answer_text(page) -> str:
    html = page.get_data(as_text=True)
    found = re.search(r'<div class="explain-answer" data-explain-result>(.*?)</div>', html, re.S)
    assert found, html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


# --- why (not) flagged, from the synchronisation view ----------------------------------------------------

def test_the_synchronisation_view_offers_the_question(client, forum, login_as, backend):
    login_as("moderator")
    page = client.get(f"/admin/{forum['slug']}/plans/sync?lang=id").get_data(as_text=True)
    assert f'action="/admin/{forum["slug"]}/plans/explain"' in page and "Mengapa (tidak) tumpang tindih?" in page


def test_a_moderator_reads_why_two_plan_rows_are_flagged_in_indonesian(client, forum, login_as, backend):
    login_as("moderator")
    items = forum["items"]
    page = explain(client, forum, items["P2"]["id"], items["B2"]["id"])
    assert page.status_code == 200
    text = answer_text(page)
    assert re.search(r"Ditandai: pekerjaan yang sama — skor \d,\d\d, perlu 0,\d\d \(desa yang sama; jenis pekerjaan "
                     r"yang sama; rumusan mirip \d+%; kode nomenklatur yang sama\)", text) is None  # codes differ
    assert re.search(r"Ditandai: pekerjaan yang sama — skor \d,\d\d, perlu 0,\d\d \(desa yang sama; "
                     r"jenis pekerjaan yang sama; rumusan mirip \d+%\)", text), text
    assert "Desa yang sama: Seman" in text and not RAW_CODES.search(text)


def test_a_moderator_reads_why_a_plan_row_and_a_proposal_are_or_are_not_flagged(client, forum, proposal,
                                                                                  login_as, backend):
    login_as("moderator")
    items = forum["items"]
    flagged = answer_text(explain(client, forum, items["B2"]["id"], proposal, kind="proposal"))
    assert flagged.startswith("✔ Ditandai: pekerjaan yang sama — skor ") and "Desa yang sama: Seman" in flagged
    drainage = answer_text(explain(client, forum, items["P3"]["id"], proposal, kind="proposal"))
    assert drainage.startswith("✘ Tidak ditandai — skor 0,00, perlu 0,") and not RAW_CODES.search(drainage)
    assert "lokasinya tidak bertemu" in drainage
    english = answer_text(explain(client, forum, items["P3"]["id"], proposal, kind="proposal", lang="en"))
    assert english.startswith("✘ Not flagged — score 0.00, 0.")


def test_a_dismissed_plan_pair_says_so(client, forum, login_as, backend):
    items = forum["items"]
    pair = pairs_of(items["P2"])[items["B2"]["id"]]
    assert client.post(f"{url(forum)}/overlaps/{pair['id']}/dismiss", headers=forum["mod"]).status_code == 200
    login_as("moderator")
    text = answer_text(explain(client, forum, items["B2"]["id"], items["P2"]["id"]))
    assert text.endswith("— diabaikan oleh moderator") or "— diabaikan oleh moderator" in text


def test_asking_about_a_row_of_no_such_number_says_so(client, forum, proposal, login_as, backend):
    login_as("moderator")
    page = explain(client, forum, 999_999, forum["items"]["B2"]["id"], lang="en")
    assert page.status_code == 404 and "No such plan row in this forum." in page.get_data(as_text=True)
    page = explain(client, forum, forum["items"]["B2"]["id"], "²", kind="proposal", lang="en")
    assert page.status_code == 404 and "No such input in this forum." in page.get_data(as_text=True)
    assert explain(client, forum, "", "").status_code == 200  # the form alone


# --- the labels export ------------------------------------------------------------------------------------

def exported(app, client, forum) -> list[dict]:
    login(client, app, "organiser")
    answer = client.get(f"/events/{forum['slug']}/exports/overlap-labels.csv")
    assert answer.status_code == 200
    return list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_moderators_verdicts_on_plan_rows_are_labelled_pairs(app, client, forum, proposal, backend):
    items = forum["items"]
    row_pair = pairs_of(items["P2"])[items["B2"]["id"]]
    input_pair = pairs_of(client.get(url(forum, items["B2"]["id"]), headers=forum["mod"]).json)[("input", proposal)]
    for pair in (row_pair, input_pair):
        assert client.post(f"{url(forum)}/overlaps/{pair['id']}/dismiss", headers=forum["mod"]).status_code == 200
    # a merge the detector never flagged: the moderator links two rows by hand
    merged = client.patch(url(forum, items["P3"]["id"]), headers=forum["mod"],
                          json={"status": "merged", "merged_into": items["B3"]["id"], "note": "satu paket"})
    assert merged.status_code == 200, merged.json

    with app.app_context():  # flagged long before the moderators met: the label's time is the dismissal's
        db.session.execute(update(PlanOverlap).values(created_at=datetime(2020, 1, 1, tzinfo=UTC)))
        db.session.commit()

    rows = exported(app, client, forum)
    assert not any(r["decided_at"].startswith("2020-") for r in rows)
    by_pair = {(r["source"], r["a_kind"], r["a_id"], r["b_kind"], r["b_id"]): r for r in rows}
    two_rows = by_pair[("plan_dismissed", "plan_row", str(items["P2"]["id"]), "plan_row", str(items["B2"]["id"]))]
    assert two_rows["label"] == "not_same" and two_rows["detector_relation"] == "overlap"
    assert (two_rows["a_code"], two_rows["b_code"]) == ("1.03.10.2.01.0005", "7.01.01.2.01.0002")
    assert (two_rows["a_title"], two_rows["a_activity"]) == ("Peningkatan Jalan Entikong", "Jalan")
    [(regency, district, village)] = json.loads(two_rows["a_places"])  # as stored: the official names
    assert (regency, district, village) == (two_rows["a_regency"], "Entikong", two_rows["a_village"])
    assert "Sanggau" in regency and "Semanget" in village

    with_proposal = by_pair[("plan_dismissed", "plan_row", str(items["B2"]["id"]), "input", str(proposal))]
    assert with_proposal["label"] == "not_same" and with_proposal["detector_relation"] == "overlap"
    assert with_proposal["b_agency"] == "DPMD" and "Semanget" in with_proposal["b_village"]
    # formula-safe, as every CSV export: = + - @ get a leading '
    assert with_proposal["b_title"] == "'=Peningkatan jalan desa Semanget"
    assert with_proposal["b_problem"] == "'-jalan rusak berat"
    assert with_proposal["b_program"] == "'@Program Pemberdayaan Masyarakat Desa"

    merge = by_pair[("plan_merged", "plan_row", str(items["P3"]["id"]), "plan_row", str(items["B3"]["id"]))]
    assert merge["label"] == "same" and merge["detector_relation"] == "none" and merge["detector_score"] == "0.0"
    assert merge["a_agency"] == "Dinas Pekerjaan Umum dan Penataan Ruang" and merge["b_title"].startswith("Pelatihan")
    [(regency, district, village)] = json.loads(merge["a_places"])  # the whole regency
    assert "Kapuas Hulu" in regency and (district, village) == ("", "")
