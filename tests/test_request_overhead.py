"""What a request's fixed cost was cut down to, and what it still does (issue 18).

The embedded server (`python wsgi.py`, forum/serving.py) keeps a connection open between requests, as HTTP/1.1
lets it: two requests on one connection are answered in order, however the first one's body ended; a body the app
left unread, a WebSocket or a client asking to close ends the connection as before; an idle connection is closed
after a while. It writes no access log line unless asked, and still logs errors.
"""
from __future__ import annotations

import http.client
import json
import logging
import socket
import threading
import time

import pytest
from werkzeug.serving import make_server

from forum.serving import RequestHandler, request_handler


@pytest.fixture
def served(app):
    """The app behind the embedded server's handler, in a thread of this process (as `python wsgi.py` serves it)."""
    servers = []

    def serve(handler=request_handler(access_log=False)):
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.port

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def connect(port) -> http.client.HTTPConnection:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.connect()
    return conn


def ask(conn, method, path, body=None, headers=None) -> http.client.HTTPResponse:
    conn.request(method, path, body=body, headers={"Host": "forum.test", **(headers or {})})
    response = conn.getresponse()
    response.data = response.read()
    return response


def raw_exchange(port, data: bytes, answers: int) -> list[int]:
    """Sends `data` (several requests at once) on one connection; the answers' statuses, in order."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        reader = sock.makefile("rb")
        statuses = []
        for _ in range(answers):
            statuses.append(int(reader.readline().split()[1]))
            headers = {}
            while (line := reader.readline()) not in (b"\r\n", b""):
                name, value = line.decode().split(":", 1)
                headers[name.lower()] = value.strip()
            if "content-length" in headers:
                reader.read(int(headers["content-length"]))
            else:  # chunked
                while size := int(reader.readline(), 16):
                    reader.read(size + 2)
                reader.readline()
        return statuses


def test_two_requests_share_one_connection(served, make):
    port, slug = served(), make.event()
    conn = connect(port)
    first = ask(conn, "GET", f"/api/v1/events/{slug}")
    sock = conn.sock
    second = ask(conn, "GET", f"/api/v1/events/{slug}")
    assert (first.status, second.status) == (200, 200)
    assert first.getheader("Connection") is None and conn.sock is sock  # not closed: the same socket answered
    assert json.loads(second.data)["slug"] == slug


def test_a_read_body_keeps_the_connection_and_the_next_request_is_read_whole(served, make):
    """A scan and the next request sent at once: the first body is read to its length, no further."""
    port, slug, token = served(), make.event(), make.token("checkin")
    code = make.participant(slug)["checkin_code"]
    body = json.dumps({"code": code, "desk": "Meja 1"}).encode()
    scan = (f"POST /api/v1/events/{slug}/checkins HTTP/1.1\r\nHost: forum.test\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    trivial = f"GET /api/v1/events/{slug} HTTP/1.1\r\nHost: forum.test\r\n\r\n".encode()
    assert raw_exchange(port, scan + trivial, 2) == [201, 200]


def test_a_chunked_body_read_to_its_end_keeps_the_connection(served, make):
    port, slug, token = served(), make.event(), make.token("checkin")
    code = make.participant(slug)["checkin_code"]
    body = json.dumps({"code": code, "desk": "Meja 1"}).encode()
    chunks = b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (body[:10], body[10:])) + b"0\r\n\r\n"
    scan = (f"POST /api/v1/events/{slug}/checkins HTTP/1.1\r\nHost: forum.test\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode() + chunks
    trivial = f"GET /api/v1/events/{slug} HTTP/1.1\r\nHost: forum.test\r\n\r\n".encode()
    assert raw_exchange(port, scan + trivial, 2) == [201, 200]


def test_a_body_left_unread_closes_the_connection(served, make):
    """Refused before its body was read (no token): the answer says so and the connection ends, so that the body
    is never taken for the next request."""
    port, slug = served(), make.event()
    conn = connect(port)
    refused = ask(conn, "POST", f"/api/v1/events/{slug}/checkins", body=b'{"code": "x"}' + b" " * 5000,
                  headers={"Content-Type": "application/json", "Authorization": "Bearer no-such-token"})
    assert refused.status == 401
    assert refused.getheader("Connection") == "close" and conn.sock is None
    assert ask(conn, "GET", f"/api/v1/events/{slug}").status == 200  # a new connection


@pytest.mark.config(MAX_CONTENT_LENGTH=1000)
def test_a_body_too_large_is_answered_413_and_the_connection_closes(served, make):
    port, slug, token = served(), make.event(), make.token("checkin")
    conn = connect(port)
    response = ask(conn, "POST", f"/api/v1/events/{slug}/checkins", body=b"x" * 5000,
                   headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    assert response.status == 413 and response.getheader("Connection") == "close"


def test_a_client_asking_to_close_and_an_http_1_0_client_get_their_connection_closed(served, make):
    port, slug = served(), make.event()
    for request in (f"GET /api/v1/events/{slug} HTTP/1.1\r\nHost: forum.test\r\nConnection: close\r\n\r\n",
                    f"GET /api/v1/events/{slug} HTTP/1.0\r\nHost: forum.test\r\n\r\n"):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(request.encode())
            answer = b""
            while chunk := sock.recv(65536):  # read to the end: the server closes
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 200") and b"\r\nConnection: close\r\n" in answer


def test_an_idle_connection_is_closed_after_the_keep_alive_time(served, make):
    handler = type("QuickHandler", (RequestHandler,), {"keep_alive_seconds": 0.3})
    port, slug = served(handler), make.event()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET /api/v1/events/{slug} HTTP/1.1\r\nHost: forum.test\r\n\r\n".encode())
        started, answer = time.monotonic(), b""
        while chunk := sock.recv(65536):
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200") and b"Connection: close" not in answer
        assert 0.25 < time.monotonic() - started < 5  # closed by the server once idle


def test_no_access_log_line_unless_asked_and_errors_still_logged(served, make, caplog):
    slug = make.event()
    quiet, logging_ = served(), served(request_handler(access_log=True))
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        assert ask(connect(quiet), "GET", f"/api/v1/events/{slug}").status == 200
        assert not [r for r in caplog.records if f"/api/v1/events/{slug}" in r.getMessage()]
        assert ask(connect(logging_), "GET", f"/api/v1/events/{slug}").status == 200
        assert [r for r in caplog.records if f"GET /api/v1/events/{slug} HTTP/1.1" in r.getMessage()]
        with socket.create_connection(("127.0.0.1", quiet), timeout=10) as sock:  # a request no one can read
            sock.sendall(b"NONSENSE\r\n\r\n")
            assert b"400" in sock.recv(65536)
        assert [r for r in caplog.records if r.levelno >= logging.ERROR and "400" in r.getMessage()]


def test_socketio_long_polling_then_websocket_through_the_kept_connections(served, make):
    """The live page's connection: long-polling requests on kept connections, then the upgrade to a WebSocket,
    whose connection is its own until it closes."""
    import socketio

    port, slug = served(), make.event()
    client = socketio.Client(reconnection=False)
    client.connect(f"http://127.0.0.1:{port}", namespaces=["/live"], auth={"event": slug},
                   transports=["polling", "websocket"], wait_timeout=10)
    try:
        deadline = time.monotonic() + 10
        while client.transport() != "websocket" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.transport() == "websocket"
        assert "/live" in client.namespaces
    finally:
        client.disconnect()
    conn = connect(port)  # the server still answers plain requests
    assert ask(conn, "GET", f"/api/v1/events/{slug}").status == 200
