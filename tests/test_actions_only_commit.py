"""Only actions commit, and only the real-time package sends: no route, Socket.IO handler or CLI command
calls `commit()` or emits by itself (docs/ARCHITECTURE.md). Read from the source, so that a new route
that commits on its own fails here before it drifts from its twin."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

FORUM = Path(__file__).resolve().parent.parent / "forum"
# The packages that take requests, Socket.IO events and commands: they parse, call an action, render.
ENTRY_PACKAGES = ("api", "auth", "backoffice", "checkin", "dashboard", "door", "exports", "live", "moderation",
                  "agenda_admin", "registration", "ops")
ENTRY_MODULES = ("cli.py", "realtime/live.py")
COMMITTING = {"commit", "commit_then_read"}
EMITTING = {"emit", "send", "socketio"}  # flask_socketio's emit/send, or the app's socketio object
# The one message that is not a domain event: the contract's `agenda` sent at once to a connection being
# opened (a reply to that client, through the emitting module).
REPLIES = {("realtime/live.py", "emitter.agenda_to_newcomer")}


def entry_modules() -> list[Path]:
    found = [FORUM / name for name in ENTRY_MODULES]
    for package in ENTRY_PACKAGES:
        found += sorted((FORUM / package).rglob("*.py"))
    return found


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("flask_socketio", "forum.realtime.emit"):
            names = {alias.name for alias in node.names} & (EMITTING | {"emit"})
            if names:
                found.append(f"line {node.lineno}: imports {', '.join(sorted(names))} from {node.module}")
        if isinstance(node, ast.ImportFrom) and node.module == "forum.realtime" \
                and any(alias.name == "emit" for alias in node.names):
            found.append(f"line {node.lineno}: imports forum.realtime.emit")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        if name in COMMITTING:
            found.append(f"line {node.lineno}: calls {name}()")
        if name in ("emit", "send") and owner in ("", "socketio", "emit", "emitter"):
            found.append(f"line {node.lineno}: calls {owner + '.' if owner else ''}{name}()")
        if owner in ("emit", "emitter"):
            found.append(f"line {node.lineno}: calls {owner}.{name}()")
    return found


@pytest.mark.parametrize("path", entry_modules(), ids=lambda p: str(p.relative_to(FORUM)))
def test_entry_points_neither_commit_nor_emit(path):
    where = str(path.relative_to(FORUM))
    found = [o for o in offences(path)
             if (where, o) not in REPLIES and not any(w == where and o.endswith(f"calls {r}()") for w, r in REPLIES)
             and not (where == "realtime/live.py" and o.endswith("imports forum.realtime.emit"))]
    assert found == [], f"{path.relative_to(FORUM)} commits or emits itself; call an action instead"


def test_the_check_finds_a_route_that_commits_and_emits(tmp_path):
    """The check itself: a route written the old way is caught."""
    old_way = tmp_path / "route.py"
    old_way.write_text("from forum.realtime import emit\n"
                       "def view(event):\n"
                       "    db.session.commit()\n"
                       "    emit.agenda(event)\n"
                       "    socketio.emit('x', {}, to='room')\n")
    assert len(offences(old_way)) == 4
