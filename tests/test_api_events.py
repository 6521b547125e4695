import pytest

pytestmark = pytest.mark.both_dbs


def test_organiser_creates_event_and_anyone_reads_it(client, make, backend):
    headers = make.headers("organiser")
    response = client.post("/api/v1/events", json={"title": "Forum OPD BPPD 2022", "starts_at": "2021-02-25T08:00:00+07:00",
                                                   "ends_at": "2021-02-25T16:00:00+07:00"}, headers=headers)
    assert response.status_code == 201, response.json
    event = response.json
    assert event["slug"] == "forum-opd-bppd-2022"
    assert event["timezone"] == "Asia/Pontianak"
    assert event["registration_open"] is True
    assert event["starts_at"] == "2021-02-25T08:00:00+07:00"
    listed = client.get("/api/v1/events").json["events"]
    assert [e["slug"] for e in listed] == ["forum-opd-bppd-2022"]
    assert client.get("/api/v1/events/forum-opd-bppd-2022").json["title"] == "Forum OPD BPPD 2022"
