"""A staff API token's user (forum/services/accounts.py) and a forum by its address (forum/services/events.py)
are kept per process between requests, behind the staff stamp (forum/services/stamp.py), and a change made
anywhere — in another process, or on the command line — takes effect on the very next request: a revoked
token, a deactivated account, a role taken away or a role in one forum given or removed, a forum changed,
deleted or made again."""
import pytest
from sqlalchemy import event

from forum import create_app
from forum.extensions import db
from forum.models import ApiToken, Event, User
from forum.services import accounts, events

pytestmark = pytest.mark.both_dbs

EVENT = {"title": "Forum OPD", "starts_at": "2021-02-25T08:00:00+07:00", "ends_at": "2021-02-25T16:00:00+07:00"}


@pytest.fixture
def other(app):
    """Another process on the same database: an app of its own, with its own kept tokens."""
    other = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": True,
                        "INSTANCE_PATH": app.config["INSTANCE_PATH"], "SECRET_KEY": app.config["SECRET_KEY"],
                        "RATELIMIT_ENABLED": False, "REDIS_URL": None})
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _in(app, change):
    with app.app_context():
        change()
        db.session.commit()


def participants(client, slug, token):
    return client.get(f"/api/v1/events/{slug}/participants", headers={"Authorization": f"Bearer {token}"})


def test_a_token_revoked_in_another_process_is_refused_on_the_next_request(client, make, app, other, backend):
    slug, token = make.event(), make.token("organiser")
    assert participants(client, slug, token).status_code == 200  # kept by this process now
    _in(other, lambda: accounts.revoke_token(db.session.scalar(db.select(ApiToken))))
    assert participants(client, slug, token).status_code == 401


def test_an_account_deactivated_in_another_process_is_refused_on_the_next_request(client, make, app, other,
                                                                                   backend):
    slug, token = make.event(), make.token("organiser")
    assert participants(client, slug, token).status_code == 200

    def deactivate():
        db.session.scalar(db.select(User)).active = False

    _in(other, deactivate)
    assert participants(client, slug, token).status_code == 401


def test_a_role_lowered_in_another_process_is_refused_on_the_next_request(client, make, app, other, backend):
    slug, token = make.event(), make.token("organiser")
    assert participants(client, slug, token).status_code == 200

    def lower():
        db.session.scalar(db.select(User)).role = "checkin"

    _in(other, lower)
    assert participants(client, slug, token).status_code == 403


def test_a_role_in_one_forum_given_and_taken_away_elsewhere_counts_at_once(client, make, app, other, backend):
    slug = make.event()
    user_id = make.user("organiser")  # the account's deployment-wide role is replaced by one forum's below

    def scope_to_nothing():
        user = db.session.get(User, user_id)
        user.role = None

    _in(app, scope_to_nothing)
    with app.app_context():
        _t, token = accounts.create_token(db.session.get(User, user_id))
        db.session.commit()
    assert participants(client, slug, token).status_code == 403
    _in(other, lambda: accounts.set_forum_role(db.session.get(User, user_id), events.get_event(slug), "organiser",
                                               actor=None))
    assert participants(client, slug, token).status_code == 200
    _in(other, lambda: accounts.remove_forum_role(db.session.get(User, user_id), events.get_event(slug), actor=None))
    assert participants(client, slug, token).status_code == 403


def test_a_kept_token_costs_one_statement(client, make, app, backend):
    """After its first request, a token is checked by reading the staff stamp only."""
    slug, token = make.event(), make.token("organiser")
    assert participants(client, slug, token).status_code == 200
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with app.test_request_context(headers={"Authorization": f"Bearer {token}"}):
            user = accounts.user_for_token(token)
            assert user is not None and user.email.startswith("organiser")
            assert user in db.session  # this request's own copy, usable like a loaded one
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    reads = [s for s in statements if not s.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE"))]
    assert len(reads) == 1 and "staff_stamp" in reads[0]


def test_a_login_does_not_make_every_process_reload_its_tokens(make, app, backend):
    from forum.models.people import StaffStamp

    user_id = make.user("organiser", email="org@forum.example.id")
    with app.app_context():
        before = db.session.get(StaffStamp, 1)
        before = before.value if before else 0
        assert accounts.authenticate("org@forum.example.id", "correct horse battery").id == user_id
        db.session.commit()
        assert (db.session.get(StaffStamp, 1).value if db.session.get(StaffStamp, 1) else 0) == before


# --- a forum by its address ------------------------------------------------------------------------

def _forum(client, slug):
    return client.get(f"/api/v1/events/{slug}")


def _the_forum(slug):
    return lambda: db.session.scalar(db.select(Event).where(Event.slug == slug))


def test_a_forum_served_once_is_not_loaded_again(client, make, app, backend):
    slug = make.event()
    assert _forum(client, slug).status_code == 200
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda _c, _cur, statement, *_a: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert _forum(client, slug).json["title"] == "Forum OPD 1"
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert not [s for s in statements if "FROM events" in s], statements
    assert [s for s in statements if "staff_stamp" in s]  # the one counter read instead


def test_a_forum_changed_in_another_process_is_seen_on_the_next_request(client, make, other, backend):
    slug = make.event()
    assert _forum(client, slug).json["venue"] == "Hotel Aston Pontianak"

    def move():
        events.update_event(_the_forum(slug)(), events.ForumSettings(venue="Aula Bappeda", timezone="Asia/Jakarta"))

    _in(other, move)
    answer = _forum(client, slug).json
    assert answer["venue"] == "Aula Bappeda"
    assert answer["timezone"] == "Asia/Jakarta"


def test_a_forum_deleted_and_made_again_elsewhere_is_the_new_one(client, make, app, other, backend):
    slug = make.event()
    assert _forum(client, slug).json["title"] == "Forum OPD 1"
    _in(other, lambda: db.session.delete(_the_forum(slug)()))
    assert _forum(client, slug).status_code == 404
    _in(other, lambda: events.create_event(events.ForumSettings(
        title="Forum OPD baru", slug=slug, starts_at="2021-03-01T08:00:00+07:00", ends_at="2021-03-01T16:00:00+07:00")))
    answer = _forum(client, slug).json
    assert (answer["title"], answer["starts_at"]) == ("Forum OPD baru", "2021-03-01T08:00:00+07:00")
    with app.test_request_context():
        assert events.get_event(slug).id == db.session.scalar(db.select(Event.id).where(Event.slug == slug))


def test_a_forum_changed_in_this_process_is_seen_at_once(client, make, app, backend):
    slug = make.event()
    assert _forum(client, slug).status_code == 200
    _in(app, lambda: events.update_event(_the_forum(slug)(), events.ForumSettings(title="Forum OPD Kalbar")))
    assert _forum(client, slug).json["title"] == "Forum OPD Kalbar"


def test_a_change_rolled_back_is_not_kept(client, make, app, backend):
    """A transaction that changed the forum loads it as it sees it, and keeps nothing of it: after its
    rollback the next request has the forum as stored."""
    slug = make.event()
    assert _forum(client, slug).status_code == 200
    with app.test_request_context():
        forum = events.get_event(slug)
        forum.title = "Judul yang tidak jadi"
        assert events.get_event(slug).title == "Judul yang tidak jadi"
        db.session.rollback()
    with app.test_request_context():
        assert events.get_event(slug).title == "Forum OPD 1"
    assert _forum(client, slug).json["title"] == "Forum OPD 1"
