"""Serving materials; the live pages themselves are in pages.py."""
from flask import abort, request, send_file

from forum.live import bp
from forum.security import staff_may
from forum.services import events, materials


@bp.get("/events/<slug>/materials/<int:material_id>")
def material_file(slug, material_id):
    """The file, with the type found in its content. PDFs open inline (`?download=1` to save);
    everything else downloads. A sandbox CSP means the browser never runs anything in it."""
    event = events.get_event(slug)
    material = materials.get_material(event, material_id)
    if not material.published and not staff_may("moderator"):
        abort(404)
    path = materials.file_path(material)
    if not path.exists():
        abort(404)
    inline = material.mime == "application/pdf" and request.args.get("download") != "1"
    response = send_file(path, mimetype=material.mime, as_attachment=not inline, download_name=material.filename,
                         conditional=True, etag=material.sha256 or True, max_age=3600)
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600" if not material.published else "public, max-age=3600"
    return response
