"""The parsers of what people type (forum/services/validation.py): NIP, phone, email, times, URLs."""
from datetime import UTC, datetime, timedelta, timezone

import pytest

from forum.db import utcnow
from forum.services.validation import (
    FieldErrors,
    clean_text,
    normalize_email,
    normalize_phone,
    parse_bool,
    parse_datetime,
    parse_nip,
    parse_record_id,
    parse_timezone,
    parse_url,
    printable,
    unstorable_reason,
)

VALID_NIP = "198503152010011001"  # born 15 March 1985, started January 2010, male, number 001


# --- NIP --------------------------------------------------------------------------------------

def test_valid_nip_is_returned_as_its_18_digits():
    assert parse_nip(VALID_NIP) == VALID_NIP


def test_nip_written_with_spaces_dots_and_dashes_is_accepted():
    assert parse_nip("19850315 201001.1-001") == VALID_NIP


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_nip_means_none(empty):
    assert parse_nip(empty) is None


@pytest.mark.parametrize("nip, problem", [
    ("19850315201001100", "17 digits"),
    ("1985031520100110011", "19 digits"),
    ("19850315201001100x", "a letter"),
    ("198502302010011001", "30 February"),
    ("198513152010011001", "month 13"),
    ("193003152010011001", "born before 1940"),
    ("198503152010013001", "gender digit 3"),
    ("198503152010010001", "gender digit 0"),
    ("198503151990011001", "started before 17"),
    ("198503152010131001", "start month 13"),
    ("198503152010011000", "sequence 000"),
])
def test_implausible_nip_is_refused(nip, problem):
    with pytest.raises(ValueError):
        parse_nip(nip)


def test_nip_starting_in_the_future_is_refused():
    next_year = utcnow().year + 1
    with pytest.raises(ValueError):
        parse_nip(f"19850315{next_year}011001")


def test_nip_of_someone_under_17_is_refused():
    born = utcnow().year - 10
    with pytest.raises(ValueError):
        parse_nip(f"{born}0101{born + 17}011001")


def test_nip_given_as_a_number_is_refused():
    with pytest.raises(ValueError):
        parse_nip(198503152010011001)


# --- phone numbers ----------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "081234567890", "6281234567890", "+6281234567890", "0812 3456 7890", "0812-3456-7890",
    "+62 812-3456-7890", "(0812) 3456.7890", " 081234567890 ",
])
def test_indonesian_mobile_numbers_are_normalised_to_plus_62(written):
    assert normalize_phone(written) == "+6281234567890"


@pytest.mark.parametrize("empty", [None, "", "  - "])
def test_empty_phone_means_none(empty):
    assert normalize_phone(empty) is None


@pytest.mark.parametrize("bad", [
    "12345", "0812", "+1 555 123 4567", "0812abc4567", "+62 0812 3456 7890", "0812345678901234",
    "62", "+", "08123456789\x00",
])
def test_bad_phone_numbers_are_refused(bad):
    with pytest.raises(ValueError):
        normalize_phone(bad)


def test_phone_given_as_a_number_is_refused():
    with pytest.raises(ValueError):
        normalize_phone(81234567890)


# --- email ------------------------------------------------------------------------------------

def test_email_is_normalised_to_lower_case():
    assert normalize_email("  Budi.Santoso@Kalbarprov.GO.ID ") == "budi.santoso@kalbarprov.go.id"


@pytest.mark.parametrize("bad", ["budi", "budi@", "@kalbarprov.go.id", "budi@@kalbarprov.go.id", "budi santoso@x.id",
                                 "a" * 250 + "@x.id"])
def test_bad_email_addresses_are_refused(bad):
    with pytest.raises(ValueError):
        normalize_email(bad)


def test_empty_email_means_none():
    assert normalize_email("  ") is None


def test_email_given_as_a_list_is_refused():
    with pytest.raises(ValueError):
        normalize_email(["budi@x.id"])


# --- times ------------------------------------------------------------------------------------

def test_time_with_an_offset_keeps_it():
    parsed = parse_datetime("2021-02-25T08:00:00+07:00", "Asia/Jayapura")
    assert parsed == datetime(2021, 2, 25, 1, 0, tzinfo=UTC)


def test_time_without_an_offset_is_read_in_the_forums_time_zone():
    parsed = parse_datetime("2021-02-25T08:00:00", "Asia/Jayapura")
    assert parsed.utcoffset() == timedelta(hours=9)
    assert parsed == datetime(2021, 2, 24, 23, 0, tzinfo=UTC)


def test_time_in_utc_with_z_suffix_is_understood():
    assert parse_datetime("2021-02-25T01:00:00Z", "Asia/Pontianak") == datetime(2021, 2, 25, 1, 0, tzinfo=UTC)


def test_aware_datetime_object_is_taken_as_is():
    value = datetime(2021, 2, 25, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    assert parse_datetime(value, "Asia/Pontianak") == value


@pytest.mark.parametrize("bad", ["", "tomorrow", "25/02/2021 08:00", "2021-02-30T08:00:00", "0001-01-01T00:00:00",
                                 "9999-12-31T00:00:00", 1614214800, None, ["2021-02-25T08:00:00"]])
def test_bad_times_are_refused(bad):
    with pytest.raises(ValueError):
        parse_datetime(bad, "Asia/Pontianak")


def test_known_time_zone_is_accepted():
    assert parse_timezone("Asia/Makassar") == "Asia/Makassar"


@pytest.mark.parametrize("bad", ["", "WIB", "Asia/Atlantis", "../../etc/passwd", "Asia/\x00", 7, None, "A" * 300,
                                 "Asia/" + "x" * 300, "a/" * 150, "Asia/Pontianak\ud800"])
def test_unknown_time_zone_is_refused(bad):
    with pytest.raises(ValueError):
        parse_timezone(bad)


# --- text, booleans, URLs ---------------------------------------------------------------------

def test_text_on_one_line_has_its_whitespace_collapsed():
    assert clean_text("  Dinas \t PUPR\n ", max_length=50) == "Dinas PUPR"


def test_multiline_text_keeps_its_line_breaks():
    assert clean_text(" baris satu\nbaris dua ", max_length=50, multiline=True) == "baris satu\nbaris dua"


def test_text_loses_nul_characters():
    assert clean_text("Bud\x00i", max_length=50) == "Budi"


def test_text_over_its_limit_is_refused():
    with pytest.raises(ValueError):
        clean_text("x" * 201, max_length=200)


def test_required_text_that_is_blank_is_refused():
    with pytest.raises(ValueError):
        clean_text("   ", max_length=200, required=True)


@pytest.mark.parametrize("not_text", [42, 4.2, True, ["Budi"], {"name": "Budi"}])
def test_text_that_is_not_a_string_is_refused(not_text):
    with pytest.raises(ValueError):
        clean_text(not_text, max_length=200)


@pytest.mark.parametrize("not_bool", ["yes", "true", 1, 0, None])
def test_only_json_booleans_are_booleans(not_bool):
    with pytest.raises(ValueError):
        parse_bool(not_bool)


def test_web_address_is_accepted():
    assert parse_url(" https://zoom.us/j/123?pwd=abc ") == "https://zoom.us/j/123?pwd=abc"


@pytest.mark.parametrize("bad", ["zoom.us/j/123", "javascript:alert(1)", "ftp://x.id/a", "https://", "http://a b",
                                 "https://x.id/\x00", "https://x.id/" + "a" * 500])
def test_bad_web_addresses_are_refused(bad):
    with pytest.raises(ValueError):
        parse_url(bad)


def test_field_errors_keep_the_first_message_per_field():
    errors = FieldErrors()
    assert errors.check("phone", normalize_phone, "12345") is None
    errors.add("phone", "second")
    assert list(errors.errors) == ["phone"]
    assert errors.errors["phone"] != "second"


# --- what no column can hold, record ids ------------------------------------------------------

@pytest.mark.parametrize("text", ["Bud\x00i", "Budi \ud800", "\udfff"])
def test_nul_and_lone_surrogates_cannot_be_stored(text):
    assert unstorable_reason(text)
    assert not unstorable_reason(printable(text))


@pytest.mark.parametrize("text", ["Budi", "Budi \U0001F600", "مرحبا", "\u202eRTL", ""])
def test_ordinary_text_can_be_stored(text):
    assert unstorable_reason(text) is None


@pytest.mark.parametrize("value, expected", [(1, 1), ("42", 42), (2**31 - 1, 2**31 - 1)])
def test_record_id_within_the_columns_range(value, expected):
    assert parse_record_id(value) == expected


@pytest.mark.parametrize("bad", [0, -1, 2**31, 2**63, 2**64, "2147483648", "18446744073709551616", "1e3", "-1",
                                 "²", "٣", 1.0, float("inf"), True, None, "", [1]])
def test_record_id_outside_the_columns_range_is_refused(bad):
    with pytest.raises(ValueError):
        parse_record_id(bad)
