"""How `python wsgi.py` (the embedded default) serves HTTP: Werkzeug's threaded server, whose request handler
closes the connection after every answer, with one that keeps it open.

Werkzeug 3.1's handler sends `Connection: close` with every answer ("keep-alive connections aren't handled well
by Python's http.server because it doesn't know how to drain the stream before the next request line"), so a
desk's every scan opened a TCP connection and a thread of its own, and the thread then waited up to 10 ms for
the client to close. `RequestHandler` keeps an HTTP/1.1 connection open when the next request line can be found:
the request's body is handed to the app cut to its Content-Length (or de-chunked), and the connection stays open
only if the app read it all before answering; otherwise (a 413, a refusal before reading), the answer says
`Connection: close` and the rest is drained as before. A WebSocket's connection is the WebSocket's, and closes
with it, as before. A kept connection waits at most KEEP_ALIVE_SECONDS for its next request.

Werkzeug's access log line per request (about a tenth of a trivial request's CPU) is written only with
FORUM_ACCESS_LOG=1; errors are logged as before. Socket.IO (long-polling and WebSocket through simple-websocket)
is served by the same threads as before: only the framing of plain HTTP answers changed.
"""
from __future__ import annotations

import selectors
from collections.abc import Callable

from werkzeug.exceptions import InternalServerError
from werkzeug.serving import DechunkedInput, WSGIRequestHandler, connection_dropped_errors
from werkzeug.wsgi import LimitedStream

# An idle kept connection holds a thread: a desk scanning every few seconds keeps its own; a phone that loaded
# the page and went on over its WebSocket gives its other connections back after this long.
KEEP_ALIVE_SECONDS = 15.0


class RequestHandler(WSGIRequestHandler):
    """Werkzeug's WSGI request handler with HTTP/1.1 keep-alive and an optional access log."""

    protocol_version = "HTTP/1.1"
    # An answer's head and body leave in separate writes: without TCP_NODELAY the body waits for the client's
    # delayed acknowledgement of the head (40 ms) on a kept connection.
    disable_nagle_algorithm = True
    access_log = False
    keep_alive_seconds = KEEP_ALIVE_SECONDS

    def handle(self) -> None:
        self.requests_served = 0
        super().handle()

    def handle_one_request(self) -> None:
        if self.requests_served and not self._next_request_comes():
            self.close_connection = True
            return
        self.requests_served += 1
        super().handle_one_request()

    def _next_request_comes(self) -> bool:
        """Wait (at most `keep_alive_seconds`) for the first byte of the connection's next request; False when the
        client closed the connection or sent nothing. The request itself is read as the first one was: without
        a timeout."""
        self.connection.settimeout(self.keep_alive_seconds)
        try:
            return bool(self.rfile.peek(1))
        except OSError:  # TimeoutError, or the connection reset
            return False
        finally:
            try:
                self.connection.settimeout(None)
            except OSError:
                pass

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.access_log:
            super().log_request(code, size)

    def _request_body(self, environ) -> LimitedStream | DechunkedInput | None:
        """The request's body as the app reads it: no further than its Content-Length (none: empty), so that the
        next request on the connection stays unread. None when its length cannot be known (the connection then
        closes after the answer)."""
        if environ.get("wsgi.input_terminated"):  # chunked: werkzeug's DechunkedInput stops at the last chunk
            return environ["wsgi.input"]
        length = environ.get("CONTENT_LENGTH")
        try:
            limit = int(length) if length else 0
        except ValueError:
            return None
        if limit < 0:
            return None
        environ["wsgi.input"] = body = LimitedStream(self.rfile, limit)
        return body

    def run_wsgi(self) -> None:
        """Werkzeug 3.1.8's `WSGIRequestHandler.run_wsgi` (pinned in requirements.txt) in named steps (`_Answer`),
        changed where marked "keep-alive"."""
        if self.headers.get("Expect", "").lower().strip() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")

        # keep-alive: address_string() reads the last request's environ, which a proxy fix may have rewritten
        self.environ = None
        self.environ = environ = self.make_environ()
        body = self._request_body(environ)
        # keep-alive: only an HTTP/1.1 request (whose client reads chunked answers) that did not ask to close, is
        # no WebSocket, and whose body's end is known
        keep_alive = (not self.close_connection and self.request_version == "HTTP/1.1" and body is not None
                      and "HTTP_UPGRADE" not in environ)
        answer = _Answer(self, environ, lambda: keep_alive and _read_whole(body))
        try:
            answer.execute(self.server.app)
        except connection_dropped_errors as e:
            self.close_connection = True  # keep-alive: a WebSocket ends here too
            self.connection_dropped(e, environ)
        except Exception as e:
            if self.server.passthrough_errors:
                raise
            self.close_connection = True  # keep-alive: an answer broken off leaves the connection unusable
            answer.fail_over()
            from werkzeug.debug.tbtools import DebugTraceback

            msg = DebugTraceback(e).render_traceback_text()
            self.server.log("error", f"Error on request:\n{msg}")


def _read_whole(body: LimitedStream | DechunkedInput) -> bool:
    return body._done if isinstance(body, DechunkedInput) else body.is_exhausted


class _Answer:
    """One request's answer as werkzeug's run_wsgi writes it (its closures as methods)."""

    def __init__(self, handler: RequestHandler, environ, keep: Callable[[], bool]):
        self.handler, self.environ, self.keep = handler, environ, keep
        self.status_set: str | None = None
        self.headers_set: list[tuple[str, str]] | None = None
        self.status_sent: str | None = None
        self.headers_sent: list[tuple[str, str]] | None = None
        self.chunk_response = False

    def start_response(self, status, headers, exc_info=None):
        if exc_info:
            try:
                if self.headers_sent:
                    raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None
        elif self.headers_set:
            raise AssertionError("Headers already set")
        self.status_set = status
        self.headers_set = headers
        return self.write

    def write(self, data: bytes) -> None:
        assert self.status_set is not None, "write() before start_response"
        assert self.headers_set is not None, "write() before start_response"
        if self.status_sent is None:
            self._send_head()
        assert isinstance(data, bytes), "applications must write bytes"
        wfile = self.handler.wfile
        if data:
            if self.chunk_response:
                wfile.write(hex(len(data))[2:].encode())
                wfile.write(b"\r\n")
            wfile.write(data)
            if self.chunk_response:
                wfile.write(b"\r\n")
        wfile.flush()

    def _send_head(self) -> None:
        handler = self.handler
        self.status_sent, self.headers_sent = self.status_set, self.headers_set
        try:
            code_str, msg = self.status_sent.split(None, 1)
        except ValueError:
            code_str, msg = self.status_sent, ""
        code = int(code_str)
        handler.send_response(code, msg)
        header_keys = set()
        for key, value in self.headers_sent:
            handler.send_header(key, value)
            header_keys.add(key.lower())
        # Chunked when there is no content length (not for 1xx, 204, 304 or HEAD), as werkzeug's
        framed = ("content-length" in header_keys or self.environ["REQUEST_METHOD"] == "HEAD" or 100 <= code < 200
                  or code in {204, 304})
        if not framed and handler.protocol_version >= "HTTP/1.1":
            self.chunk_response = True
            handler.send_header("Transfer-Encoding", "chunked")
        # keep-alive: closed (and said so) unless kept; a body the app left unread closes it too, since the next
        # request line would be behind it (send_header sets close_connection)
        if not self.keep():
            handler.send_header("Connection", "close")
        handler.end_headers()

    def execute(self, app) -> None:
        application_iter = app(self.environ, self.start_response)
        try:
            for data in application_iter:
                self.write(data)
            if not self.headers_sent:
                self.write(b"")
            if self.chunk_response:
                self.handler.wfile.write(b"0\r\n\r\n")
        finally:
            # keep-alive: a kept connection's request was read whole; one that closes is drained as before (the
            # client sees a 413 rather than a reset)
            if self.handler.close_connection:
                _drain(self.handler)
            if hasattr(application_iter, "close"):
                application_iter.close()

    def fail_over(self) -> None:
        """After an error in the app: a 500 instead, if the head was not sent yet (werkzeug's)."""
        try:
            if self.status_sent is None:
                self.status_set = None
                self.headers_set = None
            self.execute(InternalServerError())
        except Exception as exc:  # the connection is gone, or the head was sent: the error is logged by the caller
            self.handler.log_error("could not answer 500: %r", exc)


def _drain(handler: WSGIRequestHandler) -> None:
    """Werkzeug's: read what the client still sends (at most 10 MB at a time, 1,000 reads, 10 ms apart) before
    the connection closes."""
    selector = selectors.DefaultSelector()
    selector.register(handler.connection, selectors.EVENT_READ)
    total_size = 0
    total_reads = 0
    while selector.select(timeout=0.01):
        data = handler.rfile.read(10_000_000)
        total_size += len(data)
        total_reads += 1
        if not data or total_size >= 10_000_000_000 or total_reads > 1000:
            break
    selector.close()


def request_handler(access_log: bool) -> type[RequestHandler]:
    """The handler class `python wsgi.py` serves with (`socketio.run(..., request_handler=...)`)."""
    return type("ForumRequestHandler", (RequestHandler,), {"access_log": access_log})

