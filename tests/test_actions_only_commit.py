"""Only actions commit, and only the real-time package sends: no route, Socket.IO handler, CLI command,
service or housekeeping of the process calls `commit()` or emits by itself (docs/ARCHITECTURE.md). Read
from the source, so that a new route that commits on its own fails here before it drifts from its twin."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

FORUM = Path(__file__).resolve().parent.parent / "forum"
COMMITTING = {"commit", "commit_then_read"}
EMITTING = {"emit", "send", "socketio"}  # flask_socketio's emit/send, or the app's socketio object
# Who may commit: the actions, and the unit of work's own commit (forum/db.py::commit_then_read).
MAY_COMMIT = ("actions/", "db.py")
# Who may send: the emitting module, and the domain events' Socket.IO handlers, which call it.
MAY_EMIT = ("realtime/emit.py", "realtime/broadcast.py")
# The one message that is not a domain event: the contract's `agenda` sent at once to a connection being
# opened (a reply to that client, through the emitting module).
REPLIES = {("realtime/live.py", "emitter.agenda_to_newcomer")}


def every_module() -> list[Path]:
    """Every module of forum/: the web packages, Socket.IO, the CLI, the process's housekeeping
    (forum/lifecycle.py), the services, models and documents alike."""
    return sorted(FORUM.rglob("*.py"))


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


def allowed(where: str, offence: str) -> bool:
    if offence.endswith(("calls commit()", "calls commit_then_read()")):
        return where.startswith(MAY_COMMIT)
    if where.startswith(MAY_EMIT):
        return True
    return where == "realtime/live.py" and (offence.endswith("imports forum.realtime.emit")
                                            or any(offence.endswith(f"calls {r}()") for w, r in REPLIES))


@pytest.mark.parametrize("path", every_module(), ids=lambda p: str(p.relative_to(FORUM)))
def test_only_actions_commit_and_only_the_realtime_package_emits(path):
    where = str(path.relative_to(FORUM))
    found = [o for o in offences(path) if not allowed(where, o)]
    assert found == [], f"{where} commits or emits itself; call an action instead (forum/actions/)"


def test_the_entry_points_are_all_covered():
    """Routes, Socket.IO handlers, CLI commands and the process's housekeeping are among the modules read."""
    read = {str(p.relative_to(FORUM)) for p in every_module()}
    assert {"cli.py", "lifecycle.py", "realtime/live.py", "api/checkin.py", "registration/routes.py",
            "moderation/board.py", "exports/cli.py", "gunicorn_conf.py"} <= read
    assert not allowed("lifecycle.py", "line 1: calls commit()") and not allowed("cli.py", "line 1: calls emit()")


def test_the_check_finds_a_route_that_commits_and_emits(tmp_path):
    """The check itself: a route written the old way is caught."""
    old_way = tmp_path / "route.py"
    old_way.write_text("from forum.realtime import emit\n"
                       "def view(event):\n"
                       "    db.session.commit()\n"
                       "    emit.agenda(event)\n"
                       "    socketio.emit('x', {}, to='room')\n")
    assert len(offences(old_way)) == 4
