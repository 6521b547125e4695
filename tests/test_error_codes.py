"""Services answer with machine codes, the web layer with HTTP statuses (docs/ARCHITECTURE.md).

Read from the source: no module of the domain side names a status for an error, and every machine code raised
anywhere in forum/ has its row in the one table (forum/api/answers.py), so that a new code cannot quietly
answer a status nobody chose."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from forum.api.answers import CHECKIN_STATUS, ERROR_STATUS, error_status
from forum.errors import DomainError, NotFound
from forum.services.checkin import REFUSALS

FORUM = Path(__file__).resolve().parent.parent / "forum"
# Below the web layer: no status here, for an error or anything else said about one.
DOMAIN_SIDE = ("services", "models", "actions", "documents", "errors.py", "domain_events.py", "serialise.py",
               "db.py")
CONTRACT_STATUSES = {400, 401, 403, 404, 409, 413, 415, 422}  # ../shared/API.md "Errors" (429 is the limiter's)


def modules(*places: str) -> list[Path]:
    found = []
    for place in places:
        path = FORUM / place
        found += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return found


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def error_family() -> set[str]:
    """DomainError and every class deriving from it anywhere in forum/ (by name, through the hierarchy)."""
    bases = {}
    for path in modules("."):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(b) for b in node.bases)
    family = {"DomainError"}
    while True:
        grown = family | {name for name, of in bases.items() if of & family}
        if grown == family:
            return family
        family = grown


FAMILY = error_family()


def error_calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and _name(node.func) in FAMILY:
            yield node


def statuses_named(path: Path) -> list[str]:
    """Where `path` gives an error an HTTP status: a `status=` to an error's constructor, or a `status`
    attribute with a number on an error class."""
    found = [f"line {call.lineno}: {_name(call.func)}(…, status=…)" for call in error_calls(path)
             if any(k.arg == "status" for k in call.keywords)]
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ClassDef):
            continue
        if not ({_name(b) for b in node.bases} & (FAMILY | {"Exception"}) or node.name in FAMILY):
            continue
        for item in node.body:
            targets = item.targets if isinstance(item, ast.Assign) else [item.target] \
                if isinstance(item, ast.AnnAssign) else []
            value = getattr(item, "value", None)
            if any(_name(t) in ("status", "http_status", "status_code") for t in targets) \
                    and isinstance(value, ast.Constant) and isinstance(value.value, int):
                found.append(f"line {item.lineno}: class {node.name} has status = {value.value}")
    return found


def codes_raised(path: Path) -> dict[str, list[str]]:
    """The machine codes of the errors built in `path` (a literal first argument, or either branch of a
    conditional of literals), and the calls whose code cannot be read from the source."""
    codes, unreadable = [], []
    for call in error_calls(path):
        if _name(call.func) == "ValidationFailed":  # its code is fixed: `invalid`
            continue
        first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "code"), None)
        options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
        for option in options:
            if isinstance(option, ast.Constant) and isinstance(option.value, str):
                codes.append(option.value)
            else:
                unreadable.append(f"line {call.lineno}")
    return {"codes": codes, "unreadable": unreadable}


@pytest.mark.parametrize("path", modules(*DOMAIN_SIDE), ids=lambda p: str(p.relative_to(FORUM)))
def test_the_domain_side_names_no_http_status_for_an_error(path):
    assert statuses_named(path) == [], \
        f"{path.relative_to(FORUM)}: drop the status; the code's row in forum/api/answers.py gives it"


def test_the_checks_find_an_error_written_the_old_way(tmp_path):
    old_way = tmp_path / "service.py"
    old_way.write_text("class Gone(NotFound):\n"
                       "    status = 410\n"
                       "def refuse(kind):\n"
                       "    raise DomainError('not_in_the_table', 'no', status=409)\n"
                       "def refuse_again(kind):\n"
                       "    raise NotFound(kind, 'no')\n")
    assert len(statuses_named(old_way)) == 2
    assert codes_raised(old_way) == {"codes": ["not_in_the_table"], "unreadable": ["line 6"]}


def test_the_error_classes_carry_no_status(app):
    with app.app_context():
        for error in (DomainError("slug_taken", "taken"), NotFound("event_not_found", "gone")):
            assert not hasattr(error, "status")


def test_every_code_raised_in_forum_has_its_status():
    missing, unreadable = {}, []
    for path in modules("."):
        found = codes_raised(path)
        where = str(path.relative_to(FORUM))
        unreadable += [f"{where} {line}" for line in found["unreadable"]]
        for code in found["codes"]:
            if code not in ERROR_STATUS:
                missing.setdefault(code, []).append(where)
    assert unreadable == [], "write an error's machine code as a literal, so that its status can be checked"
    assert missing == {}, "add these codes to ERROR_STATUS in forum/api/answers.py"


def test_every_row_is_a_status_of_the_contract_and_every_row_is_used():
    assert set(ERROR_STATUS.values()) <= CONTRACT_STATUSES
    raised = {"invalid"} | {code for path in modules(".") for code in codes_raised(path)["codes"]}
    assert set(ERROR_STATUS) - raised == set(), "a row for a code nothing raises"
    assert set(REFUSALS) <= set(CHECKIN_STATUS)


def test_the_table_is_what_the_answers_say(client, make, backend):
    """Through the app: a service's code answered with the table's status, by the API and by a page."""
    slug = make.event(registration_open=False)
    closed = client.post(f"/api/v1/events/{slug}/registrations", json={"name": "Budi"})
    assert closed.json["error"]["code"] == "registration_closed"
    assert closed.status_code == ERROR_STATUS["registration_closed"] == 409
    unknown = client.get("/api/v1/events/no-such-forum")
    assert unknown.json["error"]["code"] == "event_not_found"
    assert unknown.status_code == ERROR_STATUS["event_not_found"] == 404
    assert client.get("/events/no-such-forum").status_code == 404


def test_the_contract_document_lists_each_code_under_its_status(client):
    """The OpenAPI document's "Codes: …" under each status agree with the table."""
    document = client.get("/api/v1/openapi.json").json
    wrong = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation.get("responses", {}).items():
                listed = re.search(r"Codes: (.*)\.$", answer.get("description", ""))
                for code in re.findall(r"`([a-z_]+)`", listed.group(1)) if listed else ():
                    expected = ERROR_STATUS.get(code, CHECKIN_STATUS.get(code))
                    if expected is not None and expected != int(status):
                        wrong.append(f"{method.upper()} {path}: {code} under {status}, the table says {expected}")
    assert wrong == []


def test_a_code_without_a_row_falls_back_by_kind_and_is_logged(app, caplog):
    with app.app_context():
        assert error_status(NotFound("thing_not_found", "gone")) == 404
        assert error_status(DomainError("something_new", "no")) == 409
    assert "something_new" in caplog.text
