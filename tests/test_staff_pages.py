"""The staff pages of a forum (`/admin/<slug>/…`, most of them through forum/staff.py::forum_page): the role is
checked in that forum first, then the view is given the forum its address names; an address that names no forum
is 404 on every one of them, and an anonymous visitor is sent to the login page before anything is looked up."""
from __future__ import annotations

import pytest
from flask import url_for

pytestmark = pytest.mark.both_dbs


def _forum_pages(app) -> list[str]:
    """Every staff page (GET) of a forum, with an unknown forum in its address (other parts: 1, or the first of
    their choices)."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            view = app.view_functions[rule.endpoint]
            if rule.rule.startswith("/admin/<slug>") and "GET" in rule.methods and hasattr(view, "required_role"):
                values = {name: sorted(getattr(rule._converters.get(name), "items", [1]))[0]
                          for name in rule.arguments}
                values["slug"] = "no-such-forum"
                urls.append(url_for(rule.endpoint, **values))
    return urls


def test_every_staff_page_of_a_forum_answers_an_unknown_forum_with_404(app, client, login_as, backend):
    urls = _forum_pages(app)
    assert len(urls) > 30
    login_as("admin")
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_an_anonymous_visitor_goes_to_the_login_page_first(app, client, make, backend):
    slug = make.event()
    for url in [*_forum_pages(app), f"/admin/{slug}/minutes"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_a_staff_page_shows_the_forum_its_address_names(client, login_as, make, backend):
    make.event(title="Forum Melati")
    slug = make.event(title="Forum Kenanga")
    login_as("moderator")
    for path in ("minutes", "notes", "board", "plans", "control", "door"):
        page = client.get(f"/admin/{slug}/{path}")
        assert page.status_code == 200, path
        text = page.get_data(as_text=True)
        assert "Forum Kenanga" in text and "Forum Melati" not in text, path
