"""The audit log viewer: a forum's entries for its organisers (`/admin/<slug>/audit`), every entry for
administrators (`/admin/audit`), newest first, filtered by action, and the same as CSV.

The log itself is append-only (forum.models.audit); this module only reads it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from flask import Response, current_app, redirect, render_template, request, stream_with_context, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from forum.backoffice.common import page_number
from forum.dashboard import bp
from forum.db import read_only_transactions
from forum.documents import exports
from forum.documents.audit import AuditExporter
from forum.documents.base import render_csv
from forum.documents.inputs import describe_changes
from forum.exports.download import record_download
from forum.extensions import db
from forum.i18n import to_local
from forum.models import AuditEntry, Event, Input, Material, Participant, Session, User
from forum.security import staff_required
from forum.services import events as event_service
from forum.staff import forum_page

PER_PAGE = 50
NO_FORUM = "none"  # the admin page's filter for entries outside any forum (staff accounts, logins, tokens)

ACTIONS = {
    "checkin.created": _l("Checked someone in"),
    "checkin.moved_earlier": _l("Moved a check-in earlier (an offline scan)"),
    "participant.created": _l("Added a participant"),
    "participant.updated": _l("Changed a participant (incl. their role)"),
    "participant.status": _l("Changed a registration's status"),
    "participant.code_reissued": _l("Issued a new QR code"),
    "participants.imported": _l("Imported an invitation list"),
    "participants.read": _l("Read the participant list with contact details"),
    "participant.read": _l("Read a participant's contact details"),
    "input.moderated": _l("Changed an input's status"),
    "input.overlap_dismissed": _l("Dismissed an overlap"),
    "export.downloaded": _l("Downloaded an export"),
    "badges.downloaded": _l("Downloaded name badges"),
    "contacts.erased": _l("Erased contact details"),
    "event.created": _l("Created the forum"),
    "event.updated": _l("Changed the forum's settings"),
    "agency.created": _l("Added an agency"),
    "agency.updated": _l("Changed an agency"),
    "session.created": _l("Added a session"),
    "session.updated": _l("Changed a session"),
    "session.state": _l("Started, paused or ended a session"),
    "agenda.delayed": _l("Delayed the agenda"),
    "material.uploaded": _l("Uploaded a material"),
    "material.updated": _l("Changed a material"),
    "minutes.updated": _l("Changed the minutes"),
    "minutes.finalised": _l("Finalised the minutes"),
    "staff.created": _l("Created a staff account"),
    "staff.updated": _l("Changed a staff account (role, access, password)"),
    "staff.forum_role": _l("Gave or took away a staff role in this forum"),
    "auth.login": _l("Logged in"),
    "token.created": _l("Created an API token"),
    "token.revoked": _l("Revoked an API token"),
}

TARGETS = {"Participant": (Participant, "name"), "User": (User, "email"), "Input": (Input, "title"),
           "Event": (Event, "title"), "Session": (Session, "title"), "Material": (Material, "title")}


def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    return str(label) if label is not None else action


def describe_details(details) -> str:
    """'desk: Meja 1; what: attendance.csv' from an entry's details (changes as 'old → new')."""
    if not isinstance(details, dict):
        return str(details or "")
    parts = []
    for key, value in details.items():
        if value is None or value == "":
            continue
        if isinstance(value, dict):
            value = describe_changes(value)
        elif isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


@dataclass(frozen=True)
class AuditLine:
    """One entry as the viewer shows it."""

    entry: AuditEntry
    at: datetime  # in the forum's time zone
    zone: str  # that time zone
    forum: Event | None
    who: str
    target: str
    details: str

    @property
    def action(self) -> str:
        return self.entry.action

    @property
    def action_label(self) -> str:
        return action_label(self.entry.action)


def lines(entries: Iterable[AuditEntry], batch: int = 500) -> Iterator[AuditLine]:
    """Entries with their forum, actor and target named; names are looked up per batch, not per entry."""
    default_tz = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    forums: dict[int, Event] = {}
    entries = iter(entries)
    while chunk := list(islice(entries, batch)):
        names = _target_names(chunk)
        missing = {e.event_id for e in chunk if e.event_id is not None} - set(forums)
        if missing:
            forums.update({f.id: f for f in db.session.scalars(select(Event).where(Event.id.in_(missing)))})
        users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(
            {e.actor_user_id for e in chunk if e.actor_user_id is not None})))}
        for entry in chunk:
            forum = forums.get(entry.event_id)
            actor = users.get(entry.actor_user_id)
            who = entry.actor_label or (f"{actor.name} <{actor.email}>" if actor else "")
            target = names.get((entry.target_type, entry.target_id), "")
            if not target and entry.target_type:
                target = f"{entry.target_type} #{entry.target_id}" if entry.target_id else entry.target_type
            zone = forum.timezone if forum else default_tz
            yield AuditLine(entry, to_local(entry.at, zone), zone, forum, who, target, describe_details(entry.details))


def _target_names(chunk: list[AuditEntry]) -> dict[tuple[str, int], str]:
    names = {}
    for type_name, (model, attribute) in TARGETS.items():
        ids = {e.target_id for e in chunk if e.target_type == type_name and e.target_id is not None}
        if ids:
            for row_id, value in db.session.execute(select(model.id, getattr(model, attribute))
                                                    .where(model.id.in_(ids))):
                names[(type_name, row_id)] = value
    return names


def _query(event: Event | None, action: str, forum_filter: str = ""):
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if event is not None:
        query = query.where(AuditEntry.event_id == event.id)
    elif forum_filter == NO_FORUM:
        query = query.where(AuditEntry.event_id.is_(None))
    if action:
        query = query.where(AuditEntry.action == action)
    return query


def _actions(event: Event | None) -> list[tuple[str, str]]:
    """The actions present in the log (of this forum), for the filter."""
    query = select(AuditEntry.action).distinct()
    if event is not None:
        query = query.where(AuditEntry.event_id == event.id)
    return sorted(((a, action_label(a)) for a in db.session.scalars(query)), key=lambda pair: pair[1].casefold())


def _filters() -> tuple[str, str]:
    return request.args.get("action", "")[:60].strip(), request.args.get("forum", "")[:80].strip()


def _page(event: Event | None, forum: Event | None, forum_filter: str):
    action, _ignored = _filters()
    page = db.paginate(_query(event or forum, action, forum_filter), page=page_number(), per_page=PER_PAGE,
                       error_out=False)
    args = {"action": action or None}
    if event is None:
        args["forum"] = forum_filter or None
    endpoint, csv_endpoint = (".audit_log", ".audit_csv") if event is not None else (".all_audit_log", ".all_audit_csv")
    slug = {"slug": event.slug} if event is not None else {}
    if page.page > 1 and not page.items and page.total:
        return None, redirect(url_for(endpoint, **slug, **args, page=page.pages))
    return {
        "page": page, "lines": list(lines(page.items)), "action": action, "actions": _actions(event),
        "page_url": lambda n: url_for(endpoint, **slug, **args, page=n),
        "csv_url": url_for(csv_endpoint, **slug, **args),
    }, None


@bp.get("/<slug>/audit")
@forum_page("organiser")
def audit_log(event):
    context, redirection = _page(event, None, "")
    if redirection is not None:
        return redirection
    return render_template("dashboard/audit.html", event=event, **context)


@bp.get("/audit")
@staff_required("admin")
def all_audit_log():
    _action, forum_filter = _filters()
    forum = event_service.get_event(forum_filter) if forum_filter and forum_filter != NO_FORUM else None
    context, redirection = _page(None, forum, forum_filter)
    if redirection is not None:
        return redirection
    return render_template("dashboard/audit.html", event=None, forum_filter=forum_filter,
                           forums=event_service.list_events(), no_forum=NO_FORUM, **context)


# --- CSV --------------------------------------------------------------------------------------

def _send_csv(event: Event | None, forum_filter: str, filename: str) -> Response:
    action, _ignored = _filters()
    record_download(event, "audit", "csv", current_user._get_current_object(), exports.ExportOptions())
    event_id = event.id if event is not None else None

    def generate():
        # Runs after the view has returned: read only, and load the forum again.
        read_only_transactions.set(True)
        forum = db.session.get(Event, event_id) if event_id is not None else None
        entries = db.session.scalars(_query(forum, action, forum_filter).execution_options(yield_per=500))
        yield from render_csv(AuditExporter(lines(entries)))

    response = Response(stream_with_context(generate()), mimetype=exports.MIMETYPES["csv"])
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


@bp.get("/<slug>/audit.csv")
@forum_page("organiser")
def audit_csv(event):
    return _send_csv(event, "", f"{event.slug}-audit-log.csv")


@bp.get("/audit.csv")
@staff_required("admin")
def all_audit_csv():
    _action, forum_filter = _filters()
    forum = event_service.get_event(forum_filter) if forum_filter and forum_filter != NO_FORUM else None
    return _send_csv(forum, forum_filter, f"audit-log{'-' + forum.slug if forum else ''}.csv")
