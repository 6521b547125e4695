"""The server mode is chosen in one place (FORUM_SERVER_MODE, config.py, read by forum/gunicorn_conf.py), the app
follows the server it runs in, and the embedded default never runs on gevent."""
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

GUNICORN_SETTINGS = ("import runpy; s = runpy.run_path('forum/gunicorn_conf.py'); "
                     "print(s['worker_class'], s.get('threads'), s['worker_connections'])")


def python(code: str, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in {"FORUM_SERVER_MODE", "CONNECTIONS", "THREADS"}}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**environ, **env}, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize(("mode", "expected"), [("gevent", "gevent None 2000"), ("threading", "gthread 1000 2000")])
def test_the_setting_chooses_gunicorn_s_worker(mode, expected):
    result = python(GUNICORN_SETTINGS, FORUM_SERVER_MODE=mode)
    assert result.stdout.split("\n")[0] == expected, result.stderr


def test_a_process_holds_the_connections_it_is_given_and_as_many_again_for_requests():
    assert python(GUNICORN_SETTINGS, FORUM_SERVER_MODE="gevent", CONNECTIONS="3500").stdout.split() == \
        ["gevent", "None", "7000"]
    assert python(GUNICORN_SETTINGS, FORUM_SERVER_MODE="threading", THREADS="300").stdout.split() == \
        ["gthread", "300", "600"]


def test_an_unknown_mode_stops_gunicorn_before_it_starts():
    result = python(GUNICORN_SETTINGS, FORUM_SERVER_MODE="eventlet")
    assert result.returncode != 0 and "FORUM_SERVER_MODE='eventlet'" in result.stderr


def test_the_embedded_default_threads_and_never_imports_gevent(tmp_path):
    result = python("import sys, wsgi; from forum.extensions import socketio; "
                    "print(socketio.server.eio.async_mode, 'gevent' in sys.modules)", FORUM_SERVER_MODE="gevent",
                    DATABASE_URL="sqlite://", FORUM_INSTANCE_PATH=str(tmp_path))
    assert result.stdout.split() == ["threading", "False"], result.stderr


def test_the_app_follows_a_gevent_patched_process(tmp_path):
    result = python("from gevent import monkey; monkey.patch_all(); import wsgi; "
                    "from forum.extensions import socketio; print(socketio.server.eio.async_mode)",
                    DATABASE_URL="sqlite://", FORUM_INSTANCE_PATH=str(tmp_path))
    assert result.stdout.split() == ["gevent"], result.stderr
