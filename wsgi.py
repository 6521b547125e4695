"""Entry point: `python wsgi.py` serves HTTP and Socket.IO; `app` and `socketio` for other servers."""
from forum import create_app
from forum.extensions import socketio

app = create_app()

if __name__ == "__main__":
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"], allow_unsafe_werkzeug=True)
