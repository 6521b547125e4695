"""Forums (events) and their agencies."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from forum.errors import DomainError, NotFound
from forum.extensions import db
from forum.models import Agency, AgencyKind, Event
from forum.services import agencies
from forum.services import stamp as staff_stamp
from forum.services.commands import PartialCommand
from forum.services.validation import FieldErrors, clean_text, parse_bool, parse_datetime, parse_timezone, parse_url

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_TIMEZONE = "Asia/Pontianak"
EVENT_FIELDS = ("title", "theme", "venue", "starts_at", "ends_at", "timezone", "stream_url", "registration_open",
                "presence_min_minutes", "retention_days")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or "forum"


# A process keeps, per app, each forum it has served by its address, with the staff stamp read when it was
# loaded (services/stamp.py: a forum added, changed or deleted moves the stamp on, in any process). A request
# then reads that one counter, which a Bearer request has read already, instead of loading the forum.
_BY_SLUG = select(Event).where(Event.slug == bindparam("slug"))


def get_event(slug) -> Event:
    event = None
    if isinstance(slug, str) and len(slug) <= 80 and SLUG_RE.match(slug):  # anything else cannot be a forum's slug
        event = staff_stamp.kept("forum_events_by_slug", slug, lambda session: session.scalar(_BY_SLUG, {"slug": slug}))
    if event is None:
        raise NotFound("event_not_found", _("There is no forum at this address."))
    return event


def list_events() -> list[Event]:
    return list(db.session.scalars(select(Event).order_by(Event.starts_at.desc())))


@dataclass(frozen=True)
class ForumSettings(PartialCommand):
    """The command "create a forum" or "change its settings": each field as sent, `UNSET` when left out (an edit
    changes only what it names); read by forum/contract/requests.py::read_forum_settings or built by the back
    office's EventForm. The service judges the values; `slug` is taken when creating and refused when changed."""

    title: object
    theme: object
    venue: object
    starts_at: object
    ends_at: object
    timezone: object
    stream_url: object
    registration_open: object
    presence_min_minutes: object
    retention_days: object
    slug: object


def _apply(event: Event, data: dict, errors: FieldErrors, *, creating: bool) -> None:
    """Sets the given fields (all the required ones when creating), collecting what is wrong in `errors`."""
    tz = _apply_timezone(event, data, errors, creating=creating)
    _apply_texts(event, data, errors, creating=creating)
    _apply_times(event, data, errors, tz, creating=creating)
    _apply_settings(event, data, errors)
    if event.starts_at and event.ends_at and "starts_at" not in errors.errors and "ends_at" not in errors.errors:
        if event.ends_at <= event.starts_at:
            errors.add("ends_at", _("The end must be after the start."))


def _apply_timezone(event: Event, data: dict, errors: FieldErrors, *, creating: bool) -> str:
    """The forum's time zone, set first: the times given are read in it."""
    tz = data.get("timezone", event.timezone or DEFAULT_TIMEZONE)
    if "timezone" in data or creating:
        tz = errors.check("timezone", parse_timezone, tz) or DEFAULT_TIMEZONE
        event.timezone = tz
    return tz


def _apply_texts(event: Event, data: dict, errors: FieldErrors, *, creating: bool) -> None:
    for name, limit, required in (("title", 300, True), ("theme", 4000, False), ("venue", 300, False)):
        if name in data or (creating and required):
            value = errors.check(name, clean_text, data.get(name), max_length=limit, required=required,
                                 multiline=name == "theme")
            if value is not None:
                setattr(event, name, value)


def _apply_times(event: Event, data: dict, errors: FieldErrors, tz: str, *, creating: bool) -> None:
    for name in ("starts_at", "ends_at"):
        if name in data or creating:
            if creating and data.get(name) is None:
                errors.add(name, _("This field is required."))
                continue
            value = errors.check(name, parse_datetime, data.get(name), tz)
            if value is not None:
                setattr(event, name, value)


def _apply_settings(event: Event, data: dict, errors: FieldErrors) -> None:
    """The stream link, whether registration is open, and the two whole numbers."""
    for name, parse in (("stream_url", parse_url), ("registration_open", parse_bool)):
        if name in data:
            value = errors.check(name, parse, data[name])
            if value is not None:
                setattr(event, name, value)
    for name, limit in (("presence_min_minutes", 24 * 60), ("retention_days", 3650)):
        if name in data:
            value = data[name]
            if value is None and name == "retention_days":
                event.retention_days = None
            elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
                errors.add(name, _("Must be a whole number from 0 to %(n)d.", n=limit))
            else:
                setattr(event, name, value)


def create_event(command: ForumSettings) -> Event:
    data = command.values()
    errors = FieldErrors()
    event = Event(timezone=DEFAULT_TIMEZONE, theme="", venue="", stream_url="", registration_open=True,
                  presence_min_minutes=0)
    _apply(event, data, errors, creating=True)
    slug = data.get("slug")
    if slug is not None:
        if not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > 80:
            errors.add("slug", _("Use lower-case letters, digits and dashes, e.g. forum-opd-2022."))
    errors.raise_if_any()
    if slug is None:
        base = slugify(event.title)
        slug, n = base, 2
        while db.session.scalar(select(Event.id).where(Event.slug == slug)):
            slug, n = f"{base}-{n}", n + 1
    elif db.session.scalar(select(Event.id).where(Event.slug == slug)):
        raise DomainError("slug_taken", _("Another forum already uses this address."),
                          fields={"slug": _("Already in use.")})
    event.slug = slug
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, command: ForumSettings) -> Event:
    data = command.values()
    if "slug" in data and data["slug"] != event.slug:
        raise DomainError("invalid", _("A forum's address cannot be changed."),
                          fields={"slug": _("Cannot be changed.")})
    errors = FieldErrors()
    _apply(event, data, errors, creating=False)
    errors.raise_if_any()
    return event


# --- agencies -------------------------------------------------------------------------------

# Lookup by name, short name or alias, and the unverified agency made for a name nobody matched, live in
# services/agencies.py; these names stay here for the callers that know them from this module.
find_agency = agencies.find_agency
agency_for_name = agencies.agency_for_name


def save_agency(event: Event, data: dict, agency: Agency | None = None) -> Agency:
    errors = FieldErrors()
    name = errors.check("name", clean_text, data.get("name"), max_length=200, required=True)
    short = errors.check("short_name", clean_text, data.get("short_name"), max_length=60)
    kind = data.get("kind") or AgencyKind.other.value
    if kind not in {k.value for k in AgencyKind}:
        errors.add("kind", _("Unknown agency type."))
    errors.raise_if_any()
    clash = find_agency(event, name)
    if clash is not None and clash is not agency:
        raise DomainError("agency_exists", _("This forum already has an agency with this name."),
                          fields={"name": _("Already in use.")})
    if agency is None:
        agency = Agency(event_id=event.id)
        db.session.add(agency)
    agency.name, agency.short_name, agency.kind = name, short or "", kind
    db.session.flush()
    return agency
