"""Language choice and the formats of dates, times and rupiah for the interface's locale."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.numbers import format_decimal
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

# Indonesian zone names as written on official documents ("09.00 WIB").
ZONE_LABELS = {
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT",
}


def select_locale() -> str:
    """?lang= (remembered in the session), else the session's choice, else Accept-Language.

    Indonesian is the default: English is chosen from Accept-Language only when the client
    ranks it above Indonesian (a browser saying just "en-US" does; "id,en" does not).
    """
    languages = current_app.config["FORUM_LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    is_api = request.path.startswith("/api/")
    asked = request.args.get("lang")
    if asked in languages:
        if not is_api:
            session["lang"] = asked
        return asked
    if not is_api and session.get("lang") in languages:
        return session["lang"]
    ranks = {language: _accept_rank(request.accept_languages, language) for language in languages}
    best = max(languages, key=lambda language: (ranks[language], language == default))
    return best if ranks[best] > ranks[default] else default


def _accept_rank(accepted, language: str) -> float:
    """The quality Accept-Language gives `language` itself or any regional variant ("en-US" counts for "en")."""
    return max((quality for value, quality in accepted
                if value.lower().replace("_", "-").split("-")[0] == language), default=0)


def locale_code() -> str:
    return str(get_locale() or "id")


def zone_label(tz: str) -> str:
    return ZONE_LABELS.get(tz, tz)


def to_local(dt: datetime, tz: str) -> datetime:
    return dt.astimezone(ZoneInfo(tz))


def format_long_date(value: date | datetime, tz: str | None = None) -> str:
    """'Kamis, 25 Februari 2021' (or 'Thursday, 25 February 2021')."""
    if isinstance(value, datetime) and tz:
        value = to_local(value, tz)
    return _babel_date(value, "EEEE, d MMMM y", locale=locale_code())


def format_clock(dt: datetime, tz: str) -> str:
    """'08.00 WIB' in Indonesian, '08:00 WIB' in English."""
    pattern = "HH.mm" if locale_code() == "id" else "HH:mm"
    return f"{_babel_time(to_local(dt, tz), pattern, locale=locale_code())} {zone_label(tz)}"


def format_when(dt: datetime, tz: str) -> str:
    """'Kamis, 25 Februari 2021, 08.00 WIB'."""
    return f"{format_long_date(dt, tz)}, {format_clock(dt, tz)}"


def format_span(start: datetime, end: datetime, tz: str) -> str:
    """'Kamis, 25 Februari 2021, 08.00–16.00 WIB' (the end date is named when it differs)."""
    s, e = to_local(start, tz), to_local(end, tz)
    pattern = "HH.mm" if locale_code() == "id" else "HH:mm"
    end_time = _babel_time(e, pattern, locale=locale_code())
    start_time = _babel_time(s, pattern, locale=locale_code())
    if s.date() == e.date():
        return f"{format_long_date(s)}, {start_time}–{end_time} {zone_label(tz)}"
    return f"{format_long_date(s)}, {start_time} – {format_long_date(e)}, {end_time} {zone_label(tz)}"


def format_rupiah(amount: int | None) -> str:
    if amount is None:
        return ""
    return f"Rp {format_decimal(amount, format='#,##0', locale=locale_code())}"
