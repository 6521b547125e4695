"""gunicorn settings for scripts/serve (`-c forum/gunicorn_conf.py`): the server mode, and a stopping worker drains.

The server mode is the one setting FORUM_SERVER_MODE (config.py): gunicorn's gevent worker (a greenlet per
connection) or its gthread worker (threads). Either way one worker process per port (`--workers 1`, one
process per port behind nginx's sticky sessions, docs/DEPLOY.md), holding up to CONNECTIONS live pages
plus as many again for page requests and check-ins: a process full of live pages still answers them.
Loaded as a file, not as `forum.gunicorn_conf`: gunicorn's master then imports neither the app nor its
libraries, so the gevent worker patches the standard library before anything has made a lock with it.

gunicorn's own SIGTERM handling stops accepting and waits up to --graceful-timeout for running
requests, but a live page's WebSocket is a request that never ends: it would hold the worker for
the whole timeout and then be cut. Here SIGTERM also drains (forum/lifecycle.py): presence intervals
closed, live connections closed so that they reconnect to another process, and the worker exits
at once: once it has drained, `worker_exit` ends the process without waiting for the threads that still
serve the closed WebSockets (the interpreter would join them, measured 8-10 s after "Worker exiting").
"""
import logging
import os
import resource
import signal
import threading

from config import SERVER_MODES, server_mode

worker_class = SERVER_MODES[server_mode()]
workers = 1
# Live pages one process holds (THREADS: its earlier name, from when each needed a thread).
_connections = int(os.environ.get("CONNECTIONS") or os.environ.get("THREADS") or 1000)
if worker_class == "gthread":
    threads = _connections
# The most connections a worker holds at once; at gunicorn's default (1,000) a process holding 1,000 live
# pages stopped accepting any connection, check-ins included (bench/fanout.py, 3,000 clients over 3 processes).
worker_connections = 2 * _connections

# A socket per connection: allow as many open files as the system lets this user have (systemd's default soft
# limit, 1,024, is a third of the live pages one process of a 10,000-page forum holds).
_soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if _hard == resource.RLIM_INFINITY or _soft < _hard:
    resource.setrlimit(resource.RLIMIT_NOFILE, (_hard, _hard))

_drainers: list[threading.Thread] = []  # this worker's drain, started by SIGTERM


def post_worker_init(worker):
    from forum import lifecycle

    answer_in_one_send()
    app = worker.wsgi
    lifecycle.ensure_started(app)
    lifecycle.settle_collector(app)
    stop_accepting = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum, frame):
        if callable(stop_accepting):
            stop_accepting(signum, frame)
        drainer = threading.Thread(target=lifecycle.drain, args=(app,), name="forum-drain")
        _drainers.append(drainer)
        drainer.start()

    if worker.__class__.__module__ == "gunicorn.workers.ggevent":
        import gevent

        def on_sigterm_gevent():
            _stop_accepting_at_once()
            on_sigterm(signal.SIGTERM, None)

        # in a greenlet of its own: a signal handler may run inside gevent's hub, which must never block
        gevent.signal_handler(signal.SIGTERM, on_sigterm_gevent)
    else:
        signal.signal(signal.SIGTERM, on_sigterm)


class _Gathered:
    """Stands for a connection's socket while gunicorn writes an answer's head and first piece: keeps what it is
    given, to be sent in one piece."""

    def __init__(self):
        self.parts: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.parts.append(data)


def answer_in_one_send() -> None:
    """gunicorn sends an answer's head and its body with two sends: two segments, and the client (a desk, or nginx)
    woken twice for one answer; under load each send to a waiting reader is also where the sending process gives up
    the CPU (py-spy at 32 desks: the head's send alone 14 % of a worker's samples). The head now goes out with the
    first piece of the body in one send; chunked answers, and any later piece, as before."""
    from gunicorn.http import wsgi

    if getattr(wsgi.Response.write, "forum_one_send", False):
        return
    write = wsgi.Response.write

    def write_head_with_body(self, arg):
        if self.headers_sent or self.chunked:
            return write(self, arg)
        sock, gathered = self.sock, _Gathered()
        self.sock = gathered
        try:
            write(self, arg)
        finally:
            self.sock = sock
        if gathered.parts:
            sock.sendall(b"".join(gathered.parts))

    write_head_with_body.forum_one_send = True
    wsgi.Response.write = write_head_with_body


def _stop_accepting_at_once() -> None:
    """The gevent worker stops accepting only on the next turn of its loop, up to a second after SIGTERM: a live
    page that the drain disconnected and that reconnected to this process meanwhile would hold it until the
    graceful timeout. Stop its servers' accepting now (gunicorn closes them a moment later)."""
    import gc

    from gevent.server import StreamServer

    for server in (obj for obj in gc.get_objects() if isinstance(obj, StreamServer)):
        server.stop_accepting()


def worker_exit(server, worker):
    """After a drain, leave now: every connection was closed and every interval written, so the request
    threads still winding down (WebSocket handlers on sockets the drain closed) have nothing left to do.
    A worker exiting for another reason (a failed boot) keeps gunicorn's own exit and exit code."""
    from forum import lifecycle

    if not lifecycle.draining():
        return
    for drainer in _drainers:
        drainer.join(15)  # the intervals written and the connections closed (bounded: the database may be away)
    lingering = [t.name for t in threading.enumerate() if t is not threading.current_thread() and not t.daemon]
    server.log.info("Worker %s drained; leaving %d request threads behind", worker.pid, len(lingering))
    logging.shutdown()
    os._exit(0)
