"""Entry point: `python wsgi.py` serves HTTP and Socket.IO; `app` and `socketio` for other servers."""
import sys

from forum import ConfigurationError, create_app, lifecycle
from forum.extensions import socketio
from forum.serving import request_handler

try:
    app = create_app()
except ConfigurationError as exc:
    sys.exit(f"Forum cannot start: {exc}")

if __name__ == "__main__":
    # SIGTERM/SIGINT: close this process's presence intervals and live connections, then exit 0
    # (gunicorn does the same through forum/gunicorn_conf.py).
    lifecycle.install_signal_handlers(app)
    lifecycle.ensure_started(app)
    lifecycle.settle_collector(app)
    # Werkzeug's "not for production" warning is about the open internet; the embedded default serves a venue's
    # local network (README.md, "Quick start"); public deployments run gunicorn (`make serve`, docs/DEPLOY.md).
    print("Forum: embedded server for the venue's local network; Werkzeug's warning below is about the open "
          "internet - a public deployment runs `make serve` (docs/DEPLOY.md).", file=sys.stderr, flush=True)
    # Werkzeug's threaded server with connections kept open between requests (forum/serving.py).
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"], allow_unsafe_werkzeug=True,
                 request_handler=request_handler(access_log=app.config["FORUM_ACCESS_LOG"]))
