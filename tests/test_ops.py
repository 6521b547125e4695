"""Health checks, database outages, Redis configuration, running behind a proxy."""
import pytest

from forum import ConfigurationError, create_app
from tests.conftest import _test_config


def test_healthz_and_readyz(client):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["checks"] == {"database": "ok"}


@pytest.fixture
def app_without_database(tmp_path):
    return create_app(_test_config(tmp_path, "postgresql+psycopg://postgres@127.0.0.1:9/forum_gone"))


def test_database_down_gives_503_with_retry_after(app_without_database):
    client = app_without_database.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.headers["Retry-After"]
    api = client.get("/api/v1/events")
    assert api.status_code == 503 and api.json["error"]["code"] == "unavailable" and api.headers["Retry-After"]
    page = client.get("/")
    assert page.status_code == 503 and b"Traceback" not in page.data


def test_readyz_checks_redis_when_configured(tmp_path):
    app = create_app(_test_config(tmp_path, f"sqlite:///{tmp_path / 'f.db'}") | {"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert app.test_client().get("/readyz").json["checks"]["redis"] == "ok"


@pytest.mark.parametrize("url", ["redis://127.0.0.1:9/0", "not-a-url"])
def test_a_wrong_redis_url_refuses_to_start_with_a_clear_message(tmp_path, url):
    with pytest.raises(ConfigurationError, match="REDIS_URL"):
        create_app(_test_config(tmp_path, f"sqlite:///{tmp_path / 'f.db'}") | {"REDIS_URL": url})


def test_behind_a_proxy_https_is_recognised(tmp_path):
    app = create_app(_test_config(tmp_path, f"sqlite:///{tmp_path / 'f.db'}") | {"FORUM_TRUSTED_PROXIES": 1})
    response = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "max-age" in response.headers["Strict-Transport-Security"]
    plain = create_app(_test_config(tmp_path, f"sqlite:///{tmp_path / 'g.db'}"))
    assert "Strict-Transport-Security" not in plain.test_client().get("/healthz", headers={
        "X-Forwarded-Proto": "https"}).headers
