"""The official documents as their readers' tools see them: the kop surat (logo checks, on every document),
the daftar hadir and the berita acara read with pypdf (text and positions), the berita acara's Word file
read with python-docx, A4 and F4, the signatories chosen by the organisers."""
import io
from datetime import UTC, datetime, timedelta

import docx
import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from forum.documents.attendance import attendance_pdf
from forum.documents.base import ExportOptions
from forum.extensions import db
from forum.models import Agency, Checkin, Input, Letterhead, OnlinePresence, Participant, Session, Signatory
from forum.models.notes import NoteEntry, NoteQuestion
from forum.services import events, letterhead, minutes, notes, signatories, tickets
from tests.conftest import login

T0 = datetime(2021, 2, 25, 1, 0, tzinfo=UTC)  # 08.00 WIB
KOP = ["PEMERINTAH PROVINSI KALIMANTAN BARAT", "BADAN PENGELOLA PERBATASAN DAERAH",
       "Jalan Ahmad Yani, Pontianak 78124 · Telepon (0561) 000000", "Pos-el bppd@contoh.go.id"]
EVIL_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"
     onload="alert(1)"><script>alert(1)</script>
  <image xlink:href="file:///etc/passwd" width="100" height="100"/>
  <a xlink:href="javascript:alert(1)"><rect width="10" height="10"/></a>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
  <rect x="5" y="5" width="90" height="90" fill="#1f5f3a" style="fill:url(http://evil.example/x);stroke:#000"/>
  <circle cx="50" cy="50" r="30" fill="url(#g)" onclick="x()"/>
</svg>"""


def t(app, msgid: str, **values) -> str:
    with app.test_request_context(), force_locale("id"):
        return _(msgid, **values)


def png_bytes(size=(120, 140), color=(30, 95, 58)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def pdf_pages(data: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def positions(page) -> list[tuple[float, str]]:
    """(y, text) of every text piece on a page, top first."""
    found = []

    def visit(text, cm, tm, _font, _size):  # the text matrix times the current matrix: the page's y
        if text.strip():
            found.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text))

    page.extract_text(visitor_text=visit)
    return sorted(found, key=lambda item: -item[0])


def set_kop(app, slug, logo: bytes | None = None, place="Pontianak"):
    with app.app_context():
        event = events.get_event(slug)
        letterhead.update(event, {"lines": KOP, "place": place})
        if logo is not None:
            from werkzeug.datastructures import FileStorage

            letterhead.set_logo(event, FileStorage(io.BytesIO(logo), filename="logo.png"))
        db.session.commit()


def people(app, slug, in_person: int, online: int, absent: int) -> dict[str, int]:
    """Participants checked in, online for 45 minutes, and registered but absent; their ids by name."""
    ids = {}
    with app.app_context():
        event = events.get_event(slug)
        agency = Agency(event_id=event.id, name="Bappeda", short_name="Bappeda", kind="provincial_opd")
        db.session.add(agency)
        db.session.flush()
        for kind, count in (("Hadir", in_person), ("Daring", online), ("Absen", absent)):
            for n in range(count):
                p = Participant(event_id=event.id, name=f"{kind} {n:03d}", agency_id=agency.id, position="Analis",
                                nip=f"19800101200501{len(ids):04d}",  # one person's NIP, never another's
                                attendance="online" if kind == "Daring" else "in_person",
                                access_token=tickets.new_access_token(), checkin_code=tickets.new_checkin_code())
                db.session.add(p)
                db.session.flush()
                ids[p.name] = p.id
                if kind == "Hadir":
                    db.session.add(Checkin(event_id=event.id, participant_id=p.id, checked_in_at=T0, desk="Meja 1"))
                elif kind == "Daring":
                    db.session.add(OnlinePresence(event_id=event.id, participant_id=p.id, connection_id=f"c{n}",
                                                  joined_at=T0 + timedelta(minutes=10),
                                                  left_at=T0 + timedelta(minutes=55)))
        db.session.commit()
    return ids


# --- the logo: checked like any upload ----------------------------------------------------------

def test_an_svg_logo_loses_scripts_and_external_references_and_is_stored_as_a_png(app):
    with app.app_context():
        cleaned = letterhead.sanitise_svg(EVIL_SVG.decode())
        tags = {element.tag.split("}")[-1] for element in cleaned.iter()}
        assert tags == {"svg", "rect", "circle"}
        attributes = {name for element in cleaned.iter() for name in element.attrib}
        assert not any(name.startswith("on") or "href" in name for name in attributes)
        assert "evil" not in "".join(v for element in cleaned.iter() for v in element.attrib.values())
        png = letterhead.logo_png(EVIL_SVG)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and max(image.size) == letterhead.MAX_LOGO_PIXELS


@pytest.mark.parametrize(("content", "name", "status", "code"), [
    (b"<html><script>alert(1)</script></html>", "logo.png", 415, "unsupported_type"),  # the name is not trusted
    (b"%PDF-1.7 not an image", "logo.svg", 415, "unsupported_type"),
    (b"\x89PNG\r\n\x1a\n" + b"broken", "logo.png", 422, "invalid"),
    (b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
     "logo.svg", 422, "invalid"),
    (b"\xff\xd8\xff" + b"0" * (3 * 1024 * 1024), "big.jpg", 413, "too_large"),
    (png_bytes((800, 100)), "banner.png", 422, "invalid"),  # far wider than tall
])
def test_a_bad_logo_is_refused_on_the_page_naming_the_field(client, app, make, login_as, content, name, status, code):
    slug = make.event()
    login_as("organiser")
    response = client.post(f"/admin/{slug}/documents", content_type="multipart/form-data",
                           data={"line1": "PEMERINTAH", "logo": (io.BytesIO(content), name)})
    assert response.status_code == status
    assert b"field-error" in response.data or b"flash-error" in response.data
    with app.app_context():
        stored = db.session.scalar(select(Letterhead))
        assert stored is None or stored.logo_png is None  # all or nothing: the lines were not kept either


def test_the_documents_page_saves_the_kop_and_shows_its_preview(client, app, make, login_as):
    slug = make.event()
    moderator = app.test_client()
    login(moderator, app, "moderator")
    assert moderator.get(f"/admin/{slug}/documents").status_code == 403
    login_as("organiser")
    page = client.get(f"/admin/{slug}/documents")
    assert page.status_code == 200 and b"data-busy" in page.data and b"js/documents." in page.data
    response = client.post(f"/admin/{slug}/documents", data={
        "line1": KOP[0], "line2": KOP[1], "line3": KOP[2], "line4": KOP[3], "place": "Pontianak",
        "logo": (io.BytesIO(png_bytes()), "lambang.jpeg")}, content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get(f"/admin/{slug}/documents").get_data(as_text=True)
    assert KOP[1] in page and "logo.png" in page
    logo = client.get(f"/admin/{slug}/documents/logo.png")
    assert logo.status_code == 200 and logo.mimetype == "image/png" and logo.data.startswith(b"\x89PNG")
    with app.app_context():
        stored = db.session.scalar(select(Letterhead))
        assert stored.lines == KOP and stored.place == "Pontianak"


# --- the daftar hadir -----------------------------------------------------------------------------

def test_attendance_pdf_marks_only_who_came_and_gives_online_rows_no_signature_column(client, app, make, login_as):
    slug = make.event()
    set_kop(app, slug, png_bytes())
    ids = people(app, slug, in_person=2, online=2, absent=2)
    with app.app_context():
        event = events.get_event(slug)
        minutes.update(event, {"chair": "Dr. H. Suhardi, M.Si.", "chair_position": "Kepala BPPD",
                               "chair_nip": "196512311990031001"})
        db.session.commit()
    login_as("organiser")
    response = client.get(f"/events/{slug}/exports/attendance.pdf")
    assert response.status_code == 200
    reader, pages = pdf_pages(response.data)
    assert len(reader.pages) == 1
    text = pages[0]
    assert all(line in text for line in KOP) and reader.pages[0].images  # the kop with its logo
    page = positions(reader.pages[0])

    def row(name: str) -> list[str]:  # the texts on the name's line of the table
        y = next(y for y, text in page if text.strip() == name)
        return [text.strip() for yy, text in page if abs(yy - y) < 2]

    in_person, online = t(app, "In person"), t(app, "Online")
    for name in ("Absen 000", "Absen 001"):
        assert in_person not in row(name) and online not in row(name) and "—" in row(name)  # not marked present
    assert all(in_person in row(name) and "08.00 WIB" in row(name) for name in ("Hadir 000", "Hadir 001"))
    assert all(online in row(name) and "08.10 WIB" in row(name) for name in ("Daring 000", "Daring 001"))
    assert "45 menit" in text or "45 minutes" in text  # the online minutes
    online_heading = t(app, "B. Participants online")
    before, after = text.split(online_heading)
    assert t(app, "Signature") in before and t(app, "Signature") not in after
    assert "Pontianak, 25 Februari 2021" in after and "Dr. H. Suhardi, M.Si." in after
    assert "196512311990031001" in after and "Kepala BPPD" in after
    assert len(ids) == 6


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_no_section_heading_is_left_alone_at_the_foot_of_a_page(app, make, paper):
    """However many people come in person, the online section's heading shares its page with its first row."""
    size = {"a4": (210, 297), "f4": (215, 330)}[paper]  # millimetres
    for in_person in range(14, 40, 2):
        slug = make.event()
        people(app, slug, in_person=in_person, online=3, absent=0)
        out = io.BytesIO()
        with app.test_request_context(), force_locale("id"):
            attendance_pdf(events.get_event(slug), out, ExportOptions(paper=paper))
            heading = _("B. Participants online")
        reader = PdfReader(io.BytesIO(out.getvalue()))
        box = reader.pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == size
        for page in reader.pages:
            pieces = positions(page)
            tops = [y for y, text in pieces if heading in text]
            if tops:
                below = [text for y, text in pieces if y < tops[0]]
                assert any("Daring 000" in text for text in below), (in_person, paper)


# --- the berita acara ---------------------------------------------------------------------------

def _agreed_with_partner(app, slug) -> None:
    """An agreed road (PUPR) with DPMD's merged duplicate, and three chosen signatories."""
    with app.app_context():
        event = events.get_event(slug)
        pupr = Agency(event_id=event.id, name="Dinas PUPR", kind="provincial_opd")
        dpmd = Agency(event_id=event.id, name="DPMD", kind="provincial_opd")
        session = Session(event_id=event.id, title="Diskusi", starts_at=T0, ends_at=T0 + timedelta(hours=2))
        db.session.add_all([pupr, dpmd, session])
        db.session.flush()
        road = Input(event_id=event.id, session_id=session.id, kind="proposal", agency_id=pupr.id,
                     title="Jalan poros desa Sebunga", program="Program Penyelenggaraan Jalan",
                     activity="Pembangunan jalan desa", village="Sebunga", target="5 km", budget=1_500_000_000,
                     status="accepted", created_at=T0)
        db.session.add(road)
        db.session.flush()
        db.session.add(Input(event_id=event.id, session_id=session.id, kind="proposal", agency_id=dpmd.id,
                             title="Peningkatan jalan Sebunga", status="merged", merged_into_id=road.id,
                             created_at=T0))
        minutes.update(event, {"chair": "Dr. H. Suhardi", "chair_position": "Kepala BPPD",
                               "chair_nip": "196512311990031001", "number": "050/12/BPPD"})
        chosen = [db.session.scalar(select(Participant.id).where(Participant.name == name))
                  for name in ("Hadir 002", "Daring 001", "Hadir 000")]
        signatories.set_signatories(event, chosen)
        db.session.commit()


def test_minutes_pdf_has_the_kop_one_headcount_co_proposers_and_the_chosen_signatories_in_order(
        client, app, make, login_as):
    slug = make.event()
    set_kop(app, slug, png_bytes())
    people(app, slug, in_person=3, online=2, absent=4)
    _agreed_with_partner(app, slug)
    login_as("organiser")
    reader, pages = pdf_pages(client.get(f"/events/{slug}/exports/minutes.pdf").data)
    assert all(line in pages[0] for line in KOP) and reader.pages[0].images
    headcount = t(app, "%(total)d people (%(in_person)d in person, %(online)d online); see attachment I",
                  total=5, in_person=3, online=2)
    assert headcount in " ".join(pages[0].split())
    annex = " ".join(next(p for p in pages if t(app, "ATTACHMENT I: ATTENDANCE") in p).split())
    assert f"{t(app, 'Present in person')} 3" in annex and f"{t(app, 'Present online')} 2" in annex
    assert f"{t(app, 'Present')} 5" in annex
    flat = " ".join(" ".join(pages).split())
    assert "Jalan poros desa Sebunga" in flat  # the agreed item by its title as well
    assert "Program Penyelenggaraan Jalan: Pembangunan jalan desa (Jalan poros desa Sebunga)" in flat  # as point
    assert t(app, "with %(names)s", names="DPMD") in flat  # the co-proposer
    signing = next(n for n, p in enumerate(pages) if t(app, "Representatives of the participants") in p)
    page = pages[signing]
    order = [page.index(name) for name in ("Hadir 002", "Daring 001", "Hadir 000")]
    assert order == sorted(order)  # the organiser's order, on the heading's page
    assert "NIP. 196512311990031001" in flat and "Pontianak, 25 Februari 2021" in flat


def test_attachment_ii_keeps_every_amount_and_the_total_on_one_line(client, app, make):
    """Hundreds of billions of rupiah in the budget column (the column's heading says Rp) and in the bold
    total: no figure is broken across two lines of its cell, on A4 or F4."""
    slug = make.event()
    people(app, slug, in_person=3, online=2, absent=0)
    _agreed_with_partner(app, slug)
    with app.app_context():
        event = events.get_event(slug)
        road = db.session.scalar(select(Input).where(Input.status == "accepted"))
        db.session.add(Input(event_id=event.id, session_id=road.session_id, kind="proposal",
                             agency_id=road.agency_id, title="Jalan perbatasan Aruk", program=road.program,
                             activity="Peningkatan jalan provinsi", budget=897_000_000_000, status="accepted",
                             created_at=T0))
        db.session.commit()
    for paper in ("a4", "f4"):
        data = client.get(f"/api/v1/events/{slug}/exports/minutes.pdf?paper={paper}", headers=make.headers()).data
        reader, pages = pdf_pages(data)
        annex = next(n for n, p in enumerate(pages) if t(app, "ATTACHMENT II: AGREED PROGRAMMES") in p)
        pieces = [text.strip() for _y, text in positions(reader.pages[annex])]
        for figure in ("1.500.000.000", "897.000.000.000", "898.500.000.000"):  # the two items and the total
            assert figure in pieces, (paper, figure, " | ".join(pieces))


def test_minutes_docx_has_the_same_content_with_the_kop_in_its_header(client, app, make):
    slug = make.event()
    set_kop(app, slug, png_bytes())
    people(app, slug, in_person=3, online=2, absent=1)
    _agreed_with_partner(app, slug)
    headers = make.headers("organiser")
    response = client.get(f"/api/v1/events/{slug}/exports/minutes.docx?paper=f4", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = docx.Document(io.BytesIO(response.data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (215, 330)
    header = section.first_page_header
    kop_text = "\n".join(cell.text for table in header.tables for cell in table.rows[0].cells)
    assert all(line in kop_text for line in KOP)
    assert any(rel.reltype.endswith("/image") for rel in header.part.rels.values())  # the logo
    paragraphs = [p.text for p in document.paragraphs]
    assert t(app, "MINUTES OF AGREEMENT") in paragraphs
    assert t(app, "Number: %(number)s", number="050/12/BPPD") in paragraphs
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    flat = "\n".join("\t".join(row) for row in cells)
    assert "Jalan poros desa Sebunga" in flat and t(app, "with %(names)s", names="DPMD") in flat
    assert t(app, "%(total)d people (%(in_person)d in person, %(online)d online); see attachment I",
             total=5, in_person=3, online=2) in flat
    names = [row[1].split("\n")[0] for row in cells if row[1].startswith(("Hadir", "Daring"))]
    assert names == ["Hadir 002", "Daring 001", "Hadir 000"]
    assert "Dr. H. Suhardi" in flat and "196512311990031001" in flat
    a4 = docx.Document(io.BytesIO(client.get(f"/api/v1/events/{slug}/exports/minutes.docx", headers=headers).data))
    assert (round(a4.sections[0].page_width.mm), round(a4.sections[0].page_height.mm)) == (210, 297)


def test_the_notes_carry_the_kop_in_the_pdf_and_in_the_word_files_first_header(client, app, make):
    slug = make.event()
    set_kop(app, slug, png_bytes())
    headers = make.headers("moderator")
    reader, pages = pdf_pages(client.get(f"/api/v1/events/{slug}/exports/notes.pdf", headers=headers).data)
    assert all(line in pages[0] for line in KOP) and reader.pages[0].images
    assert pages[0].index(KOP[0]) < pages[0].index(t(app, "NOTES OF THE MEETING"))
    document = docx.Document(io.BytesIO(client.get(f"/api/v1/events/{slug}/exports/notes.docx", headers=headers).data))
    header = document.sections[0].first_page_header
    kop_text = "\n".join(cell.text for table in header.tables for cell in table.rows[0].cells)
    assert all(line in kop_text for line in KOP)
    assert any(rel.reltype.endswith("/image") for rel in header.part.rels.values())  # the logo


def test_cli_writes_the_minutes_as_word_and_pdf_stays_the_default(app, make, runner, tmp_path):
    slug = make.event()
    out = tmp_path / "ba.docx"
    result = runner.invoke(args=["forum", "export", "minutes", "--event", slug, "--format", "docx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out)).paragraphs
    pdf = tmp_path / "ba.pdf"
    result = runner.invoke(args=["forum", "export", "minutes", "--event", slug, "--out", str(pdf)])
    assert result.exit_code == 0, result.output and pdf.read_bytes().startswith(b"%PDF-")


# --- the signatories --------------------------------------------------------------------------------

def test_organisers_choose_and_order_the_signatories_until_the_minutes_are_final(client, app, make, login_as):
    slug, other = make.event(), make.event()
    a, b = make.participant(slug, name="Andi"), make.participant(slug, name="Budi")
    stranger = make.participant(other, name="Orang Lain")
    login_as("organiser")
    url = f"/admin/{slug}/documents/signatories"
    assert client.post(url, data={"participant_id": [b["id"], a["id"]]}).status_code == 303
    with app.app_context():
        assert [s.participant.name for s in signatories.list_signatories(events.get_event(slug))] == ["Budi", "Andi"]
    page = client.get(f"/admin/{slug}/documents").get_data(as_text=True)
    assert page.index(f'data-signatory="{b["id"]}"') < page.index(f'data-signatory="{a["id"]}"')
    refused = client.post(url, data={"participant_id": [a["id"], stranger["id"]]})
    message = "Choose participants of this forum."
    assert refused.status_code == 422
    assert message in refused.get_data(as_text=True) or t(app, message) in refused.get_data(as_text=True)
    assert client.post(url, data={"participant_id": [a["id"], a["id"]]}).status_code == 422
    with app.app_context():
        from forum.models import User

        minutes.finalise(events.get_event(slug), user=db.session.scalar(select(User)))
        db.session.commit()
    assert client.post(url, data={"participant_id": [a["id"]]}).status_code == 409
    with app.app_context():
        assert db.session.query(Signatory).count() == 2


def test_the_demo_forum_has_a_kop_chosen_signatories_and_notes_of_two_sessions_once(app, client, make, runner):
    for _run in range(2):
        result = runner.invoke(args=["forum", "demo"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        event = events.get_event("forum-opd-bppd-2022")
        kop = letterhead.peek(event)
        assert kop.lines[:2] == ["PEMERINTAH PROVINSI KALIMANTAN BARAT", "BADAN PENGELOLA PERBATASAN DAERAH"]
        assert kop.logo_png.startswith(b"\x89PNG")
        chosen = signatories.list_signatories(event)
        assert [s.participant.agency.kind for s in chosen] == ["provincial_opd", "dprd", "kecamatan"]
        assert chosen[0].participant.agency.short_name == "Bappeda" and chosen[2].participant.position == "Camat"
        chair = minutes.peek_minutes(event).chair
        assert chair
        kept = notes.peek_notes(event)
        assert kept.notulis is not None and kept.notulis.name != chair
        gists = db.session.scalars(select(NoteEntry).where(NoteEntry.event_id == event.id)).all()
        questions = db.session.scalars(select(NoteQuestion).where(NoteQuestion.event_id == event.id)).all()
        sessions = {e.session_id for e in gists}
        assert len(gists) == 2 and len(sessions) == 2  # once, however often the demo is loaded
        assert len(questions) == 2 and {q.session_id for q in questions} == sessions
        assert all(q.asker_name and q.asker_agency and q.answer and q.answered_by for q in questions)
        assert len(kept.conclusions.splitlines()) == 2
        asked = [q.asker_name for q in questions]
    reader, pages = pdf_pages(client.get("/api/v1/events/forum-opd-bppd-2022/exports/notes.pdf",
                                         headers=make.headers("moderator")).data)
    flat = " ".join(" ".join(pages).split())
    assert all(name in flat for name in asked) and t(app, "Conclusions") in flat


# --- the demo's berita acara: attachments I, IV, V and VI as printed ------------------------------------------

DEMO = "forum-opd-bppd-2022"
RENJA_HEADINGS = ["No", "Code", "Programme / activity / sub-activity", "Performance indicator", "Location", "Target",
                  "Indicative ceiling (Rp)", "Funding source", "Notes", "Target n+1", "Ceiling n+1 (Rp)"]


def demo_minutes(client, runner, make, fmt="pdf", **query) -> bytes:
    result = runner.invoke(args=["forum", "demo"])
    assert result.exit_code == 0, result.output
    response = client.get(f"/api/v1/events/{DEMO}/exports/minutes.{fmt}", query_string=query, headers=make.headers())
    assert response.status_code == 200
    return response.data


def annex_pages(reader: PdfReader, pages: list[str], start: str, end: str | None) -> list:
    """The pages from the one headed `start` to the one before the one headed `end` (a title may wrap)."""
    flat = [" ".join(text.split()) for text in pages]
    first = next(n for n, text in enumerate(flat) if start in text)
    last = next((n for n, text in enumerate(flat) if end and end in text), len(pages))
    return reader.pages[first:last]


def renja_figures(app) -> list[str]:
    """The codes and amounts attachment IV prints: each agreed row's, and each agency's sum."""
    from forum.documents import renja

    with app.test_request_context(), force_locale("id"):
        plans = renja.gather(events.get_event(DEMO))
        amounts = [x for p in plans for x in (p.total, *(i.budget for i in p.agreed), *(i.next_year_budget
                                                                                      for i in p.agreed))]
        return [i.code for p in plans for i in p.agreed if i.code] + [f"{a:,}".replace(",", ".") for a in amounts if a]


@pytest.mark.parametrize("paper", ["a4", "f4"])
def test_attachment_iv_breaks_headings_between_words_and_keeps_codes_and_amounts_whole(app, client, make, runner,
                                                                                         paper):
    """The plans' table in small type: "Sumber" / "dana", never "Sumb" / "er"; a code and an amount (the 23.5
    billion sum of Dinas PUPR) each on one line of its cell."""
    reader, pages = pdf_pages(demo_minutes(client, runner, make, paper=paper))
    start, end = (t(app, "ATTACHMENT IV: AGREED PLAN ROWS (RENJA AFTER THE FORUM)"),
                  t(app, "ATTACHMENT V: DECISIONS ON OVERLAPPING ROWS"))
    words = {word for page in annex_pages(reader, pages, start, end) for _y, text in positions(page)
             for word in text.split()}
    for heading in RENJA_HEADINGS:
        assert set(t(app, heading).split()) <= words, (paper, t(app, heading), sorted(words))
    figures = renja_figures(app)
    assert "23.500.000.000" in figures
    assert [f for f in figures if f not in words] == [], paper


def test_attachment_iv_in_word_gives_every_column_room_for_its_longest_word(app, client, make, runner):
    """Word breaks a cell's text only where a word does not fit its column: every column of the plans' tables is
    wider than its longest word (Arial's widths, Helvetica's in reportlab) plus the cell's margins."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    document = docx.Document(io.BytesIO(demo_minutes(client, runner, make, fmt="docx")))
    tables = [table for table in document.tables if len(table.columns) == len(RENJA_HEADINGS)]
    assert tables and [c.text for c in tables[0].rows[0].cells] == [t(app, h) for h in RENJA_HEADINGS]
    text = "\n".join(c.text for table in tables for row in table.rows for c in row.cells)
    assert "23.500.000.000" in text
    for table in tables:
        widths = [column.width.pt for column in table.columns]
        assert sum(widths) <= document.sections[0].page_width.pt - 2 * document.sections[0].left_margin.pt + 1
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                assert cell.width.pt == pytest.approx(widths[i], abs=0.1)
                for run in (run for paragraph in cell.paragraphs for run in paragraph.runs):
                    font = "Helvetica-Bold" if run.bold else "Helvetica"
                    for word in run.text.split():
                        need = stringWidth(word, font, run.font.size.pt) + 2 * 5.4
                        assert need <= widths[i], (word, need, widths[i])


def test_attachment_v_says_once_that_neither_row_is_decided(app, client, make, runner):
    reader, pages = pdf_pages(demo_minutes(client, runner, make))
    start, end = (t(app, "ATTACHMENT V: DECISIONS ON OVERLAPPING ROWS"),
                  t(app, "ATTACHMENT VI: INDICATIVE BUDGET PER AGENCY AGAINST ITS CEILING"))
    annex = " ".join(" ".join(page.extract_text() for page in annex_pages(reader, pages, start, end)).split())
    undecided = t(app, "not decided")
    assert f"{undecided} — {undecided}" not in annex
    assert "Keduanya belum diputuskan" in annex
    english = docx.Document(io.BytesIO(demo_minutes(client, runner, make, fmt="docx", lang="en")))
    decisions = [row.cells[-1].text for table in english.tables if table.rows[0].cells[-1].text == "Decision"
                 for row in table.rows[1:]]
    assert "Neither row decided yet" in decisions
    assert not any(d.count("not decided") > 1 for d in decisions)


def test_attachment_vi_prints_every_amount_without_rp_as_its_headings_say(app, client, make, runner):
    reader, pages = pdf_pages(demo_minutes(client, runner, make))
    [page] = annex_pages(reader, pages, t(app, "ATTACHMENT VI: INDICATIVE BUDGET PER AGENCY AGAINST ITS CEILING"),
                         None)
    pieces = [text.strip() for _y, text in positions(page)]
    assert not [p for p in pieces if p.startswith("Rp")]
    words = [word for piece in pieces for word in piece.split()]
    for heading in ("Ceiling (Rp)", "Sum of the agreed rows (Rp)", "Over the ceiling (Rp)"):
        assert set(t(app, heading).split()) <= set(words)
    assert words.count("(Rp)") == 3  # each money column's heading says the unit
    assert "15.000.000.000" in pieces and "23.500.000.000" in pieces and "8.500.000.000" in pieces  # Dinas PUPR


def test_attachment_i_lists_the_unverified_and_agency_less_after_the_agencies(app, client, make):
    slug = make.event()
    people(app, slug, in_person=1, online=0, absent=0)
    with app.app_context():
        event = events.get_event(slug)
        typed = Agency(event_id=event.id, name="Dishub Kalbar", kind="provincial_opd", verified=False)
        zebra = Agency(event_id=event.id, name="Zona Perbatasan", kind="provincial_opd")
        db.session.add_all([typed, zebra])
        db.session.flush()
        for name, agency in (("Tanpa Instansi", None), ("Belum Diverifikasi", typed), ("Zainal", zebra)):
            p = Participant(event_id=event.id, name=name, agency_id=agency.id if agency else None,
                            attendance="in_person", access_token=tickets.new_access_token(),
                            checkin_code=tickets.new_checkin_code())
            db.session.add(p)
            db.session.flush()
            db.session.add(Checkin(event_id=event.id, participant_id=p.id, checked_in_at=T0, desk="Meja 1"))
        db.session.commit()
    reader, pages = pdf_pages(client.get(f"/api/v1/events/{slug}/exports/minutes.pdf", headers=make.headers()).data)
    annex = next(p for p in pages if t(app, "ATTACHMENT I: ATTENDANCE") in p)
    order = ["Bappeda", "Zona Perbatasan", t(app, "(agency not yet verified)"), t(app, "(no agency)")]
    assert [annex.index(name) for name in order] == sorted(annex.index(name) for name in order)
