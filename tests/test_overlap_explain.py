"""Moderators ask why two proposals are (not) flagged; organisers export the moderators' verdicts on pairs as
labelled data (dismissed = not the same, merged = the same)."""
import csv
import io
import re

import pytest

from .conftest import login

SAJINGAN = {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}


@pytest.fixture
def forum(client, make):
    slug = make.event()
    session, mod = make.live_session(slug)
    people = {a: make.participant(slug, name=n, agency=a) for n, a in (("Agus", "Dinas PUPR"), ("Maria", "DPMD"),
                                                                       ("Rini", "Dispora"))}

    def submit(agency, title, **extra):
        answer = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/inputs", json={
            "kind": "proposal", "title": title, "location": SAJINGAN, **extra},
            headers={"Authorization": f"Bearer {people[agency]['access_token']}"})
        assert answer.status_code == 201, answer.json
        return answer.json["id"]

    ids = {"road": submit("Dinas PUPR", "Pembangunan jalan desa Sebunga"),
           "poros": submit("DPMD", "Peningkatan jalan poros desa Sebunga"),
           "football": submit("Dispora", "=Pembangunan lapangan sepak bola Sebunga"),
           "volley": submit("DPMD", "Pembuatan lapangan bola voli Sebunga")}
    return {"slug": slug, "mod": mod, "ids": ids, "org": make.headers("organiser")}


def explain(client, forum, a, b, headers=None, lang="en"):
    return client.get(f"/api/v1/events/{forum['slug']}/inputs/{forum['ids'][a]}/overlap-explain",
                      query_string={"with": forum["ids"][b]},
                      headers={**(forum["mod"] if headers is None else headers), "Accept-Language": lang})


def test_a_moderator_sees_why_a_pair_is_flagged(client, forum):
    answer = explain(client, forum, "poros", "road")
    assert answer.status_code == 200
    body = answer.json
    assert body["flagged"] and body["relation"] == "overlap" and body["score"] >= body["threshold"]
    assert body["place"] == "same_village" and body["kind"] == "same" and body["vetoes"] == []
    assert body["reasons"][:2] == ["Same village: Sebunga", "Same kind of work: roads"]
    assert body["stored_score"] == body["score"] and body["dismissed"] is False


def test_a_moderator_sees_why_a_pair_is_not_flagged_in_their_language(client, forum):
    body = explain(client, forum, "football", "volley").json
    assert not body["flagged"] and body["score"] == 0 and body["stored_score"] is None
    assert body["vetoes"] == ["different kinds of work: football fields / volleyball courts"]
    assert body["evidence_score"] > 0  # the evidence is there; the veto rules it out
    indonesian = explain(client, forum, "football", "volley", lang="id").json
    assert indonesian["vetoes"] == ["jenis pekerjaan berbeda: lapangan sepak bola / lapangan voli"]


def test_the_summary_says_the_verdict_and_its_scores_in_the_asked_language(client, forum):
    flagged = explain(client, forum, "poros", "road", lang="id").json["summary"]
    assert re.fullmatch(r"Ditandai: pekerjaan yang sama — skor \d,\d\d, perlu 0,60 \(desa yang sama; jenis pekerjaan "
                        r"yang sama; rumusan mirip \d+%\)", flagged), flagged
    vetoed = explain(client, forum, "football", "volley", lang="id").json["summary"]
    assert re.fullmatch(r"Tidak ditandai — skor 0,00, perlu 0,60 \(desa yang sama; jenis pekerjaan berbeda; "
                        r"rumusan mirip \d+%; \d,\d\d tanpa pengecualian\)", vetoed), vetoed
    english = explain(client, forum, "football", "volley", lang="en").json["summary"]
    assert english.startswith("Not flagged — score 0.00, 0.60 needed (the same village; different kinds of work; ")
    assert not re.search(r"same_village|\bsame\b|\boverlap\b", flagged + vetoed)


def test_the_page_language_asked_in_the_query_wins_over_the_browsers(client, forum):
    """The board's script sends `lang=` of the page: a moderator reading Indonesian in an English browser."""
    answer = client.get(f"/api/v1/events/{forum['slug']}/inputs/{forum['ids']['football']}/overlap-explain",
                        query_string={"with": forum["ids"]["volley"], "lang": "id"},
                        headers={**forum["mod"], "Accept-Language": "en-US,en;q=0.9"})
    assert answer.json["summary"].startswith("Tidak ditandai")
    assert answer.json["vetoes"] == ["jenis pekerjaan berbeda: lapangan sepak bola / lapangan voli"]


def test_a_dismissed_pair_says_so_in_the_summary(client, forum):
    slug, ids = forum["slug"], forum["ids"]
    client.post(f"/api/v1/events/{slug}/inputs/{ids['poros']}/overlaps/{ids['road']}/dismiss", headers=forum["mod"])
    assert explain(client, forum, "road", "poros", lang="id").json["summary"].endswith(" — diabaikan oleh moderator")
    assert explain(client, forum, "road", "poros").json["summary"].endswith(" — dismissed by a moderator")


def test_explaining_needs_a_moderator_and_the_other_id(client, forum, make):
    assert explain(client, forum, "poros", "road", headers={}).status_code == 401
    assert explain(client, forum, "poros", "road", headers=make.headers("checkin")).status_code == 403
    participant = make.participant(forum["slug"], name="Budi", agency="Bappeda")
    as_participant = {"Authorization": f"Bearer {participant['access_token']}"}
    assert explain(client, forum, "poros", "road", headers=as_participant).status_code in (401, 403)
    missing = client.get(f"/api/v1/events/{forum['slug']}/inputs/{forum['ids']['road']}/overlap-explain",
                         headers={**forum["mod"], "Accept-Language": "en"})
    assert missing.status_code == 422 and "with" in missing.json["error"]["fields"]
    unknown = client.get(f"/api/v1/events/{forum['slug']}/inputs/{forum['ids']['road']}/overlap-explain?with=99999",
                         headers=forum["mod"])
    assert unknown.status_code == 404


def test_the_moderators_verdicts_are_exported_as_labelled_pairs(app, client, forum, make):
    slug, ids = forum["slug"], forum["ids"]
    client.post(f"/api/v1/events/{slug}/inputs/{ids['poros']}/overlaps/{ids['road']}/dismiss", headers=forum["mod"])
    merged = client.patch(f"/api/v1/events/{slug}/inputs/{ids['volley']}", headers=forum["mod"],
                          json={"status": "merged", "merged_into": ids["football"]})
    assert merged.status_code == 200, merged.json
    login(client, app, "organiser")
    answer = client.get(f"/events/{slug}/exports/overlap-labels.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "no-store" in answer.headers["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    by_source = {r["source"]: r for r in rows}
    assert set(by_source) == {"dismissed", "merged"}
    dismissed, merge = by_source["dismissed"], by_source["merged"]
    assert dismissed["label"] == "not_same" and {dismissed["a_id"], dismissed["b_id"]} == {str(ids["road"]),
                                                                                         str(ids["poros"])}
    assert dismissed["detector_relation"] == "overlap"  # the detector disagreed: exactly what the labels show
    assert merge["label"] == "same" and merge["a_agency"] == "DPMD" and merge["b_agency"] == "Dispora"
    assert merge["b_title"].startswith("'=")  # formula-safe
    assert merge["a_village"] == "Sebunga"


def test_the_labels_export_is_for_organisers(app, client, forum):
    login(client, app, "moderator")
    assert client.get(f"/events/{forum['slug']}/exports/overlap-labels.csv").status_code == 403
