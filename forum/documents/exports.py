"""The catalogue of downloadable documents: which one comes in which formats, the options a
download takes, its file name, and one entry point that writes any of them.

Texts are translated in the current locale; callers pick it (exports default to Indonesian).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO

from flask_babel import gettext as _

from forum.documents.attendance import AttendanceExporter, attendance_pdf, export_session
from forum.documents.base import ExportOptions, ListExporter, render_csv, render_xlsx
from forum.documents.inputs import InputsExporter
from forum.documents.minutes import minutes_pdf
from forum.documents.minutes_docx import minutes_docx
from forum.documents.notes import write_notes
from forum.errors import ValidationFailed
from forum.models import Event
from forum.services.validation import parse_record_id

# --- the catalogue ------------------------------------------------------------------------

FORMATS: dict[str, tuple[str, ...]] = {"attendance": ("csv", "xlsx", "pdf"), "inputs": ("csv", "xlsx"),
                                       "minutes": ("pdf", "docx"), "notes": ("pdf", "docx")}
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
PAPER_SIZES = ("a4", "f4")
CSV_VARIANTS = ("excel",)  # besides the standard CSV (comma-separated, for scripts): docs/EXPORTS.md


def parse_options(args: Mapping[str, str]) -> ExportOptions:
    """Options from query parameters (or CLI flags): internal, paper, number, chair, session, variant."""
    errors = {}
    internal = str(args.get("internal", "")).strip().lower()
    if internal not in ("", "0", "1", "true", "false", "yes", "no"):
        errors["internal"] = _("Use 1 or 0.")
    paper = str(args.get("paper") or "a4").strip().lower()
    if paper not in PAPER_SIZES:
        errors["paper"] = _("Must be one of: %(values)s.", values=", ".join(PAPER_SIZES))
    texts = {}
    for name in ("number", "chair"):
        texts[name] = " ".join(str(args.get(name) or "").split())
        if len(texts[name]) > 200:
            errors[name] = _("At most %(n)d characters.", n=200)
    session = str(args.get("session") or "").strip() or None
    if session is not None:
        try:
            session = parse_record_id(session)
        except ValueError:
            errors["session"] = _("Choose one of the forum's sessions.")
    variant = str(args.get("variant") or "").strip().lower()
    if variant not in ("", *CSV_VARIANTS):
        errors["variant"] = _("Must be one of: %(values)s.", values=", ".join(CSV_VARIANTS))
    if errors:
        raise ValidationFailed(errors)
    return ExportOptions(internal=internal in ("1", "true", "yes"), paper=paper, session=session, variant=variant,
                         **texts)


def check_format(fmt: str, options: ExportOptions) -> None:
    """A CSV variant asked of another format is refused (422 naming `variant`), not silently ignored."""
    if options.variant and fmt != "csv":
        raise ValidationFailed({"variant": _("Only CSV files come in variants.")})


def is_export(name: str, fmt: str) -> bool:
    return fmt in FORMATS.get(name, ())


def download_name(event: Event, name: str, fmt: str, options: ExportOptions) -> str:
    suffix = ""
    if name == "attendance":
        suffix = (f"-session-{options.session}" if options.session else "") + ("-internal" if options.internal else "")
    if fmt == "csv" and options.variant:
        suffix += f"-{options.variant}"
    return f"{event.slug}-{name}{suffix}.{fmt}"


def stream_csv(event: Event, name: str, options: ExportOptions) -> Iterator[str]:
    """The CSV file as text chunks (the first starts with a byte-order mark); the Excel variant on request."""
    return render_csv(_tabular(event, name, options), excel=options.variant == "excel")


def write_export(event: Event, name: str, fmt: str, out: IO[bytes], options: ExportOptions) -> None:
    """Writes one export file to the binary file `out`."""
    if fmt == "csv":
        for chunk in stream_csv(event, name, options):
            out.write(chunk.encode("utf-8"))
    elif fmt == "xlsx":
        render_xlsx(_tabular(event, name, options), out)
    elif name == "notes":
        write_notes(event, fmt, out, options)
    elif name == "attendance":
        attendance_pdf(event, out, options)
    elif fmt == "docx":
        minutes_docx(event, out, options)
    else:
        minutes_pdf(event, out, options)


def _tabular(event: Event, name: str, options: ExportOptions) -> ListExporter:
    if name == "attendance":
        return AttendanceExporter(event, internal=options.internal, session=export_session(event, options))
    return InputsExporter(event)
