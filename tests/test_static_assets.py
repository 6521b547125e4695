"""Static files under content-hashed names, cached for a year, gzipped; pages and JSON compressed; a favicon."""
from __future__ import annotations

import gzip
import re

from flask import url_for

from forum.assets import Assets


def hashed(app, name: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=name)


def test_static_urls_carry_a_hash_of_the_content_and_are_kept_for_a_year(app, client):
    url = hashed(app, "js/live.js")
    assert re.fullmatch(r"/static/js/live\.[0-9a-f]{10}\.js", url)
    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
    assert response.mimetype == "text/javascript"
    body = gzip.decompress(response.data)
    assert b"export function connect" in body
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.data == body


def test_imports_between_modules_use_the_hashed_names(app, client):
    body = client.get(hashed(app, "js/live-inputs.js")).get_data(as_text=True)
    imports = re.findall(r'(?:from|import)\s*\(?\s*"(\./[^"]+)"', body)
    assert imports and all(re.search(r"\.[0-9a-f]{10}\.js$", name) for name in imports), imports
    for name in imports:  # each one is served, for a year
        response = client.get("/static/js/" + name[2:])
        assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]


def test_a_change_in_an_imported_module_renames_its_importers(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "common.js").write_text("export var a = 1;\n")
    (tmp_path / "page.js").write_text('import { a } from "./lib/common.js";\nconsole.log(a);\n')
    (tmp_path / "other.js").write_text("console.log(2);\n")
    before = Assets(tmp_path)
    (tmp_path / "lib" / "common.js").write_text("export var a = 2;\n")
    after = Assets(tmp_path)
    assert before.hashed_name("page.js") != after.hashed_name("page.js")
    assert before.hashed_name("other.js") == after.hashed_name("other.js")
    assert after.hashed_name("lib/common.js").split("/")[-1].encode() in after.files[after.hashed_name("page.js")].body


def test_plain_names_still_answer_and_are_revalidated(client):
    response = client.get("/static/js/live.js")
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_an_unknown_hashed_name_is_404(client):
    assert client.get("/static/js/live.0123456789.js").status_code == 404


def test_pages_and_json_are_compressed(client, make):
    slug = make.event()
    page = client.get(f"/events/{slug}/agenda", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in page.headers["Vary"]
    assert b"<!doctype html>" in gzip.decompress(page.data).lower()
    api = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert api.headers["Content-Encoding"] == "gzip"
    small = client.get("/healthz", headers={"Accept-Encoding": "gzip"})  # below 500 bytes: not worth it
    assert "Content-Encoding" not in small.headers


def test_the_favicon_is_there(app, client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    icon = hashed(app, "favicon.svg")
    page = client.get("/login").get_data(as_text=True)
    assert f'<link rel="icon" href="{icon}"' in page
