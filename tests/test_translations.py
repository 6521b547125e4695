"""The Indonesian catalogue: complete for what the code says today, compiled, placeholder-safe, and used.

A new `_('…')` without an Indonesian translation fails here: run `make babel-extract`, translate the new
entries in translations/id/LC_MESSAGES/messages.po, then `make babel-compile`.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

# The product's default language, whatever the test configuration of conftest chooses for other tests.
pytestmark = pytest.mark.config(BABEL_DEFAULT_LOCALE="id")

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations" / "id" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
# The same keywords as `make babel-extract` (pybabel extract -k _l -k lazy_gettext).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}

# What must survive translation untouched: %(name)s / %(n)d / %%, {t}-style slots filled in by
# JavaScript, HTML tags and entities.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%|\{[^{}\s]*\}|</?[a-zA-Z][^>]*>|&#?\w+;")


@pytest.fixture(scope="module")
def catalogue():
    with open(PO, "rb") as fh:
        return read_po(fh, locale="id")


@pytest.fixture(scope="module")
def extracted() -> dict:
    """A fresh extraction with babel.cfg: {(msgid, context): first place it was found}."""
    with open(ROOT / "babel.cfg") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.setdefault((message, context), f"{filename}:{lineno}")
    return found


def _singular(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _forms(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def test_the_extraction_finds_the_interface(extracted):
    """Guards the guard: a broken babel.cfg would find nothing and so miss nothing."""
    files = {place.rsplit(":", 1)[0] for place in extracted.values()}
    assert any(f.startswith("forum/") and f.endswith(".py") for f in files)
    assert any(f.startswith("templates/") and f.endswith(".html") for f in files)
    assert ("Log in", None) in extracted and ("Please log in first.", None) in extracted
    assert (("%(num)d minute", "%(num)d minutes"), None) in extracted


def test_every_message_in_the_code_has_an_indonesian_translation(catalogue, extracted):
    problems = []
    for (msgid, context), place in sorted(extracted.items(), key=lambda kv: kv[1]):
        entry = catalogue.get(msgid, context)
        if entry is None:
            problems.append(f"{place}: not in the catalogue: {_singular(msgid)!r}")
        elif entry.fuzzy or not all(_forms(entry.string)):
            problems.append(f"{place}: {'fuzzy' if entry.fuzzy else 'untranslated'}: {_singular(msgid)!r}")
        elif isinstance(msgid, tuple) != entry.pluralizable:
            problems.append(f"{place}: singular/plural differs from the catalogue: {_singular(msgid)!r}")
    assert not problems, "run `make babel-extract`, then translate:\n" + "\n".join(problems)


def test_the_catalogue_declares_the_indonesian_plural_rule(catalogue):
    assert catalogue.plural_forms == "nplurals=1; plural=0;"
    assert not [m.id for m in catalogue if m.id and m.fuzzy]


def test_the_compiled_catalogue_is_up_to_date_with_the_po(catalogue):
    fresh = io.BytesIO()
    write_mo(fresh, catalogue)
    fresh.seek(0)
    with open(MO, "rb") as fh:
        shipped = read_mo(fh)

    def entries(cat) -> dict:
        freeze = lambda v: tuple(v) if isinstance(v, list | tuple) else v  # noqa: E731 (read_mo gives lists)
        return {(freeze(m.id), m.context): freeze(m.string) for m in cat if m.id}

    expected = entries(read_mo(fresh))
    actual = entries(shipped)
    stale = sorted(str(_singular(k[0])) for k in expected.keys() ^ actual.keys()
                   | {k for k in expected.keys() & actual.keys() if expected[k] != actual[k]})
    assert not stale, "run `make babel-compile`; messages.mo differs for:\n" + "\n".join(stale[:20])
    assert shipped.plural_forms == catalogue.plural_forms


def test_translations_keep_the_placeholders_and_markup(catalogue):
    problems = []
    for entry in catalogue:
        if not entry.id:
            continue
        wanted = Counter(PLACEHOLDER.findall(_forms(entry.id)[-1]))  # with one form, the plural speaks for all
        for text in _forms(entry.string):
            if text and Counter(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{_singular(entry.id)!r} -> {text!r}")
    problems += [f"{_singular(entry.id)!r}: {error}" for entry, errors in catalogue.check() for error in errors]
    assert not problems, "\n".join(problems)


# --- the interface in use ---------------------------------------------------------------------

@pytest.fixture
def visitor(app):
    """A browser that states no language."""
    client = app.test_client()
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE", None)
    return client


def _text(html: str, tag: str) -> list[str]:
    return [re.sub(r"<[^>]+>|\s+", " ", m).strip() for m in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.S)]


def test_the_login_page_is_indonesian_by_default(visitor):
    html = visitor.get("/login").text
    assert '<html lang="id"' in html
    assert _text(html, "h1") == ["Masuk petugas"]
    assert _text(html, "button")[-1] == "Masuk"
    assert ">Kata sandi</label>" in html  # a lazy_gettext form label, translated per request
    assert "Staff login" not in html and "Password" not in html


def test_the_login_page_is_english_on_request_and_stays_english(visitor):
    html = visitor.get("/login?lang=en").text
    assert '<html lang="en"' in html
    assert _text(html, "h1") == ["Staff login"]
    assert _text(html, "button")[-1] == "Log in"
    assert ">Password</label>" in html
    assert _text(visitor.get("/login").text, "h1") == ["Staff login"]  # remembered in the session
    assert _text(visitor.get("/login?lang=id").text, "h1") == ["Masuk petugas"]


def test_an_english_browser_gets_english(visitor):
    html = visitor.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert _text(html, "h1") == ["Staff login"]


def test_a_refused_login_says_why_in_indonesian(visitor, make):
    make.user("organiser", email="panitia@forum.example.id")
    html = visitor.post("/login", data={"email": "panitia@forum.example.id", "password": "salah sekali"}).text
    assert "Email atau kata sandi salah." in html


def test_a_forum_page_speaks_indonesian_with_indonesian_dates(visitor, make):
    slug = make.event(title="Forum OPD BPPD 2022", registration_open=False)
    html = visitor.get(f"/events/{slug}").text
    assert "Kamis, 25 Februari 2021, 08.00–16.00 WIB" in html
    assert "Pendaftaran forum ini sudah ditutup." in html
    english = visitor.get(f"/events/{slug}?lang=en").text
    assert "Thursday, 25 February 2021, 08:00–16:00 WIB" in english
    assert "Registration for this forum is closed." in english


def test_an_api_error_is_indonesian_by_default_and_english_on_request(visitor):
    response = visitor.get("/api/v1/events/no-such-forum")
    assert response.json["error"]["message"] == "Tidak ada forum di alamat ini."
    response = visitor.get("/api/v1/events/no-such-forum", headers={"Accept-Language": "en"})
    assert response.json["error"]["message"] == "There is no forum at this address."


@pytest.mark.parametrize("num", [1, 2, 45])
def test_plurals_use_the_one_indonesian_form(app, num):
    with app.test_request_context(), force_locale("id"):
        assert ngettext("%(num)d minute", "%(num)d minutes", num) == f"{num} menit"


@pytest.mark.parametrize("num", [1, 30])
def test_counts_on_pages_are_singular_for_one_in_english_and_have_one_indonesian_form(client, login_as, make, num):
    slug = make.event(retention_days=num, presence_min_minutes=num)
    make.participant(slug)
    login_as("organiser")
    english = client.get(f"/admin/{slug}/?lang=en").get_data(as_text=True)
    unit = "" if num == 1 else "s"
    assert f"{num} minute{unit}</dd>" in english and f"{num} day{unit} after the forum" in english
    badges = client.get(f"/admin/{slug}/badges?lang=en").get_data(as_text=True)
    assert "A badge for the 1 participant (PDF)" in badges  # one person registered
    indonesian = client.get(f"/admin/{slug}/?lang=id").get_data(as_text=True)
    assert f"{num} menit</dd>" in indonesian and f"{num} hari setelah forum" in indonesian
