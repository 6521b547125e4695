"""`flask --app wsgi forum erase-contacts --event SLUG [--force]`: erase participants' contact details
after the forum's retention period (forum.services.retention)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from forum.actions import records
from forum.errors import DomainError
from forum.services import events


@click.command("erase-contacts")
@click.option("--event", "slug", required=True, help="The forum's slug.")
@click.option("--force", is_flag=True, help="Erase even before the retention period is over (or when none is set).")
@with_appcontext
def erase_contacts_command(slug, force):
    """Erase participants' email, phone, NIP and notes; names, attendance and inputs stay."""
    try:
        event = events.get_event(slug)
        erased = records.erase_contacts(event, force=force, via="cli")
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    if erased:
        click.echo(f"Erased the contact details of {erased} participant(s) of {slug}; "
                   f"their personal links and QR codes no longer work.")
    else:
        click.echo(f"Nothing to erase: the contact details of every participant of {slug} were already erased.")
