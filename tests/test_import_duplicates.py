"""The invitation import's preview flags likely duplicates, within the file and against people already
registered; a NIP already registered is that person (an update, not a second person); a row without a position
is an error naming it."""
import pytest

from forum.extensions import db
from forum.services import events, imports

pytestmark = pytest.mark.both_dbs


def row(line, **values):
    return {"line": line, "values": {"attendance": "luring", "position": "Kepala Seksi", **values}}


@pytest.fixture
def slug(app, make, backend):
    slug = make.event()
    make.participant(slug, name="Rahmat Hidayat", agency="Dinas PUPR", nip="197806152005011002",
                     email="rahmat@example.id")
    make.participant(slug, name="Drs. H. Ahmad Yani, M.Si.", agency="Bappeda", email="yani@example.id")
    return slug


def preview(app, slug, rows):
    with app.app_context():
        outcome = imports.classify(events.get_event(slug), rows)
        found = {r.line: r for r in outcome.rows}
        for r in found.values():
            r.participant = r.participant.name if r.participant else None
        db.session.rollback()
        return found


def test_likely_duplicates_are_flagged_in_the_preview(app, slug):
    rows = preview(app, slug, [
        row(2, name="Ahmad Yani", agency="BAPPEDA"),                      # registered with titles
        row(3, name="Siti Aminah, S.Pd.", agency="Dinas Pendidikan"),
        row(4, name="Hj. Siti Aminah", agency="Dinas Pendidikan"),        # line 3 again
        row(5, name="Siti Aminah", agency="BPBD"),                        # another Siti Aminah
    ])
    assert rows[2].status == "new" and "Drs. H. Ahmad Yani, M.Si." in rows[2].likely
    assert rows[3].likely == ""
    assert rows[4].status == "new" and "line 3" in rows[4].likely
    assert rows[5].likely == ""


def test_a_registered_nip_is_that_person(app, slug):
    rows = preview(app, slug, [row(2, name="R. Hidayat", agency="Dinas PUPR", nip="197806152005011002")])
    assert rows[2].status == "update" and rows[2].participant == "Rahmat Hidayat"


def test_a_row_without_a_position_is_an_error_naming_it(app, slug):
    rows = preview(app, slug, [row(2, name="Lukas Ahong", agency="Kecamatan Siding", position="")])
    assert rows[2].status == "error" and "position" in rows[2].errors


def test_the_preview_page_shows_the_flag(client, app, slug, login_as):
    import io

    login_as("organiser")
    csv = (b"Nama,Instansi,Jabatan,Kehadiran\n"
           b"Ahmad Yani,Bappeda,Kepala Bidang,luring\n")
    page = client.post(f"/admin/{slug}/import", data={"file": (io.BytesIO(csv), "undangan.csv")},
                       content_type="multipart/form-data")
    assert page.status_code == 200, page.status_code
    assert 'data-likely="2"' in page.text and "Likely already registered" in page.text
