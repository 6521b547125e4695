"""The notulen: moderators write the gist per session and speaker, answer questions (submitted or from the
floor) and the conclusions; the organiser designates the note-taker; the document is assembled as PDF and Word
from that and the live data, and signed by the note-taker and the chair."""
import io

import pytest
from docx import Document
from docx.table import Table
from pypdf import PdfReader

from forum.extensions import db
from forum.models import Input, NoteEntry
from tests.conftest import login

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(app, client, make, backend):
    """Two sessions (the first with two speakers), a submitted question in the first, a chair in the minutes."""
    slug = make.event(title="Forum Perangkat Daerah BPPD 2022", venue="Hotel Aston, Pontianak")
    org = make.headers("organiser")
    speaker_a = make.participant(slug, name="Ir. Yosef Ngadi", agency="Bappeda", position="Kepala Bappeda")
    speaker_b = make.participant(slug, name="Maria Siregar", agency="DPMD", position="Kepala Bidang")
    notulis = make.participant(slug, name="Rina Handayani", agency="BPPD", position="Analis Perencanaan",
                               nip="198703152010012003")
    asker = make.participant(slug, name="Agus Santoso", agency="Dinas PUPR", position="Kepala Seksi")
    first = client.post(f"/api/v1/events/{slug}/sessions", headers=org, json={
        "title": "Paparan rancangan Renja", "starts_at": "2021-02-25T09:00", "ends_at": "2021-02-25T10:30",
        "speaker_ids": [speaker_a["id"], speaker_b["id"]]}).json
    second = client.post(f"/api/v1/events/{slug}/sessions", headers=org, json={
        "title": "Diskusi kelompok", "starts_at": "2021-02-25T11:00", "ends_at": "2021-02-25T12:00"}).json
    mod = make.headers("moderator")
    client.post(f"/api/v1/events/{slug}/sessions/{first['id']}/state", json={"state": "live", "input_open": True},
                headers=mod)
    question = client.post(f"/api/v1/events/{slug}/sessions/{first['id']}/inputs",
                           headers={"Authorization": f"Bearer {asker['access_token']}"},
                           json={"kind": "question", "title": "Kapan jalan Sebunga diaspal?"}).json
    client.patch(f"/api/v1/events/{slug}/minutes", headers=org,
                 json={"chair": "Drs. H. Ahmad Yani, M.Si.", "chair_position": "Kepala BPPD"})
    return {"slug": slug, "first": first, "second": second, "a": speaker_a, "b": speaker_b, "notulis": notulis,
            "question": question, "org": org}


def post(client, url, body):
    return client.post(url, json=body)


def base(forum):
    return f"/admin/{forum['slug']}/notes"


def write_everything(client, forum):
    """What a note-taker writes during the forum, through the page's JSON routes."""
    first, second = forum["first"]["id"], forum["second"]["id"]
    assert post(client, f"{base(forum)}/sessions/{first}/entries",
                {"text": "Moderator membuka sesi dan menjelaskan tata tertib."}).status_code == 200
    assert post(client, f"{base(forum)}/sessions/{first}/entries",
                {"speaker_id": forum["a"]["id"], "text": "Pagu indikatif naik 5 persen."}).status_code == 200
    assert post(client, f"{base(forum)}/sessions/{first}/entries",
                {"speaker_id": forum["b"]["id"], "text": "Dana desa diarahkan ke jalan usaha tani."}).status_code == 200
    assert post(client, f"{base(forum)}/sessions/{second}/entries",
                {"text": "Kelompok sepakat memprioritaskan jalan perbatasan."}).status_code == 200
    answer = post(client, f"{base(forum)}/questions/{forum['question']['id']}/answer",
                  {"answer": "Tahun anggaran 2023, setelah DED selesai.", "answered_by": "Kepala Bappeda",
                   "version": 0})
    assert answer.status_code == 200, answer.json
    floor = post(client, f"{base(forum)}/sessions/{second}/floor",
                 {"asker_name": "Hendrikus Nyangun", "asker_agency": "Kecamatan Sajingan Besar",
                  "question": "Apakah PLBN Aruk masuk prioritas?", "answer": "Ya, masuk prioritas provinsi.",
                  "answered_by": "Kepala BPPD"})
    assert floor.status_code == 200, floor.json
    conclusions = post(client, f"{base(forum)}/conclusions",
                       {"conclusions": "Renja disesuaikan dengan pagu.\nJalan perbatasan menjadi prioritas.",
                        "version": 0})
    assert conclusions.status_code == 200


# --- writing ----------------------------------------------------------------------------------

def test_a_moderator_writes_an_entry_and_sees_when_it_was_saved(app, client, forum):
    login(client, app, "moderator")
    saved = post(client, f"{base(forum)}/sessions/{forum['first']['id']}/entries",
                 {"speaker_id": forum["a"]["id"], "text": "  Pagu naik.  "})
    assert saved.status_code == 200
    body = saved.json
    assert body["version"] == 1 and body["saved_at"].endswith("WIB") and "overwritten" not in body
    changed = post(client, f"{base(forum)}/sessions/{forum['first']['id']}/entries",
                   {"id": body["id"], "text": "Pagu naik 5 persen.", "version": 1}).json
    assert changed["id"] == body["id"] and changed["version"] == 2
    with app.app_context():
        entry = db.session.get(NoteEntry, body["id"])
        assert entry.text == "Pagu naik 5 persen." and entry.speaker_id == forum["a"]["id"]


def test_two_moderators_last_write_wins_and_the_replaced_text_comes_back(app, client, forum):
    login(client, app, "moderator")
    url = f"{base(forum)}/sessions/{forum['first']['id']}/entries"
    first = post(client, url, {"text": "Versi pertama."}).json
    other = app.test_client()
    login(other, app, "moderator")
    assert post(other, url, {"id": first["id"], "text": "Versi rekan.", "version": 1}).json["version"] == 2
    mine = post(client, url, {"id": first["id"], "text": "Versi saya.", "version": 1}).json
    assert mine["version"] == 3
    assert mine["overwritten"]["values"] == {"text": "Versi rekan."}
    assert mine["overwritten"]["by"] == "Staff moderator" and mine["overwritten"]["at"].endswith("WIB")
    # Saving again over the version one has seen warns no more.
    assert "overwritten" not in post(client, url, {"id": first["id"], "text": "Versi saya, lagi.", "version": 3}).json


def test_the_speaker_must_be_one_of_the_sessions_speakers(app, client, forum):
    login(client, app, "moderator")
    refused = post(client, f"{base(forum)}/sessions/{forum['second']['id']}/entries",
                   {"speaker_id": forum["a"]["id"], "text": "x"})
    assert refused.status_code == 422 and "speaker_id" in refused.json["error"]["fields"]


def test_an_entry_of_another_session_or_forum_is_refused(app, client, make, forum):
    login(client, app, "moderator")
    made = post(client, f"{base(forum)}/sessions/{forum['first']['id']}/entries", {"text": "a"}).json
    moved = post(client, f"{base(forum)}/sessions/{forum['second']['id']}/entries", {"id": made["id"], "text": "b"})
    assert moved.status_code == 422 and "id" in moved.json["error"]["fields"]
    other = make.event()
    session = make.live_session(other)[0]
    foreign = post(client, f"/admin/{other}/notes/sessions/{session['id']}/entries", {"id": made["id"], "text": "c"})
    assert foreign.status_code == 422 and "id" in foreign.json["error"]["fields"]


@pytest.mark.parametrize("body, field", [
    ({"text": 5}, "text"), ({"text": "x" * 20_001}, "text"), ({"text": "x", "version": "1"}, "version"),
    ({"text": "x", "version": -1}, "version"), ({"text": "x", "id": "abc"}, "id")])
def test_bad_entries_are_refused_naming_the_field(app, client, forum, body, field):
    login(client, app, "moderator")
    refused = post(client, f"{base(forum)}/sessions/{forum['first']['id']}/entries", body)
    assert refused.status_code == 422 and field in refused.json["error"]["fields"]


def test_answering_a_submitted_question_marks_it_answered(app, client, forum):
    login(client, app, "moderator")
    url = f"{base(forum)}/questions/{forum['question']['id']}/answer"
    assert post(client, url, {"answer": "", "answered_by": "x"}).status_code == 200
    with app.app_context():
        assert db.session.get(Input, forum["question"]["id"]).answered is False
    answered = post(client, url, {"answer": "Tahun 2023.", "answered_by": "Kepala Bappeda", "version": 1})
    assert answered.status_code == 200
    with app.app_context():
        item = db.session.get(Input, forum["question"]["id"])
        assert item.answered is True and item.history[-1].changes == {"answered": [False, True]}


def test_only_questions_get_answers(app, client, make, forum):
    login(client, app, "moderator")
    person = make.participant(forum["slug"], agency="Dinas PUPR")
    proposal = app.test_client().post(f"/api/v1/events/{forum['slug']}/sessions/{forum['first']['id']}/inputs",
                           headers={"Authorization": f"Bearer {person['access_token']}"},
                           json={"kind": "comment", "title": "Setuju dengan paparan"}).json
    refused = post(client, f"{base(forum)}/questions/{proposal['id']}/answer", {"answer": "x"})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "not_a_question"
    assert post(client, f"{base(forum)}/questions/99999/answer", {"answer": "x"}).status_code == 404


def test_a_question_from_the_floor_needs_the_asker_and_the_question(app, client, forum):
    login(client, app, "moderator")
    url = f"{base(forum)}/sessions/{forum['second']['id']}/floor"
    refused = post(client, url, {"asker_name": " ", "question": ""})
    assert refused.status_code == 422
    assert set(refused.json["error"]["fields"]) == {"asker_name", "question"}
    made = post(client, url, {"asker_name": "Hendrikus", "question": "Bagaimana PLBN?"}).json
    removed = client.post(f"{base(forum)}/floor/{made['id']}/remove", json={})
    assert removed.status_code == 200
    assert client.post(f"{base(forum)}/floor/{made['id']}/remove", json={}).status_code == 422


def test_the_organiser_designates_the_notulis_among_the_participants(app, client, make, forum):
    login(client, app, "organiser")
    done = client.post(f"{base(forum)}/notulis", data={"notulis_id": str(forum["notulis"]["id"])})
    assert done.status_code == 303
    page = client.get(base(forum)).get_data(as_text=True)
    assert "Rina Handayani" in page and "198703152010012003" in page
    stranger = make.participant(make.event(), name="Orang Lain")
    client.post(f"{base(forum)}/notulis", data={"notulis_id": str(stranger["id"])}, follow_redirects=True)
    assert "Rina Handayani" in client.get(base(forum)).get_data(as_text=True)


def test_a_moderator_may_not_designate_the_notulis(app, client, forum):
    login(client, app, "moderator")
    assert client.post(f"{base(forum)}/notulis", data={"notulis_id": str(forum["notulis"]["id"])}).status_code == 403


def test_the_page_works_without_javascript(app, client, forum):
    """The forms post as forms and come back to the page with the text saved."""
    login(client, app, "moderator")
    sent = client.post(f"{base(forum)}/sessions/{forum['first']['id']}/entries",
                       data={"text": "Catatan tanpa JavaScript", "version": "0", "speaker_id": ""})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"#session-{forum['first']['id']}")
    assert "Catatan tanpa JavaScript" in client.get(base(forum)).get_data(as_text=True)


# --- who may ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role, status", [("checkin", 403), ("moderator", 200), ("organiser", 200)])
def test_the_notes_page_is_for_moderators(app, client, forum, role, status):
    login(client, app, role)
    assert client.get(base(forum)).status_code == status
    saved = post(client, f"{base(forum)}/sessions/{forum['first']['id']}/entries", {"text": "x"})
    assert saved.status_code == status


def test_anonymous_visitors_and_participants_cannot_write_notes(client, forum, make):
    url = f"{base(forum)}/sessions/{forum['first']['id']}/entries"
    assert client.get(base(forum)).status_code == 302  # to the login page
    assert post(client, url, {"text": "x"}).status_code == 302
    person = make.participant(forum["slug"])
    client.get(f"/p/{person['access_token']}")
    assert post(client, url, {"text": "x"}).status_code in (302, 403)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("role, status", [("checkin", 403), ("moderator", 200), ("organiser", 200)])
def test_the_notes_files_are_for_moderators(client, make, forum, fmt, role, status):
    url = f"/api/v1/events/{forum['slug']}/exports/notes.{fmt}"
    assert client.get(url, headers=make.headers(role)).status_code == status


def test_the_notes_files_refuse_anonymous_and_participants(app, client, make, forum):
    person = make.participant(forum["slug"])
    for fmt in ("pdf", "docx"):
        api = f"/api/v1/events/{forum['slug']}/exports/notes.{fmt}"
        assert client.get(api).status_code == 401
        assert client.get(api, headers={"Authorization": f"Bearer {person['access_token']}"}).status_code == 403
        page = f"/events/{forum['slug']}/exports/notes.{fmt}"
        assert app.test_client().get(page).status_code == 302
    browser = app.test_client()
    browser.get(f"/p/{person['access_token']}")
    assert browser.get(f"/events/{forum['slug']}/exports/notes.pdf").status_code == 403


def test_a_moderator_downloads_the_notes_in_the_browser(app, client, forum):
    login(client, app, "moderator")
    response = client.get(f"/events/{forum['slug']}/exports/notes.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(f"{forum['slug']}-notes.docx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert client.get(f"/events/{forum['slug']}/exports/notes.xlsx").status_code == 404


# --- the documents ----------------------------------------------------------------------------

@pytest.fixture
def written(app, client, forum):
    login(client, app, "organiser")
    client.post(f"{base(forum)}/notulis", data={"notulis_id": str(forum["notulis"]["id"])})
    write_everything(client, forum)
    return forum


def pdf_text(client, forum, lang="en") -> tuple[str, int]:
    response = client.get(f"/api/v1/events/{forum['slug']}/exports/notes.pdf",
                          query_string={"lang": lang} if lang else {}, headers=forum["org"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def docx_text(client, forum) -> str:
    response = client.get(f"/api/v1/events/{forum['slug']}/exports/notes.docx?lang=en", headers=forum["org"])
    assert response.status_code == 200
    parts = []
    for block in Document(io.BytesIO(response.data)).iter_inner_content():  # paragraphs and tables, in order
        if isinstance(block, Table):
            parts.extend(cell.text for row in block.rows for cell in row.cells)
        else:
            parts.append(block.text)
    return "\n".join(parts)


EXPECTED_IN_ORDER = [
    "NOTES OF THE MEETING", "Forum Perangkat Daerah BPPD 2022", "Hotel Aston, Pontianak",
    "Drs. H. Ahmad Yani, M.Si.", "Rina Handayani", "Paparan rancangan Renja", "Diskusi kelompok",
    "Moderator membuka sesi", "Ir. Yosef Ngadi", "Pagu indikatif naik 5 persen.", "Maria Siregar",
    "Dana desa diarahkan", "Agus Santoso", "Kapan jalan Sebunga diaspal?", "Kepala Bappeda",
    "Tahun anggaran 2023", "Kelompok sepakat", "Hendrikus Nyangun", "Kecamatan Sajingan Besar",
    "Apakah PLBN Aruk masuk prioritas?", "Ya, masuk prioritas provinsi.", "Conclusions",
    "Renja disesuaikan dengan pagu.", "Jalan perbatasan menjadi prioritas.", "Note-taker",
    "Rina Handayani", "198703152010012003", "Drs. H. Ahmad Yani, M.Si.",
]


def in_order(text: str, expected: list[str]) -> None:
    flat = " ".join(text.split())
    at = 0
    for piece in expected:
        found = flat.find(" ".join(piece.split()), at)
        assert found >= 0, f"{piece!r} missing after position {at}: …{flat[at:at + 300]}"
        at = found + len(piece)


def test_notes_pdf_has_sessions_speakers_questions_conclusions_and_signatures_in_order(client, written):
    text, pages = pdf_text(client, written)
    in_order(text, EXPECTED_IN_ORDER)
    assert "1. Tahun anggaran" not in text and "Answer (Kepala Bappeda): Tahun anggaran 2023" in " ".join(text.split())
    assert "(from the floor)" in text
    assert pages >= 1


def test_notes_docx_says_the_same(client, written):
    in_order(docx_text(client, written), EXPECTED_IN_ORDER)


def test_the_headcount_is_the_attendance_ledgers(app, client, make, written):
    client.post(f"/api/v1/events/{written['slug']}/checkins", headers=make.headers("checkin"),
                json={"code": make.participant(written["slug"])["checkin_code"]})
    text, _pages = pdf_text(client, written)
    assert "1 people (1 in person, 0 online)" in text


def test_questions_thrown_out_and_unanswered_are_not_in_the_record(app, client, make, written):
    mod, phone = make.headers("moderator"), app.test_client()
    person = make.participant(written["slug"], agency="Dinas Kesehatan")
    spam = phone.post(f"/api/v1/events/{written['slug']}/sessions/{written['first']['id']}/inputs",
                       headers={"Authorization": f"Bearer {person['access_token']}"},
                       json={"kind": "question", "title": "Iklan pinjaman online"}).json
    client.patch(f"/api/v1/events/{written['slug']}/inputs/{spam['id']}", headers=mod,
                 json={"status": "rejected", "note": "spam"})
    phone.post(f"/api/v1/events/{written['slug']}/sessions/{written['first']['id']}/inputs",
               headers={"Authorization": f"Bearer {person['access_token']}"},
               json={"kind": "question", "title": "Pertanyaan yang tidak sempat dijawab"})
    text, _pages = pdf_text(client, written)
    assert "Iklan pinjaman online" not in text and "tidak sempat dijawab" not in text


def test_an_empty_forum_gives_blank_lines_to_fill_in(client, make):
    slug = make.event()
    response = client.get(f"/api/v1/events/{slug}/exports/notes.pdf?lang=en", headers=make.headers("moderator"))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "The agenda has no sessions." in text and "No conclusions were recorded." in text
    assert "(....." in text and "NIP. ....." in text


def test_the_notes_are_in_indonesian_by_default(client, written):
    text, _pages = pdf_text(client, written, lang=None)
    assert "NOTULEN" in text and "Kesimpulan" in text and "Notulis" in text


def test_the_cli_writes_both_formats(app, runner, written, tmp_path):
    for fmt in ("pdf", "docx"):
        out = tmp_path / f"notulen.{fmt}"
        result = runner.invoke(args=["forum", "export", "notes", "--event", written["slug"], "--format", fmt,
                                     "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes()[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")
    result = runner.invoke(args=["forum", "export", "notes", "--event", written["slug"], "--format", "xlsx",
                                 "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code != 0
