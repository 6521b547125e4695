"""Socket.IO abuse, against the real server (`python wsgi.py`): a foreign website cannot open a connection
with a visitor's session cookie; a huge frame or a flood of events gets its sender disconnected, and the
other connections carry on."""
from __future__ import annotations

import json
import re
import time
import uuid

import pytest
import requests
import socketio
import websocket

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

    def __init__(self, server, **options):
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket", timeout=10, **options)
        opened = self.ws.recv()
        assert opened.startswith("0"), opened
        self.ws.send("40/live," + json.dumps({"event": server.slug}))
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

    def emit(self, name: str, data) -> None:
        self.ws.send("42/live," + json.dumps([name, data]))

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
