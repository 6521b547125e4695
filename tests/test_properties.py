"""Property tests (hypothesis) of the parsers that read what people and devices send: the check-in code
in a scanned QR payload, rupiah amounts, phone numbers, and the spreadsheet escaping of exports.

Derandomised for CI; `FORUM_PROPERTY_EXAMPLES=5000 python -m pytest -q tests/test_properties.py`
runs them longer (docs/SECURITY.md)."""
from __future__ import annotations

import os
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from forum.documents.base import FORMULA_STARTS, safe_cell
from forum.i18n import format_rupiah
from forum.services.tickets import CODE_RE, checkin_url, new_checkin_code, parse_scanned_code
from forum.services.validation import MAX_RUPIAH, normalize_phone, parse_rupiah

EXAMPLES = int(os.environ.get("FORUM_PROPERTY_EXAMPLES", "300"))
deterministic = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None)

# Anything a JSON body or a form can carry, and then some.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
# Every kind of digit Unicode knows (Arabic-Indic, Devanagari, full-width, superscripts…) next to the ASCII ones.
digits_everywhere = st.characters(categories=["Nd", "No", "Nl"])
separators = st.sampled_from(["", " ", ".", "-", "(", ")", "  "])


# --- the check-in code in a scanned payload --------------------------------------------------------

codes = st.from_regex(r"[A-Za-z0-9_-]{16,64}", fullmatch=True)
hosts = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,15}[a-z0-9])?(\.[a-z]{2,6}){0,2}", fullmatch=True)
base_urls = st.builds(
    lambda scheme, host, port, prefix, slash: f"{scheme}://{host}{port}{prefix}{slash}",
    st.sampled_from(["http", "https", "HTTPS"]), hosts,
    st.none().map(lambda _: "") | st.integers(1, 65535).map(lambda p: f":{p}"),
    st.lists(st.from_regex(r"[A-Za-z0-9._~-]{1,10}", fullmatch=True), max_size=3).map(
        lambda parts: "".join("/" + p for p in parts)),
    st.sampled_from(["", "/"]),
)
# Payloads that look like what a reader decodes: URLs with odd paths, queries, fragments, whitespace.
url_like = st.builds(lambda base, tail: base + tail, base_urls,
                     st.text(alphabet=st.sampled_from("/c?#=&%:@ \t\n_-.aZ09"), max_size=30))


@deterministic
@given(st.one_of(st.text(), url_like, json_values, st.binary()))
def test_code_parser_never_raises_and_returns_a_code_or_none(payload):
    code = parse_scanned_code(payload)
    assert code is None or re.fullmatch(r"[A-Za-z0-9_-]{16,64}", code)


@deterministic
@given(base_urls, codes)
def test_code_parser_reads_back_the_url_a_badge_carries(base, code):
    assert parse_scanned_code(checkin_url(base, code)) == code


@deterministic
@given(codes, st.sampled_from(["", " ", "\n", "\r\n", "\t"]), st.sampled_from(["", "/", "?src=badge", "#x"]))
def test_code_parser_takes_a_bare_code_or_a_url_with_a_trailing_slash_query_or_fragment(code, space, tail):
    assert parse_scanned_code(space + code + space) == code
    assert parse_scanned_code(f"{space}https://forum.example.id/c/{code}{tail}{space}") == code


@deterministic
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=80))
def test_a_payload_that_is_no_code_is_refused(text):
    assume(not CODE_RE.match(text.strip()) and "/" not in text)
    assert parse_scanned_code(text) is None


def test_new_codes_satisfy_the_parser():
    for _ in range(200):
        code = new_checkin_code()
        assert parse_scanned_code(code) == code


# --- rupiah ---------------------------------------------------------------------------------------

amounts = st.integers(0, MAX_RUPIAH)


def dotted(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@deterministic
@given(json_values)
def test_rupiah_parser_raises_nothing_but_value_error(value):
    try:
        amount = parse_rupiah(value)
    except ValueError:
        return
    assert amount is None or (isinstance(amount, int) and 0 <= amount <= MAX_RUPIAH)


@deterministic
@given(st.text(alphabet=st.sampled_from("0123456789.,  rpRPjtJTmMkKbiluyarnt-+eE"), max_size=40))
def test_rupiah_parser_on_rupiah_like_text_raises_nothing_but_value_error(text):
    try:
        amount = parse_rupiah(text)
    except ValueError:
        return
    assert amount is None or (isinstance(amount, int) and 0 <= amount <= MAX_RUPIAH)


@deterministic
@given(st.integers(len(str(MAX_RUPIAH)), 6000), st.sampled_from(["{}", "Rp {}", "{},00", "{} jt"]))
def test_absurdly_long_amounts_are_too_large_not_a_crash(length, form):
    with pytest.raises(ValueError, match="too large"):
        parse_rupiah(form.format("9" * length))


@deterministic
@given(amounts)
def test_formatted_rupiah_round_trips(amount):
    assert parse_rupiah(f"Rp {dotted(amount)}") == amount
    assert parse_rupiah(dotted(amount)) == amount
    assert parse_rupiah(f"Rp{dotted(amount)},00") == amount
    assert parse_rupiah(str(amount)) == amount
    assert parse_rupiah(amount) == amount


@pytest.mark.parametrize("lang", ["id", "en"])
def test_rupiah_as_forum_shows_it_round_trips(app, lang):
    @deterministic
    @given(amounts)
    def check(amount):
        with app.test_request_context(f"/?lang={lang}"):
            shown = format_rupiah(amount)
        assert parse_rupiah(shown) == amount, shown

    check()


@deterministic
@given(st.integers(1, MAX_RUPIAH))
def test_negative_amounts_are_refused(amount):
    for value in (-amount, f"-{amount}", f"-{dotted(amount)}", f"- Rp {dotted(amount)}", f"Rp -{dotted(amount)}",
                  float(-amount)):
        with pytest.raises(ValueError):
            parse_rupiah(value)


# --- phone numbers ----------------------------------------------------------------------------------

nationals = st.from_regex(r"8[0-9]{7,11}", fullmatch=True)


def spaced(number: str, draw_separators: list[str]) -> str:
    """The number with separators between its digits, as people write it."""
    return "".join(digit + sep for digit, sep in zip(number, draw_separators + [""] * len(number), strict=False))


# Numbers of the right shape in which any digit may be another script's (٠١٢, ０１２, ², …).
phone_like = st.builds(lambda prefix, rest: prefix + "".join(rest), st.sampled_from(["08", "628", "+628", "0"]),
                       st.lists(st.one_of(st.sampled_from("0123456789"), digits_everywhere), min_size=6, max_size=12))


@deterministic
@given(st.one_of(phone_like, st.text(alphabet=st.one_of(st.sampled_from("+0123456789 .-()"), digits_everywhere),
                                     max_size=24)))
def test_phone_normaliser_gives_plus_62_and_ascii_digits_or_refuses(text):
    try:
        phone = normalize_phone(text)
    except ValueError:
        return
    assert phone is None or re.fullmatch(r"\+62[1-9][0-9]{7,11}", phone), phone


@deterministic
@given(st.one_of(st.text(max_size=24), st.text(alphabet=st.sampled_from("+0123456789 .-()"), max_size=24)))
def test_phone_normaliser_is_idempotent(text):
    try:
        phone = normalize_phone(text)
    except ValueError:
        return
    assert normalize_phone(phone) == phone


@deterministic
@given(nationals, st.lists(separators, max_size=14))
def test_the_08_628_and_plus_628_forms_of_one_number_agree(national, seps):
    expected = "+62" + national
    for prefix in ("0", "62", "+62", "+62 ", "(+62) ", "62-"):
        assert normalize_phone(prefix + spaced(national, seps)) == expected


@deterministic
@given(json_values.filter(lambda v: not isinstance(v, str) and v is not None))
def test_phone_normaliser_refuses_what_is_not_text(value):
    with pytest.raises(ValueError):
        normalize_phone(value)


# --- spreadsheet escaping ----------------------------------------------------------------------------

cells = st.one_of(st.text(), st.builds(lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS + ("'", " ")),
                                       st.text()))


@deterministic
@given(cells)
def test_no_exported_cell_starts_like_a_formula(value):
    assert not safe_cell(value).startswith(("=", "+", "-", "@", "\t", "\r"))


@deterministic
@given(cells)
def test_exported_cell_keeps_the_visible_text_after_its_prefix(value):
    cell = safe_cell(value)
    assert cell in (value, "'" + value)
    assert (cell != value) == value.startswith(FORMULA_STARTS)

