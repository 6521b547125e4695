"""Socket.IO abuse, against the real server (`python wsgi.py`): a foreign website cannot open a connection
with a visitor's session cookie; a huge frame or a flood of events gets its sender disconnected, and the
other connections carry on; events named like Socket.IO's own (`connect`, `disconnect`) change nothing and
count; connecting only reads; connections are limited per address."""
from __future__ import annotations

import json
import re
import sqlite3
import time
import uuid
from types import SimpleNamespace

import pytest
import requests
import socketio
import websocket

from forum.extensions import socketio as app_socketio
from forum.realtime import live
from tests.conftest import LiveServer

EVIL = "https://evil.example"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("socket-security"))
    server.cli("init")
    email = f"admin-{uuid.uuid4().hex[:6]}@forum.example.id"
    server.cli("create-user", "--email", email, "--name", "Admin", "--role", "admin", "--password", PASSWORD)
    server.email = email
    server.token = server.cli("create-token", "--email", email).strip().splitlines()[-1]
    server.start()
    response = requests.post(f"{server.url}/api/v1/events", headers={"Authorization": f"Bearer {server.token}"},
                             json={"title": "Forum OPD Soket", "starts_at": "2031-02-25T08:00",
                                   "ends_at": "2031-02-25T16:00"}, timeout=10)
    assert response.status_code == 201, response.text
    server.slug = response.json()["slug"]
    yield server
    server.stop()


def logged_in(server) -> requests.Session:
    """A browser-like session of a logged-in staff member (the login form with its CSRF token)."""
    http = requests.Session()
    page = http.get(f"{server.url}/login", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page)
    assert token, page[:500]
    response = http.post(f"{server.url}/login", data={"csrf_token": token.group(1) or token.group(2),
                                                      "email": server.email, "password": PASSWORD},
                         allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    assert http.get(f"{server.url}/account", allow_redirects=False, timeout=10).status_code == 200
    return http


def cookie_header(http: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


class Raw:
    """An Engine.IO/Socket.IO v4 client over a plain WebSocket, to send what no well-behaved client would."""

    def __init__(self, server, token: str | None = None, **options):
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket", timeout=10, **options)
        opened = self.ws.recv()
        assert opened.startswith("0"), opened
        auth = {"event": server.slug} if token is None else {"event": server.slug, "token": token}
        self.ws.send("40/live," + json.dumps(auth))
        self.events = []
        while not (packet := self.next_packet()).startswith("40/live,"):  # `agenda` may come before the ack
            assert packet.startswith("42/live,"), packet

    def next_packet(self) -> str:
        while True:
            packet = self.ws.recv()
            if packet == "2":  # Engine.IO ping
                self.ws.send("3")
                continue
            if packet.startswith("42/live,"):
                self.events.append(json.loads(packet[len("42/live,"):]))
            return packet

    def wait_for_event(self, name: str, timeout: float = 10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events:
                if event[0] == name:
                    return event
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            self.next_packet()
        raise AssertionError(f"no {name} event")

    def emit(self, name: str, *data) -> None:
        self.ws.send("42/live," + json.dumps([name, *data]))

    def closed_by_server(self, timeout: float = 10) -> bool:
        """Reads until the server closes the connection; False if it is still open after `timeout`."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.ws.settimeout(max(0.1, deadline - time.monotonic()))
                packet = self.next_packet()
                if packet in ("", None) or packet.startswith("41/live"):  # closed, or the namespace dropped
                    return True
        except websocket.WebSocketTimeoutException:
            return False
        except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
            return True
        return False

    def close(self):
        self.ws.close()


def announce(server, text: str) -> None:
    response = requests.post(f"{server.url}/api/v1/events/{server.slug}/announcements", json={"text": text},
                             headers={"Authorization": f"Bearer {server.token}"}, timeout=10)
    assert response.status_code == 201, response.text


# --- cross-site connections -----------------------------------------------------------------------

def handshake(server, http: requests.Session, origin: str) -> requests.Response:
    return http.get(f"{server.url}/socket.io/", params={"EIO": "4", "transport": "polling"},
                    headers={"Origin": origin}, timeout=10)


def test_the_polling_handshake_from_a_foreign_origin_is_refused_despite_a_valid_session(server):
    http = logged_in(server)
    refused = handshake(server, http, EVIL)
    assert refused.status_code == 400 and '"sid"' not in refused.text
    assert "Access-Control-Allow-Origin" not in refused.headers
    accepted = handshake(server, http, server.url)
    assert accepted.status_code == 200 and '"sid"' in accepted.text


def test_a_websocket_from_a_foreign_origin_is_refused_despite_a_valid_session(server):
    http = logged_in(server)
    url = f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(url, origin=EVIL, cookie=cookie_header(http), timeout=10)
    assert refused.value.status_code == 400
    own = websocket.create_connection(url, origin=server.url, cookie=cookie_header(http), timeout=10)
    assert own.recv().startswith("0{")
    own.close()


def test_a_socketio_client_claiming_a_foreign_origin_cannot_connect(server):
    http = logged_in(server)
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.url, namespaces=["/live"], auth={"event": server.slug}, transports=["polling"],
                       headers={"Origin": EVIL, "Cookie": cookie_header(http)}, wait_timeout=5)
    assert not client.connected
    client = socketio.Client(reconnection=False)
    client.connect(server.url, namespaces=["/live"], auth={"event": server.slug}, transports=["polling"],
                   headers={"Origin": server.url, "Cookie": cookie_header(http)}, wait_timeout=5)
    assert client.connected
    client.disconnect()


# --- message size ---------------------------------------------------------------------------------

def test_a_huge_frame_disconnects_its_sender_and_no_one_else(server):
    bystander, sender = Raw(server), Raw(server)
    sender.emit("note", "x" * 30_000)  # a large but allowed frame is merely ignored
    assert not sender.closed_by_server(timeout=1)
    sender.emit("note", "x" * 200_000)
    assert sender.closed_by_server()
    announce(server, "Rehat kopi 15 menit.")
    assert bystander.wait_for_event("announcement")[1]["text"] == "Rehat kopi 15 menit."
    bystander.close()


def test_the_handshake_announces_the_size_limit(server):
    ws = websocket.create_connection(f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket",
                                     timeout=10)
    opened = json.loads(ws.recv()[1:])
    ws.close()
    assert opened["maxPayload"] <= 64 * 1024


# --- event rate -----------------------------------------------------------------------------------

def test_a_client_flooding_events_is_disconnected_and_others_stay(server):
    bystander, polite, flooder = Raw(server), Raw(server), Raw(server)
    for n in range(200):
        flooder.emit("hello", {"n": n})
    assert flooder.closed_by_server()
    for n in range(10):  # five events a second: well within the limit
        polite.emit("hello", {"n": n})
        time.sleep(0.2)
    assert not polite.closed_by_server(timeout=0.5)
    announce(server, "Sesi berikutnya dimulai.")
    for client in (bystander, polite):
        assert client.wait_for_event("announcement")[1]["text"] == "Sesi berikutnya dimulai."
        client.close()


# --- Socket.IO's own event names from a client ----------------------------------------------------

def register_online(server) -> dict:
    response = requests.post(f"{server.url}/api/v1/events/{server.slug}/registrations",
                             headers={"Authorization": f"Bearer {server.token}"}, timeout=10,
                             json={"name": f"Peserta {uuid.uuid4().hex[:6]}", "agency": "Bappeda",
                                   "position": "Analis", "attendance": "online", "consent": True})
    assert response.status_code == 201, response.text
    body = response.json()
    return {"id": body["id"], "token": body["personal_url"].rsplit("/p/", 1)[1]}


def intervals(server, participant_id: int) -> list[tuple]:
    """The participant's presence intervals (joined_at, left_at), read from the server's SQLite file."""
    with sqlite3.connect(server.tmp / "live.db", timeout=15) as conn:
        return conn.execute("SELECT joined_at, left_at FROM online_presence WHERE participant_id = ?",
                            (participant_id,)).fetchall()


def settle(check, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.1)


def test_connect_events_from_a_client_open_no_second_interval_and_count_against_its_budget(server):
    person = register_online(server)
    tab = Raw(server, token=person["token"])
    settle(lambda: len(intervals(server, person["id"])) == 1)
    # Flask-SocketIO hands a connect handler its second argument as `auth` (the first is the environ).
    auth = {"event": server.slug, "token": person["token"]}
    for _ in range(10):  # within the event budget: refused, nothing else happens
        tab.emit("connect", "environ", auth)
    assert not tab.closed_by_server(timeout=1)
    rows = intervals(server, person["id"])
    assert len(rows) == 1 and rows[0][1] is None
    for _ in range(200):
        tab.emit("connect", "environ", auth)
    assert tab.closed_by_server()
    settle(lambda: intervals(server, person["id"])[0][1] is not None)  # the real disconnect closed it
    assert len(intervals(server, person["id"])) == 1


def test_disconnect_events_from_a_client_leave_it_online_and_count_against_its_budget(server):
    person = register_online(server)
    tab = Raw(server, token=person["token"])
    settle(lambda: len(intervals(server, person["id"])) == 1)
    for _ in range(10):
        tab.emit("disconnect", "client namespace disconnect")
    assert not tab.closed_by_server(timeout=1)
    assert [left for _joined, left in intervals(server, person["id"])] == [None]  # still online
    for _ in range(200):
        tab.emit("disconnect", "client namespace disconnect")
    assert tab.closed_by_server()
    settle(lambda: intervals(server, person["id"])[0][1] is not None)
    assert len(intervals(server, person["id"])) == 1


# --- connecting only reads --------------------------------------------------------------------------

def test_anonymous_and_staff_connections_succeed_while_another_writer_holds_the_database(server):
    """A connect takes no write lock (on SQLite: `BEGIN IMMEDIATE`), so a flood of connections cannot
    queue the door's check-ins behind it; only a participant's presence interval is written."""
    holder = sqlite3.connect(server.tmp / "live.db", timeout=15, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # e.g. a long check-in burst: the writer is busy
    try:
        started = time.monotonic()
        visitors = [Raw(server) for _ in range(5)]
        staff = socketio.Client(reconnection=False)
        staff.connect(server.url, namespaces=["/live"], auth={"event": server.slug, "token": server.token},
                      transports=["websocket"], wait_timeout=5)
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert staff.connected and elapsed < 5, elapsed  # the busy timeout would have been 15 s each
    staff.disconnect()
    for visitor in visitors:
        visitor.close()


# --- connections per address (in process, with the Socket.IO test client) ----------------------------

def live_client(app, slug: str, address: str | None = None):
    headers = {"X-Forwarded-For": address} if address else None
    return app_socketio.test_client(app, namespace="/live", auth={"event": slug}, headers=headers,
                                    flask_test_client=app.test_client())


@pytest.mark.config(RATELIMIT_ENABLED=True, FORUM_LIVE_CONNECT_BURST=5, FORUM_LIVE_CONNECT_RATE=1,
                    FORUM_TRUSTED_PROXIES=1)
def test_connections_beyond_the_per_address_budget_are_refused_and_other_addresses_connect(app, make, monkeypatch):
    # The budget's clock is the test's: six connections made within a second of each other on the clock, however
    # long a busy machine takes to make them (five taking over a second gave the sixth a token back).
    clock = [1000.0]
    monkeypatch.setattr(live, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    slug = make.event()
    phones = [live_client(app, slug, "203.0.113.7") for _ in range(5)]
    assert all(phone.is_connected("/live") for phone in phones)
    clock[0] += 0.9  # 0.9 of a connection back: not yet one
    refused = live_client(app, slug, "203.0.113.7")
    assert not refused.is_connected("/live")
    assert live_client(app, slug, "198.51.100.20").is_connected("/live")  # another address is not affected
    clock[0] += 0.2  # one connection a second comes back: a whole one, 1.1 s after the burst
    assert live_client(app, slug, "203.0.113.7").is_connected("/live")


def test_the_default_connect_budget_lets_a_venue_full_of_phones_reconnect_at_once():
    """500 phones behind the hotel's NAT reconnecting after the Wi-Fi came back: all in; a script
    reconnecting in a loop gets 10 a second after that."""
    bucket, now = {}, 1000.0
    assert all(live.take_token(bucket, live.CONNECT_BURST, live.CONNECT_RATE, now) for _ in range(500))
    assert all(live.take_token(bucket, live.CONNECT_BURST, live.CONNECT_RATE, now + 0.01) for _ in range(100))
    assert not live.take_token(bucket, live.CONNECT_BURST, live.CONNECT_RATE, now + 0.02)
    later = [live.take_token(bucket, live.CONNECT_BURST, live.CONNECT_RATE, now + 1.02) for _ in range(20)]
    assert later.count(True) == 10


def test_the_client_address_behind_a_trusted_proxy_is_the_forwarded_one():
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.8.7, 203.0.113.7"}
    assert live.client_address(environ, 0) == "127.0.0.1"
    assert live.client_address(environ, 1) == "203.0.113.7"
    assert live.client_address(environ, 2) == "10.9.8.7"
    assert live.client_address(environ, 3) == "127.0.0.1"  # fewer hops than proxies: not trusted
