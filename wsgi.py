"""Entry point: `python wsgi.py` serves HTTP and Socket.IO; `app` and `socketio` for other servers."""
import sys

from forum import ConfigurationError, create_app
from forum.extensions import socketio

try:
    app = create_app()
except ConfigurationError as exc:
    sys.exit(f"Forum cannot start: {exc}")

if __name__ == "__main__":
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"], allow_unsafe_werkzeug=True)
