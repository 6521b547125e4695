"""The serialisers need no request: links are built from an explicit base URL, the same as url_for's."""
import pytest
from flask import url_for

from forum.extensions import db
from forum.models import Material
from forum.serialise import material_url, site_root


@pytest.fixture
def material(app, make):
    from forum.services import agenda, events

    slug = make.event()
    with app.app_context():
        event = events.get_event(slug)
        opening = agenda.SessionEdit(title="Pembukaan", starts_at="2021-02-25T08:00:00+07:00",
                                     ends_at="2021-02-25T09:00:00+07:00")
        session = agenda.save_session(event, opening)
        db.session.flush()
        item = Material(event_id=event.id, session_id=session.id, title="Paparan", filename="paparan.pdf",
                        mime="application/pdf", size=1, storage_name="x.pdf")
        db.session.add(item)
        db.session.commit()
        return item.id


def test_a_materials_link_is_the_one_url_for_builds(app, material):
    with app.test_request_context("/", base_url="https://forum.example.id/sub/"):
        item = db.session.get(Material, material)
        expected = url_for("live.material_file", slug=item.event.slug, material_id=item.id, _external=True)
        assert material_url(item, site_root()) == expected


def test_outside_a_request_the_configured_server_name_roots_the_links(app, material):
    with app.app_context():
        item = db.session.get(Material, material)
        expected = url_for("live.material_file", slug=item.event.slug, material_id=item.id, _external=True)
        assert material_url(item, site_root()) == expected
        assert expected == f"http://forum.test/events/{item.event.slug}/materials/{item.id}"


@pytest.mark.config(SERVER_NAME=None)
def test_without_a_server_name_the_requests_host_roots_the_links(app, material):
    with app.test_request_context("/", base_url="https://forum.example.id/sub/"):
        item = db.session.get(Material, material)
        expected = url_for("live.material_file", slug=item.event.slug, material_id=item.id, _external=True)
        assert material_url(item, site_root()) == expected
        assert expected.startswith("https://forum.example.id/sub/events/")
