"""The moderation board: the queue by status (or the questions by votes), filters and sorting,
overlap flags, every decision — and an input's own page with its history, "accept with changes"
and "merge into".

Every button is a plain form posting here (it works without JavaScript); static/js/board.js sends the
same decisions to the JSON API and keeps the board live over Socket.IO, fetching changed cards from
`board/cards` so that the templates stay the only markup of a card. Like the API, each route calls
the action (forum/actions/inputs.py), which commits; the boards hear of it from
forum/realtime/broadcast.py."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from forum.actions import inputs as input_actions
from forum.api.answers import error_status
from forum.documents.inputs import describe_changes
from forum.errors import DomainError
from forum.extensions import db
from forum.models import InputHistory, InputStatus, User
from forum.moderation import bp, queries
from forum.moderation.common import refusal
from forum.moderation.queries import BoardFilters
from forum.services import agenda, inputs
from forum.services.commands import UNSET
from forum.services.input_views import inputs_json
from forum.services.inputs import Moderation
from forum.staff import forum_page

# The board's buttons → the fields of their `Moderation`, the body of `PATCH /api/v1/events/<slug>/inputs/<id>`
# (board.js sends the same).
ACTIONS = {
    "accept": {"status": InputStatus.accepted.value},
    "discuss": {"status": InputStatus.discussed.value},
    "defer": {"status": InputStatus.deferred.value},
    "reopen": {"status": InputStatus.submitted.value},
    "reject": {"status": InputStatus.rejected.value},
    "merge": {"status": InputStatus.merged.value},
    "pin": {"pinned": True},
    "unpin": {"pinned": False},
    "answered": {"answered": True},
    "unanswered": {"answered": False},
}
EDIT_FIELDS = ("title", "body", "program", "activity", "sub_activity", "problem", "target", "budget", "priority",
               "origin")


def _board_context(event, filters: BoardFilters) -> dict:
    bodies = queries.board_inputs(event, filters)
    return {"event": event, "filters": filters, "cards": bodies, "refs": queries.references(event, bodies),
            "finalised": queries.is_finalised(event), "counts": queries.counts_by_status(bodies),
            "query": urlencode(filters.query_args())}


@bp.get("/admin/<slug>/board")
@forum_page("moderator")
def board(event):
    filters = BoardFilters.from_args(request.args)
    return render_template("moderation/board.html", sessions=agenda.sessions_of(event),
                           agencies=queries.agencies_of(event), regencies=queries.regency_names(),
                           **_board_context(event, filters))


@bp.get("/admin/<slug>/board/cards")
@forum_page("moderator")
def board_cards(event):
    """The cards of `ids` that match the board's filters, for board.js to swap in (the rest left out)."""
    filters = BoardFilters.from_args(request.args)
    if not filters.ids:
        return ""
    return render_template("moderation/_cards.html", **_board_context(event, filters))


def _back(event, input_id: int | None = None):
    """Back to the board with the filters it had (`back` is its query string; only known keys survive)."""
    args = BoardFilters.from_args(MultiDict(parse_qsl(request.form.get("back", "")))).query_args()
    if request.form.get("return") == "input" and input_id:
        return redirect(url_for(".input_page", slug=event.slug, input_id=input_id, **args), code=303)
    return redirect(url_for(".board", slug=event.slug, **args) + (f"#input-{input_id}" if input_id else ""), code=303)


def _apply(event, item, command: Moderation):
    """Moderate (the action commits); a refusal is flashed and nothing changes."""
    try:
        input_actions.moderate(event, item, command, user=current_user)
    except DomainError as exc:
        errors = refusal(exc)
        for message in dict.fromkeys(errors.values()):
            flash(message, "error")
        return False
    return True


def _merge_target(value):
    text = (value or "").strip().lstrip("#")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else (text or None)


@bp.post("/admin/<slug>/board/inputs/<int:input_id>")
@forum_page("moderator")
def decide(event, input_id):
    item = inputs.get_input(event, input_id)
    action = request.form.get("action", "")
    if action not in ACTIONS:
        abort(400)
    data = dict(ACTIONS[action])
    if action in ("reject", "defer", "accept") and request.form.get("note", "").strip():
        data["note"] = request.form["note"]
    if action == "reject" and "note" not in data:
        data["note"] = ""  # the service asks for the reason
    if action == "merge":
        data["merged_into"] = _merge_target(request.form.get("merged_into"))
    if _apply(event, item, Moderation(**data)):
        flash(_("#%(id)d: %(what)s.", id=item.id, what=_decision_words().get(action, action)), "success")
    return _back(event, item.id)


def _decision_words() -> dict[str, str]:
    return {"accept": _("accepted"), "discuss": _("under discussion"), "defer": _("deferred (kept as reserve)"),
            "reopen": _("back in the queue"), "reject": _("rejected"), "merge": _("merged"),
            "pin": _("pinned to the projector"), "unpin": _("taken off the projector"),
            "answered": _("marked answered"), "unanswered": _("marked not answered")}


@bp.post("/admin/<slug>/board/inputs/<int:input_id>/overlaps/<int:other_id>/dismiss")
@forum_page("moderator")
def dismiss(event, input_id, other_id):
    item, other = inputs.get_input(event, input_id), inputs.get_input(event, other_id)
    input_actions.dismiss_overlap(event, item, other, user=current_user)
    flash(_("#%(a)d and #%(b)d are not the same; they will not be flagged again.", a=item.id, b=other.id), "success")
    return _back(event, item.id)


# --- one input: history, accept with changes, merge ------------------------------------------

def _history(item) -> list[dict]:
    rows = db.session.execute(select(InputHistory, User.name).outerjoin(User, InputHistory.user_id == User.id)
                              .where(InputHistory.input_id == item.id).order_by(InputHistory.at, InputHistory.id))
    return [{"at": entry.at, "action": entry.action, "by": name or (entry.changes or {}).get("by") or "",
             "changes": describe_changes({k: v for k, v in (entry.changes or {}).items() if k != "by"})}
            for entry, name in rows]


def _merge_candidates(event, item, body: dict) -> list[dict]:
    """Inputs `item` could be merged into: its overlap partners first, then the rest of its session."""
    partners = [o["input_id"] for o in body["overlaps"]]
    others = [i for i in inputs.list_inputs(event, session_id=item.session_id, kind=item.kind, staff=True)
              if i.id != item.id and i.status not in (InputStatus.merged.value, InputStatus.rejected.value)]
    others.sort(key=lambda i: (i.id not in partners, i.id))
    return inputs_json(others, event.timezone)


def _input_page(event, item, *, errors: dict | None = None, values: dict | None = None, status: int = 200):
    body = inputs_json([item], event.timezone)[0]
    filters = BoardFilters.from_args(request.args if request.method == "GET"
                                     else MultiDict(parse_qsl(request.form.get("back", ""))))
    return render_template("moderation/input.html", event=event, item=body, history=_history(item),
                           refs=queries.references(event, [body]), candidates=_merge_candidates(event, item, body),
                           finalised=queries.is_finalised(event), regencies=queries.regency_names(),
                           errors=errors or {}, values=values or {}, filters=filters,
                           query=urlencode(filters.query_args())), status


@bp.get("/admin/<slug>/inputs/<int:input_id>")
@forum_page("moderator")
def input_page(event, input_id):
    return _input_page(event, inputs.get_input(event, input_id))


@bp.post("/admin/<slug>/inputs/<int:input_id>")
@forum_page("moderator")
def accept_with_changes(event, input_id):
    """"Accept with changes": the edited fields go to the service as `changes` (kept in the history)."""
    item = inputs.get_input(event, input_id)
    form = request.form
    changes = {name: form.get(name, "") for name in EDIT_FIELDS if name in form}
    if any(name in form for name in ("regency", "district", "village", "location_detail")):
        changes["location"] = {"regency": form.get("regency", ""), "district": form.get("district", ""),
                               "village": form.get("village", ""), "detail": form.get("location_detail", "")}
    note = form["note"] if form.get("note", "").strip() else UNSET
    try:
        input_actions.moderate(event, item, Moderation(status=InputStatus.accepted.value, changes=changes, note=note),
                               user=current_user)
    except DomainError as exc:
        return _input_page(event, item, errors=refusal(exc), values=dict(form), status=error_status(exc))
    flash(_("#%(id)d: accepted with changes.", id=item.id), "success")
    return _back(event, item.id)
