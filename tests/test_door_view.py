"""The live door view for organisers and moderators: who may open it, what it shows, its JSON state."""
import json
import re
import uuid
from html.parser import HTMLParser

import pytest

from tests.static_names import unhashed

pytestmark = pytest.mark.both_dbs

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    """The text of every element carrying the attribute `attr` (with `value`, when given)."""

    def __init__(self, attr, value):
        super().__init__()
        self.attr, self.value = attr, value
        self.open: list[list] = []  # [depth, attribute value, text parts]
        self.depth = 0
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.depth += 1
        attrs = dict(attrs)
        if self.attr in attrs and (self.value is None or attrs[self.attr] == self.value):
            self.open.append([self.depth, attrs[self.attr], []])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.open and self.open[-1][0] == self.depth:
            _depth, value, parts = self.open.pop()
            self.found.append((value, " ".join(" ".join(parts).split())))
        self.depth -= 1

    def handle_data(self, data):
        for entry in self.open:
            entry[2].append(data)


def elements(html: str, attr: str, value: str | None = None) -> list[tuple[str, str]]:
    """(attribute value, text) of each element with `attr` (= `value`), in document order of their ends."""
    collector = _Collector(attr, value)
    collector.feed(html)
    return collector.found


def text_of(html: str, attr: str, value: str | None = None) -> str:
    found = elements(html, attr, value)
    assert found, f"no element with {attr}={value!r}"
    return found[0][1]


@pytest.fixture
def door(app, make, backend):
    """A forum where two in-person registrants and one online registrant exist; Dewi (in person)
    and Rudi (online, came anyway) have arrived; Budi has not; a cancelled registration is ignored."""
    slug = make.event(title="Forum OPD BPPD Kalimantan Barat")
    people = {
        "dewi": make.participant(slug, name="Dewi Lestari", agency="Bappeda", phone="0812 1111 2222"),
        "budi": make.participant(slug, name="Budi Santoso", agency="Dinas PUPR", position="Kepala Bidang Jalan",
                                 phone="0813 3333 4444"),
        "rudi": make.participant(slug, name="Rudi Hartono", agency="Bappeda", attendance="online"),
        "gone": make.participant(slug, name="Sari Batal", agency="Dinas PUPR", phone="0815 5555 6666"),
    }
    headers = make.headers("checkin")
    with app.app_context():
        from forum.extensions import db
        from forum.models import Participant
        from forum.services import registration

        registration.set_status(db.session.get(Participant, people["gone"]["id"]), "cancelled")
        db.session.commit()
    client = app.test_client()
    checkins = f"/api/v1/events/{slug}/checkins"
    assert client.post(checkins, headers=headers, json={"code": people["dewi"]["checkin_code"], "desk": "Meja 1",
                                                         "scanned_at": "2021-02-25T07:41:00+07:00"}).status_code == 201
    assert client.post(checkins, headers=headers, json={"code": people["rudi"]["checkin_code"], "desk": "Meja 2",
                                                         "scanned_at": "2021-02-25T07:55:00+07:00"}).status_code == 201
    return {"slug": slug, "people": people, "headers": headers, "make": make}


def page(client, door, **args):
    """The door view, in English unless `lang` says otherwise (the assertions read its words)."""
    response = client.get(f"/admin/{door['slug']}/door", query_string={"lang": "en", **args})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def state(client, door):
    response = client.get(f"/admin/{door['slug']}/door.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.json


# --- who may open it ---------------------------------------------------------------------

@pytest.mark.parametrize("path", ["door", "door.json"])
def test_anonymous_visitors_go_to_the_login_page(client, door, path):
    response = client.get(f"/admin/{door['slug']}/{path}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["door", "door.json"])
def test_checkin_staff_may_not_open_the_door_view(client, door, login_as, path):
    login_as("checkin")
    assert client.get(f"/admin/{door['slug']}/{path}").status_code == 403


@pytest.mark.parametrize("role", ["moderator", "organiser", "admin"])
@pytest.mark.parametrize("path", ["door", "door.json"])
def test_moderators_and_organisers_open_the_door_view(client, door, login_as, role, path):
    login_as(role)
    response = client.get(f"/admin/{door['slug']}/{path}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unknown_forum_is_404(client, door, login_as):
    login_as("organiser")
    assert client.get("/admin/no-such-forum/door").status_code == 404


# --- what the page shows -----------------------------------------------------------------

def test_counts_expected_and_arrived(client, door, login_as):
    login_as("moderator")
    html = page(client, door)
    assert text_of(html, "data-summary", "checked_in") == "2"  # Dewi, and Rudi who registered online
    assert text_of(html, "data-summary", "in_person_registered") == "2"  # Dewi and Budi (Sari cancelled)
    assert text_of(html, "data-overall", "missing") == "1"  # Budi
    assert text_of(html, "data-mode", "online") == "1"  # registered online, came in person
    modes = dict(elements(html, "data-mode-row"))
    assert modes["in_person"].split()[-2:] == ["2", "1"]  # registered, arrived at the door
    assert modes["online"].split()[-2:] == ["1", "1"]


def test_counts_by_agency(client, door, login_as):
    login_as("moderator")
    rows = {text.rsplit(" ", 3)[0]: text.split()[-3:] for _id, text in elements(page(client, door), "data-agency")}
    assert rows == {"Bappeda": ["1", "2", "0"], "Dinas PUPR": ["1", "0", "1"]}  # expected, arrived, not yet


def test_latest_arrivals_newest_first_with_time_in_the_forums_zone_and_desk(client, door, login_as):
    login_as("moderator")
    html = page(client, door)
    latest = elements(html, "data-participant")
    assert [pid for pid, _text in latest] == [str(door["people"]["rudi"]["id"]), str(door["people"]["dewi"]["id"])]
    rudi, dewi = latest[0][1], latest[1][1]
    assert "07:55 WIB" in rudi and "Rudi Hartono" in rudi and "Meja 2" in rudi and "registered online" in rudi
    assert "07:41 WIB" in dewi and "Dewi Lestari" in dewi and "Bappeda" in dewi and "Meja 1" in dewi
    assert "registered online" not in dewi and "representing" not in dewi
    assert "07.41 WIB" in text_of(page(client, door, lang="id"), "data-participant", str(door["people"]["dewi"]["id"]))


def test_not_arrived_lists_in_person_registrants_who_have_not_come(client, door, login_as):
    login_as("organiser")
    rows = dict(elements(page(client, door), "data-missing-row"))
    assert list(rows) == [str(door["people"]["budi"]["id"])]  # not Dewi (arrived), Rudi (online), Sari (cancelled)
    assert "Budi Santoso" in rows[str(door["people"]["budi"]["id"])]
    assert "Kepala Bidang Jalan" in rows[str(door["people"]["budi"]["id"])]


def test_organisers_get_phone_numbers_to_call(client, door, login_as):
    login_as("organiser")
    html = page(client, door)
    assert 'href="tel:+6281333334444"' in html
    assert "+6281211112222" not in html  # Dewi has arrived: no need to call her


def test_moderators_do_not_see_phone_numbers(client, door, login_as):
    login_as("moderator")
    html = page(client, door)
    assert "Budi Santoso" in text_of(html, "data-missing-row")
    assert "tel:" not in html and "+62813" not in html and "3333" not in html


def test_the_not_arrived_list_by_agency(client, door, login_as, app):
    login_as("organiser")
    more = door["make"].participant(door["slug"], name="Ani Bappeda", agency="Bappeda")
    with app.app_context():
        from forum.services import events

        bappeda = events.find_agency(events.get_event(door["slug"]), "Bappeda").id
    rows = dict(elements(page(client, door, agency=bappeda), "data-missing-row"))
    assert list(rows) == [str(more["id"])]
    assert len(elements(page(client, door), "data-missing-row")) == 2


def test_a_deputy_is_shown_with_whom_they_represent(client, door, login_as):
    response = client.post(f"/api/v1/events/{door['slug']}/walkins", headers=door["headers"], json={
        "name": "Yanti Wakil", "position": "Sekretaris", "represents_id": door["people"]["budi"]["id"],
        "consent": True, "desk": "Meja 3"})
    assert response.status_code == 201, response.json
    login_as("organiser")
    html = page(client, door)
    latest = text_of(html, "data-participant", str(response.json["participant"]["id"]))
    assert "Yanti Wakil" in latest and "representing" in latest and "Budi Santoso" in latest
    budi = text_of(html, "data-missing-row", str(door["people"]["budi"]["id"]))
    assert "represented by Yanti Wakil" in budi


def test_the_page_loads_its_script_and_has_no_inline_script(client, door, login_as):
    login_as("moderator")
    html = page(client, door)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _body in scripts]
    assert all(body.strip() == "" for _attrs, body in scripts)
    assert [unhashed(s) for s in sources] == [
        "/static/vendor/socket.io/socket.io.min.js", "/static/js/state-refresh.js", "/static/js/door.js"]
    assert f'data-event="{door["slug"]}"' in html
    assert f'data-state-url="/admin/{door["slug"]}/door.json"' in html


def test_the_vendored_socketio_client_is_served(client):
    response = client.get("/static/vendor/socket.io/socket.io.min.js")
    assert response.status_code == 200
    assert b"Socket.IO v4." in response.data[:200]
    response.close()


# --- conflicts from offline desks --------------------------------------------------------

def sync(client, door, *scans):
    response = client.post(f"/api/v1/events/{door['slug']}/checkins/batch", headers=door["headers"],
                           json={"scans": [dict(scan, client_id=str(uuid.uuid4())) for scan in scans]})
    assert response.status_code == 200, response.json
    return response.json["results"]


def test_a_person_scanned_offline_at_two_desks_is_listed_as_a_conflict(client, door, login_as):
    code = door["people"]["budi"]["checkin_code"]
    sync(client, door, {"code": code, "desk": "Meja 2", "scanned_at": "2021-02-25T08:05:00+07:00"})
    sync(client, door, {"code": code, "desk": "Meja 1", "scanned_at": "2021-02-25T08:02:00+07:00"})
    login_as("moderator")
    html = page(client, door)
    row = text_of(html, "data-conflict", str(door["people"]["budi"]["id"]))
    kept, other = row.split("08:02 WIB · Meja 1")
    assert "Budi Santoso" in kept  # the earliest scan is the check-in kept
    assert "08:05 WIB · Meja 2" in other and "offline" in other
    assert text_of(html, "data-summary", "checked_in") == "3"  # counted once

    conflicts = state(client, door)["conflicts"]
    assert len(conflicts) == 1
    assert conflicts[0]["participant"]["name"] == "Budi Santoso"
    assert (conflicts[0]["checked_in_at"], conflicts[0]["desk"]) == ("2021-02-25T08:02:00+07:00", "Meja 1")
    assert conflicts[0]["other_scans"] == [{"desk": "Meja 2", "scanned_at": "2021-02-25T08:05:00+07:00",
                                            "offline": True}]


def test_no_conflicts_when_each_person_was_scanned_at_one_desk(client, door, login_as):
    login_as("moderator")
    assert elements(page(client, door), "data-conflict") == []
    assert state(client, door)["conflicts"] == []


# --- door.json -------------------------------------------------------------------------------

def test_door_json_shape(client, door, login_as):
    login_as("moderator")
    body = state(client, door)
    assert set(body) == {"event", "generated_at", "summary", "overall", "by_mode", "by_agency", "latest",
                         "not_arrived_ids", "conflicts"}
    assert body["event"] == door["slug"]
    assert body["summary"] == {"registered": 3, "in_person_registered": 2, "online_registered": 1, "checked_in": 2,
                               "online_joined": 0, "online_now": 0}
    assert body["overall"] == {"registered": 3, "expected": 2, "arrived": 2, "missing": 1}
    assert body["by_mode"] == {"in_person": {"registered": 2, "expected": 2, "arrived": 1, "missing": 1},
                               "online": {"registered": 1, "expected": 0, "arrived": 1, "missing": 0}}
    agencies = {row["agency"]["name"]: {k: row[k] for k in ("expected", "arrived", "missing")}
                for row in body["by_agency"]}
    assert agencies == {"Bappeda": {"expected": 1, "arrived": 2, "missing": 0},
                        "Dinas PUPR": {"expected": 1, "arrived": 0, "missing": 1}}
    assert [a["participant"]["name"] for a in body["latest"]] == ["Rudi Hartono", "Dewi Lestari"]
    rudi = body["latest"][0]
    assert rudi["checked_in_at"] == "2021-02-25T07:55:00+07:00" and rudi["desk"] == "Meja 2"
    assert rudi["note"] == "registered_online"
    assert set(rudi["participant"]) >= {"id", "name", "agency", "position", "attendance", "role", "status"}
    assert body["not_arrived_ids"] == [door["people"]["budi"]["id"]]


def test_a_latest_arrival_has_the_shape_of_the_socketio_checkin_event(client, door, login_as, app):
    from forum.extensions import socketio

    login_as("organiser")
    live = socketio.test_client(app, namespace="/live", auth={"event": door["slug"]}, flask_test_client=client)
    live.get_received("/live")
    client.post(f"/api/v1/events/{door['slug']}/checkins", headers=door["headers"],
                json={"code": door["people"]["budi"]["checkin_code"], "desk": "Meja 3"})
    event = next(r["args"][0] for r in live.get_received("/live") if r["name"] == "checkin")
    assert state(client, door)["latest"][0] == event
    assert state(client, door)["not_arrived_ids"] == []


def test_door_json_carries_no_contact_details_even_for_organisers(client, door, login_as):
    login_as("organiser")
    text = json.dumps(state(client, door))
    assert "phone" not in text and "+62" not in text and "email" not in text
