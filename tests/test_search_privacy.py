"""Participant search never reveals a contact detail to someone who may not read it: the desk's and the
moderators' searches match names, agencies and positions only (a whole NIP still finds its holder at the
desk), organisers' searches also match email, phone and NIP; `%` and `_` are plain characters; and every
search is rate-limited per staff user."""
import pytest

from tests.conftest import login

API = "/api/v1"

NIP = "198503152010011002"  # born 15 March 1985, civil servant since January 2010
# Fragments a door volunteer would try to read Budi's contacts out one character at a time.
CONTACT_FRAGMENTS = ["rahasia", "rahasia.budi@", "@kalbar", "3456", "0812", "+62812", "6281234", "19850315",
                     "2010011"]


@pytest.fixture
def forum(app, make, backend):
    slug = make.event()
    budi = make.participant(slug, name="Budi Santoso", agency="Bappeda", position="Kepala Bidang",
                            email="rahasia.budi@kalbar.example.id", phone="0812 3456 7890", nip=NIP)
    make.participant(slug, name="Sari Dewi", agency="Dinas PUPR", position="Staf 50% waktu")
    return {"slug": slug, "budi": budi, "make": make}


def desk_search(client, forum, q, headers):
    response = client.get(f"{API}/events/{forum['slug']}/checkin-search", query_string={"q": q}, headers=headers)
    assert response.status_code == 200, response.json
    return [p["name"] for p in response.json["participants"]]


def organiser_search(client, forum, q, headers):
    response = client.get(f"{API}/events/{forum['slug']}/participants", query_string={"q": q}, headers=headers)
    assert response.status_code == 200, response.json
    return [p["name"] for p in response.json["participants"]]


def entry_form_people(client, forum, q) -> bool:
    """Is Budi among the people offered on the moderators' entry form searched for `q`?"""
    response = client.get(f"/admin/{forum['slug']}/inputs/new", query_string={"q": q})
    assert response.status_code == 200
    return "Budi Santoso" in response.get_data(as_text=True)


@pytest.mark.both_dbs
@pytest.mark.parametrize("role", ["checkin", "moderator"])
def test_the_desk_search_finds_nobody_by_a_fragment_of_a_contact(client, forum, role):
    headers = forum["make"].headers(role)
    assert desk_search(client, forum, "budi", headers) == ["Budi Santoso"]
    for fragment in CONTACT_FRAGMENTS:
        assert desk_search(client, forum, fragment, headers) == [], fragment


@pytest.mark.both_dbs
def test_a_whole_nip_still_finds_its_holder_at_the_desk(client, forum):
    headers = forum["make"].headers("checkin")
    assert desk_search(client, forum, NIP, headers) == ["Budi Santoso"]
    assert desk_search(client, forum, "19850315 201001 1 002", headers) == ["Budi Santoso"]
    assert desk_search(client, forum, NIP[:-1], headers) == []


@pytest.mark.both_dbs
def test_the_moderators_entry_form_finds_nobody_by_a_fragment_of_a_contact(client, app, forum):
    login(client, app, "moderator")
    assert entry_form_people(client, forum, "Bappeda")
    for fragment in CONTACT_FRAGMENTS:
        assert not entry_form_people(client, forum, fragment), fragment


@pytest.mark.both_dbs
def test_organisers_may_search_contacts(client, app, forum):
    headers = forum["make"].headers("organiser")
    for fragment in CONTACT_FRAGMENTS:
        assert organiser_search(client, forum, fragment, headers) == ["Budi Santoso"], fragment
    login(client, app, "organiser")
    page = client.get(f"/admin/{forum['slug']}/participants", query_string={"q": "0812 3456"})
    assert "Budi Santoso" in page.get_data(as_text=True)


@pytest.mark.both_dbs
@pytest.mark.parametrize("role", ["checkin", "organiser"])
def test_percent_and_underscore_are_plain_characters(client, forum, role):
    search = desk_search if role == "checkin" else organiser_search
    headers = forum["make"].headers(role)
    assert search(client, forum, "%%", headers) == []
    assert search(client, forum, "50%", headers) == ["Sari Dewi"]
    assert search(client, forum, "__", headers) == []
    assert search(client, forum, "b_di", headers) == []
    assert search(client, forum, "b%i", headers) == []


# --- rate limit -------------------------------------------------------------------------------

limited = pytest.mark.config(RATELIMIT_ENABLED=True, FORUM_SEARCH_LIMIT="3 per minute")


@limited
def test_the_fourth_desk_search_in_a_minute_is_a_429_for_that_user_only(client, forum):
    desk, other = forum["make"].headers("checkin"), forum["make"].headers("checkin")
    for q in ("bu", "bud", "budi"):
        desk_search(client, forum, q, desk)
    response = client.get(f"{API}/events/{forum['slug']}/checkin-search?q=budi%20s", headers=desk)
    assert response.status_code == 429 and response.json["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0
    assert desk_search(client, forum, "budi", other) == ["Budi Santoso"]


@limited
def test_searches_on_every_page_share_one_budget_per_user(client, app, forum):
    login(client, app, "organiser")
    assert client.get(f"/admin/{forum['slug']}/participants?q=budi").status_code == 200
    assert client.get(f"/admin/{forum['slug']}/badges?q=budi").status_code == 200
    assert client.get(f"/admin/{forum['slug']}/inputs/new?q=budi").status_code == 200
    page = client.get(f"/admin/{forum['slug']}/participants?q=sari")
    assert page.status_code == 429 and page.mimetype == "text/html"
    assert client.get(f"{API}/events/{forum['slug']}/participants?q=sari").status_code == 429


@limited
def test_opening_or_paging_a_list_without_a_search_is_not_counted(client, app, forum):
    login(client, app, "organiser")
    for _ in range(5):
        assert client.get(f"/admin/{forum['slug']}/participants").status_code == 200
        assert client.get(f"/admin/{forum['slug']}/inputs/new").status_code == 200
    assert client.get(f"/admin/{forum['slug']}/participants?q=budi").status_code == 200
