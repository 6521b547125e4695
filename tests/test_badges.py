"""Name badges: A4 sheets for the in-person participants whose QR codes scan at the door."""
import io
import re
import shutil
import subprocess

import PIL.Image
import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import select

from forum.extensions import db
from forum.models import AuditEntry

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def forum(app, make, backend):
    slug = make.event(title="Forum OPD BPPD Provinsi Kalimantan Barat — Rencana Kerja 2022")
    people = {
        "dewi": make.participant(slug, name="Dewi Lestari", agency="Bappeda", position="Perencana Ahli Muda"),
        "agus": make.participant(slug, name="Agustinus Ñoño Çağlar", agency="Bappeda"),
        "budi": make.participant(slug, name="Budi Santoso", agency="Dinas PUPR", position="Kepala Bidang Jalan"),
        "rudi": make.participant(slug, name="Rudi Daring", agency="Dinas PUPR", attendance="online"),
    }
    return {"slug": slug, "people": people, "make": make}


def payload(person) -> str:
    return f"http://forum.test/c/{person['checkin_code']}"  # forum.urls.checkin_payload under the test SERVER_NAME


def download(client, forum, **args):
    response = client.get(f"/admin/{forum['slug']}/badges.pdf", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    return PdfReader(io.BytesIO(response.data))


def text(pdf) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


def decoded_qr_codes(pdf) -> list[str]:
    """What the QR images embedded in the PDF decode to, page by page."""
    found = []
    for page in pdf.pages:
        for image in page.images:
            results = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(image.data)))
            assert len(results) == 1, "every image on a badge is one readable QR code"
            found.append(results[0].text)
    return found


def test_all_in_person_participants_get_a_badge_with_their_qr_code(client, forum, login_as):
    login_as("organiser")
    pdf = download(client, forum)
    people = forum["people"]
    assert sorted(decoded_qr_codes(pdf)) == sorted(payload(people[k]) for k in ("dewi", "agus", "budi"))
    content = text(pdf)
    for expected in ("Dewi Lestari", "Agustinus Ñoño Çağlar", "Budi Santoso", "Perencana Ahli Muda", "Bappeda",
                     "Dinas PUPR", "Forum OPD BPPD Provinsi Kalimantan Barat"):
        assert expected in " ".join(content.split()), expected
    assert "Rudi Daring" not in content  # registered online: no badge


def test_the_printed_page_scans(client, forum, login_as, tmp_path):
    """The badges as printed (the page rendered at 200 dpi), not only the embedded images, scan."""
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is needed; scripts/ensure-chromium installs it"
    login_as("organiser")
    response = client.get(f"/admin/{forum['slug']}/badges.pdf")
    (tmp_path / "badges.pdf").write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", "1", str(tmp_path / "badges.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)
    rendered = PIL.Image.open(next(tmp_path.glob("page*.png")))
    assert rendered.size[0] < rendered.size[1]  # portrait
    codes = {r.text for r in zxingcpp.read_barcodes(rendered)}
    assert codes == {payload(forum["people"][k]) for k in ("dewi", "agus", "budi")}


def test_eight_badges_fit_on_an_a4_sheet(client, forum, login_as):
    for n in range(7):
        forum["make"].participant(forum["slug"], name=f"Peserta Tambahan {n}", agency="BPBD")
    login_as("organiser")
    pdf = download(client, forum)
    assert len(pdf.pages) == 2  # ten badges
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    assert len(pdf.pages[0].images) == 8 and len(pdf.pages[1].images) == 2


def test_one_agency(client, forum, login_as, app):
    with app.app_context():
        from forum.services import events

        bappeda = events.find_agency(events.get_event(forum["slug"]), "Bappeda").id
    login_as("organiser")
    pdf = download(client, forum, agency=bappeda)
    assert sorted(decoded_qr_codes(pdf)) == sorted(payload(forum["people"][k]) for k in ("dewi", "agus"))
    assert "Budi Santoso" not in text(pdf)


@pytest.mark.parametrize("style", ["commas", "ticked"])
def test_a_selection(client, forum, login_as, style):
    people = forum["people"]
    wanted = [people["dewi"]["id"], people["budi"]["id"]]
    ids = ",".join(map(str, wanted)) if style == "commas" else [""] + [str(i) for i in wanted]
    login_as("organiser")
    pdf = download(client, forum, ids=ids)
    assert sorted(decoded_qr_codes(pdf)) == sorted(payload(people[k]) for k in ("dewi", "budi"))
    assert "Agustinus" not in text(pdf)


def test_a_selection_ignores_online_registrants_and_other_forums(client, forum, login_as):
    other = forum["make"].event(title="Forum lain")
    stranger = forum["make"].participant(other, name="Orang Lain")
    people = forum["people"]
    login_as("organiser")
    pdf = download(client, forum, ids=f"{people['dewi']['id']},{people['rudi']['id']},{stranger['id']},abc,-3")
    assert decoded_qr_codes(pdf) == [payload(people["dewi"])]


@pytest.mark.parametrize("args", [{"ids": ""}, {"ids": "999999"}, {"agency": "999999"}, {"agency": "abc"}])
def test_a_choice_matching_nobody_goes_back_to_the_form(client, forum, login_as, args):
    login_as("organiser")
    response = client.get(f"/admin/{forum['slug']}/badges.pdf", query_string=args)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/{forum['slug']}/badges")
    back = client.get(response.headers["Location"], query_string={"lang": "en"}).get_data(as_text=True)
    assert "No participant registered to come in person matches this choice." in back


def test_long_names_wrap_and_stay_on_the_badge(client, forum, login_as):
    long_name = "Dr. Ir. Hendrikus Adam Lumban Tobing Simanjuntak Hasibuan, M.Si., M.Eng."
    forum["make"].participant(forum["slug"], name=long_name, agency="Badan Pengelola Perbatasan Daerah")
    login_as("organiser")
    pdf = download(client, forum)
    assert long_name in " ".join(text(pdf).split())
    assert len(decoded_qr_codes(pdf)) == 4


def test_the_download_is_in_the_audit_log(client, forum, login_as, app):
    user_id = login_as("organiser")
    download(client, forum, ids=str(forum["people"]["budi"]["id"]))
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "badges.downloaded"))
        assert entry is not None and entry.actor_user_id == user_id
        assert entry.details["scope"] == "selection" and entry.details["count"] == 1
        assert entry.details["participant_ids"] == [forum["people"]["budi"]["id"]]


@pytest.mark.parametrize("path", ["badges", "badges.pdf"])
def test_only_organisers_print_badges(client, forum, login_as, path):
    url = f"/admin/{forum['slug']}/{path}"
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_as("moderator")
    assert client.get(url).status_code == 403


def test_checkin_staff_may_not_print_badges(client, forum, login_as):
    login_as("checkin")
    assert client.get(f"/admin/{forum['slug']}/badges.pdf").status_code == 403


def test_the_badges_page_offers_all_an_agency_or_a_selection(client, forum, login_as):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/badges").get_data(as_text=True)
    assert f'href="/admin/{forum["slug"]}/badges.pdf"' in html
    assert 'name="agency"' in html and "Bappeda (2)" in html and "Dinas PUPR (1)" in html
    ticks = [int(v) for v in re.findall(r'name="ids" value="(\d+)"', html)]
    assert sorted(ticks) == sorted(forum["people"][k]["id"] for k in ("dewi", "agus", "budi"))


def test_the_badges_page_searches_the_selection(client, forum, login_as):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/badges", query_string={"q": "budi"}).get_data(as_text=True)
    assert "Budi Santoso" in html and "Dewi Lestari" not in html


@pytest.mark.parametrize("role", ["checkin", "moderator"])
def test_desk_staff_print_one_persons_badge(client, forum, login_as, app, role):
    login_as(role)
    budi = forum["people"]["budi"]
    response = client.get(f"/admin/{forum['slug']}/badges/{budi['id']}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.data))
    assert decoded_qr_codes(pdf) == [payload(budi)] and "Budi Santoso" in text(pdf)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "badges.downloaded"))
        assert entry.details["scope"] == "one" and entry.details["participant_ids"] == [budi["id"]]
    # an online registrant has no badge; the sheets stay the organisers'
    assert client.get(f"/admin/{forum['slug']}/badges/{forum['people']['rudi']['id']}.pdf").status_code == 404
    assert client.get(f"/admin/{forum['slug']}/badges.pdf").status_code == 403


def test_one_badge_is_printed_with_its_own_cut_marks_only(client, forum, login_as, tmp_path):
    """The desk's single badge: the badge and the four cutting lines around it, not a sheet's empty grid."""
    login_as("checkin")
    budi = forum["people"]["budi"]
    (tmp_path / "one.pdf").write_bytes(client.get(f"/admin/{forum['slug']}/badges/{budi['id']}.pdf").data)
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", str(tmp_path / "one.pdf"), str(tmp_path / "page")],
                   check=True, timeout=60)
    page = PIL.Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    width, height = page.size
    lower_half = page.crop((0, height // 2, width, height))
    right_half = page.crop((width // 2 + 20, 0, width, height))  # its marks end 6.5 mm (13 px) right of it
    assert lower_half.getextrema()[0] > 200, "nothing printed on the lower half of the page"
    assert right_half.getextrema()[0] > 200, "nothing printed right of the first column"
    top_left = page.crop((0, 0, width // 2, height // 4))
    assert top_left.getextrema()[0] < 50  # the badge itself is there
