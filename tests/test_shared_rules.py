"""The rules that exist twice, in Python on the server and in JavaScript in the browser (the QR payload
the door scanner reads offline, the rupiah amount the input form previews, the kind of stream link the
live page shows), held to one table of cases: tests/data/shared_rules.json. The JavaScript runs in the
real Chromium, imported as the native modules the pages load."""
import json
from pathlib import Path

import pytest

from forum.live.pages import stream_link
from forum.services.tickets import parse_scanned_code
from forum.services.validation import parse_rupiah

CASES = json.loads((Path(__file__).parent / "data" / "shared_rules.json").read_text(encoding="utf-8"))
RULES = ("qr_payload", "rupiah", "stream_link")


def _rupiah(value):
    try:
        return parse_rupiah(value)
    except ValueError:
        return "error"


PYTHON = {"qr_payload": parse_scanned_code, "rupiah": _rupiah, "stream_link": stream_link}

# Each rule's JavaScript copy, called on every input of its table; NaN (a refused amount) → "error".
JAVASCRIPT = """async (cases) => {
  const [scanner, form, live] = await Promise.all([
    import("/static/js/scanner.js"), import("/static/js/input-form.js"), import("/static/js/live.js")]);
  const rupiah = (text) => { const n = form.parseRupiah(text); return Number.isNaN(n) ? "error" : n; };
  const fns = { qr_payload: scanner.parseCode, rupiah: rupiah, stream_link: live.streamInfo };
  const out = {};
  for (const rule of Object.keys(cases)) { out[rule] = cases[rule].map(([input]) => fns[rule](input)); }
  return out;
}"""


def _disagreements(rule, got):
    """One line a case the copy answers differently from the table: (input, expected, got)."""
    return "\n".join(repr((rule, input, expected, actual))
                     for (input, expected), actual in zip(CASES[rule], got, strict=True) if actual != expected)


def test_the_table_covers_each_rule_with_both_kinds_of_answer():
    for rule in RULES:
        answers = [expected for _input, expected in CASES[rule]]
        assert None in answers or "error" in answers, rule
        assert len(answers) >= 20, rule


@pytest.mark.parametrize("rule", RULES)
def test_the_python_copy_agrees_with_the_table(app, rule):
    with app.test_request_context():  # parse_rupiah's messages are translated
        got = [PYTHON[rule](input) for input, _expected in CASES[rule]]
    bad = _disagreements(rule, got)
    assert not bad, "the Python copy disagrees with tests/data/shared_rules.json:\n" + bad


@pytest.mark.browser
def test_the_javascript_copy_agrees_with_the_table(live_server, desktop_page):
    page = desktop_page
    page.goto(f"{live_server.url}/static/js/lib/common.js")  # any page of the server: the modules are same-origin
    got = page.evaluate(JAVASCRIPT, {rule: CASES[rule] for rule in RULES})
    bad = "\n".join(filter(None, (_disagreements(rule, got[rule]) for rule in RULES)))
    assert not bad, "the JavaScript copy disagrees with tests/data/shared_rules.json:\n" + bad
