"""What a client reads back is what the detector finds: a forum's first cut of the proposals a new one is compared
with (SQL, by place and by the "^" topics of the stored signatures) holds every proposal the detector's Index
would meet it with — the wholes a kind is part of and the words a short form may contract included — and the cut
is built for the item's own topics, not for another item's with the same broad heads."""
import pytest

from bench import overlap_api
from forum.services import overlap

LOCATION = {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}


@pytest.mark.both_dbs
def test_a_classroom_proposal_meets_the_schools_request_sent_after_it(client, make):
    slug = make.event()
    session, mod = make.live_session(slug)
    people = [make.participant(slug, name=n, agency=a) for n, a in (("Agus", "Dinas Pendidikan"), ("Maria", "DPMD"),
                                                                    ("Rini", "Dinas Kesehatan"))]

    def submit(person, title):
        answer = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/inputs", json={
            "kind": "proposal", "title": title, "location": LOCATION},
            headers={"Authorization": f"Bearer {person['access_token']}"})
        assert answer.status_code == 201, answer.json
        return answer.json["id"]

    # a school's proposal of the same broad heads first, so that a first cut built for it would be kept and reused
    submit(people[2], "Pembangunan pagar SD Negeri 3 Sebunga")
    rooms = submit(people[0], "Rehabilitasi ruang kelas SD Negeri 7 Sebunga")
    school = submit(people[1], "SD Negeri 7 Sebunga atapnya bocor dan lantai kelas berlubang, mohon direhab")
    listed = client.get(f"/api/v1/events/{slug}/inputs/{school}", headers=mod).json
    assert [o["input_id"] for o in listed["overlaps"]] == [rooms]


def test_a_signature_carries_the_topics_the_index_meets_it_under(app):
    with app.app_context():
        rooms = overlap.analysed(1, 1, [("Kabupaten Sambas", "Sajingan Besar", "Sebunga")],
                                 title="Rehabilitasi ruang kelas SD Negeri 7 Sebunga")
        text = overlap.signature("Rehabilitasi ruang kelas SD Negeri 7 Sebunga", regency="Kabupaten Sambas")
    met_under = overlap.topics(rooms.features, rooms.code)
    assert len(met_under) > len(rooms.roots)  # a whole beside its own broad head
    assert {token[1:] for token in text.split() if token.startswith("^")} == met_under
    assert text.split().index(f"^{min(rooms.roots)}") < min(
        text.split().index(f"^{topic}") for topic in met_under - rooms.roots)  # its own heads first


@pytest.mark.both_dbs
def test_a_development_set_sent_through_the_api_is_flagged_as_the_detectors_pool_flags_it(app):
    found, refused = overlap_api.through_api(app, "overlap_blind5.json")
    with app.app_context():
        pool = overlap_api.in_pool("overlap_blind5.json", codes=False)
    assert not refused and found == pool and len(found) > 300
