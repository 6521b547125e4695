"""Fixtures: an app per test on a real SQLite file (and PostgreSQL for tests marked `both_dbs`),
factories for the domain objects, and a live server with a real Chromium for browser tests."""
from __future__ import annotations

import contextvars
import io
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402

PG_ADMIN_URL = os.environ.get("FORUM_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
# The pytest-xdist worker running this process ("gw0", "gw1", …; "main" without xdist): `make test` runs the
# suite on several workers at once, so what tests share outside their temporary folders (database names,
# Redis databases) carries the worker's name or number.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
WORKER_NUMBER = int(WORKER[2:]) if WORKER.startswith("gw") else 0
CHROMIUM = os.environ.get("FORUM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _compile_url_builders_once() -> None:
    """Suite speed only: every test creates its own app, and werkzeug turns each URL rule into two
    Python functions by building and compiling an AST — 90 % of `create_app`'s time, ~0.1 s per test.
    Those functions depend only on the rule's parsed parts, defaults and converters and take the rule
    as their first argument, so the suite compiles them once per distinct rule and binds the same
    function to every new app's Rule, exactly as werkzeug itself binds it."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    compiled: dict = {}

    def cached(self, append_unknown: bool = True):
        key = (tuple(self._trace), tuple(sorted((k, repr(v)) for k, v in (self.defaults or {}).items())),
               tuple(sorted((k, type(c).__name__) for k, c in self._converters.items())), append_unknown)
        if key not in compiled:
            compiled[key] = compile_builder(self, append_unknown)
        return compiled[key]

    Rule._compile_builder = cached


_compile_url_builders_once()


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("both_dbs") is not None
        only_pg = metafunc.definition.get_closest_marker("postgresql_only") is not None
        backends = ["postgresql"] if only_pg else ["sqlite", "postgresql"] if both else ["sqlite"]
        metafunc.parametrize("backend", backends, indirect=True)


# --- running on several workers at once (pytest-xdist: `make test` runs `pytest -n 4 --dist loadgroup`) ----

# Modules whose tests run one after the other on one worker, whatever their fixtures: the clusters of real
# Forum processes (their pools share the PostgreSQL's 100 connections, and their timing is what they test).
SERIAL = {"test_faults.py": "cluster", "test_scaleout.py": "cluster"}
# The slowest groups (or modules), started first so that none of them is left for the end (measured:
# docs/PERFORMANCE.md, "The test suite"); the rest keeps the order it was collected in.
# (xdist's --loadscope-reorder, on by default, then starts the groups of several tests first, the largest first;
# FIRST decides the order among the rest: single tests and groups of one.) The fuzzers' tests are each a test of
# their own, some of them the longest of the run (a blueprint's forms: up to a minute on a busy machine).
FIRST = ["cluster", "test_browser_plans.py", "test_browser_inputs.py", "test_fuzz_forms.py", "test_fuzz_api.py",
         "test_fuzz_hostile.py", "test_crash_safety.py", "test_restart_reconnect.py", "test_socket_security.py"]
SERVERS = {"live_server", "browser"}  # session-wide: one per worker that runs a test needing it


def _group(item) -> str | None:
    """The xdist group of a test: its module's, when it shares something costly or stateful with the
    module's other tests (a module-scoped fixture, a live server or a browser); none when it can run anywhere."""
    module = item.path.name
    if module in SERIAL:
        return SERIAL[module]
    info = getattr(item, "_fixtureinfo", None)
    names = set(info.names_closure) if info else set()
    shared = any(fixture.scope in ("module", "class", "package") for defs in (info.name2fixturedefs.values()
                                                                             if info else ()) for fixture in defs)
    return module if shared or names & SERVERS else None


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (its own hook is not tryfirst)
def pytest_collection_modifyitems(config, items):
    for item in items:
        group = _group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    rank = {group: n for n, group in enumerate(FIRST)}
    # stable: the order within a group or module is kept
    items.sort(key=lambda item: rank.get(_group(item) or item.path.name, len(rank)))


def pytest_addoption(parser):
    parser.addoption("--busy-core", action="store_true", default=bool(os.environ.get("FORUM_TEST_BUSY_CORE")),
                     help="keep one CPU core busy (a spinning process) for the whole run, as another job on a shared "
                          "machine would: the suite must pass under load too (`make test-under-load`)")


def pytest_configure(config):
    if config.getoption("busy_core") and not hasattr(config, "workerinput"):  # once, in the main process
        spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        config._forum_busy_core = spinner
        config.add_cleanup(lambda: (spinner.kill(), spinner.wait()))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Where the run's time went, per module (setup + call + teardown summed over its tests, on whichever
    worker ran them): the modules to trim or to start first (FIRST) when the suite grows slow."""
    spent: dict[str, float] = {}
    busy: dict[str, float] = {}  # per worker: its tests' time, and when its last test ended
    ended: dict[str, float] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) in ("setup", "call", "teardown") and hasattr(report, "duration"):
                module = report.nodeid.split("::", 1)[0]
                spent[module] = spent.get(module, 0.0) + report.duration
                gateway = getattr(getattr(report, "node", None), "gateway", None)
                worker = gateway.id if gateway else "main"
                busy[worker] = busy.get(worker, 0.0) + report.duration
                ended[worker] = max(ended.get(worker, 0.0), getattr(report, "stop", 0.0))
    if not spent:
        return
    total = sum(spent.values())
    terminalreporter.write_sep("=", f"time per module: {total / 60:.1f} min of test time in all (slowest 15)")
    for module, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:15]:
        terminalreporter.write_line(f"{seconds:8.1f} s {100 * seconds / total:5.1f} %  {module}")
    # A worker that ran out of work long before the last one: a long group or test started too late (FIRST).
    last = max(ended.values())
    terminalreporter.write_line("per worker: " + ", ".join(
        f"{worker} {busy[worker] / 60:.1f} min of tests, done {last - ended[worker]:.0f} s before the last"
        for worker in sorted(busy)))


def pytest_report_header(config):
    spinner = getattr(config, "_forum_busy_core", None)
    return [f"busy core: a spinning process (pid {spinner.pid}) keeps one CPU busy"] if spinner else []


@pytest.fixture(scope="session")
def pg_database():
    """A throw-away PostgreSQL database for this test run, with the schema created once."""
    name = f"forum_test_{WORKER}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def backend(request):
    return request.param


def _test_config(tmp_path: Path, database_url: str) -> dict:
    return {
        "TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-" + uuid.uuid4().hex, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
        "FORUM_UPLOAD_DIR": str(tmp_path / "uploads"), "SERVER_NAME": "forum.test",
        # Tests read the English msgids; Forum's real default (Indonesian) is what the live-server
        # browser tests see, and tests about it set `Accept-Language: id` or
        # `@pytest.mark.config(BABEL_DEFAULT_LOCALE="id")`.
        "BABEL_DEFAULT_LOCALE": "en",
        # Staff users are created and logged in by the hundred: a cheap hash (the app's default is scrypt,
        # ~0.1 s per hash; test_auth checks that production keeps it).
        "FORUM_PASSWORD_HASH": "pbkdf2:sha256:1000",
    }


def empty_postgresql_database() -> None:
    """Every table of the app's PostgreSQL database emptied and every sequence back at its start, as
    `TRUNCATE … RESTART IDENTITY CASCADE` would leave them, in about 25 ms instead of 0.5–1 s (a TRUNCATE gives
    each table new files, which a busy disk makes slow; the tables of a test hold a few rows). The references
    are not checked while deleting (session_replication_role): every table is emptied in the same transaction."""
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        conn.execute(text("SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false) "
                          "FROM pg_sequences"))


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory) -> Path:
    """An SQLite database with the app's tables and no rows, made by create_all once per worker: each test's
    database starts as a copy of it (a file copy takes 1 ms, create_all 60-120 ms)."""
    folder = tmp_path_factory.mktemp("schema")
    app = create_app(_test_config(folder, f"sqlite:///{folder / 'forum.db'}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return folder / "forum.db"


@pytest.fixture
def app(request, tmp_path):
    backend = request.getfixturevalue("backend") if "backend" in request.fixturenames else "sqlite"
    if backend == "postgresql":
        url = request.getfixturevalue("pg_database")
    else:
        url = f"sqlite:///{tmp_path / 'forum.db'}"
    config = _test_config(tmp_path, url)
    marker = request.node.get_closest_marker("config")
    if marker:
        config.update(marker.kwargs)
    copied = backend == "sqlite" and config["SQLALCHEMY_DATABASE_URI"] == url
    if copied:  # the tables as create_all makes them, copied from the worker's empty database
        with closing(sqlite3.connect(request.getfixturevalue("sqlite_schema"))) as source, \
                closing(sqlite3.connect(tmp_path / "forum.db")) as copy:
            source.backup(copy)
    app = create_app(config)
    with app.app_context():
        if backend == "postgresql":
            empty_postgresql_database()
        elif not copied:
            db.create_all()
    yield app
    _let_delayed_counts_go(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _let_delayed_counts_go(app) -> None:
    """A staff attendance summary coalesced for later (realtime/emit.py, up to ATTENDANCE_INTERVAL) and a batch of
    presence changes written by a background task (realtime/presence.py) read and write this app's database from
    another thread: the app waits for its own to end before its engine is disposed (on PostgreSQL the next test
    empties and reuses the worker's database; the summary goes out through this app's Socket.IO server)."""
    from forum.realtime import emit, presence

    def busy() -> bool:
        return emit.pending_attendance(app) or presence._writer(app).writing

    deadline = time.monotonic() + emit.ATTENDANCE_INTERVAL + 10
    while busy() and time.monotonic() < deadline:
        time.sleep(0.05)


def counts_sent(app) -> None:
    """Returns once the staff counts this app's last changes asked for are sent: they are read and sent by a
    background task (realtime/emit.py), so a test client connected to the app has them in its queue then."""
    from forum.realtime import emit

    deadline = time.monotonic() + emit.ATTENDANCE_INTERVAL + 15
    while emit.pending_attendance(app):
        assert time.monotonic() < deadline, "the staff counts were never sent"
        time.sleep(0.02)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- factories ----------------------------------------------------------------------------

FLAGGED_PLAN = ("No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif\n"
                "{ref};1.03.10.2.01.0005;Peningkatan Jalan Desa Semanget;Jalan;Desa Semanget, Kec. Entikong;"
                "{km} km;2 M\n")


class Factory:
    """Builds domain objects through the services, committing each, inside the app context."""

    def __init__(self, app):
        self.app = app
        self.n = 0

    def _seq(self) -> int:
        self.n += 1
        return self.n

    def event(self, **overrides):
        from forum.services import events

        data = {"title": f"Forum OPD {self._seq()}", "starts_at": "2021-02-25T08:00:00+07:00",
                "ends_at": "2021-02-25T16:00:00+07:00", "venue": "Hotel Aston Pontianak"}
        data.update(overrides)
        with self.app.app_context():
            event = events.create_event(events.ForumSettings(**data))
            db.session.commit()
            return event.slug

    def user(self, role="organiser", email=None, password="correct horse battery"):
        from forum.services import accounts

        with self.app.app_context():
            email = email or f"{role}{self._seq()}@forum.example.id"
            user = accounts.create_user(email, f"Staff {role}", role, password)
            db.session.commit()
            return user.id

    def token(self, role="organiser") -> str:
        from forum.models import User
        from forum.services import accounts

        user_id = self.user(role)
        with self.app.app_context():
            _t, raw = accounts.create_token(db.session.get(User, user_id), "test")
            db.session.commit()
            return raw

    def headers(self, role="organiser") -> dict:
        return {"Authorization": f"Bearer {self.token(role)}"}

    def live_session(self, slug) -> tuple[dict, dict]:
        """A session made by an organiser and started, input open, by a moderator, through the API;
        returns the session's JSON and the moderator's headers."""
        client, mod = self.app.test_client(), self.headers("moderator")
        session = client.post(f"/api/v1/events/{slug}/sessions", headers=self.headers("organiser"),
                              json={"title": "Diskusi", "starts_at": "2021-02-25T13:00",
                                    "ends_at": "2021-02-25T15:00"}).json
        client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/state",
                    json={"state": "live", "input_open": True}, headers=mod)
        return session, mod

    def flagged_plans(self, slug, agencies=("Bappeda", "DPMD")) -> tuple[int, int]:
        """Two agencies' Renja with the same road, imported through the API: the first row's id and the id of
        the pair flagged between them."""
        client, headers = self.app.test_client(), self.headers("organiser")
        for n, agency in enumerate(agencies):
            answer = client.post(f"/api/v1/events/{slug}/plans/import", headers=headers, data={
                "file": (io.BytesIO(FLAGGED_PLAN.format(ref=f"R{n}", km=5 - n).encode()), "renja.csv"),
                "source": "renja", "agency": agency, "commit": "true"}, content_type="multipart/form-data")
            assert answer.status_code == 201, answer.json
        row = next(i for i in client.get(f"/api/v1/events/{slug}/plans", headers=headers).json["items"]
                   if i["ref"] == "R0")
        assert row["overlaps"], "the two rows are flagged"
        return row["id"], row["overlaps"][0]["id"]

    def participant(self, slug, **overrides) -> dict:
        """Registers someone; returns a dict with id, access_token and checkin_code."""
        from forum.services import events, registration

        n = self._seq()
        data = {"name": f"Peserta {n}", "agency": "Bappeda", "position": "Analis", "attendance": "in_person",
                "email": f"peserta{n}@example.id", "consent": True}
        data.update(overrides)
        with self.app.app_context():
            p = registration.register(events.get_event(slug), data, check_open=False)
            db.session.commit()
            return {"id": p.id, "access_token": p.access_token, "checkin_code": p.checkin_code, "name": p.name}


@pytest.fixture
def make(app):
    return Factory(app)


def login(client, app, role="organiser", email=None):
    """Logs a new staff user of `role` into `client`; returns the user's id."""
    factory = Factory(app)
    email = email or f"login-{uuid.uuid4().hex[:8]}@forum.example.id"
    user_id = factory.user(role, email=email)
    response = client.post("/login", data={"email": email, "password": "correct horse battery"})
    assert response.status_code == 302, response.data
    return user_id


@pytest.fixture
def login_as(client, app):
    return lambda role="organiser": login(client, app, role)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- live server and browser --------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`python wsgi.py` in a subprocess on its own SQLite file, as a newcomer would run it."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FORUM_INSTANCE_PATH": str(tmp / "instance"), "PORT": str(self.port),
                    "HOST": "127.0.0.1", "DATABASE_URL": f"sqlite:///{tmp / 'live.db'}",
                    "FORUM_RATELIMIT": "0", "PYTHONUNBUFFERED": "1"}
        self.env.pop("REDIS_URL", None)
        self.proc = None
        self._app = None

    def cli(self, *args: str) -> str:
        """`flask --app wsgi forum <args>` against this server's database and instance folder, run in this
        process (the same commands, without a Python start and an app import per call: the browser tests
        make staff accounts and tokens by the hundred)."""
        # In a context of its own, as a new process would start: what earlier requests of this test process left
        # in context variables (forum.db's read-only flag after a GET: BEGIN instead of BEGIN IMMEDIATE, then
        # "database is locked" when the command writes beside the server) must not reach the command.
        runner = self._cli_app().test_cli_runner()
        result = contextvars.Context().run(runner.invoke, args=["forum", *args])
        assert result.exit_code == 0, result.output + (repr(result.exception) if result.exception else "")
        return result.stdout

    def _cli_app(self):
        """The app the command line would build from this server's environment (built once)."""
        if self._app is None:
            saved = dict(os.environ)
            try:
                os.environ.clear()
                os.environ.update(self.env)
                self._app = create_app()
            finally:
                os.environ.clear()
                os.environ.update(saved)
        return self._app

    STAFF_PASSWORD = "correct horse battery"

    def staff(self, role: str) -> tuple[str, dict]:
        """A new staff account of `role` on this server: (email, Bearer headers of a fresh API token)."""
        email = f"{role}-{uuid.uuid4().hex[:8]}@bppd.example.id"
        self.cli("create-user", "--email", email, "--name", f"Staf {role}", "--role", role,
                 "--password", self.STAFF_PASSWORD)
        token = self.cli("create-token", "--email", email).strip().splitlines()[-1]
        return email, {"Authorization": f"Bearer {token}"}

    def create_forum(self, headers: dict, prefix: str = "forum") -> str:
        """A new forum through the API (Forum OPD, 25 February 2021, Pontianak); returns its slug."""
        slug = f"{prefix}-{uuid.uuid4().hex[:8]}"
        response = requests.post(f"{self.url}/api/v1/events", headers=headers, timeout=10, json={
            "slug": slug, "title": "Forum OPD BPPD Provinsi Kalimantan Barat", "venue": "Hotel Aston Pontianak",
            "starts_at": "2021-02-25T08:00:00+07:00", "ends_at": "2021-02-25T16:00:00+07:00"})
        assert response.status_code == 201, response.text
        return slug

    def live_input_session(self, org: dict, mod: dict, prefix: str) -> tuple[str, str, dict]:
        """A new forum whose session "Diskusi" is live and open for input: (slug, its API url, the session)."""
        slug = self.create_forum(org, prefix=prefix)
        api = f"{self.url}/api/v1/events/{slug}"
        session = requests.post(f"{api}/sessions", headers=org, timeout=10, json={
            "title": "Diskusi", "starts_at": "2021-02-25T13:00", "ends_at": "2021-02-25T15:00"}).json()
        requests.post(f"{api}/sessions/{session['id']}/state", headers=mod, timeout=10,
                      json={"state": "live", "input_open": True}).raise_for_status()
        return slug, api, session

    def register(self, headers: dict, slug: str, name: str, agency: str, **fields) -> dict:
        """Registers someone through the API; returns their id, name and check-in code."""
        body = {"name": name, "agency": agency, "position": "Kepala Bidang", "attendance": "in_person",
                "consent": True, **fields}
        response = requests.post(f"{self.url}/api/v1/events/{slug}/registrations", headers=headers, timeout=10,
                                 json=body)
        assert response.status_code == 201, response.text
        answer = response.json()
        code = re.search(r"/qr/([^/.]+)\.png$", answer["qr_png_url"]).group(1)
        return {"id": answer["id"], "name": name, "code": code, "personal_url": answer["personal_url"]}

    def log_in(self, page, email: str) -> None:
        """Logs `page` in as the staff user `email` (made by `staff()`), in English for the session."""
        page.goto(f"{self.url}/login?lang=en")  # the session keeps English; the server's default is Indonesian
        page.fill("#email", email)
        page.fill("#password", self.STAFF_PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        assert "/login" not in page.url

    def start(self):
        self.log = open(self.tmp / "server.log", "w")
        self.proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 90  # a deadline, not a wait: a busy machine (or worker) starts it more slowly
        while time.time() < deadline and self.proc.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("live server did not start: " + (self.tmp / "server.log").read_text())

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None
            self.log.close()
        if self._app is not None:
            with self._app.app_context():
                db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("live"))
    server.cli("init")
    server.cli("demo")
    server.start()
    yield server
    server.stop()


# How long an `expect(...)` waits for its condition (Playwright's default: 5 s). The condition ends the wait as soon as
# it holds, so a longer bound costs nothing when the machine is quiet; under load (a busy core, four workers, another
# engineer's tests) a push through the live connection or a page's own refresh has taken more than 5 s.
EXPECT_TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
