"""gunicorn settings for scripts/serve (`-c python:forum.gunicorn_conf`): a stopping worker drains.

gunicorn's own SIGTERM handling stops accepting and waits up to --graceful-timeout for running
requests, but a live page's WebSocket is a request that never ends: it would hold the worker for
the whole timeout and then be cut. Here SIGTERM also drains (forum/lifecycle.py): presence intervals
closed, live connections closed so that they reconnect to another process, and the worker exits
at once.
"""
import signal
import threading


def post_worker_init(worker):
    from forum import lifecycle

    app = worker.wsgi
    lifecycle.ensure_started(app)
    stop_accepting = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum, frame):
        if callable(stop_accepting):
            stop_accepting(signum, frame)
        threading.Thread(target=lifecycle.drain, args=(app,), name="forum-drain").start()

    signal.signal(signal.SIGTERM, on_sigterm)
