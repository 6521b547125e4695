"""The `forum` command group of the contract."""
import pytest
from sqlalchemy import inspect, select, text

from forum.extensions import db
from forum.models import ApiToken, Event, Participant, Session, User


@pytest.fixture
def empty_app(app):
    """The app with no tables at all, as on a fresh install."""
    with app.app_context():
        db.drop_all()
    return app


def test_init_creates_the_schema_and_is_safe_to_rerun(empty_app, runner):
    first = runner.invoke(args=["forum", "init"])
    assert first.exit_code == 0, first.output
    assert "upgraded from empty" in first.output
    again = runner.invoke(args=["forum", "init"])
    assert again.exit_code == 0 and "up to date" in again.output
    with empty_app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {"events", "participants", "checkins", "sessions", "inputs", "audit_log", "alembic_version"} <= tables


def test_init_brings_a_stale_database_up_to_date(empty_app, runner):
    from flask_migrate import downgrade

    assert runner.invoke(args=["forum", "init"]).exit_code == 0
    with empty_app.app_context():
        downgrade(revision="base")
        assert not inspect(db.engine).has_table("participants")
    result = runner.invoke(args=["forum", "init"])
    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        assert inspect(db.engine).has_table("participants")


def test_migrations_match_the_models(empty_app, runner):
    """A model change without a migration fails here (alembic's autogenerate finds no difference)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    assert runner.invoke(args=["forum", "init"]).exit_code == 0
    with empty_app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_create_user_and_token(app, runner):
    result = runner.invoke(args=["forum", "create-user", "--email", "Panitia@Bppd.example.id", "--name", "Panitia",
                                 "--role", "organiser", "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["forum", "create-token", "--email", "panitia@bppd.example.id", "--label", "script"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("fst_") and len(token) > 40
    with app.app_context():
        stored = db.session.scalar(select(ApiToken))
        assert stored.token_hash != token and token not in stored.token_hash  # only the hash is kept
    client = app.test_client()
    response = client.post("/api/v1/events", headers={"Authorization": f"Bearer {token}"},
                           json={"title": "Forum", "starts_at": "2021-02-25T08:00", "ends_at": "2021-02-25T16:00"})
    assert response.status_code == 201


def test_create_user_prompts_for_the_password(app, runner):
    result = runner.invoke(args=["forum", "create-user", "--email", "mod@bppd.example.id", "--name", "Mod",
                                 "--role", "moderator"], input="a long enough password\na long enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.email == "mod@bppd.example.id")) == "moderator"


@pytest.mark.parametrize("args, message", [
    (["--role", "boss"], "Invalid value for '--role'"),
    (["--role", "admin", "--password", "short"], "at least 10 characters"),
])
def test_create_user_refuses_bad_input(runner, args, message):
    result = runner.invoke(args=["forum", "create-user", "--email", "x@bppd.example.id", "--name", "X", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_create_token_for_unknown_user_fails(runner):
    result = runner.invoke(args=["forum", "create-token", "--email", "nobody@bppd.example.id"])
    assert result.exit_code != 0 and "No staff account" in result.output


def test_demo_is_idempotent(app, runner):
    first = runner.invoke(args=["forum", "demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["forum", "demo"])
    assert second.exit_code == 0 and "already loaded" in second.output
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "forum-opd-bppd-2022"))
        count = db.session.query(Participant).filter_by(event_id=event.id).count()
        sessions = db.session.query(Session).filter_by(event_id=event.id).count()
        roles = set(db.session.scalars(select(User.role)))
        agencies = {a.short_name for a in event.agencies}
    assert 50 <= count <= 70
    assert sessions == 7
    assert roles == {"admin", "organiser", "moderator", "checkin"}
    assert {"Bappeda", "DPMD", "Dinas PUPR", "BNNP", "DPRD Komisi I"} <= agencies
    # the printed passwords log in
    line = next(line for line in second.output.splitlines() if "panitia@" in line)
    password = line.split("password: ")[1].strip()
    response = app.test_client().post("/login", data={"email": "panitia@demo.example.id", "password": password})
    assert response.status_code == 302


def test_sqlite_is_tuned_for_concurrent_writers(app):
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_migrations_run_on_postgresql(tmp_path):
    """`forum init` on an empty PostgreSQL database gives exactly the models' schema."""
    import uuid

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from forum import create_app
    from tests.conftest import PG_ADMIN_URL

    name = f"forum_migr_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", "TESTING": True,
                          "INSTANCE_PATH": str(tmp_path)})
        assert app.test_cli_runner().invoke(args=["forum", "init"]).exit_code == 0
        assert "up to date" in app.test_cli_runner().invoke(args=["forum", "init"]).output
        with app.app_context(), db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), db.metadata) == []
        with app.app_context():
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrading_keeps_every_row(empty_app, runner):
    """Data survives upgrades: a database at the first revision with a registration in it comes up
    to the newest schema with the registration intact."""
    from flask_migrate import upgrade

    with empty_app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO events (id, slug, title, theme, venue, starts_at, ends_at, timezone, stream_url, "
                "registration_open, presence_min_minutes, created_at, updated_at) VALUES (1, 'lama', 'Forum lama', '', "
                "'', '2021-02-25 01:00:00', '2021-02-25 09:00:00', 'Asia/Pontianak', '', 1, 0, '2021-01-01 00:00:00', "
                "'2021-01-01 00:00:00')"))
            conn.execute(text(
                "INSERT INTO participants (id, event_id, name, position, email, attendance, role, status, "
                "access_token, checkin_code, source, invited, deputy_for, notes, created_at, updated_at) "
                "VALUES (1, 1, 'Dewi', '', "
                "'dewi@example.id', 'in_person', 'participant', 'registered', 'a' || hex(randomblob(16)), "
                "'c' || hex(randomblob(16)), 'registration', 0, '', '', '2021-01-01 00:00:00', '2021-01-01 00:00:00')"))
    assert runner.invoke(args=["forum", "init"]).exit_code == 0
    with empty_app.app_context():
        person = db.session.get(Participant, 1)
        assert person.name == "Dewi" and person.email == "dewi@example.id" and person.represents_id is None
        db.session.rollback()  # end the session's write transaction before the inspector connects
        # the partial unique index survived the table rebuild of migration 0002
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("participants")}
        assert {"uq_participant_event_email", "uq_participant_event_phone"} <= indexes
