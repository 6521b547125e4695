"""The organisers' back office: who may open which page, forums, agencies and participants."""
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Agency, AuditEntry, Event, Participant, RetiredCode


def _event(app, slug) -> Event:
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        db.session.expunge(event)
        return event


def _participant(app, participant_id) -> Participant:
    with app.app_context():
        participant = db.session.get(Participant, participant_id)
        db.session.expunge(participant)
        return participant


def _field_error(html: str, field_id: str) -> str | None:
    """The error message shown next to the field `field_id`, or None."""
    match = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else None


def _html(response) -> str:
    return response.get_data(as_text=True)


FORUM_FORM = {"title": "Forum OPD BPPD 2022", "theme": "Sinergi desa perbatasan", "venue": "Hotel Aston Pontianak",
              "starts_at": "2021-02-25T08:00", "ends_at": "2021-02-25T16:00", "timezone": "Asia/Pontianak",
              "stream_url": "https://zoom.example/j/123", "registration_open": "y", "presence_min_minutes": "30",
              "retention_days": "90"}


# --- who may open what --------------------------------------------------------------------

ORGANISER_PAGES = ["/admin/new", "/admin/{slug}/edit", "/admin/{slug}/agencies/new", "/admin/{slug}/participants",
                   "/admin/{slug}/participants/new", "/admin/{slug}/participants/{pid}",
                   "/admin/{slug}/participants/{pid}/edit", "/admin/{slug}/participants/{pid}/reissue",
                   "/admin/{slug}/import", "/admin/{slug}/import/template.csv"]
MODERATOR_PAGES = ["/admin/", "/admin/{slug}/", "/admin/{slug}/agencies"]


@pytest.fixture
def forum(make):
    slug = make.event()
    pid = make.participant(slug, phone="0812 3456 7890")["id"]
    return {"slug": slug, "pid": pid}


@pytest.mark.parametrize("page", ORGANISER_PAGES + MODERATOR_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, forum, page):
    response = client.get(page.format(**forum))
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


@pytest.mark.parametrize("page", ORGANISER_PAGES)
@pytest.mark.parametrize("role", ["checkin", "moderator"])
def test_organiser_pages_refuse_other_staff(client, login_as, forum, page, role):
    login_as(role)
    assert client.get(page.format(**forum)).status_code == 403


@pytest.mark.parametrize("page", MODERATOR_PAGES)
def test_checkin_staff_cannot_open_the_back_office(client, login_as, forum, page):
    login_as("checkin")
    assert client.get(page.format(**forum)).status_code == 403


@pytest.mark.parametrize("page", MODERATOR_PAGES)
def test_moderators_see_forums_and_agencies_without_participant_links(client, login_as, forum, page):
    login_as("moderator")
    response = client.get(page.format(**forum))
    assert response.status_code == 200
    assert f"/admin/{forum['slug']}/participants" not in _html(response)


@pytest.mark.parametrize("page", ORGANISER_PAGES + MODERATOR_PAGES)
def test_organisers_open_every_page(client, login_as, forum, page):
    login_as("organiser")
    response = client.get(page.format(**forum))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_a_moderator_cannot_revoke_a_registration(client, login_as, forum, app):
    login_as("moderator")
    response = client.post(f"/admin/{forum['slug']}/participants/{forum['pid']}/revoke")
    assert response.status_code == 403
    assert _participant(app, forum["pid"]).status == "registered"


def test_an_unknown_forum_is_404(client, login_as):
    login_as("organiser")
    assert client.get("/admin/no-such-forum/").status_code == 404
    assert client.get("/admin/no-such-forum/participants").status_code == 404


# --- forums ---------------------------------------------------------------------------------

def test_a_new_forum_counts_online_presence_from_one_minute_unless_the_organiser_sets_0(client, login_as, app):
    """A tap on the link is not presence in a forum made here; the API's default stays the contract's 0."""
    login_as("organiser")
    html = client.get("/admin/new").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="presence_min_minutes"[^>]*value="1"', html) or \
        re.search(r'<input[^>]*value="1"[^>]*name="presence_min_minutes"', html), html
    response = client.post("/admin/new", data={**FORUM_FORM, "presence_min_minutes": "0"})
    assert response.status_code == 302
    assert _event(app, "forum-opd-bppd-2022").presence_min_minutes == 0


def test_organiser_creates_a_forum_with_times_in_its_own_zone(client, login_as, app):
    login_as("organiser")
    response = client.post("/admin/new", data={**FORUM_FORM, "timezone": "Asia/Makassar"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/forum-opd-bppd-2022/")
    event = _event(app, "forum-opd-bppd-2022")
    # 08.00 WITA is 00.00 UTC
    assert event.starts_at == datetime(2021, 2, 25, 0, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2021, 2, 25, 8, 0, tzinfo=UTC)
    assert (event.timezone, event.presence_min_minutes, event.retention_days) == ("Asia/Makassar", 30, 90)
    assert event.stream_url == "https://zoom.example/j/123" and event.registration_open is True
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.created")) is not None
    overview = _html(client.get("/admin/forum-opd-bppd-2022/", headers={"Accept-Language": "id"}))
    assert "08.00–16.00 WITA" in overview


def test_the_edit_form_shows_local_times(client, login_as, make):
    login_as("organiser")
    slug = make.event(starts_at="2021-02-25T08:00:00+07:00", timezone="Asia/Pontianak")
    html = _html(client.get(f"/admin/{slug}/edit"))
    assert 'value="2021-02-25T08:00"' in html
    assert re.search(r'<option selected value="Asia/Pontianak">|<option value="Asia/Pontianak" selected', html)


def test_a_bad_date_is_shown_next_to_its_field(client, login_as, app):
    login_as("organiser")
    response = client.post("/admin/new", data={**FORUM_FORM, "starts_at": "25 Februari"})
    assert response.status_code == 422
    html = _html(response)
    assert "Not a valid date and time" in _field_error(html, "starts_at")
    assert 'value="25 Februari"' in html  # what was typed is kept
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_an_end_before_the_start_is_refused(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    response = client.post(f"/admin/{slug}/edit", data={**FORUM_FORM, "ends_at": "2021-02-25T07:00"})
    assert response.status_code == 422
    assert _field_error(_html(response), "ends_at") == "The end must be after the start."
    assert _event(app, slug).title != FORUM_FORM["title"]  # nothing saved


def test_numbers_and_links_are_checked_by_the_service(client, login_as, app):
    login_as("organiser")
    response = client.post("/admin/new", data={**FORUM_FORM, "retention_days": "sembilan", "stream_url": "zoom"})
    assert response.status_code == 422
    html = _html(response)
    assert "whole number" in _field_error(html, "retention_days")
    assert "http" in _field_error(html, "stream_url")


def test_editing_a_forum_saves_and_logs_the_changes(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    data = {**FORUM_FORM, "title": "Forum OPD (revisi)"}
    del data["registration_open"]  # an unticked checkbox is not sent
    response = client.post(f"/admin/{slug}/edit", data=data)
    assert response.status_code == 302
    event = _event(app, slug)
    assert event.slug == slug and event.title == "Forum OPD (revisi)" and event.registration_open is False
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.updated"))
        assert entry.details["changes"]["registration_open"] == [True, False]
        assert entry.details["changes"]["title"][1] == "Forum OPD (revisi)"


def test_overview_counts_registrations(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    make.participant(slug)
    make.participant(slug, attendance="online")
    gone = make.participant(slug)
    with app.app_context():
        from forum.services import registration

        registration.set_status(db.session.get(Participant, gone["id"]), "cancelled")
        db.session.commit()
    html = _html(client.get(f"/admin/{slug}/"))
    counts = dict(re.findall(r'data-stat="(\w+)">.*?<strong>(?:<a [^>]*>)?(\d+)', html, re.S))
    assert counts == {"registered": "2", "in_person": "1", "online": "1", "checked_in": "0", "cancelled": "1",
                      "revoked": "0"}


# --- agencies -------------------------------------------------------------------------------

def test_organiser_adds_and_edits_agencies(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    response = client.post(f"/admin/{slug}/agencies/new",
                           data={"name": "Badan Perencanaan Pembangunan Daerah", "short_name": "Bappeda",
                                 "kind": "provincial_opd"})
    assert response.status_code == 302
    make.participant(slug, agency="bappeda")  # the short name finds the agency
    html = _html(client.get(f"/admin/{slug}/agencies"))
    row = re.search(r"<tr>\s*<td>Badan Perencanaan Pembangunan Daerah</td>.*?</tr>", html, re.S).group(0)
    assert "Bappeda" in row and "Provincial agency (OPD)" in row and ">1</a>" in row
    with app.app_context():
        agency_id = db.session.scalar(select(Agency.id))
    response = client.post(f"/admin/{slug}/agencies/{agency_id}/edit",
                           data={"name": "Bappeda Provinsi Kalimantan Barat", "short_name": "Bappeda", "kind": "dprd"})
    assert response.status_code == 302
    with app.app_context():
        agency = db.session.get(Agency, agency_id)
        assert (agency.name, agency.kind) == ("Bappeda Provinsi Kalimantan Barat", "dprd")


def test_a_second_agency_with_the_same_name_is_refused_at_the_field(client, login_as, make):
    login_as("organiser")
    slug = make.event()
    make.participant(slug, agency="Dinas PUPR")
    response = client.post(f"/admin/{slug}/agencies/new", data={"name": "dinas pupr", "kind": "other"})
    assert response.status_code == 422
    assert _field_error(_html(response), "name") == "Already in use."


def test_an_unknown_agency_type_is_refused(client, login_as, make):
    login_as("organiser")
    slug = make.event()
    response = client.post(f"/admin/{slug}/agencies/new", data={"name": "Dinas X", "kind": "ministry"})
    assert response.status_code == 422
    assert _field_error(_html(response), "kind") == "Unknown agency type."


# --- participants ---------------------------------------------------------------------------

def _listed_names(html: str) -> list[str]:
    return re.findall(r'<td><a href="/admin/[^"]+/participants/\d+">(.*?)</a>', html)


def test_search_finds_by_name_agency_email_phone_and_nip(client, login_as, make):
    login_as("organiser")
    slug = make.event()
    make.participant(slug, name="Siti Rahmawati", agency="Dinas Kesehatan", email="siti@dinkes.id",
                     phone="0813 1111 2222", nip="198001012005012001")
    make.participant(slug, name="Budi Santoso", agency="Bappeda", position="Kepala Bidang")
    for q in ("rahma", "kesehatan", "SITI@DINKES", "0813 1111", "+62813", "198001012005012001"):
        assert _listed_names(_html(client.get(f"/admin/{slug}/participants", query_string={"q": q}))) == \
            ["Siti Rahmawati"], q
    assert _listed_names(_html(client.get(f"/admin/{slug}/participants", query_string={"q": "kepala"}))) == \
        ["Budi Santoso"]


def test_filters_by_attendance_status_agency_and_role(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    make.participant(slug, name="Ani", agency="Bappeda", attendance="online")
    make.participant(slug, name="Bayu", agency="DPMD")
    cancelled = make.participant(slug, name="Citra", agency="DPMD")
    speaker = make.participant(slug, name="Dedi", agency="Bappeda")
    with app.app_context():
        from forum.services import registration

        registration.set_status(db.session.get(Participant, cancelled["id"]), "cancelled")
        registration.update_participant(db.session.get(Participant, speaker["id"]),
                                        registration.ParticipantEdit(role="speaker"))
        dpmd = db.session.scalar(select(Agency.id).where(Agency.name == "DPMD"))
        db.session.commit()
    url = f"/admin/{slug}/participants"
    assert _listed_names(_html(client.get(url, query_string={"attendance": "online"}))) == ["Ani"]
    assert _listed_names(_html(client.get(url, query_string={"status": "cancelled"}))) == ["Citra"]
    assert _listed_names(_html(client.get(url, query_string={"agency": dpmd}))) == ["Bayu", "Citra"]
    assert _listed_names(_html(client.get(url, query_string={"role": "speaker"}))) == ["Dedi"]
    assert _listed_names(_html(client.get(url, query_string={"agency": dpmd, "status": "registered"}))) == ["Bayu"]
    # nonsense filters are ignored, not a server error
    assert len(_listed_names(_html(client.get(url, query_string={"status": "x", "agency": "abc", "page": "z"})))) == 4


def test_the_list_pages_by_fifty(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    with app.app_context():
        from forum.services import events, registration

        event = events.get_event(slug)
        for n in range(55):
            registration.register(event, {"name": f"Peserta {n:02d}", "agency": "Bappeda", "position": "Staf",
                                           "attendance": "in_person"},
                                  require_consent=False, check_open=False)
        db.session.commit()
    first = _html(client.get(f"/admin/{slug}/participants"))
    assert len(_listed_names(first)) == 50 and "1–50 of 55" in first
    assert 'rel="next"' in first
    second = _html(client.get(f"/admin/{slug}/participants?page=2"))
    assert _listed_names(second) == [f"Peserta {n}" for n in range(50, 55)]
    assert "51–55 of 55" in second
    assert client.get(f"/admin/{slug}/participants?page=9").status_code == 302


def test_html_in_a_name_is_escaped_on_the_list(client, login_as, make):
    login_as("organiser")
    slug = make.event()
    make.participant(slug, name='<script>alert("x")</script>', agency="<b>Dinas</b>")
    html = _html(client.get(f"/admin/{slug}/participants"))
    assert "<script>alert" not in html and "<b>Dinas</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Dinas&lt;/b&gt;" in html


PERSON_FORM = {"name": "Rudi Hartono", "agency": "Dinas Perhubungan", "position": "Sekretaris", "deputy_for": "",
               "nip": "198503152010011002", "email": "rudi@dishub.id", "phone": "0812-9999-0001",
               "attendance": "online", "role": "speaker", "notes": ""}


def test_organiser_adds_a_participant(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    make.event(registration_open=False)
    response = client.post(f"/admin/{slug}/participants/new", data=PERSON_FORM)
    assert response.status_code == 302
    pid = int(response.headers["Location"].rsplit("/", 1)[1])
    p = _participant(app, pid)
    assert (p.name, p.phone, p.attendance, p.role, p.source) == ("Rudi Hartono", "+6281299990001", "online", "speaker",
                                                                 "staff")
    assert p.consent_at is None


def test_adding_works_while_registration_is_closed(client, login_as, make):
    login_as("organiser")
    slug = make.event(registration_open=False)
    assert client.post(f"/admin/{slug}/participants/new", data=PERSON_FORM).status_code == 302


def test_bad_person_fields_are_shown_next_to_them(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    response = client.post(f"/admin/{slug}/participants/new",
                           data={**PERSON_FORM, "nip": "12345", "phone": "12", "email": "rudi@", "name": ""})
    assert response.status_code == 422
    html = _html(response)
    assert _field_error(html, "nip") == "A NIP has exactly 18 digits."
    assert _field_error(html, "phone") and _field_error(html, "email")
    assert _field_error(html, "name") == "This field is required."
    with app.app_context():
        assert db.session.scalar(select(Participant)) is None


def test_a_taken_email_is_refused_on_edit(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    make.participant(slug, email="taken@example.id")
    other = make.participant(slug)
    response = client.post(f"/admin/{slug}/participants/{other['id']}/edit",
                           data={**PERSON_FORM, "email": "Taken@Example.id"})
    assert response.status_code == 422
    assert _field_error(_html(response), "email") == "Already registered for this forum."
    assert _participant(app, other["id"]).email != "taken@example.id"


def test_organiser_edits_a_participant(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    p = make.participant(slug)
    response = client.post(f"/admin/{slug}/participants/{p['id']}/edit",
                           data={**PERSON_FORM, "notes": "Datang terlambat", "deputy_for": "Kepala Dinas"})
    assert response.status_code == 302
    saved = _participant(app, p["id"])
    assert (saved.name, saved.email, saved.notes, saved.deputy_for, saved.role) == (
        "Rudi Hartono", "rudi@dishub.id", "Datang terlambat", "Kepala Dinas", "speaker")
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "participant.updated")) is not None


def test_another_forums_participant_is_not_found(client, login_as, make):
    login_as("organiser")
    slug, other = make.event(), make.event()
    p = make.participant(other)
    assert client.get(f"/admin/{slug}/participants/{p['id']}").status_code == 404
    assert client.post(f"/admin/{slug}/participants/{p['id']}/revoke").status_code == 404


def test_the_detail_page_offers_the_personal_link_to_the_owners_own_number(client, login_as, make):
    login_as("organiser")
    slug = make.event()
    p = make.participant(slug, phone="0812 3456 7890", email="owner@example.id", nip="198001012005011001")
    html = _html(client.get(f"/admin/{slug}/participants/{p['id']}"))
    personal = f"http://forum.test/p/{p['access_token']}"
    assert f'value="{personal}" readonly' in html
    assert "+6281234567890" in html and "198001012005011001" in html and "owner@example.id" in html
    wa = re.search(r'href="(https://wa\.me/[^"]+)"', html).group(1)
    parts = urlsplit(wa.replace("&amp;", "&"))
    assert parts.path == "/6281234567890"
    assert personal in unquote(parse_qs(parts.query)["text"][0])
    assert f'src="http://forum.test/qr/{p["checkin_code"]}.png"' in html


def test_no_whatsapp_link_without_a_number_or_for_a_cancelled_registration(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    p = make.participant(slug, phone="0812 3456 7890")
    client.post(f"/admin/{slug}/participants/{p['id']}/cancel")
    html = _html(client.get(f"/admin/{slug}/participants/{p['id']}"))
    assert "wa.me" not in html and p["access_token"] not in html
    nophone = make.participant(slug)
    assert "wa.me" not in _html(client.get(f"/admin/{slug}/participants/{nophone['id']}"))


def test_actions_ask_for_confirmation_first(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    p = make.participant(slug)
    response = client.get(f"/admin/{slug}/participants/{p['id']}/revoke")
    assert response.status_code == 200 and 'method="post"' in _html(response)
    assert _participant(app, p["id"]).status == "registered"


def test_cancel_revoke_and_restore(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    p = make.participant(slug)
    base = f"/admin/{slug}/participants/{p['id']}"
    assert client.post(f"{base}/cancel").status_code == 302
    assert _participant(app, p["id"]).status == "cancelled"
    assert client.post(f"{base}/restore").status_code == 302
    restored = _participant(app, p["id"])
    assert restored.status == "registered" and restored.checkin_code == p["checkin_code"]
    assert client.post(f"{base}/revoke").status_code == 302
    assert _participant(app, p["id"]).status == "revoked"
    client.post(f"{base}/restore")
    again = _participant(app, p["id"])
    assert again.status == "registered" and again.checkin_code != p["checkin_code"]  # a revoked code never returns
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action == "participant.status")).all()
        assert len(actions) == 4


def test_an_action_that_does_not_fit_the_status_changes_nothing(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    p = make.participant(slug)
    response = client.post(f"/admin/{slug}/participants/{p['id']}/restore", follow_redirects=True)
    assert "cannot be done" in _html(response)
    assert client.post(f"/admin/{slug}/participants/{p['id']}/explode").status_code == 404


def test_reissuing_retires_the_old_code(client, login_as, make, app):
    login_as("organiser")
    slug = make.event()
    p = make.participant(slug)
    response = client.post(f"/admin/{slug}/participants/{p['id']}/reissue")
    assert response.status_code == 302
    fresh = _participant(app, p["id"])
    assert fresh.checkin_code != p["checkin_code"] and fresh.status == "registered"
    assert fresh.access_token == p["access_token"]  # the personal link stays
    with app.app_context():
        retired = db.session.scalar(select(RetiredCode).where(RetiredCode.participant_id == p["id"]))
        assert retired.code == p["checkin_code"]
    html = _html(client.get(f"/admin/{slug}/participants/{p['id']}"))
    assert fresh.checkin_code in html and p["checkin_code"] not in html


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_actions_need_the_form_token(client, make, app):
    slug = make.event()
    p = make.participant(slug)
    email = "csrf-organiser@forum.example.id"
    make.user("organiser", email=email)
    page = _html(client.get("/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"email": email, "password": "correct horse battery",
                                       "csrf_token": token}).status_code == 302
    assert client.post(f"/admin/{slug}/participants/{p['id']}/revoke").status_code == 400
    assert _participant(app, p["id"]).status == "registered"
    confirm = _html(client.get(f"/admin/{slug}/participants/{p['id']}/revoke"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', confirm).group(1)
    assert client.post(f"/admin/{slug}/participants/{p['id']}/revoke", data={"csrf_token": token}).status_code == 302
    assert _participant(app, p["id"]).status == "revoked"


def test_the_list_shows_check_in_times_in_the_forums_zone_with_a_fixed_number_of_queries(client, login_as, make, app):
    from sqlalchemy import event as sa_event

    from forum.models import Checkin

    login_as("organiser")
    slug = make.event()  # Asia/Pontianak (WIB, UTC+7)
    came = make.participant(slug, name="Ani")
    make.participant(slug, name="Bayu")
    with app.app_context():
        event_id = db.session.scalar(select(Event.id).where(Event.slug == slug))
        db.session.add(Checkin(event_id=event_id, participant_id=came["id"], desk="Meja 1",
                               checked_in_at=datetime(2021, 2, 25, 3, 29, tzinfo=UTC)))
        db.session.commit()
    html = _html(client.get(f"/admin/{slug}/participants"))
    cells = dict(zip(_listed_names(html), re.findall(r"<td data-checkin>(.*?)</td>", html, re.S), strict=True))
    assert cells == {"Ani": "checked in at 10:29 WIB", "Bayu": "—"}  # the clock filter: English locale here

    def statements_for_the_list() -> int:
        seen = []

        def count(*_args):
            seen.append(1)

        with app.app_context():
            sa_event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(f"/admin/{slug}/participants").status_code == 200
        finally:
            with app.app_context():
                sa_event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    before = statements_for_the_list()
    for n in range(5):
        p = make.participant(slug, name=f"Citra {n}")
        with app.app_context():
            db.session.add(Checkin(event_id=event_id, participant_id=p["id"],
                                   checked_in_at=datetime(2021, 2, 25, 4, n, tzinfo=UTC)))
            db.session.commit()
    assert statements_for_the_list() == before  # one query for the page's check-ins, not one per row
