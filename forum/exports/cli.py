"""`flask --app wsgi forum export attendance|inputs|minutes --event SLUG --format F --out FILE`."""
from __future__ import annotations

import os
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from forum.db import read_only_transactions
from forum.documents import exports
from forum.errors import DomainError
from forum.services import events


@click.group("export")
def export_cli():
    """Write attendance lists, agency input and the minutes to files."""


def _export(name: str, slug: str, fmt: str, out: str, lang: str, **options) -> None:
    from forum.exports.download import record_download

    target = Path(out)
    partial = target.with_name(f".{target.name}.partial")
    token = read_only_transactions.set(True)  # a long export must not hold SQLite's write lock
    try:
        event = events.get_event(slug)
        parsed = exports.parse_options(options)
        exports.check_format(fmt, parsed)
        with force_locale(lang), open(partial, "wb") as fh:
            exports.write_export(event, name, fmt, fh, parsed)
        os.replace(partial, target)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    except OSError as exc:
        raise click.ClickException(f"Cannot write {out}: {exc.strerror}") from None
    finally:
        read_only_transactions.reset(token)
        partial.unlink(missing_ok=True)
    record_download(event, name, fmt, None, parsed, label="cli")
    click.echo(f"Wrote {name}.{fmt} of {slug} to {target}.")


def _common(formats: tuple[str, ...], default: str | None = None):
    def decorate(command):
        command = click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
                               help="Language of the file's texts.")(command)
        command = click.option("--out", required=True, type=click.Path(dir_okay=False), help="File to write.")(command)
        command = click.option("--format", "fmt", type=click.Choice(formats), show_default=default is not None,
                               required=len(formats) > 1 and default is None,
                               default=default or (formats[0] if len(formats) == 1 else None))(command)
        command = click.option("--event", "slug", required=True, help="The forum's slug.")(command)
        return with_appcontext(command)

    return decorate


def _excel_flag(command):
    return click.option("--excel", is_flag=True, help="CSV for Excel with Indonesian regional settings: ';' "
                        "between values, NIP and phone numbers kept as text (docs/EXPORTS.md).")(command)


def _variant(excel: bool, fmt: str) -> str:
    if excel and fmt != "csv":
        raise click.UsageError("--excel applies to --format csv only.")
    return "excel" if excel else ""


@export_cli.command("attendance")
@_common(exports.FORMATS["attendance"])
@click.option("--internal", is_flag=True, help="The organisers' copy, with email and phone numbers.")
@click.option("--paper", type=click.Choice(exports.PAPER_SIZES), default="a4", show_default=True, help="PDF paper.")
@click.option("--session", type=click.IntRange(min=1), help="Only this session (its id): online time inside it.")
@_excel_flag
def attendance_command(slug, fmt, out, lang, internal, paper, session, excel):
    """The attendance list (daftar hadir)."""
    _export("attendance", slug, fmt, out, lang, internal="1" if internal else "", paper=paper,
            session=str(session or ""), variant=_variant(excel, fmt))


@export_cli.command("inputs")
@_common(exports.FORMATS["inputs"])
@_excel_flag
def inputs_command(slug, fmt, out, lang, excel):
    """Every input (proposals, comments, questions) with its history."""
    _export("inputs", slug, fmt, out, lang, variant=_variant(excel, fmt))


@export_cli.command("minutes")
@_common(exports.FORMATS["minutes"], default="pdf")
@click.option("--paper", type=click.Choice(exports.PAPER_SIZES), default="a4", show_default=True)
@click.option("--number", default="", help="The minutes' number (a blank line when not given).")
@click.option("--chair", default="", help="Who chaired the forum (a blank line when not given).")
def minutes_command(slug, fmt, out, lang, paper, number, chair):
    """The minutes of agreement (berita acara kesepakatan), as PDF or Word."""
    _export("minutes", slug, fmt, out, lang, paper=paper, number=number, chair=chair)


@export_cli.command("notes")
@_common(exports.FORMATS["notes"])
@click.option("--paper", type=click.Choice(exports.PAPER_SIZES), default="a4", show_default=True)
def notes_command(slug, fmt, out, lang, paper):
    """The notes of the meeting (notulen), as PDF or Word."""
    _export("notes", slug, fmt, out, lang, paper=paper)
