"""The `flask --app wsgi forum …` command group."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from forum.errors import DomainError
from forum.extensions import db
from forum.models import Event, StaffRole, User


@click.group("forum")
def forum_cli():
    """Forum administration."""


def _fail(exc: DomainError):
    details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
    raise click.ClickException(f"{exc.message}{' (' + details + ')' if details else ''}")


@forum_cli.command("init")
@with_appcontext
def init_command():
    """Create or upgrade the database (migrations); safe to run again."""
    from forum.services.maintenance import upgrade_database

    before, after = upgrade_database()
    if before == after:
        click.echo(f"Database is up to date (revision {after}).")
    else:
        click.echo(f"Database upgraded from {before or 'empty'} to {after}.")


@forum_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in StaffRole]))
@click.option("--event", "slugs", multiple=True, metavar="SLUG",
              help="the role holds in this forum only (repeatable); without it, in every forum")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_user_command(email, name, role, slugs, password):
    """Create a staff account (audited as made from the command line)."""
    from forum.actions import staff

    forums = []
    for slug in dict.fromkeys(slugs):
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        if event is None:
            raise click.ClickException(f"No forum with slug {slug}.")
        forums.append(event)
    try:
        # The operator's shell has no staff identity: the entry says it came from the command line. A scoped
        # account is recorded in each of its forums' logs, which their organisers read.
        user = staff.create_staff(email, name, role, password, forums=forums, via="cli")
    except DomainError as exc:
        _fail(exc)
    where = f" in {', '.join(e.slug for e in forums)}" if forums else ""
    click.echo(f"Created {role} {user.email}{where}.")


@forum_cli.command("create-token")
@click.option("--email", required=True)
@click.option("--label", default="")
@with_appcontext
def create_token_command(email, label):
    """Print a new API token for a staff user (shown once, alone on the last line)."""
    from forum.actions import staff

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No staff account with email {email}.")
    raw = staff.create_token(user, label, via="cli")
    role = user.role or "roles per forum"
    click.echo(f"API token for {user.email} ({role}); it is not stored and will not be shown again:")
    click.echo(raw)


@forum_cli.command("demo")
@with_appcontext
def demo_command():
    """Load the demo forum (idempotent) and print how to log in."""
    from forum.actions import records

    report = records.load_demo()
    click.echo(report)


@forum_cli.command("backup")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="the .tar.gz to write")
@with_appcontext
def backup_command(out):
    """Back up the database and the uploaded materials (safe while the server runs)."""
    from pathlib import Path

    from forum.services.backup import BackupError, create_backup

    try:
        manifest = create_backup(Path(out))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backup written to {out} ({manifest['database']}, {len(manifest['uploads'])} uploaded files).")


@forum_cli.command("restore")
@click.option("--from", "source", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@with_appcontext
def restore_command(source, yes):
    """Replace the database and uploads with a backup's. Stop the server first."""
    from pathlib import Path

    from forum.services.backup import BackupError, restore_backup

    if not yes:
        click.confirm("This replaces every forum in the database with the backup's. Continue?", abort=True)
    try:
        manifest = restore_backup(Path(source))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored the backup of {manifest['created_at']} ({len(manifest['uploads'])} uploaded files).")


from forum.exports.cli import export_cli  # noqa: E402

forum_cli.add_command(export_cli)

from forum.dashboard.cli import erase_contacts_command  # noqa: E402

forum_cli.add_command(erase_contacts_command)
