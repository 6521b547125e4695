"""The attendance ledger: door check-ins, online time (merged connections), the presence rule, the API."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event as sa_event

from forum.extensions import db
from forum.models import Checkin, OnlinePresence, Participant
from forum.services import events
from forum.services.attendance import (
    SUMMARY_KEYS,
    Ledger,
    OnlineTime,
    connected_minutes,
    is_present,
    merge_intervals,
    summary,
)

pytestmark = pytest.mark.both_dbs

T0 = datetime(2021, 2, 25, 1, 0, tzinfo=UTC)  # 08.00 WIB


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


# --- merging connections (pure) -----------------------------------------------------------

def test_two_tabs_open_at_once_count_once():
    tabs = [(at(0), at(30)), (at(10), at(40))]
    assert merge_intervals(tabs, now=at(100)) == [(at(0), at(40))]
    assert connected_minutes(tabs, now=at(100)) == 40


def test_a_reconnect_after_a_gap_adds_both_spans_but_not_the_gap():
    spans = [(at(50), at(70)), (at(0), at(20))]  # unordered on purpose
    assert merge_intervals(spans, now=at(100)) == [(at(0), at(20)), (at(50), at(70))]
    assert connected_minutes(spans, now=at(100)) == 40


def test_touching_and_contained_connections_merge():
    spans = [(at(0), at(10)), (at(10), at(25)), (at(2), at(5))]
    assert merge_intervals(spans, now=at(100)) == [(at(0), at(25))]
    assert connected_minutes(spans, now=at(100)) == 25


def test_an_open_connection_counts_until_now():
    spans = [(at(0), None), (at(5), at(15))]
    assert merge_intervals(spans, now=at(42)) == [(at(0), at(42))]
    assert connected_minutes(spans, now=at(42)) == 42


def test_minutes_are_whole_minutes_rounded_down_and_bad_ends_count_zero():
    assert connected_minutes([(at(0), at(4.99))], now=at(100)) == 4
    assert connected_minutes([(at(10), at(5))], now=at(100)) == 0
    assert connected_minutes([], now=at(100)) == 0


def test_presence_rule():
    joined_briefly = OnlineTime(first_joined_at=at(0), minutes=3, connected_now=False)
    stayed = OnlineTime(first_joined_at=at(0), minutes=15, connected_now=False)
    assert is_present(True, None, 15)
    assert not is_present(False, None, 0)
    assert is_present(False, joined_briefly, 0)  # 0: any online join counts (the contract's rule)
    opened_and_left = OnlineTime(first_joined_at=at(0), minutes=0, connected_now=False)
    assert is_present(False, opened_and_left, 0)  # even a 0-minute one, where the organiser set 0
    assert not is_present(False, opened_and_left, 1)  # a back-office forum's default: a tap on the link is not
    assert not is_present(False, opened_and_left, 15)
    assert is_present(False, OnlineTime(first_joined_at=at(0), minutes=1, connected_now=False), 1)
    assert is_present(True, opened_and_left, 0)  # checked in at the door: present however long online
    assert not is_present(False, joined_briefly, 15)
    assert is_present(False, stayed, 15)


# --- the ledger ---------------------------------------------------------------------------

def _add(app, *objects):
    with app.app_context():
        db.session.add_all(objects)
        db.session.commit()


def _event_id(app, slug):
    with app.app_context():
        return events.get_event(slug).id


def _forum(app, make, **event_fields):
    """A forum with a walk-in, an online participant on two tabs, a reconnecting one, a no-show and a
    cancelled registration that had checked in."""
    slug = make.event(**event_fields)
    eid = _event_id(app, slug)
    people = {
        "door": make.participant(slug, name="Andi Door", attendance="in_person"),
        "tabs": make.participant(slug, name="Budi Tabs", attendance="online", agency="DPMD"),
        "brief": make.participant(slug, name="Citra Brief", attendance="online"),
        "absent": make.participant(slug, name="Dedi Absent", attendance="in_person"),
        "gone": make.participant(slug, name="Eka Cancelled", attendance="in_person"),
    }
    ids = {k: v["id"] for k, v in people.items()}
    _add(app,
         Checkin(event_id=eid, participant_id=ids["door"], checked_in_at=at(3), desk="Meja 1"),
         Checkin(event_id=eid, participant_id=ids["gone"], checked_in_at=at(4), desk="Meja 2"),
         OnlinePresence(event_id=eid, participant_id=ids["tabs"], connection_id="t1", joined_at=at(10),
                        left_at=at(40)),
         OnlinePresence(event_id=eid, participant_id=ids["tabs"], connection_id="t2", joined_at=at(20), left_at=None),
         OnlinePresence(event_id=eid, participant_id=ids["brief"], connection_id="b1", joined_at=at(30),
                        left_at=at(33)),
         OnlinePresence(event_id=eid, participant_id=ids["brief"], connection_id="b2", joined_at=at(60),
                        left_at=at(62)),
         OnlinePresence(event_id=eid, participant_id=ids["gone"], connection_id="g1", joined_at=at(5), left_at=None))
    with app.app_context():
        db.session.get(Participant, ids["gone"]).status = "cancelled"
        db.session.commit()
    return slug, ids


def test_ledger_rows_follow_the_door_and_the_online_connections(app, make, backend):
    slug, ids = _forum(app, make)
    with app.app_context():
        ledger = Ledger(events.get_event(slug), now=at(100))
        rows = {row.participant.id: row for row in ledger.rows()}
    assert set(rows) == {ids["door"], ids["tabs"], ids["brief"], ids["absent"]}  # cancelled: no row
    door, tabs, brief, absent = rows[ids["door"]], rows[ids["tabs"]], rows[ids["brief"]], rows[ids["absent"]]
    assert (door.checked_in_at, door.desk, door.online, door.present) == (at(3), "Meja 1", None, True)
    assert door.attended_as == "in_person"
    assert tabs.online_first_joined_at == at(10)
    assert tabs.online_minutes == 90  # 10..100, the second tab still open at `now`
    assert tabs.online.connected_now and tabs.present and tabs.attended_as == "online"
    assert brief.online_minutes == 5 and not brief.online.connected_now
    assert brief.present  # presence_min_minutes is 0: any join counts
    assert (absent.checked_in_at, absent.online, absent.present, absent.attended_as) == (None, None, False,
                                                                                          "in_person")


def test_rows_are_ordered_by_name_and_can_be_filtered_by_how_people_attended(app, make, backend):
    slug, _ids = _forum(app, make)
    with app.app_context():
        ledger = Ledger(events.get_event(slug), now=at(100))
        assert [r.participant.name for r in ledger.rows()] == ["Andi Door", "Budi Tabs", "Citra Brief",
                                                               "Dedi Absent"]
        assert [r.participant.name for r in ledger.rows(attended_as="online")] == ["Budi Tabs", "Citra Brief"]
        assert [r.participant.name for r in ledger.rows(attended_as="in_person")] == ["Andi Door", "Dedi Absent"]


def test_minimum_online_minutes_decide_who_counts_as_present(app, make, backend):
    slug, ids = _forum(app, make, presence_min_minutes=10)
    with app.app_context():
        ledger = Ledger(events.get_event(slug), now=at(100))
        present = {row.participant.id: row.present for row in ledger.rows()}
        assert present == {ids["door"]: True, ids["tabs"]: True, ids["brief"]: False, ids["absent"]: False}
        assert ledger.present_count() == 2


def test_summary_counts_active_registrations_only(app, make, backend):
    slug, _ids = _forum(app, make)
    with app.app_context():
        counts = summary(events.get_event(slug))
    assert list(counts) == list(SUMMARY_KEYS)
    assert counts == {"registered": 4, "in_person_registered": 2, "online_registered": 2, "checked_in": 1,
                      "online_joined": 2, "online_now": 1}


def test_summary_of_an_empty_forum_is_all_zero(app, make, backend):
    slug = make.event()
    with app.app_context():
        event = events.get_event(slug)
        assert summary(event) == dict.fromkeys(SUMMARY_KEYS, 0)
        assert list(Ledger(event).rows()) == []


def _count_queries(app, work) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    with app.app_context():
        sa_event.listen(db.engine, "before_cursor_execute", count)
        try:
            work()
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_the_ledger_reads_with_a_fixed_number_of_queries(app, make, backend):
    def grow(slug, n):
        eid = _event_id(app, slug)
        for i in range(n):
            p = make.participant(slug, agency=f"Agency {i % 3}", attendance="online" if i % 2 else "in_person")
            _add(app, Checkin(event_id=eid, participant_id=p["id"], checked_in_at=at(i), desk="A") if i % 2 == 0
                 else OnlinePresence(event_id=eid, participant_id=p["id"], connection_id=f"c{i}", joined_at=at(i)))

    def read(slug):
        def work():
            ledger = Ledger(events.get_event(slug), now=at(100))
            rows = list(ledger.rows())
            [row.participant.agency.name for row in rows]
            ledger.summary()
            return rows
        return work

    small, large = make.event(), make.event()
    grow(small, 3)
    grow(large, 24)
    assert _count_queries(app, read(small)) == _count_queries(app, read(large)) <= 8


# --- the API ------------------------------------------------------------------------------

def test_attendance_api_has_the_contract_shape(client, app, make, backend):
    slug = make.event()
    eid = _event_id(app, slug)
    walk_in = make.participant(slug, name="Andi", agency="Bappeda")
    online = make.participant(slug, name="Budi", attendance="online")
    _add(app, Checkin(event_id=eid, participant_id=walk_in["id"], checked_in_at=at(3), desk="Meja 1"),
         OnlinePresence(event_id=eid, participant_id=online["id"], connection_id="x", joined_at=at(10),
                        left_at=at(25)))
    response = client.get(f"/api/v1/events/{slug}/attendance", headers=make.headers("organiser"))
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"summary", "rows"}
    assert body["summary"] == {"registered": 2, "in_person_registered": 1, "online_registered": 1, "checked_in": 1,
                               "online_joined": 1, "online_now": 0}
    andi, budi = body["rows"]
    assert set(andi) == {"participant", "checked_in_at", "desk", "online_first_joined_at", "online_minutes",
                         "present"}
    assert andi["participant"]["id"] == walk_in["id"]
    assert andi["participant"]["agency"]["name"] == "Bappeda"
    assert {"id", "name", "agency", "position", "attendance", "role", "status"} <= set(andi["participant"])
    assert "phone" not in andi["participant"] and "email" not in andi["participant"]
    assert andi["checked_in_at"] == "2021-02-25T08:03:00+07:00"
    assert (andi["desk"], andi["online_first_joined_at"], andi["online_minutes"], andi["present"]) == (
        "Meja 1", None, 0, True)
    assert budi["checked_in_at"] is None
    assert budi["online_first_joined_at"] == "2021-02-25T08:10:00+07:00"
    assert (budi["online_minutes"], budi["present"]) == (15, True)


@pytest.mark.parametrize("role", ["moderator", "checkin"])
def test_attendance_api_is_for_organisers_only(client, make, backend, role):
    slug = make.event()
    response = client.get(f"/api/v1/events/{slug}/attendance", headers=make.headers(role))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_attendance_api_refuses_anonymous_and_participants(client, make, backend):
    slug = make.event()
    anonymous = client.get(f"/api/v1/events/{slug}/attendance")
    assert anonymous.status_code == 401 and anonymous.json["error"]["code"] == "unauthenticated"
    participant = make.participant(slug)
    as_participant = client.get(f"/api/v1/events/{slug}/attendance",
                                headers={"Authorization": f"Bearer {participant['access_token']}"})
    assert as_participant.status_code == 403


def test_attendance_api_of_an_unknown_forum_is_404(client, make, backend):
    response = client.get("/api/v1/events/no-such-forum/attendance", headers=make.headers("organiser"))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "event_not_found"
