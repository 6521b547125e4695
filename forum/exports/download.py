"""Sending an export file: the one path shared by the browser routes and the API.

The download is written to the audit log and committed in a short write transaction of its own;
the file is then produced in a read-only (DEFERRED) transaction, so that a long export never holds
SQLite's write lock while check-ins keep coming in.
"""
from __future__ import annotations

import tempfile

from flask import Response, abort, current_app, request, send_file, stream_with_context
from flask_babel import force_locale

from forum.actions import records
from forum.db import read_only_transactions
from forum.documents import exports
from forum.services import events


def export_language() -> str:
    """Exports are official documents: Indonesian unless `?lang=` asks for another language."""
    asked = request.args.get("lang")
    return asked if asked in current_app.config["FORUM_LANGUAGES"] else current_app.config["FORUM_DOCUMENT_LOCALE"]


def record_download(event, name: str, fmt: str, user, options: exports.ExportOptions, *, label: str = "") -> None:
    """Audit entry 'export.downloaded', committed at once in a write transaction of its own."""
    details = {"session": options.session} if options.session and name == "attendance" else {}
    if options.variant and fmt == "csv":
        details["variant"] = options.variant
    records.handed_out("export.downloaded", event=event, user=user, label=label, what=f"{name}.{fmt}",
                       internal=options.internal and name == "attendance", **details)


def send_export(slug: str, name: str, fmt: str, user) -> Response:
    if not exports.is_export(name, fmt):
        abort(404)
    event = events.get_event(slug)
    options = exports.parse_options(request.args)
    exports.check_format(fmt, options)
    if name == "attendance":
        exports.export_session(event, options)  # an unknown session is refused before anything is sent
    filename = exports.download_name(event, name, fmt, options)
    lang = export_language()
    if fmt == "csv":
        record_download(event, name, fmt, user, options)

        def generate():
            # Runs after the view has returned, in a new database session: read the forum again.
            read_only_transactions.set(True)
            with force_locale(lang):
                yield from exports.stream_csv(events.get_event(slug), name, options)

        response = Response(stream_with_context(generate()), mimetype=exports.MIMETYPES[fmt])
        response.headers.set("Content-Disposition", "attachment", filename=filename)
        response.headers["Cache-Control"] = "no-store"
        return response
    # XLSX and PDF are built whole (into a temporary file, not memory), then logged and sent.
    out = tempfile.TemporaryFile()
    try:
        with force_locale(lang):
            exports.write_export(event, name, fmt, out, options)
        record_download(event, name, fmt, user, options)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    response = send_file(out, mimetype=exports.MIMETYPES[fmt], as_attachment=True, download_name=filename,
                         max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
