"""The public forum page and the registration form, used the way a phone without JavaScript does."""
import re

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Agency, Participant

pytestmark = pytest.mark.both_dbs

FORM = {"name": "Siti Rahmawati", "agency": "Bappeda", "position": "Perencana Ahli Muda",
        "nip": "198503122010012003", "phone": "0812-3456-7890", "email": "siti@example.id",
        "attendance": "in_person", "consent": "y"}


def participants(app):
    with app.app_context():
        return db.session.scalars(select(Participant).order_by(Participant.id)).all()


def field_error(html: str, field: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', html)
    return match.group(1) if match else None


def test_forum_page_shows_the_forum_and_a_register_button(client, make, backend):
    slug = make.event(title="Forum OPD BPPD 2022", theme="Sinergi desa perbatasan")
    html = client.get(f"/events/{slug}", headers={"Accept-Language": "id"}).text
    assert "Forum OPD BPPD 2022" in html
    assert "Sinergi desa perbatasan" in html
    assert "Hotel Aston Pontianak" in html
    assert "Kamis, 25 Februari 2021, 08.00–16.00 WIB" in html
    assert f'href="/events/{slug}/register"' in html


def test_forum_page_speaks_english_on_request(client, make, backend):
    slug = make.event()
    html = client.get(f"/events/{slug}?lang=en").text
    assert "Thursday, 25 February 2021, 08:00–16:00 WIB" in html


def test_closed_forum_page_says_so_instead_of_offering_the_form(client, make, backend):
    slug = make.event(registration_open=False)
    html = client.get(f"/events/{slug}").text
    assert "Registration for this forum is closed." in html
    assert f"/events/{slug}/register" not in html


def test_unknown_forum_is_a_404_page(client, backend):
    response = client.get("/events/no-such-forum/register")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_form_is_plain_html_with_the_forum_agencies_and_the_privacy_statement(client, make, app, backend):
    from forum.services import events

    slug = make.event()
    with app.app_context():
        events.save_agency(events.get_event(slug), {"name": "Dinas PUPR"})
        db.session.commit()
    make.participant(slug, agency="@SUM(1+1)")  # typed by someone: an unverified agency, not offered
    response = client.get(f"/events/{slug}/register")
    assert response.status_code == 200
    html = response.text
    assert '<form method="post"' in html and 'type="submit"' in html
    assert "<script" not in html.split("<main", 1)[1]  # the form needs no JavaScript
    for name in ("name", "agency", "position", "nip", "phone", "email", "consent"):
        assert f'name="{name}"' in html
    assert html.count('name="attendance" required type="radio"') == 2
    assert 'list="agency-list"' in html and '<option value="Dinas PUPR">' in html and "@SUM" not in html
    assert "seen only by the organisers" in html
    assert "erase your data" in html


def test_person_registers_without_javascript_and_lands_on_their_page(client, make, app, backend):
    slug = make.event()
    response = client.post(f"/events/{slug}/register", data={**FORM, "agency": "Dinas Perhubungan"})
    assert response.status_code == 303
    [person] = participants(app)
    assert response.headers["Location"].endswith(f"/p/{person.access_token}")
    assert person.phone == "+6281234567890"
    assert person.nip == "198503122010012003"
    assert person.consent_at is not None
    with app.app_context():
        assert db.session.scalar(select(Agency.name).where(Agency.id == person.agency_id)) == "Dinas Perhubungan"
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Siti Rahmawati" in page.text
    assert f'src="http://forum.test/qr/{person.checkin_code}.png"' in page.text


def test_choosing_a_known_agency_by_short_name_creates_no_new_one(client, make, app, backend):
    slug = make.event()
    make.participant(slug, agency="Bappeda")
    client.post(f"/events/{slug}/register", data={**FORM, "agency": "bappeda"})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Agency)) == 1


@pytest.mark.parametrize("field, value, message", [
    ("nip", "12345", "A NIP has exactly 18 digits."),
    ("phone", "0812-ABC", "A phone number has only digits"),
    ("phone", "+1 202 555 0100", "Give an Indonesian number"),
    ("email", "siti@", "This is not a valid email address."),
    ("name", "   ", "This field is required."),
])
def test_invalid_value_is_shown_next_to_its_field_and_typed_values_are_kept(client, make, app, backend,
                                                                           field, value, message):
    slug = make.event()
    response = client.post(f"/events/{slug}/register", data={**FORM, field: value})
    assert response.status_code == 422
    html = response.text
    assert message in (field_error(html, field) or "")
    assert 'value="Perencana Ahli Muda"' in html  # what the person typed stays in the form
    if field != "name":
        assert 'value="Siti Rahmawati"' in html
    assert re.search(r'<input[^>]* checked [^>]*id="consent"', html)  # the consent box stays ticked
    assert participants(app) == []


def test_missing_consent_is_refused(client, make, app, backend):
    slug = make.event()
    data = {k: v for k, v in FORM.items() if k != "consent"}
    response = client.post(f"/events/{slug}/register", data=data)
    assert response.status_code == 422
    assert "consent" in field_error(response.text, "consent")
    assert participants(app) == []


def test_missing_attendance_choice_is_refused(client, make, app, backend):
    slug = make.event()
    data = {k: v for k, v in FORM.items() if k != "attendance"}
    response = client.post(f"/events/{slug}/register", data=data)
    assert response.status_code == 422
    assert field_error(response.text, "attendance")
    assert participants(app) == []


def test_closed_registration_refuses_the_form_with_409(client, make, app, backend):
    slug = make.event(registration_open=False)
    page = client.get(f"/events/{slug}/register")
    assert page.status_code == 409
    assert "Registration for this forum is closed" in page.text
    assert 'name="consent"' not in page.text
    response = client.post(f"/events/{slug}/register", data=FORM)
    assert response.status_code == 409
    assert "closed" in response.text
    assert participants(app) == []


@pytest.mark.parametrize("repeat", [{"email": "SITI@example.id", "phone": ""},
                                    {"email": "", "phone": "+62 812 3456 7890"}])
def test_second_registration_with_same_contact_makes_no_record_and_leaks_no_link(client, make, app, backend,
                                                                                 repeat):
    slug = make.event()
    first = client.post(f"/events/{slug}/register", data=FORM)
    assert first.status_code == 303
    [person] = participants(app)
    response = client.post(f"/events/{slug}/register", data={**FORM, "name": "Orang Lain", **repeat})
    assert response.status_code == 409
    assert len(participants(app)) == 1
    assert person.access_token not in response.text
    assert person.checkin_code not in response.text
    assert "/p/" not in response.text
    assert "ask the organisers" in response.text.lower()
    assert "WhatsApp" in response.text


def test_the_already_registered_page_is_the_same_whichever_contact_matched_and_names_nobody(client, make, app,
                                                                                          backend):
    slug = make.event()
    assert client.post(f"/events/{slug}/register", data=FORM).status_code == 303
    pages = {client.post(f"/events/{slug}/register", data={**FORM, "name": "Orang Lain", "agency": "DPMD",
                                                             "nip": "", **repeat}).text
             for repeat in ({"email": "siti@example.id", "phone": "0813-9999-0000"},
                            {"email": "lain@example.id", "phone": "0812-3456-7890"})}
    assert len(pages) == 1
    page = pages.pop()
    assert "Siti" not in page and "Bappeda" not in page and "Perencana" not in page
    assert len(participants(app)) == 1


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_form_is_protected_against_cross_site_posts(client, make, app, backend):
    slug = make.event()
    forged = client.post(f"/events/{slug}/register", data=FORM)
    assert forged.status_code == 400
    assert participants(app) == []
    page = client.get(f"/events/{slug}/register").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/events/{slug}/register", data={**FORM, "csrf_token": token})
    assert response.status_code == 303
    assert len(participants(app)) == 1


@pytest.mark.config(RATELIMIT_ENABLED=True, FORUM_REGISTRATION_LIMIT="2 per minute")
def test_registration_posts_are_rate_limited(client, make, app, backend):
    slug = make.event()
    assert client.get(f"/events/{slug}/register").status_code == 200
    for n in range(2):
        data = {**FORM, "name": f"Orang {n}", "nip": "", "email": f"orang{n}@example.id", "phone": ""}
        assert client.post(f"/events/{slug}/register", data=data).status_code == 303
    response = client.post(f"/events/{slug}/register", data={**FORM, "name": "Orang 9", "nip": "",
                                                               "email": "orang9@example.id", "phone": ""})
    assert response.status_code == 429
    assert len(participants(app)) == 2
    assert client.get(f"/events/{slug}/register").status_code == 200  # reading the form is not limited
