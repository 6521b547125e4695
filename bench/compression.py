"""Which way to compress Forum's text responses: flask-compress, WhiteNoise, or the app itself.

    python bench/compression.py [--requests 300]

In one process, on a fresh instance with the demo forum, through the WSGI app (no network):
- the live page (HTML, a participant's view) and the agenda JSON, served plain, by flask-compress
  (gzip level 6, brotli level 4: its defaults) and by a ten-line `after_request` gzip in the app;
- a static module (js/live.js): served from memory, gzipped once at start (forum/assets.py), and by
  WhiteNoise (its own gzip files made beforehand by `whitenoise.compress`, served from disk).
It prints bytes sent and the median server time per request (ms).
"""
from __future__ import annotations

import argparse
import gzip
import io
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "forum-opd-bppd-2022"


def timed(call, n: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(n):
        start = time.perf_counter()
        size = call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def make_app(tmp: Path, compression: str):
    from forum import create_app

    config = {"INSTANCE_PATH": str(tmp / "instance"), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
              "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "FORUM_COMPRESSION": compression == "flask-compress"}
    app = create_app(config)
    if compression == "app":
        from flask import request

        @app.after_request
        def _gzip(response):
            if (response.direct_passthrough or response.status_code != 200
                    or "gzip" not in request.headers.get("Accept-Encoding", "")
                    or response.mimetype not in ("text/html", "application/json")):
                return response
            response.set_data(gzip.compress(response.get_data(), 6))
            response.headers["Content-Encoding"] = "gzip"
            response.headers["Vary"] = "Accept-Encoding"
            return response
    return app


def pages(tmp: Path, n: int) -> list[str]:
    rows = []
    for compression in ("none", "flask-compress", "app"):
        app = make_app(tmp, compression)
        with app.app_context():
            from forum.actions import records
            from forum.extensions import db

            db.create_all()
            records.load_demo()
        client = app.test_client()
        registration = client.post(f"/api/v1/events/{SLUG}/registrations", json={
            "name": "Dayang Lestari", "agency": "Kecamatan Entikong", "position": "Sekretaris Camat",
            "attendance": "online", "email": f"{uuid.uuid4().hex[:8]}@example.id", "consent": True}).json
        assert client.get("/p/" + registration["personal_url"].rsplit("/p/", 1)[1]).status_code in (200, 302)
        for encoding in ("gzip", "gzip, br") if compression == "flask-compress" else ("gzip",):
            headers = {"Accept-Encoding": encoding}
            for what, url in (("live page (HTML)", f"/events/{SLUG}/live"),
                              ("agenda (JSON)", f"/api/v1/events/{SLUG}/agenda")):
                ms, size = timed(lambda c=client, u=url, h=headers: len(c.get(u, headers=h).data), n)
                assert size > 1000 or compression != "none", f"{url} is not the page meant: {size} bytes"
                if compression == "none":
                    body = client.get(url, headers=headers).data
                    import brotli

                    for name, squeeze in (("gzip 6", lambda b=body: len(gzip.compress(b, 6))),
                                          ("brotli 4", lambda b=body: len(brotli.compress(b, quality=4)))):
                        ms_alone, squeezed = timed(squeeze, n)
                        rows.append(f"| {what} | {name}, the compression alone | {squeezed} | {ms_alone:.3f} |")
                label = compression
                if compression == "flask-compress":
                    label = f"flask-compress ({encoding.split(', ')[-1]})"
                rows.append(f"| {what} | {label} | {size} | {ms:.2f} |")
    return rows


def statics(tmp: Path, n: int) -> list[str]:
    from whitenoise import WhiteNoise
    from whitenoise.compress import Compressor

    app = make_app(tmp, "none")
    client = app.test_client()
    with app.test_request_context():
        from flask import url_for

        hashed = url_for("static", filename="js/live.js")
    rows = []
    ms, size = timed(lambda: len(client.get(hashed, headers={"Accept-Encoding": "gzip"}).data), n)
    rows.append(f"| js/live.js | in the app: gzipped once at start, from memory | {size} | {ms:.2f} |")
    copy = tmp / "static"
    shutil.copytree(ROOT / "static", copy)
    compressor = Compressor(use_brotli=False)
    for path in copy.rglob("*.js"):
        for _ in compressor.compress(str(path)):
            pass
    noise = WhiteNoise(app.wsgi_app, root=str(copy), prefix="static/")

    def through_whitenoise() -> int:
        body = io.BytesIO()
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/static/js/live.js", "SERVER_NAME": "bench",
                   "SERVER_PORT": "80", "wsgi.url_scheme": "http", "HTTP_ACCEPT_ENCODING": "gzip",
                   "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
        for chunk in noise(environ, lambda status, headers: None):
            body.write(chunk)
        return len(body.getvalue())

    ms, size = timed(through_whitenoise, n)
    rows.append(f"| js/live.js | WhiteNoise (its .gz made beforehand), from disk | {size} | {ms:.2f} |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="forum-compress-") as tmp:
        rows = pages(Path(tmp), args.requests)
        rows += statics(Path(tmp), args.requests)
    print(f"median of {args.requests} requests each, in-process WSGI\n")
    print("| response | compression | bytes sent | server ms |\n|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
