"""Static files under content-hashed names, cached for a year, compressed once at start.

`url_for('static', filename='js/live.js')` gives `/static/js/live.3f9a0c1e2b.js`: the name changes
whenever the content does, so a browser may keep the file for a year (`immutable`) and a warm reload
asks for nothing. ES modules import each other by relative path (`./lib/common.js`): their import
specifiers are rewritten to the hashed names too, and a module's hash covers the rewritten text, so a
change in `lib/common.js` also renames every module that imports it. Text files are gzipped once, here,
and served from memory; the plain names keep working (revalidated on each use, as before) for anything
that asks for them, e.g. the scanner's service worker.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, request

YEAR = 365 * 24 * 3600
HASH_LENGTH = 10
TEXT_TYPES = {".js", ".css", ".svg", ".map", ".json", ".txt", ".ico"}
# Files people or tools ask for by their plain name only: not worth hashing.
SKIP = re.compile(r"(^|/)(README\.md|LICENSE|VERSION)$")
# `from "./x.js"`, `import "./x.js"` and `import("./x.js")`: relative module specifiers only.
IMPORT = re.compile(r"""((?:\bfrom|\bimport)\s*\(?\s*)(["'])(\.{1,2}/[^"']+\.js)\2""")


@dataclass(frozen=True)
class Asset:
    name: str          # the hashed name, relative to the static folder
    digest: str
    body: bytes
    gzipped: bytes | None
    mimetype: str


class Assets:
    """Every static file, read once: plain name -> hashed name, hashed name -> the bytes to send."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.names: dict[str, str] = {}
        self.files: dict[str, Asset] = {}
        sources = {p.relative_to(folder).as_posix(): p.read_bytes()
                   for p in sorted(folder.rglob("*")) if p.is_file() and not SKIP.search(p.as_posix())}
        for name in sources:
            self._add(name, sources, ())

    def _add(self, name: str, sources: dict[str, bytes], chain: tuple[str, ...]) -> str:
        if name in self.names:
            return self.names[name]
        if name in chain:
            raise RuntimeError(f"static modules import each other in a circle: {' -> '.join(chain + (name,))}")
        body = sources[name]
        if name.endswith(".js"):
            body = self._rewrite_imports(name, body, sources, chain + (name,))
        digest = hashlib.sha256(body).hexdigest()[:HASH_LENGTH]
        stem, dot, ext = name.rpartition(".")
        hashed = f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"
        suffix = "." + ext if dot else ""
        gzipped = gzip.compress(body, 9, mtime=0) if suffix in TEXT_TYPES else None
        if gzipped is not None and len(gzipped) >= len(body):
            gzipped = None
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if suffix == ".js":
            mimetype = "text/javascript"
        self.names[name] = hashed
        self.files[hashed] = Asset(hashed, digest, body, gzipped, mimetype)
        return hashed

    def _rewrite_imports(self, name: str, body: bytes, sources: dict[str, bytes], chain: tuple[str, ...]) -> bytes:
        base = Path(name).parent
        text = body.decode("utf-8")

        def hashed_specifier(match: re.Match) -> str:
            specifier = match.group(3)
            target = _normalise(base / specifier)
            if target not in sources:
                raise RuntimeError(f"{name} imports {specifier}, which is not in the static folder")
            hashed = self._add(target, sources, chain)
            prefix = specifier[: len(specifier) - len(Path(specifier).name)]
            return f"{match.group(1)}{match.group(2)}{prefix}{Path(hashed).name}{match.group(2)}"

        return IMPORT.sub(hashed_specifier, text).encode("utf-8")

    def hashed_name(self, name: str) -> str:
        return self.names.get(name, name)

    def response(self, name: str) -> Response | None:
        """The hashed file, gzipped when the browser takes it; None for a name that is not one of ours."""
        asset = self.files.get(name)
        if asset is None:
            return None
        gzipped = asset.gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", "")
        response = Response(asset.gzipped if gzipped else asset.body, mimetype=asset.mimetype)
        if asset.mimetype.startswith("text/") or asset.mimetype in ("image/svg+xml", "application/json"):
            response.charset = "utf-8"
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
        if asset.gzipped is not None:
            response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        response.headers["ETag"] = f'"{asset.digest}"'
        return response


def _normalise(path: Path) -> str:
    parts: list[str] = []
    for part in path.as_posix().split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


_read: dict[tuple, Assets] = {}


def _assets_of(folder: Path) -> Assets:
    """Read once per process (tests build an app per test): again only when a file changed."""
    signature = (str(folder),) + tuple((p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                                       for p in sorted(folder.rglob("*")) if p.is_file())
    if signature not in _read:
        _read.clear()
        _read[signature] = Assets(folder)
    return _read[signature]


def init_app(app: Flask) -> None:
    """Hashed names in every `url_for('static', …)`, and the static route serving them."""
    assets = _assets_of(Path(app.static_folder))
    app.extensions["forum_assets"] = assets
    plain = app.view_functions["static"]

    @app.url_defaults
    def _hashed_static_names(endpoint, values):
        if endpoint == "static" and "filename" in values:
            values["filename"] = assets.hashed_name(values["filename"])

    def static(filename):
        return assets.response(filename) or plain(filename=filename)

    app.view_functions["static"] = static
