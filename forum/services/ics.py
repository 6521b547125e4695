"""iCalendar (RFC 5545) files: a forum as one calendar entry for the participant's phone.

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


def calendar_entry(*, uid: str, start: datetime, end: datetime, summary: str, location: str = "",
                   description: str = "", url: str = "", stamp: datetime | None = None) -> str:
    """A VCALENDAR with one VEVENT, as text with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{utc_stamp(stamp or utcnow())}",
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
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
