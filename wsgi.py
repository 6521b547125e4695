"""Entry point: `python wsgi.py` serves HTTP and Socket.IO; `app` and `socketio` for other servers."""
import sys

from forum import ConfigurationError, create_app, lifecycle
from forum.extensions import socketio

try:
    app = create_app()
except ConfigurationError as exc:
    sys.exit(f"Forum cannot start: {exc}")

if __name__ == "__main__":
    # SIGTERM/SIGINT: close this process's presence intervals and live connections, then exit 0
    # (gunicorn does the same through forum/gunicorn_conf.py).
    lifecycle.install_signal_handlers(app)
    lifecycle.ensure_started(app)
    # Werkzeug's "not for production" warning is about the open internet; the embedded default serves a venue's
    # local network (README.md, "Quick start"); public deployments run gunicorn (`make serve`, docs/DEPLOY.md).
    print("Forum: embedded server for the venue's local network; Werkzeug's warning below is about the open "
          "internet - a public deployment runs `make serve` (docs/DEPLOY.md).", file=sys.stderr, flush=True)
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"], allow_unsafe_werkzeug=True)
