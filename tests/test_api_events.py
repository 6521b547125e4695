"""Events over the JSON API: public reading, organiser writing, slugs, times and time zones."""
import pytest

pytestmark = pytest.mark.both_dbs

START, END = "2021-02-25T08:00:00+07:00", "2021-02-25T16:00:00+07:00"


def new_event(**fields):
    return {"title": "Forum OPD BPPD 2022", "starts_at": START, "ends_at": END, **fields}


def test_organiser_creates_event_and_anyone_reads_it(client, make, backend):
    headers = make.headers("organiser")
    response = client.post("/api/v1/events", json=new_event(), headers=headers)
    assert response.status_code == 201, response.json
    event = response.json
    assert event["slug"] == "forum-opd-bppd-2022"
    assert event["timezone"] == "Asia/Pontianak"
    assert event["registration_open"] is True
    assert event["starts_at"] == START
    listed = client.get("/api/v1/events").json["events"]
    assert [e["slug"] for e in listed] == ["forum-opd-bppd-2022"]
    assert client.get("/api/v1/events/forum-opd-bppd-2022").json["title"] == "Forum OPD BPPD 2022"


def test_event_has_exactly_the_contract_fields_and_documented_extensions(client, make, backend):
    slug = make.event()
    assert set(client.get(f"/api/v1/events/{slug}").json) == {
        "slug", "title", "theme", "venue", "starts_at", "ends_at", "timezone", "stream_url", "registration_open",
        "presence_min_minutes", "retention_days"}


def test_created_event_has_the_contract_defaults(client, make, backend):
    event = client.post("/api/v1/events", json=new_event(), headers=make.headers()).json
    assert (event["theme"], event["venue"], event["stream_url"]) == ("", "", "")
    assert (event["presence_min_minutes"], event["retention_days"]) == (0, None)


def test_events_are_listed_latest_first(client, make, backend):
    make.event(title="Earlier", starts_at="2021-02-25T08:00:00+07:00", ends_at="2021-02-25T16:00:00+07:00")
    make.event(title="Later", starts_at="2022-03-01T08:00:00+07:00", ends_at="2022-03-01T16:00:00+07:00")
    assert [e["title"] for e in client.get("/api/v1/events").json["events"]] == ["Later", "Earlier"]


def test_no_events_is_an_empty_list(client, backend):
    response = client.get("/api/v1/events")
    assert response.status_code == 200
    assert response.json == {"events": []}


def test_unknown_slug_is_a_json_404(client, backend):
    response = client.get("/api/v1/events/no-such-forum")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "event_not_found"


def test_patching_an_unknown_slug_is_a_json_404(client, make, backend):
    response = client.patch("/api/v1/events/no-such-forum", json={"title": "X"}, headers=make.headers())
    assert response.status_code == 404
    assert response.json["error"]["code"] == "event_not_found"


# --- who may write ----------------------------------------------------------------------------

@pytest.mark.parametrize("method, path", [("post", "/api/v1/events"), ("patch", "/api/v1/events/{slug}")])
def test_anonymous_write_is_401(client, make, backend, method, path):
    slug = make.event()
    response = getattr(client, method)(path.format(slug=slug), json=new_event())
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("role", ["moderator", "checkin"])
@pytest.mark.parametrize("method, path", [("post", "/api/v1/events"), ("patch", "/api/v1/events/{slug}")])
def test_staff_below_organiser_may_not_write(client, make, backend, role, method, path):
    slug = make.event()
    response = getattr(client, method)(path.format(slug=slug), json=new_event(title="Changed"),
                                       headers=make.headers(role))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_a_participants_access_token_may_not_create_events(client, make, backend):
    participant = make.participant(make.event())
    response = client.post("/api/v1/events", json=new_event(),
                           headers={"Authorization": f"Bearer {participant['access_token']}"})
    assert response.status_code == 403


def test_refused_write_changes_nothing(client, make, backend):
    slug = make.event(title="Original")
    client.patch(f"/api/v1/events/{slug}", json={"title": "Changed"}, headers=make.headers("moderator"))
    assert client.get(f"/api/v1/events/{slug}").json["title"] == "Original"


@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_organiser_and_admin_may_create(client, make, backend, role):
    response = client.post("/api/v1/events", json=new_event(), headers=make.headers(role))
    assert response.status_code == 201


@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_organiser_and_admin_may_patch(client, make, backend, role):
    slug = make.event()
    response = client.patch(f"/api/v1/events/{slug}", json={"title": "Changed"}, headers=make.headers(role))
    assert response.status_code == 200
    assert response.json["title"] == "Changed"


def test_organiser_logged_in_with_a_browser_session_may_create(client, login_as, backend):
    login_as("organiser")
    assert client.post("/api/v1/events", json=new_event()).status_code == 201


# --- slugs ------------------------------------------------------------------------------------

def test_slug_is_made_from_the_title_without_accents_or_punctuation(client, make, backend):
    event = client.post("/api/v1/events", json=new_event(title="Forum Éxample — Rencana Kerja 2022!"),
                        headers=make.headers()).json
    assert event["slug"] == "forum-example-rencana-kerja-2022"


def test_generated_slug_gets_a_number_when_taken(client, make, backend):
    headers = make.headers()
    first = client.post("/api/v1/events", json=new_event(), headers=headers).json
    second = client.post("/api/v1/events", json=new_event(), headers=headers).json
    third = client.post("/api/v1/events", json=new_event(), headers=headers).json
    assert [first["slug"], second["slug"], third["slug"]] == [
        "forum-opd-bppd-2022", "forum-opd-bppd-2022-2", "forum-opd-bppd-2022-3"]


def test_title_without_letters_still_gets_a_slug(client, make, backend):
    event = client.post("/api/v1/events", json=new_event(title="— ★ —"), headers=make.headers()).json
    assert event["slug"] == "forum"


def test_given_slug_is_used(client, make, backend):
    response = client.post("/api/v1/events", json=new_event(slug="renja-2022"), headers=make.headers())
    assert response.json["slug"] == "renja-2022"
    assert client.get("/api/v1/events/renja-2022").status_code == 200


def test_taken_slug_is_a_409_slug_taken(client, make, backend):
    make.event(slug="renja-2022")
    response = client.post("/api/v1/events", json=new_event(slug="renja-2022"), headers=make.headers())
    assert response.status_code == 409
    assert response.json["error"]["code"] == "slug_taken"
    assert "slug" in response.json["error"]["fields"]


@pytest.mark.parametrize("slug", ["Renja 2022", "renja_2022", "-renja", "renja--2022", "", "a" * 81, 2022, ["x"]])
def test_malformed_slug_is_refused(client, make, backend, slug):
    response = client.post("/api/v1/events", json=new_event(slug=slug), headers=make.headers())
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"slug"}


def test_patching_the_slug_is_refused_and_keeps_the_address(client, make, backend):
    slug = make.event()
    response = client.patch(f"/api/v1/events/{slug}", json={"slug": "new-address"}, headers=make.headers())
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"slug"}
    assert client.get(f"/api/v1/events/{slug}").status_code == 200
    assert client.get("/api/v1/events/new-address").status_code == 404


def test_patch_repeating_the_current_slug_is_accepted(client, make, backend):
    slug = make.event()
    response = client.patch(f"/api/v1/events/{slug}", json={"slug": slug, "venue": "Pendopo"},
                            headers=make.headers())
    assert response.status_code == 200
    assert response.json["venue"] == "Pendopo"


# --- times and validation ---------------------------------------------------------------------

def test_naive_times_are_read_in_the_forums_time_zone(client, make, backend):
    response = client.post("/api/v1/events", json=new_event(starts_at="2021-02-25T08:00:00",
                                                            ends_at="2021-02-25T16:00:00", timezone="Asia/Jayapura"),
                           headers=make.headers())
    assert response.json["starts_at"] == "2021-02-25T08:00:00+09:00"
    assert response.json["ends_at"] == "2021-02-25T16:00:00+09:00"


def test_naive_times_default_to_pontianak_time(client, make, backend):
    response = client.post("/api/v1/events", json=new_event(starts_at="2021-02-25T08:00:00",
                                                            ends_at="2021-02-25T16:00:00"), headers=make.headers())
    assert response.json["starts_at"] == "2021-02-25T08:00:00+07:00"


def test_times_given_in_another_offset_are_answered_in_the_forums_zone(client, make, backend):
    body = new_event(starts_at="2021-02-25T01:00:00Z", ends_at="2021-02-25T09:00:00+00:00")
    response = client.post("/api/v1/events", json=body, headers=make.headers())
    assert response.json["starts_at"] == "2021-02-25T08:00:00+07:00"
    assert response.json["ends_at"] == "2021-02-25T16:00:00+07:00"


@pytest.mark.parametrize("ends_at", ["2021-02-25T07:00:00+07:00", START])
def test_end_not_after_start_is_refused_on_ends_at(client, make, backend, ends_at):
    response = client.post("/api/v1/events", json=new_event(ends_at=ends_at), headers=make.headers())
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"ends_at"}


def test_patching_start_past_the_end_is_refused_on_ends_at(client, make, backend):
    slug = make.event()
    response = client.patch(f"/api/v1/events/{slug}", json={"starts_at": "2021-02-25T17:00:00+07:00"},
                            headers=make.headers())
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"ends_at"}
    assert client.get(f"/api/v1/events/{slug}").json["starts_at"] == START


@pytest.mark.parametrize("tz", ["Asia/Atlantis", "WIB", "", 7])
def test_bad_time_zone_is_refused(client, make, backend, tz):
    response = client.post("/api/v1/events", json=new_event(timezone=tz), headers=make.headers())
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"timezone"}


@pytest.mark.parametrize("missing", ["title", "starts_at", "ends_at"])
def test_required_fields_are_named_when_missing(client, make, backend, missing):
    body = new_event()
    del body[missing]
    response = client.post("/api/v1/events", json=body, headers=make.headers())
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {missing}


@pytest.mark.parametrize("field, value", [
    ("title", 2022), ("title", "x" * 301), ("starts_at", "besok pagi"), ("starts_at", 1614214800),
    ("stream_url", "zoom.us/j/1"), ("registration_open", "yes"), ("presence_min_minutes", -1),
    ("presence_min_minutes", "30"), ("retention_days", 1.5), ("theme", ["a"]),
])
def test_wrong_value_is_a_422_naming_the_field(client, make, backend, field, value):
    response = client.post("/api/v1/events", json=new_event(**{field: value}), headers=make.headers())
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


def test_body_that_is_a_json_list_is_a_400(client, make, backend):
    response = client.post("/api/v1/events", json=[new_event()], headers=make.headers())
    assert response.status_code == 400
    assert response.json["error"]["code"] == "malformed"


# --- PATCH, field by field ----------------------------------------------------------------------

@pytest.mark.parametrize("field, value, expected", [
    ("title", "Forum OPD Dinas PUPR", {"title": "Forum OPD Dinas PUPR"}),
    ("theme", "Sinergi  desa\nperbatasan", {"theme": "Sinergi  desa\nperbatasan"}),
    ("venue", "Hotel Aston Pontianak", {"venue": "Hotel Aston Pontianak"}),
    ("starts_at", "2021-02-25T07:30:00+07:00", {"starts_at": "2021-02-25T07:30:00+07:00"}),
    ("ends_at", "2021-02-25T17:00:00", {"ends_at": "2021-02-25T17:00:00+07:00"}),
    ("timezone", "Asia/Jayapura", {"timezone": "Asia/Jayapura", "starts_at": "2021-02-25T10:00:00+09:00",
                                   "ends_at": "2021-02-25T18:00:00+09:00"}),
    ("stream_url", "https://zoom.us/j/123", {"stream_url": "https://zoom.us/j/123"}),
    ("registration_open", False, {"registration_open": False}),
    ("presence_min_minutes", 30, {"presence_min_minutes": 30}),
    ("retention_days", 90, {"retention_days": 90}),
])
def test_patch_changes_one_field_and_keeps_it(client, make, backend, field, value, expected):
    slug = make.event()
    before = client.get(f"/api/v1/events/{slug}").json
    response = client.patch(f"/api/v1/events/{slug}", json={field: value}, headers=make.headers())
    assert response.status_code == 200, response.json
    assert response.json == {**before, **expected}
    assert client.get(f"/api/v1/events/{slug}").json == {**before, **expected}


def test_patch_can_clear_the_stream_url(client, make, backend):
    slug = make.event(stream_url="https://zoom.us/j/1")
    response = client.patch(f"/api/v1/events/{slug}", json={"stream_url": ""}, headers=make.headers())
    assert response.json["stream_url"] == ""


def test_invalid_patch_changes_nothing(client, make, backend):
    slug = make.event(title="Original")
    response = client.patch(f"/api/v1/events/{slug}", json={"title": "Changed", "timezone": "Mars/Olympus"},
                            headers=make.headers())
    assert response.status_code == 422
    event = client.get(f"/api/v1/events/{slug}").json
    assert (event["title"], event["timezone"]) == ("Original", "Asia/Pontianak")


def test_patch_ignores_unknown_fields(client, make, backend):
    slug = make.event()
    before = client.get(f"/api/v1/events/{slug}").json
    response = client.patch(f"/api/v1/events/{slug}", json={"colour": "red"}, headers=make.headers())
    assert response.status_code == 200
    assert response.json == before
