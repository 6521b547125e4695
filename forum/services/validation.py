"""Parsers for the values people type: NIP, phone numbers, emails, times, text.

Each returns the normalised value or raises ValueError with a message for the user; callers
collect those per field into a ValidationFailed.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from forum.db import utcnow

NIP_RE = re.compile(r"^\d{18}$")
MAX_RECORD_ID = 2**31 - 1  # record ids are PostgreSQL `integer` columns
MAX_JSON_INTEGER = 2**53 - 1  # beyond this, JSON clients (JavaScript) silently lose digits
MAX_TIMEZONE_LENGTH = 64  # the column's width; the longest IANA name has 32 characters
# What no text column can hold: NUL (PostgreSQL refuses it) and UTF-16 surrogates, which only a JSON
# escape such as "\ud800" without its partner can produce (a paired escape decodes to one character).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_reason(text: str) -> str | None:
    """Why no database column can hold `text` (a NUL or a lone surrogate), or None when it can."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return _("Must not contain NUL characters.")
    return _("Contains an unpaired UTF-16 surrogate, which is not a character.")


def printable(text: str) -> str:
    """`text` fit to be sent back in an error (a field's name): NULs and lone surrogates become U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text)


def parse_record_id(value) -> int:
    """A record's id from JSON (an integer) or a query string (ASCII digits), within the id columns'
    range; anything else raises ValueError. An id in range may still name nothing: the caller looks it up."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_("Must be a whole number."))
    if not 0 < value <= MAX_RECORD_ID:
        raise ValueError(_("There is no record with this id."))
    return value


def clean_text(value, *, max_length: int, required: bool = False, multiline: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(_("Must be text."))
    value = value.replace("\x00", "")
    if not multiline:
        value = " ".join(value.split())
    else:
        value = value.strip()
    if required and not value:
        raise ValueError(_("This field is required."))
    if len(value) > max_length:
        raise ValueError(_("At most %(n)d characters.", n=max_length))
    return value


def _without(separators: str, value: str | None) -> str | None:
    """A number as written without the `separators` people put between its digits; None when nothing is left."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(_("Must be text."))
    return re.sub(separators, "", value) or None


def parse_nip(value: str | None) -> str | None:
    """An 18-digit NIP `YYYYMMDD YYYYMM G NNN` with plausible embedded dates, or None when empty."""
    digits = _without(r"[\s.\-]", value)
    if digits is None:
        return None
    if not NIP_RE.match(digits):
        raise ValueError(_("A NIP has exactly 18 digits."))
    today = utcnow().date()
    try:
        born = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValueError(_("The birth date in this NIP (digits 1–8) is not a real date.")) from None
    start_year, start_month = int(digits[8:12]), int(digits[12:14])
    gender, sequence = digits[14], int(digits[15:18])
    age = today.year - born.year
    if born.year < 1940 or age < 17:
        raise ValueError(_("The birth date in this NIP (digits 1–8) is not plausible."))
    if not 1 <= start_month <= 12 or start_year < born.year + 17 or (start_year, start_month) > (
            today.year, today.month):
        raise ValueError(_("The start date in this NIP (digits 9–14) is not plausible."))
    if gender not in "12":
        raise ValueError(_("Digit 15 of a NIP is 1 (male) or 2 (female)."))
    if sequence == 0:
        raise ValueError(_("The last three digits of a NIP cannot be 000."))
    return digits


def normalize_phone(value: str | None) -> str | None:
    """Indonesian numbers written 08…, 628…, +628… (spaces, dots, dashes allowed) → +628…."""
    raw = _without(r"[\s.\-()]", value)
    if raw is None:
        return None
    if raw.startswith("+"):
        rest = raw[1:]
    elif raw.startswith("0"):
        rest = "62" + raw[1:]
    else:
        rest = raw
    if not rest.isascii() or not rest.isdigit():  # isdigit alone also takes ² and Arabic-Indic digits
        raise ValueError(_("A phone number has only digits, e.g. 0812 3456 7890."))
    if not rest.startswith("62"):
        raise ValueError(_("Give an Indonesian number starting with 08 or +62."))
    national = rest[2:]
    if not national or national[0] == "0" or not 8 <= len(national) <= 12:
        raise ValueError(_("This phone number is too short or too long."))
    return "+62" + national


def normalize_email(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(_("Must be text."))
    value = value.strip()
    if not value:
        return None
    if len(value) > 254:
        raise ValueError(_("This email address is too long."))
    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise ValueError(_("This is not a valid email address.")) from None
    return checked.normalized.lower()


def parse_timezone(value) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(_("Must be a time zone name such as Asia/Pontianak."))
    if len(value) > MAX_TIMEZONE_LENGTH or unstorable_reason(value):
        raise ValueError(_("Unknown time zone; use a name such as Asia/Pontianak."))
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name the file system cannot look up
        raise ValueError(_("Unknown time zone; use a name such as Asia/Pontianak.")) from None
    return value


def parse_datetime(value, tz: str) -> datetime:
    """ISO 8601; a time without an offset is read in the forum's time zone."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(_("Not a valid date and time (expected e.g. 2021-02-25T08:00:00+07:00).")) from None
    else:
        raise ValueError(_("Not a valid date and time (expected e.g. 2021-02-25T08:00:00+07:00)."))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
    if not 1900 <= parsed.year <= 2200:
        raise ValueError(_("This date is out of range."))
    return parsed


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(_("Must be true or false."))


def parse_url(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(_("Must be text."))
    value = value.strip()
    if not value:
        return ""
    if len(value) > 500 or not re.match(r"^https?://[^\s\x00-\x1f\x7f/$.?#][^\s\x00-\x1f\x7f]*$", value, re.I):
        raise ValueError(_("Must be a web address starting with http:// or https://."))
    return value


class FieldErrors:
    """Collects per-field errors: `with errors.field("phone"): value = normalize_phone(...)`."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def check(self, name: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValueError as exc:
            self.errors.setdefault(name, str(exc))
            return None

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, str(message))

    def raise_if_any(self) -> None:
        if self.errors:
            from forum.errors import ValidationFailed

            raise ValidationFailed(self.errors)


MAX_RUPIAH = 10**15  # a thousand trillion: beyond any regional budget line
_RUPIAH_UNITS = {"rb": 10**3, "ribu": 10**3, "k": 10**3, "jt": 10**6, "juta": 10**6, "m": 10**9, "miliar": 10**9,
                 "milyar": 10**9, "t": 10**12, "triliun": 10**12}
# Digits are ASCII ([0-9], not \d, which would take any script's digits), as in static/js/input-form.js.
_RUPIAH_RE = re.compile(r"^(?:rp\.?)?\s*(?P<number>[0-9][0-9.,\s]*?)\s*(?P<unit>[a-z]+)?\.?$")


def parse_rupiah(value) -> int | None:
    """Whole rupiah from what people type: 1500000, "1.500.000", "Rp 1.500.000,00", "1,5 M" (miliar),
    "750 jt", "500 rb". None when empty. Refuses negatives, fractions of a rupiah, exponents and words."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("Write an amount in rupiah, e.g. 1.500.000 or 1,5 M."))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("Use whole rupiah."))
        amount = int(value)
    elif isinstance(value, str):
        amount = _parse_rupiah_text(value)
        if amount is None:
            return None
    else:
        raise ValueError(_("Write an amount in rupiah, e.g. 1.500.000 or 1,5 M."))
    if amount < 0:
        raise ValueError(_("The amount cannot be negative."))
    if amount > MAX_RUPIAH:
        raise ValueError(_("This amount is too large."))
    return amount


def _parse_rupiah_text(text: str) -> int | None:
    text = text.strip().lower()
    if not text:
        return None
    if text.startswith("-"):
        raise ValueError(_("The amount cannot be negative."))
    match = _RUPIAH_RE.match(text)
    if not match or (match["unit"] and match["unit"] not in _RUPIAH_UNITS):
        raise ValueError(_("Write an amount in rupiah, e.g. 1.500.000 or 1,5 M."))
    number = re.sub(r"\s", "", match["number"])  # "1 500 000", also with no-break spaces
    if sum(c.isdigit() for c in number) > len(str(MAX_RUPIAH)) + 2:  # also keeps int() off huge digit strings
        raise ValueError(_("This amount is too large."))
    if match["unit"]:
        # "1,5 M" or "1.5 M": one decimal separator at most
        if number.count(",") + number.count(".") > 1:
            raise ValueError(_("Write an amount in rupiah, e.g. 1.500.000 or 1,5 M."))
        whole, _sep, fraction = number.replace(",", ".").partition(".")
        unit = _RUPIAH_UNITS[match["unit"]]
        if len(fraction) > len(str(unit)) - 1:
            raise ValueError(_("Use whole rupiah."))
        return int(whole or "0") * unit + (int(fraction) * unit // 10 ** len(fraction) if fraction else 0)
    # Indonesian style: dots group thousands, a comma starts the (zero) cents: 1.500.000,00
    if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+(,0{1,2})?|[0-9]+(,0{1,2})?", number):
        return int(number.split(",")[0].replace(".", ""))
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.0{1,2})?", number):  # 1,500,000 as English spreadsheets write it
        return int(number.split(".")[0].replace(",", ""))
    raise ValueError(_("Write an amount in rupiah, e.g. 1.500.000 or 1,5 M."))
