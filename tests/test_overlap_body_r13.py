"""A proposal's description — the contract's `body`, what a participant types under the title — is read by the
overlap detector as its problem is (its words), and it names the kind of work when the title does not; a
moderator's change to it reads the proposal again."""
from forum.services import overlap

PLACE = [("Kabupaten Sambas", "Sajingan Besar", "Sebunga")]
LOCATION = {"regency": "Sambas", "district": "Sajingan Besar", "village": "Sebunga"}
BRIDGE = "Jembatan gantung di Dusun Sebunga putus diterjang banjir, anak sekolah menyeberang pakai sampan."


def test_a_vague_title_takes_its_kind_of_work_from_the_description(app):
    with app.app_context():
        bare = overlap.analysed(1, 1, PLACE, title="Usulan prioritas Desa Sebunga")
        described = overlap.analysed(1, 1, PLACE, title="Usulan prioritas Desa Sebunga", body=BRIDGE)
        titled = overlap.analysed(1, 1, PLACE, title="Rehab Puskesmas Pembantu Sebunga", body=BRIDGE)
    assert not bare.features.kinds and described.features.kinds == {"bridge"}
    assert "gantung" in described.features.words and "gantung" not in bare.features.words
    assert "bridge" not in titled.features.kinds  # a title that names its work keeps it; the body only adds words


def test_the_description_is_what_tells_two_vague_titles_apart_or_together(app):
    with app.app_context():
        first = overlap.analysed(1, 1, PLACE, title="Usulan Musrenbang Desa Sebunga", body=BRIDGE)
        same = overlap.analysed(2, 2, PLACE, title="Usulan prioritas Desa Sebunga",
                                body="Mohon jembatan gantung Sebunga yang putus dibangun kembali.")
        other = overlap.analysed(3, 3, PLACE, title="Usulan prioritas Desa Sebunga",
                                 body="Posyandu kami menumpang di rumah kader, mohon dibangunkan gedung posyandu.")
        found = overlap.score(first, same)
    assert found.relation == "overlap" and {"code": "kind", "kinds": ["bridge"], "general": False} in found.reasons
    assert overlap.score(first, other).relation is None and overlap.score(same, other).relation is None


def test_an_api_clients_descriptions_flag_the_pair_and_an_edit_of_one_reads_it_again(client, make):
    slug = make.event()
    session, mod = make.live_session(slug)
    people = [make.participant(slug, name=n, agency=a) for n, a in (("Agus", "Dinas PUPR"), ("Maria", "DPMD"),
                                                                    ("Rini", "Dinas Kesehatan"))]

    def submit(person, title, body):
        return client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/inputs", json={
            "kind": "proposal", "title": title, "body": body, "location": LOCATION},
            headers={"Authorization": f"Bearer {person['access_token']}"}).json

    def overlaps(input_id):
        return [o["input_id"] for o in client.get(f"/api/v1/events/{slug}/inputs/{input_id}", headers=mod).json[
            "overlaps"]]

    first = submit(people[0], "Usulan prioritas Desa Sebunga", BRIDGE)
    health = submit(people[2], "Usulan prioritas Desa Sebunga", "Gedung posyandu, selama ini menumpang di rumah kader.")
    second = submit(people[1], "Usulan Musrenbang Desa Sebunga",
                    "Mohon jembatan gantung Sebunga yang putus dibangun kembali.")
    assert overlaps(second["id"]) == [first["id"]] and overlaps(health["id"]) == []

    edited = client.patch(f"/api/v1/events/{slug}/inputs/{health['id']}", headers=mod, json={
        "status": "accepted", "changes": {"body": "Jembatan gantung Sebunga putus, perlu dibangun ulang."}})
    assert edited.status_code == 200, edited.json
    assert sorted(overlaps(health["id"])) == sorted([first["id"], second["id"]])
