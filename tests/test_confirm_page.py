"""`/c/<code>`, the page an ordinary phone camera opens from a participant's QR code: staff confirm
the check-in there; anyone else learns nothing about the code."""
import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from forum.extensions import db, socketio
from forum.models import Checkin
from tests.conftest import counts_sent

pytestmark = pytest.mark.both_dbs


@pytest.fixture
def door(app, make, backend):
    slug = make.event(title="Forum OPD Sanggau", timezone="Asia/Makassar")
    person = make.participant(slug, name="Veronika Tjhai", agency="Dinas Kesehatan", position="Kepala Bidang")
    return {"slug": slug, "person": person, "make": make, "code": person["checkin_code"]}


def checkins(app, participant_id=None):
    query = select(func.count(Checkin.id))
    if participant_id is not None:
        query = query.where(Checkin.participant_id == participant_id)
    with app.app_context():
        return db.session.scalar(query)


def confirm(client, code, **form):
    return client.post(f"/checkin/confirm/{code}", data=form)


def in_indonesian(app, msgid: str, **values) -> str:
    """What the Indonesian interface says for `msgid`, whatever the catalogue holds today."""
    with app.test_request_context(), force_locale("id"):
        return gettext(msgid, **values)


def anonymous_page(client, code):
    response = client.get(f"/c/{code}")
    assert response.status_code == 200
    return response


# --- anyone but staff -----------------------------------------------------------------------------

def test_anonymous_visitor_sees_only_the_show_it_at_the_desk_page(client, door):
    response = anonymous_page(client, door["code"])
    html = response.get_data(as_text=True)
    assert "Show this code at the registration desk" in html
    for personal in ("Veronika", "Tjhai", "Dinas Kesehatan", "Kepala Bidang", "Forum OPD Sanggau"):
        assert personal not in html
    assert 'action="/checkin/confirm/' not in html
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_anonymous_answer_is_identical_for_known_and_unknown_codes(client, door):
    unknown = "A" * len(door["code"])
    known_html = anonymous_page(client, door["code"]).get_data(as_text=True)
    unknown_html = anonymous_page(client, unknown).get_data(as_text=True)
    # the only difference is the visitor's own URL, echoed in the staff login link
    assert known_html.replace(door["code"], "CODE") == unknown_html.replace(unknown, "CODE")


def test_participant_with_a_personal_link_session_is_not_staff(client, door):
    other = door["make"].participant(door["slug"], name="Yosef Ngadi")
    client.get(f"/p/{other['access_token']}")
    html = anonymous_page(client, door["code"]).get_data(as_text=True)
    assert "Veronika" not in html
    assert "Show this code at the registration desk" in html


def test_anonymous_post_to_confirm_goes_to_login_and_checks_no_one_in(client, app, door):
    response = confirm(client, door["code"])
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert checkins(app) == 0


# --- staff ----------------------------------------------------------------------------------------

def test_staff_sees_the_participant_and_a_check_in_button(client, door, login_as):
    login_as("checkin")
    html = client.get(f"/c/{door['code']}").get_data(as_text=True)
    assert "Veronika Tjhai" in html
    assert "Dinas Kesehatan" in html
    assert "Kepala Bidang" in html
    assert "Not checked in yet" in html
    assert f'action="/checkin/confirm/{door["code"]}"' in html
    assert f'href="/checkin/{door["slug"]}"' in html


@pytest.mark.parametrize("role", ["checkin", "moderator", "organiser", "admin"])
def test_every_staff_role_checks_in_from_the_confirm_page(client, app, door, login_as, role):
    login_as(role)
    response = confirm(client, door["code"], desk="Meja 3", client_id="c0ffee")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-tone="green"' in html
    assert "Checked in" in html
    assert checkins(app, door["person"]["id"]) == 1


def test_pressing_the_button_twice_checks_in_once_and_answers_the_same(client, app, door, login_as):
    login_as("checkin")
    page = client.get(f"/c/{door['code']}").get_data(as_text=True)
    client_id = re.search(r'name="client_id" type="hidden" value="([^"]+)"', page).group(1)
    first = confirm(client, door["code"], desk="Meja 1", client_id=client_id)
    second = confirm(client, door["code"], desk="Meja 1", client_id=client_id)
    assert 'data-tone="green"' in first.get_data(as_text=True)
    assert 'data-tone="green"' in second.get_data(as_text=True)  # the same answer, not "already"
    assert checkins(app) == 1


def test_second_confirmation_is_yellow_with_the_first_time_and_desk(client, app, door, login_as, make):
    headers = make.headers("checkin")
    client.post(f"/api/v1/events/{door['slug']}/checkins", headers=headers,
                json={"code": door["code"], "desk": "Meja 2", "scanned_at": "2021-02-25T08:12:00+08:00"})
    login_as("checkin")
    indonesian = {"Accept-Language": "id"}  # the forum's clock, Indonesian style: 08.12 WITA
    page = client.get(f"/c/{door['code']}", headers=indonesian).get_data(as_text=True)
    assert in_indonesian(app, "Checked in at %(time)s at %(desk)s", time="08.12 WITA", desk="Meja 2") in page
    assert 'action="/checkin/confirm/' not in page
    response = client.post(f"/checkin/confirm/{door['code']}", data={"desk": "Meja 5", "client_id": "second-try"},
                           headers=indonesian)
    html = response.get_data(as_text=True)
    assert 'data-tone="yellow"' in html
    assert in_indonesian(app, "Already checked in at %(time)s at %(desk)s", time="08.12 WITA", desk="Meja 2") in html
    english = client.get(f"/c/{door['code']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Checked in at 08:12 WITA at Meja 2" in english
    assert checkins(app) == 1


@pytest.mark.parametrize("status", ["revoked", "cancelled"])
def test_cancelled_registration_shows_its_status_and_refuses(client, app, door, login_as, make, status):
    client.patch(f"/api/v1/events/{door['slug']}/participants/{door['person']['id']}", json={"status": status},
                 headers=make.headers("organiser"))
    login_as("checkin")
    page = client.get(f"/c/{door['code']}").get_data(as_text=True)
    assert "Veronika Tjhai" in page
    assert 'action="/checkin/confirm/' not in page
    response = confirm(client, door["code"], client_id="x1")
    assert response.status_code == 409
    assert 'data-tone="red"' in response.get_data(as_text=True)
    assert checkins(app) == 0


def test_replaced_code_says_so(client, app, door, login_as):
    from forum.models import Participant
    from forum.services import registration

    with app.app_context():
        registration.reissue_code(db.session.get(Participant, door["person"]["id"]))
        db.session.commit()
    login_as("checkin")
    page = client.get(f"/c/{door['code']}").get_data(as_text=True)
    assert "This QR code was replaced by a newer one" in page
    assert 'action="/checkin/confirm/' not in page
    assert confirm(client, door["code"]).status_code == 409
    assert checkins(app) == 0


@pytest.mark.parametrize("code", ["AAAAAAAAAAAAAAAAAAAAAA", "x", "%ff"])  # with a NUL: 404 (test_fuzz_hostile.py)
def test_staff_sees_unknown_codes_as_unknown(client, app, door, login_as, code):
    login_as("checkin")
    page = client.get(f"/c/{code}").get_data(as_text=True)
    assert "Unknown code" in page
    assert "Veronika" not in page
    assert confirm(client, code).status_code == 404
    assert checkins(app) == 0


def test_confirmation_reaches_the_live_door_view(app, client, door, login_as, make):
    watcher = socketio.test_client(app, namespace="/live", flask_test_client=app.test_client(),
                                   auth={"event": door["slug"], "token": make.token("organiser")})
    watcher.get_received("/live")
    login_as("checkin")
    confirm(client, door["code"], desk="Meja 1", client_id="live-1")
    counts_sent(app)
    received = watcher.get_received("/live")
    assert [r["name"] for r in received] == ["checkin", "attendance"]
    assert received[0]["args"][0]["participant"]["name"] == "Veronika Tjhai"
    assert received[0]["args"][0]["desk"] == "Meja 1"


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_confirm_form_needs_its_csrf_token(client, app, door, make):
    make.user("checkin", email="meja@bppd.example.id")
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": "meja@bppd.example.id", "password": "correct horse battery",
                                "csrf_token": token})
    assert confirm(client, door["code"], desk="Meja 1").status_code == 400
    assert checkins(app) == 0
    page = client.get(f"/c/{door['code']}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client_id = re.search(r'name="client_id" type="hidden" value="([^"]+)"', page).group(1)
    response = confirm(client, door["code"], desk="Meja 1", client_id=client_id, csrf_token=token)
    assert response.status_code == 200
    assert checkins(app) == 1


def test_an_overlong_desk_name_is_refused_like_the_api_refuses_it(client, app, door, login_as):
    login_as("checkin")
    response = confirm(client, door["code"], desk="M" * 101, client_id="long-desk")
    assert response.status_code == 422
    assert checkins(app) == 0
