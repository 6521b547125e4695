"""`flask --app wsgi forum erase-contacts --event SLUG [--force]`: erase participants' contact details
after the forum's retention period (forum.services.retention)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from forum.errors import DomainError
from forum.extensions import db
from forum.services import events, retention


@click.command("erase-contacts")
@click.option("--event", "slug", required=True, help="The forum's slug.")
@click.option("--force", is_flag=True, help="Erase even before the retention period is over (or when none is set).")
@with_appcontext
def erase_contacts_command(slug, force):
    """Erase participants' email, phone, NIP and notes; names, attendance and inputs stay."""
    try:
        event = events.get_event(slug)
        erased = retention.erase_contacts(event, force=force, via="cli")
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    db.session.commit()
    if erased:
        retention.purge_remnants(event)
        click.echo(f"Erased the contact details of {erased} participant(s) of {slug}; "
                   f"their personal links and QR codes no longer work.")
    else:
        click.echo(f"Nothing to erase: the contact details of every participant of {slug} were already erased.")
