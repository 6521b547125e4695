"""iCalendar (RFC 5545) files: a forum as one calendar entry for the participant's phone, and the
whole agenda with one entry per session.

Written by hand (a dozen lines of format) rather than pulling in a dependency: CRLF line
endings, TEXT values escaped, lines folded at 75 octets, times in UTC with a trailing `Z` so
that no VTIMEZONE block is needed.
"""
from __future__ import annotations

from datetime import UTC, datetime

from forum.db import utcnow

MAX_OCTETS = 75
PRODID = "-//Forum//Forum OPD//ID"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def utc_stamp(dt: datetime) -> str:
    """A DATE-TIME in UTC form, e.g. 20210225T010000Z."""
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Splits a content line into chunks of at most 75 octets, never inside a UTF-8 character;
    each continuation starts with one space (RFC 5545 §3.1)."""
    chunks, current, size, limit = [], "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1  # the leading space takes one octet
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _vevent(*, uid: str, start: datetime, end: datetime, summary: str, location: str = "", description: str = "",
            url: str = "", stamp: datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(end)}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if url:
        lines.append(f"URL:{url}")  # a URI value, not TEXT: no escaping
    return [*lines, "END:VEVENT"]


def _calendar(events: list[list[str]], name: str = "") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_entry(*, uid: str, start: datetime, end: datetime, summary: str, location: str = "",
                   description: str = "", url: str = "", stamp: datetime | None = None) -> str:
    """A VCALENDAR with one VEVENT, as text with CRLF line endings."""
    return _calendar([_vevent(uid=uid, start=start, end=end, summary=summary, location=location,
                              description=description, url=url, stamp=stamp or utcnow())])


def agenda_calendar(event, sessions, *, host: str, url: str = "", stamp: datetime | None = None) -> str:
    """The whole agenda: one VEVENT per session at its current (possibly delayed) times.

    UIDs stay the same for a session across downloads, so a calendar that imports the file again
    updates the entries instead of adding copies."""
    stamp = stamp or utcnow()
    entries = []
    for session in sessions:
        speakers = ", ".join(p.name + (f" ({p.agency.name})" if p.agency else "") for p in session.speakers)
        description = "\n\n".join(filter(None, [speakers, session.description]))
        location = " · ".join(filter(None, [session.room, event.venue]))
        entries.append(_vevent(uid=f"{event.slug}-session-{session.id}@{host}", start=session.starts_at,
                               end=session.ends_at, summary=session.title, location=location,
                               description=description, url=url, stamp=stamp))
    return _calendar(entries, name=event.title)
