"""The organisers' dashboard: who may open it, its counts, its charts, the no-shows and the export buttons;
and the attendance export of one session."""
import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from forum.extensions import db
from forum.models import Agency, Checkin, OnlinePresence, Session
from forum.services import events

pytestmark = pytest.mark.both_dbs

T0 = datetime(2021, 2, 25, 1, 0, tzinfo=UTC)  # Thursday 25 February 2021, 08.00 WIB
SVG = "{http://www.w3.org/2000/svg}"


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _add(app, *objects):
    with app.app_context():
        db.session.add_all(objects)
        db.session.commit()
        return [o.id for o in objects]


@pytest.fixture
def forum(app, make, backend):
    """Present rule: online for 30 minutes. Bappeda: three checked in (08.01, 08.03, 08.07) and one at 08.21;
    DPMD: Budi online 45 minutes (present); Dinas PUPR: Citra expected, not come; Dinas Kesehatan: Fajar
    online 10 minutes (not present); BNNP: nobody registered; a cancelled registration counts nowhere."""
    slug = make.event(title="Forum OPD BPPD Kalimantan Barat", presence_min_minutes=30)
    with app.app_context():
        event = events.get_event(slug)
        eid = event.id
        db.session.add(Agency(event_id=eid, name="BNNP Kalimantan Barat", short_name="BNNP", kind="vertical"))
        # the forum's list (a name typed at registration that matches none would wait unverified, uncounted)
        db.session.add_all(Agency(event_id=eid, name=name) for name in ("Bappeda", "DPMD", "Dinas PUPR",
                                                                        "Dinas Kesehatan"))
        db.session.commit()
    people = {}
    for name, agency, mode, phone in (
            ("Andi Wijaya", "Bappeda", "in_person", None), ("Dewi Sartika", "Bappeda", "in_person", None),
            ("Eko Prasetyo", "Bappeda", "in_person", None), ("Gita Anjani", "Bappeda", "online", None),
            ("Budi Santoso", "DPMD", "online", "081298765432"),
            ("Citra Lestari", "Dinas PUPR", "in_person", "081234567890"),
            ("Fajar Nugroho", "Dinas Kesehatan", "online", "085612345678")):
        people[name] = make.participant(slug, name=name, agency=agency, attendance=mode, phone=phone)
    cancelled = make.participant(slug, name="Hadi Batal", agency="DPMD")
    with app.app_context():
        from forum.models import Participant

        db.session.get(Participant, cancelled["id"]).status = "cancelled"
        db.session.commit()
    _add(app,
         Checkin(event_id=eid, participant_id=people["Andi Wijaya"]["id"], checked_in_at=at(1), desk="Meja 1"),
         Checkin(event_id=eid, participant_id=people["Dewi Sartika"]["id"], checked_in_at=at(3), desk="Meja 1"),
         Checkin(event_id=eid, participant_id=people["Eko Prasetyo"]["id"], checked_in_at=at(7), desk="Meja 2"),
         # registered online, came to the door anyway
         Checkin(event_id=eid, participant_id=people["Gita Anjani"]["id"], checked_in_at=at(21), desk="Meja 2"),
         Checkin(event_id=eid, participant_id=cancelled["id"], checked_in_at=at(2), desk="Meja 1"),
         OnlinePresence(event_id=eid, participant_id=people["Budi Santoso"]["id"], connection_id="b1",
                        joined_at=at(30), left_at=at(75)),
         OnlinePresence(event_id=eid, participant_id=people["Budi Santoso"]["id"], connection_id="b2",
                        joined_at=at(35), left_at=at(50)),  # a second tab: counted once
         OnlinePresence(event_id=eid, participant_id=people["Fajar Nugroho"]["id"], connection_id="f1",
                        joined_at=at(40), left_at=at(50)))
    return {"slug": slug, "people": people, "event_id": eid}


def _svg(html: str, chart_id: str) -> ET.Element:
    start = html.index(f'<svg class="chart" id="{chart_id}"')
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])


def _marks(svg: ET.Element, tag: str) -> list[tuple[str, int]]:
    return [(el.get("data-label"), int(el.get("data-value"))) for el in svg.iter(f"{SVG}{tag}")]


# --- access -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["dashboard", "dashboard.json", "erase-contacts", "audit", "audit.csv"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, forum, path):
    response = client.get(f"/admin/{forum['slug']}/{path}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["checkin", "moderator"])
@pytest.mark.parametrize("path", ["dashboard", "dashboard.json", "erase-contacts", "audit", "audit.csv"])
def test_door_staff_and_moderators_may_not_open_it(client, login_as, forum, role, path):
    login_as(role)
    assert client.get(f"/admin/{forum['slug']}/{path}").status_code == 403


@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_organisers_and_admins_open_it(client, login_as, forum, role):
    login_as(role)
    response = client.get(f"/admin/{forum['slug']}/dashboard")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script>" not in response.get_data(as_text=True)  # no inline script: the CSP forbids it


def test_an_unknown_forum_is_404(client, login_as, forum):
    login_as("organiser")
    assert client.get("/admin/no-such-forum/dashboard").status_code == 404


def test_the_forum_navigation_links_the_dashboard_for_organisers_only(client, app, forum):
    from tests.conftest import login

    login(client, app, "organiser")
    assert f"/admin/{forum['slug']}/dashboard" in client.get(f"/admin/{forum['slug']}/").get_data(as_text=True)
    other = app.test_client()
    login(other, app, "moderator")
    assert f"/admin/{forum['slug']}/dashboard" not in other.get(f"/admin/{forum['slug']}/").get_data(as_text=True)


# --- counts -------------------------------------------------------------------------------------

def test_the_counts_follow_the_presence_rule(client, login_as, forum):
    login_as("organiser")
    state = client.get(f"/admin/{forum['slug']}/dashboard.json").json
    assert state["summary"] == {"registered": 7, "in_person_registered": 4, "online_registered": 3, "checked_in": 4,
                                "online_joined": 2, "online_now": 0}
    # present: four checked in, and Budi (45 minutes online); Fajar's 10 minutes are below the rule's 30
    assert state["figures"] == {"present": 5, "in_room": 4, "online": 1, "no_shows": 2, "agencies": 5,
                                "agencies_missing": 3}


def test_the_page_shows_the_counts_and_the_rule_in_force(client, login_as, forum):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/dashboard").get_data(as_text=True)
    assert '<span data-figure="present">5</span>' in html
    assert '<span data-summary="registered">7</span>' in html
    assert '<span data-summary="checked_in">4</span>' in html
    assert '<span data-figure="online">1</span>' in html
    assert "Present means: checked in at the door, or online for at least 30 minutes." in html


def test_the_rule_without_a_minimum_says_any_online_join_counts(client, app, login_as, make):
    slug = make.event()
    login_as("organiser")
    html = client.get(f"/admin/{slug}/dashboard").get_data(as_text=True)
    assert "Present means: checked in at the door, or joined online (for any length of time)." in html


def test_the_presence_rule_is_shown_in_indonesian_by_default(client, login_as, forum):
    login_as("organiser")
    response = client.get(f"/admin/{forum['slug']}/dashboard", headers={"Accept-Language": "id"})
    assert response.status_code == 200
    assert '<html lang="id">' in response.get_data(as_text=True)


def test_agencies_without_anyone_present_are_marked_missing(client, login_as, forum):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/dashboard").get_data(as_text=True)
    start = html.index("data-agencies-missing")
    missing_line = html[start:html.index("</p>", start)]
    for name in ("BNNP Kalimantan Barat", "Dinas Kesehatan", "Dinas PUPR"):
        assert name in missing_line
    assert "Bappeda" not in missing_line and "DPMD" not in missing_line
    bappeda = html[html.index("<th scope=\"row\">Bappeda"):]
    bappeda = bappeda[:bappeda.index("</tr>")]
    assert 'data-col="registered">4<' in bappeda and 'data-col="in_room">4<' in bappeda
    assert 'data-col="present">4<' in bappeda


# --- charts -------------------------------------------------------------------------------------

def test_the_arrival_curve_has_a_bar_per_five_minutes_and_a_running_total(client, login_as, forum):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/dashboard").get_data(as_text=True)
    svg = _svg(html, "chart-arrivals")
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Arrivals at the door"
    assert "4 in all" in svg.find(f"{SVG}desc").text
    # 08.01 and 08.03, 08.07, then 08.21 (the cancelled registration's check-in is left out); at least six slots
    assert _marks(svg, "rect") == [("08:00", 2), ("08:05", 1), ("08:10", 0), ("08:15", 0), ("08:20", 1),
                                   ("08:25", 0)]
    assert _marks(svg, "circle") == [("08:00", 2), ("08:05", 3), ("08:10", 3), ("08:15", 3), ("08:20", 4),
                                     ("08:25", 4)]


def test_each_chart_has_a_data_table_fallback(client, login_as, forum):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/dashboard").get_data(as_text=True)
    figure = html[html.index('data-chart="chart-arrivals"'):html.index('data-chart="chart-online"')]
    assert "<table>" in figure
    assert '<tr><th scope="row">08:05</th><td class="num">1</td><td class="num">3</td></tr>' in figure


def test_the_online_chart_counts_people_connected_every_five_minutes(client, login_as, forum):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/dashboard").get_data(as_text=True)
    svg = _svg(html, "chart-online")
    assert svg.find(f"{SVG}title").text == "Online over time"
    # Budi 08.30-09.15 (two tabs, once), Fajar 08.40-08.50
    expected = [("08:30", 1), ("08:35", 1), ("08:40", 2), ("08:45", 2), ("08:50", 1), ("08:55", 1), ("09:00", 1),
                ("09:05", 1), ("09:10", 1), ("09:15", 0)]
    assert _marks(svg, "circle") == expected


def test_an_empty_forum_says_so_instead_of_drawing(client, login_as, make):
    slug = make.event()
    login_as("organiser")
    html = client.get(f"/admin/{slug}/dashboard").get_data(as_text=True)
    assert "Nobody has checked in yet." in html and "Nobody has joined online yet." in html
    assert _marks(_svg(html, "chart-arrivals"), "rect") == []


def test_names_in_the_charts_and_tables_are_escaped(client, app, login_as, make):
    slug = make.event()
    with app.app_context():
        eid = events.get_event(slug).id
        db.session.add(Agency(event_id=eid, name="<b>Dinas</b>"))  # on the list: the table names it
        db.session.commit()
    person = make.participant(slug, name="<script>alert(1)</script>", agency="<b>Dinas</b>")
    _add(app, Checkin(event_id=eid, participant_id=person["id"], checked_in_at=at(1)))
    login_as("organiser")
    html = client.get(f"/admin/{slug}/dashboard").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "<b>Dinas</b>" not in html
    assert "&lt;b&gt;Dinas&lt;/b&gt;" in html


# --- no-shows -----------------------------------------------------------------------------------

def test_no_shows_are_listed_with_phone_links(client, login_as, forum):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/dashboard").get_data(as_text=True)
    section = html[html.index('id="no-shows"'):html.index('id="exports"')]
    assert '<a href="tel:+6281234567890">+6281234567890</a>' in section  # Citra
    assert '<a href="tel:+6285612345678">+6285612345678</a>' in section  # Fajar: online too briefly
    assert "online 10 min" in section
    for name in ("Andi Wijaya", "Budi Santoso", "Hadi Batal"):
        assert name not in section
    ids = {forum["people"]["Citra Lestari"]["id"], forum["people"]["Fajar Nugroho"]["id"]}
    assert {int(i) for i in _attr_values(section, "data-no-show")} == ids


def _attr_values(html: str, attribute: str) -> list[str]:
    out, marker = [], f'{attribute}="'
    start = html.find(marker)
    while start >= 0:
        start += len(marker)
        out.append(html[start:html.index('"', start)])
        start = html.find(marker, start)
    return out


def test_a_new_check_in_moves_the_figures_and_the_curve(client, app, login_as, make, forum):
    login_as("organiser")
    citra = forum["people"]["Citra Lestari"]
    response = client.post(f"/api/v1/events/{forum['slug']}/checkins", headers=make.headers("checkin"),
                           json={"code": citra["checkin_code"], "scanned_at": "2021-02-25T08:22:00+07:00"})
    assert response.status_code == 201
    state = client.get(f"/admin/{forum['slug']}/dashboard.json").json
    assert state["figures"]["present"] == 6 and state["figures"]["no_shows"] == 1
    assert citra["id"] not in state["no_show_ids"]
    svg = ET.fromstring(state["fragments"]["charts"][state["fragments"]["charts"].index("<svg"):
                                                     state["fragments"]["charts"].index("</svg>") + 6])
    assert ("08:20", 2) in _marks(svg, "rect")
    assert "Dinas PUPR" not in state["fragments"]["agencies"].split("data-agencies-missing")[1].split("</p>")[0]


# --- exports ------------------------------------------------------------------------------------

def test_the_export_buttons_point_at_every_file(client, login_as, forum):
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/dashboard").get_data(as_text=True)
    base = f"/events/{forum['slug']}/exports"
    for href in ("attendance.csv", "attendance.xlsx", "attendance.pdf", "attendance.pdf?paper=f4",
                 "attendance.pdf?internal=1", "inputs.csv", "inputs.xlsx", "minutes.pdf"):
        assert f'href="{base}/{href}"' in html, href


def test_the_one_session_export_form_lists_the_sessions(client, app, login_as, forum):
    _add(app, Session(event_id=forum["event_id"], title="Paparan Kepala Badan", starts_at=at(30), ends_at=at(60)))
    login_as("organiser")
    html = client.get(f"/admin/{forum['slug']}/dashboard").get_data(as_text=True)
    assert 'name="session"' in html and "Paparan Kepala Badan" in html


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8").lstrip("\ufeff"), newline="")))


def test_a_session_export_counts_online_minutes_inside_the_session(client, app, login_as, forum):
    # planned 08.30-09.00: Budi (08.30-09.15) was online 30 minutes of it, Fajar (08.40-08.50) 10
    session_id, = _add(app, Session(event_id=forum["event_id"], title="Paparan", starts_at=at(30), ends_at=at(60)))
    login_as("organiser")
    response = client.get(f"/events/{forum['slug']}/exports/attendance.csv?session={session_id}&lang=en")
    assert response.status_code == 200
    assert f"-session-{session_id}.csv" in response.headers["Content-Disposition"]
    header, *rows = _csv(response)
    by_name = {row[1]: row for row in rows}
    minutes, present = header.index("Minutes online"), header.index("Present")
    assert by_name["Budi Santoso"][minutes] == "30" and by_name["Budi Santoso"][present] == "Yes"
    assert by_name["Fajar Nugroho"][minutes] == "10" and by_name["Fajar Nugroho"][present] == "No"
    assert by_name["Andi Wijaya"][present] == "Yes"  # a check-in counts for every session
    whole = _csv(client.get(f"/events/{forum['slug']}/exports/attendance.csv?lang=en"))
    assert {row[1]: row for row in whole[1:]}["Budi Santoso"][minutes] == "45"


def test_a_session_export_uses_the_actual_times_once_the_session_ran(client, app, login_as, forum):
    # planned 08.00-08.30 but actually run 08.45-09.05: Budi was online 20 minutes of it
    session_id, = _add(app, Session(event_id=forum["event_id"], title="Diskusi", starts_at=at(0), ends_at=at(30),
                                    actual_start=at(45), actual_end=at(65), state="ended"))
    login_as("organiser")
    header, *rows = _csv(client.get(f"/events/{forum['slug']}/exports/attendance.csv?session={session_id}&lang=en"))
    assert {row[1]: row for row in rows}["Budi Santoso"][header.index("Minutes online")] == "20"


def test_a_session_export_names_the_session_in_the_pdf_and_the_audit_log(client, app, login_as, forum):
    from pypdf import PdfReader

    from forum.models import AuditEntry

    session_id, = _add(app, Session(event_id=forum["event_id"], title="Paparan Bappeda", starts_at=at(30),
                                    ends_at=at(60)))
    login_as("organiser")
    response = client.get(f"/events/{forum['slug']}/exports/attendance.pdf?session={session_id}")
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Paparan Bappeda" in text and "08.30 WIB – 09.00 WIB" in text
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "export.downloaded")).one()
        assert entry.details["session"] == session_id


def test_another_forums_session_or_a_malformed_one_is_refused(client, app, login_as, make, forum):
    other = make.event()
    with app.app_context():
        other_id = events.get_event(other).id
    session_id, = _add(app, Session(event_id=other_id, title="Lain", starts_at=at(0), ends_at=at(30)))
    login_as("organiser")
    assert client.get(f"/events/{forum['slug']}/exports/attendance.csv?session={session_id}").status_code == 404
    assert client.get(f"/events/{forum['slug']}/exports/attendance.xlsx?session=abc").status_code == 422
    api = client.get(f"/api/v1/events/{forum['slug']}/exports/attendance.csv?session={session_id}")
    assert api.status_code == 404 and api.json["error"]["code"] == "session_not_found"


def test_the_export_command_takes_a_session_too(app, runner, forum, tmp_path):
    session_id, = _add(app, Session(event_id=forum["event_id"], title="Paparan", starts_at=at(30), ends_at=at(60)))
    out = tmp_path / "hadir.csv"
    result = runner.invoke(args=["forum", "export", "attendance", "--event", forum["slug"], "--format", "csv",
                                 "--out", str(out), "--session", str(session_id), "--lang", "en"])
    assert result.exit_code == 0, result.output
    header, *rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert {row[1]: row for row in rows}["Budi Santoso"][header.index("Minutes online")] == "30"
    unknown = runner.invoke(args=["forum", "export", "attendance", "--event", forum["slug"], "--format", "csv",
                                  "--out", str(out), "--session", str(session_id + 100), "--lang", "en"])
    assert unknown.exit_code != 0 and "no such session" in unknown.output
