"""gunicorn settings for scripts/serve (`-c python:forum.gunicorn_conf`): a stopping worker drains.

gunicorn's own SIGTERM handling stops accepting and waits up to --graceful-timeout for running
requests, but a live page's WebSocket is a request that never ends: it would hold the worker for
the whole timeout and then be cut. Here SIGTERM also drains (forum/lifecycle.py): presence intervals
closed, live connections closed so that they reconnect to another process, and the worker exits
at once: once it has drained, `worker_exit` ends the process without waiting for the threads that still
serve the closed WebSockets (the interpreter would join them, measured 8-10 s after "Worker exiting").
"""
import logging
import os
import signal
import threading

_drainers: list[threading.Thread] = []  # this worker's drain, started by SIGTERM


def post_worker_init(worker):
    from forum import lifecycle

    app = worker.wsgi
    lifecycle.ensure_started(app)
    stop_accepting = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum, frame):
        if callable(stop_accepting):
            stop_accepting(signum, frame)
        drainer = threading.Thread(target=lifecycle.drain, args=(app,), name="forum-drain")
        _drainers.append(drainer)
        drainer.start()

    signal.signal(signal.SIGTERM, on_sigterm)


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
