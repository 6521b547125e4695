"""The participant's personal page, their QR code, the calendar file and the scan landing page."""
import io
import re
from urllib.parse import unquote, urlsplit

import PIL.Image
import pytest
import zxingcpp

from forum.documents import calendar
from forum.extensions import db
from forum.models import Participant
from forum.security import PARTICIPANT_SESSION_KEY
from forum.services import registration

pytestmark = pytest.mark.both_dbs

BASE = "http://forum.test"


def set_status(app, participant_id, status):
    with app.app_context():
        registration.set_status(db.session.get(Participant, participant_id), status)
        db.session.commit()


def test_personal_page_greets_the_participant_and_shows_their_qr(client, make, backend):
    slug = make.event(title="Forum OPD BPPD 2022")
    p = make.participant(slug, name="Budi Santoso", agency="Dinas PUPR", attendance="online")
    response = client.get(f"/p/{p['access_token']}")
    assert response.status_code == 200
    html = response.text
    assert "Budi Santoso" in html and "Dinas PUPR" in html
    assert f'src="{BASE}/qr/{p["checkin_code"]}.png"' in html
    assert f'href="{BASE}/qr/{p["checkin_code"]}.svg"' in html
    assert "Forum OPD BPPD 2022" in html and "Hotel Aston Pontianak" in html
    assert "Online" in html
    assert f'href="/p/{p["access_token"]}/forum.ics"' in html
    assert f'href="/events/{slug}/live"' in html
    assert "registration desk" in html and "do not share it" in html


def test_personal_page_keeps_its_secret_url_out_of_caches_and_referrers(client, make, backend):
    p = make.participant(make.event())
    response = client.get(f"/p/{p['access_token']}")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_opening_the_personal_page_remembers_the_participant(client, make, backend):
    p = make.participant(make.event())
    client.get(f"/p/{p['access_token']}")
    with client.session_transaction() as session:
        assert session[PARTICIPANT_SESSION_KEY] == p["access_token"]


def test_unknown_personal_link_is_a_404_page(client, make, backend):
    make.participant(make.event())
    for token in ("x" * 32, "short", "a" * 100):
        response = client.get(f"/p/{token}")
        assert response.status_code == 404
        assert response.mimetype == "text/html"
    with client.session_transaction() as session:
        assert PARTICIPANT_SESSION_KEY not in session


def test_whatsapp_link_carries_the_personal_link(client, make, backend):
    p = make.participant(make.event())
    html = client.get(f"/p/{p['access_token']}").text
    href = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', html).group(1)
    text = unquote(href.split("?text=", 1)[1].replace("&amp;", "&"))
    assert f"{BASE}/p/{p['access_token']}" in text


def test_markup_in_a_name_is_shown_as_text(client, make, backend):
    p = make.participant(make.event(), name="<script>alert(1)</script>", agency="<b>Dinas</b>")
    html = client.get(f"/p/{p['access_token']}").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Dinas</b>" not in html


@pytest.mark.config(BABEL_DEFAULT_LOCALE="id")  # Forum's real default; the tests' own default is English
def test_dates_are_indonesian_by_default_and_english_on_request(client, make, backend):
    p = make.participant(make.event())
    assert "Kamis, 25 Februari 2021, 08.00–16.00 WIB" in client.get(f"/p/{p['access_token']}").text
    assert "Thursday, 25 February 2021, 08:00–16:00 WIB" in client.get(f"/p/{p['access_token']}?lang=en").text


@pytest.mark.parametrize("status, notice", [("cancelled", "has been cancelled"), ("revoked", "has been revoked")])
def test_inactive_registration_gets_a_notice_and_no_qr(client, make, app, backend, status, notice):
    p = make.participant(make.event())
    set_status(app, p["id"], status)
    html = client.get(f"/p/{p['access_token']}").text
    assert notice in html
    assert "/qr/" not in html
    assert client.get(f"/qr/{p['checkin_code']}.png").status_code == 404
    assert client.get(f"/qr/{p['checkin_code']}.svg").status_code == 404


def test_qr_png_decodes_to_the_checkin_url_not_the_personal_link(client, make, backend):
    p = make.participant(make.event())
    response = client.get(f"/qr/{p['checkin_code']}.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["Cache-Control"] == "private"
    [result] = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(response.data)))
    assert result.text == f"{BASE}/c/{p['checkin_code']}"
    assert p["checkin_code"] != p["access_token"]
    assert p["access_token"] not in result.text


def test_qr_image_on_the_page_is_the_one_that_decodes(client, make, backend):
    p = make.participant(make.event())
    html = client.get(f"/p/{p['access_token']}").text
    src = re.search(r'<img class="qr" src="([^"]+)"', html).group(1)
    png = client.get(urlsplit(src).path).data
    [result] = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(png)))
    assert result.text == f"{BASE}/c/{p['checkin_code']}"


def test_qr_svg_is_served_as_svg(client, make, backend):
    p = make.participant(make.event())
    response = client.get(f"/qr/{p['checkin_code']}.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    assert response.headers["Cache-Control"] == "private"


def test_unknown_or_replaced_qr_code_is_404(client, make, app, backend):
    p = make.participant(make.event())
    assert client.get("/qr/" + "A" * 22 + ".png").status_code == 404
    assert client.get("/qr/not-a-code!.svg").status_code == 404
    assert client.get(f"/qr/{p['access_token']}.png").status_code == 404  # the personal token is not a code
    with app.app_context():
        registration.reissue_code(db.session.get(Participant, p["id"]))
        db.session.commit()
    assert client.get(f"/qr/{p['checkin_code']}.png").status_code == 404


def test_scanned_code_page_is_the_same_for_known_and_unknown_codes(client, make, backend):
    p = make.participant(make.event(), name="Budi Santoso", agency="Dinas PUPR")
    known = client.get(f"/c/{p['checkin_code']}")
    unknown = client.get("/c/" + "B" * 22)
    assert known.status_code == unknown.status_code == 200
    assert "registration desk" in known.text
    assert known.text.replace(p["checkin_code"], "") == unknown.text.replace("B" * 22, "")
    assert "Budi Santoso" not in known.text and "Dinas PUPR" not in known.text


# --- the calendar file ---------------------------------------------------------------------------

def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_calendar_file_is_rfc5545_with_utc_times_and_the_personal_link(client, make, backend):
    slug = make.event(title="Forum OPD BPPD, Rencana Kerja 2022; hybrid",
                      theme="Inovasi di tengah pandemi untuk sinergi percepatan pertumbuhan ekonomi desa "
                            "perbatasan yang tertinggal menuju desa mandiri")
    p = make.participant(slug)
    response = client.get(f"/p/{p['access_token']}/forum.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "private, no-store"
    text = response.data.decode("utf-8")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # no bare line feeds
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    props = dict(line.split(":", 1) for line in lines if line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert props["VERSION"] == "2.0" and props["PRODID"]
    assert props["DTSTART"] == "20210225T010000Z"
    assert props["DTEND"] == "20210225T090000Z"
    assert re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"])
    assert props["UID"] and p["access_token"] not in props["UID"]
    assert props["SUMMARY"] == "Forum OPD BPPD\\, Rencana Kerja 2022\\; hybrid"
    assert props["LOCATION"] == "Hotel Aston Pontianak"
    assert f"{BASE}/p/{p['access_token']}" in props["DESCRIPTION"]
    assert props["URL"] == f"{BASE}/p/{p['access_token']}"


def test_calendar_text_is_escaped_and_folded_without_splitting_characters():
    assert calendar.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "Kalimantan Barat — perbatasan " * 10
    folded = calendar.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_unknown_personal_link_has_no_calendar(client, backend):
    assert client.get("/p/" + "x" * 32 + "/forum.ics").status_code == 404
