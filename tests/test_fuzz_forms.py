"""Every HTML form of the app, field by field, with hostile values, on SQLite and PostgreSQL: never a 500,
never a value the database refuses (the "cannot be stored" backstop of forum/input_guard.py).

The forms are found, not listed: every page of the app's URL map is fetched as an admin (and the
participant pages as a participant, the login page anonymously), and every POST form on them is parsed.
Then every POST route of the URL map, a blueprint per test: each field of its forms in turn gets each hostile
value, the other fields keeping the page's own values. A POST route with no form on any page (or a form
without fields) gets a few likely field names instead."""
from __future__ import annotations

import io
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from forum import create_app
from tests.conftest import _test_config, login
from tests.test_fuzz_api import PDF, seed  # noqa: F401  (a fixture: a forum with sessions, inputs, a material)

pytestmark = pytest.mark.both_dbs

# Already URL-encoded: a NUL, the UTF-8 form of a lone surrogate (invalid UTF-8: decodes to U+FFFD),
# 10,000 characters, an integer beyond any column, a digit int() refuses (isdigit() takes it), a non-finite
# number, right-to-left text and an emoji.
HOSTILE = ["Bu%00di", "Bu%ED%A0%80di", "x" * 10_000, "18446744073709551616", quote("²"),
           quote("-1e309 \u202eمرحبا \U0001F600")]
HOSTILE_MULTIPART = ["Bu\x00di", "x" * 10_000, "18446744073709551616", "²", "\u202e\U0001F600"]
FALLBACK_FIELDS = {"title": "Judul", "name": "Budi", "text": "Teks", "q": "Budi"}
NOT_PAGES = re.compile(r"\.(csv|pdf|xlsx|ics|png|svg|json)$|^/static/|^/api/|/materials/<|/exports/")
PARTICIPANT_ENDPOINTS = {"moderation.submit_from_live", "moderation.support_from_live", "moderation.vote_from_live"}
SKIPPED = {"auth.logout"}  # ends the session the other forms need; it reads no field


class FormParser(HTMLParser):
    """The POST forms of a page: action, enctype and each named field with the value the page gives it."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "multipart": "multipart" in (attrs.get("enctype") or ""),
                          "fields": {}, "files": set(), "formactions": []}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("button", "input") and attrs.get("formaction"):
            self._form["formactions"].append(attrs["formaction"])  # the same form, posted elsewhere
        elif self._form is not None and attrs.get("name") and attrs["name"] != "csrf_token":
            name, kind = attrs["name"], (attrs.get("type") or "text").lower()
            if tag == "input" and kind == "file":
                self._form["files"].add(name)
            elif tag == "input" and kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].setdefault(name, "")
            elif tag in ("input", "button"):
                self._form["fields"][name] = attrs.get("value") or self._form["fields"].get(name, "")
            elif tag == "select":
                self._form["fields"].setdefault(name, "")
            elif tag == "textarea":
                self._textarea = name
                self._form["fields"][name] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None


_FORMS: dict[str, dict[str, list[dict]]] = {}  # per database: the forms by the path they post to


@pytest.fixture
def forum(app, client, make, seed, backend):  # noqa: F811
    """The seeded forum, `client` logged in as an admin, a second client as a participant, and a value
    for every URL parameter of the app."""
    admin_id = login(client, app, "admin")
    # of an agency whose input the live page offers to support (not the accepted proposal's own agency)
    person = make.participant(seed.slug, name="Peserta Formulir", agency="Bappeda")
    participant = app.test_client()
    assert participant.get(f"/p/{person['access_token']}").status_code in (200, 302)
    agency = client.get(f"/api/v1/events/{seed.slug}/participants/{seed.ids['participant_id'][0]}",
                        headers={"Authorization": f"Bearer {seed.staff}"}).json["agency"]["id"]
    floor = client.post(f"/admin/{seed.slug}/notes/sessions/{seed.ids['session_id'][-1]}/floor", json={
        "asker_name": "Hendrikus", "question": "Apakah jalan masuk prioritas?"})
    assert floor.status_code == 200, floor.json
    values = {"slug": seed.slug, "session_id": seed.ids["session_id"][-1], "input_id": seed.ids["input_id"][0],
              "other_id": seed.ids["input_id"][1], "material_id": seed.ids["material_id"][0],
              "participant_id": person["id"], "agency_id": agency, "token_id": 1, "user_id": admin_id,
              "code": person["checkin_code"], "token": person["access_token"], "action": "reissue",
              "name": "attendance", "fmt": "csv", "notes_format": "pdf", "item_id": seed.ids["item_id"][0],
              "pair_id": seed.ids["pair_id"][0], "question_id": floor.json["id"],
              "question_input_id": seed.ids["input_id"][1]}
    return {"admin": client, "participant": participant, "anonymous": app.test_client(), "values": values}


# Where a route's variable names another record than elsewhere: answering a question needs the question.
ENDPOINT_VALUES = {"moderation.notes_answer_question": {"input_id": "question_input_id"}}


def fill(rule, values: dict) -> str:
    own = ENDPOINT_VALUES.get(rule.endpoint, {})
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: str(values[own.get(m.group(1), m.group(1))]), rule.rule)


def forms_by_action(app, forum, backend) -> dict[str, list[dict]]:
    """Fetches every page once per database (the seeded ids are the same in every test)."""
    if backend not in _FORMS:
        found: dict[str, list[dict]] = {}
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or NOT_PAGES.search(rule.rule):
                continue
            page = fill(rule, forum["values"])
            for who in ("admin", "participant", "anonymous") if rule.rule.startswith(("/events/", "/p/", "/login")) \
                    else ("admin",):
                response = forum[who].get(page)
                if response.status_code != 200 or response.mimetype != "text/html":
                    continue
                parser = FormParser()
                parser.feed(response.get_data(as_text=True))
                for form in parser.forms:
                    form["page"] = page
                    for action in {form["action"] or page, *form["formactions"]}:
                        found.setdefault(urlsplit(action).path, []).append(form)
        _FORMS[backend] = found
    return _FORMS[backend]


def _post_rules() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        rules = create_app(_test_config(Path(tmp), "sqlite://")).url_map.iter_rules()
        return sorted((r.rule, r.endpoint) for r in rules if "POST" in r.methods and not r.rule.startswith("/api/"))


POST_RULES = _post_rules()


def assert_no_server_error(response, where: str) -> None:
    assert response.status_code < 500, (where, response.status_code)
    assert b"cannot be stored" not in response.data, where  # the database refused what validation let in


BLUEPRINTS = sorted({endpoint.split(".")[0] for _rule, endpoint in POST_RULES})


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_every_form_survives_hostile_values(app, forum, backend, blueprint):
    """One test per blueprint (a seeded forum each), each of its POST routes in turn."""
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint.startswith(blueprint + ".") and rule.endpoint not in SKIPPED \
                and not rule.rule.startswith("/api/"):
            post_hostile_values(app, forum, backend, rule)


def post_hostile_values(app, forum, backend, rule) -> None:
    target = fill(rule, forum["values"])
    client = forum["participant" if rule.endpoint in PARTICIPANT_ENDPOINTS else "admin"]
    forms, seen = [], set()
    for form in forms_by_action(app, forum, backend).get(urlsplit(target).path, []):
        shape = (tuple(sorted(form["fields"])), tuple(sorted(form["files"])))
        if shape not in seen:  # the board's decision buttons: one form per decision, the same fields
            seen.add(shape)
            forms.append(form if shape != ((), ()) else {**form, "fields": dict(FALLBACK_FIELDS)})
    for form in forms or [{"fields": dict(FALLBACK_FIELDS), "files": set(), "multipart": False}]:
        for name in [*form["fields"], *form["files"]]:
            if form["multipart"] or form["files"]:
                for value in HOSTILE_MULTIPART:
                    data = {**form["fields"], **{f: (io.BytesIO(PDF), "paparan.pdf") for f in form["files"]}}
                    data[name] = (io.BytesIO(PDF), value[:200] + ".pdf") if name in form["files"] else value
                    response = client.post(target, data=data, content_type="multipart/form-data")
                    assert_no_server_error(response, f"{target} {name}={value[:30]!r}")
            else:
                for value in HOSTILE:
                    body = "&".join(f"{quote(k)}={value if k == name else quote(v)}"
                                    for k, v in {**form["fields"], name: ""}.items())
                    response = client.post(target, data=body, content_type="application/x-www-form-urlencoded")
                    assert_no_server_error(response, f"{target} {name}={value[:30]}")
                    if "%00" in value and response.status_code == 400:
                        assert f"“{name}”".encode() in response.data, (target, name)


# Query parameters the pages read (and those of their GET forms): each page gets them all at once.
QUERY_NAMES = ["q", "page", "session", "agency", "ids", "lang", "next", "action", "forum", "status", "kind", "sort",
               "download", "internal", "paper", "number", "chair", "attendance", "role"]
HOSTILE_QUERY = ["²", "٣", "18446744073709551616", "-1", "1e309", "x" * 3000, "%ED%A0%80", "1,²,99999999999"]


def test_every_page_survives_hostile_query_strings(app, forum, backend):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/static/", "/api/")) or "/materials/<" in rule.rule:
            continue
        page = fill(rule, forum["values"])
        for value in HOSTILE_QUERY:
            query = "&".join(f"{name}={value}" for name in QUERY_NAMES)
            for who in ("admin", "participant") if rule.rule.startswith(("/events/", "/p/")) else ("admin",):
                response = forum[who].get(f"{page}?{query}")
                assert_no_server_error(response, f"{page}?…={value[:20]}")


def test_the_crawl_finds_the_forms_of_most_post_routes(app, forum, backend):
    """Keeps the walk above honest: a page or template change that hid the forms would leave it
    posting guessed field names only. (The rest need a state the seed lacks: an overlap, an upload
    awaiting confirmation, a question, a token of one's own.)"""
    found = forms_by_action(app, forum, backend)
    with_forms = [rule for rule, _endpoint in POST_RULES
                  if fill(next(r for r in app.url_map.iter_rules() if r.rule == rule), forum["values"]) in found]
    assert len(with_forms) >= 0.75 * len(POST_RULES), sorted(set(r for r, _e in POST_RULES) - set(with_forms))
