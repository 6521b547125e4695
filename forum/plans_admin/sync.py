"""The moderators' synchronisation view: the rows of every agency side by side by place and theme, their flagged
overlaps (and related phases, shown apart) with reasons, and a decision on each row and each pair.

Every decision is a plain form posting here (it works without JavaScript); static/js/plans-sync.js sends the same
decisions to `PATCH /api/v1/events/<slug>/plans/<id>` with the row's version, fetches changed rows from
`plans/sync/rows` so that templates/plans/_row.html stays the only markup of a row, and listens to the `plan`
Socket.IO message. Both call forum/actions/plans.py."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from forum.actions import plans as plan_actions
from forum.errors import DomainError
from forum.extensions import db
from forum.plans_admin import bp
from forum.security import staff_may
from forum.services import inputs, overlap_labels, plan_sync, plans
from forum.services.plan_sync import SyncFilters
from forum.services.validation import parse_record_id
from forum.staff import forum_page

DECISION_FIELDS = ("status", "note", "target", "unit", "budget", "location", "agency", "merged_into")
MAX_IDS = 100


def row_words() -> dict:
    """The words of a row, translated once per page rather than once per row (a page holds dozens of rows)."""
    return {
        "no_agency": _("no agency"), "why": _("Why:"), "reason": _("Reason"),
        "reason_needed": _("Reason (needed to defer or drop)"), "merge_into": _("Merge into"),
        "keep_both": _("Keep both (phases)"), "defer": _("Defer this row"), "drop": _("Drop this row"),
        "not_same": _("Not the same (dismiss the flag)"), "location": _("Location"), "target": _("Target"),
        "pagu": _("Pagu"), "proposer": _("Proposer"), "problem": _("Problem"), "merged_into": _("Merged into"),
        "note": _("Note"),
        "overlaps": _("Flagged overlaps"), "related": _("Related (phases of one work, not an overlap)"),
        "responses": _("Responses from the agency"), "whole_area": _("whole area"), "decide": _("Decide…"),
        "proposal": _("Proposal"), "from": _("from"), "undo_same": _("Undo “the same work”"),
    }


def _context(event, filters: SyncFilters, page: plan_sync.SyncPage) -> dict:
    return {"event": event, "filters": filters, "page": page, "query": urlencode(filters.query_args(page=None)),
            "agencies": sorted(event.agencies, key=lambda a: a.name.lower()),
            "may_import": staff_may("organiser"), "words": row_words()}


@bp.get("/admin/<slug>/plans/sync")
@forum_page("moderator")
def sync_view(event):
    filters = SyncFilters.from_args(request.args)
    page = plan_sync.sync_page(event, filters, with_counts=True)
    return render_template("plans/sync.html", summary=page.summary, regencies=page.regencies,
                           **_context(event, filters, page))


@bp.get("/admin/<slug>/plans/sync/page")
@forum_page("moderator")
def sync_more(event):
    """The groups of one more page, for the view's "more" (plans-sync.js loads them as the list scrolls)."""
    filters = SyncFilters.from_args(request.args)
    page = plan_sync.sync_page(event, filters)
    if filters.page > page.pages:
        return ""
    return render_template("plans/_groups.html", **_context(event, filters, page))


@bp.get("/admin/<slug>/plans/sync/rows")
@forum_page("moderator")
def sync_rows(event):
    """The rows `ids` (comma-separated) as they are now, for plans-sync.js to swap in."""
    ids = [int(v) for v in request.args.get("ids", "").split(",")
           if v.isascii() and v.isdigit() and len(v) < 10][:MAX_IDS]  # not "²"
    bodies = plan_sync.rows_json(event, ids)
    page = plan_sync.SyncPage([], len(bodies), 1, 1, plan_sync.references(bodies),
                              plan_sync.responses_of([b["id"] for b in bodies]))
    return render_template("plans/_rows.html", rows=bodies, **_context(event, SyncFilters(), page))


def _back(event, item_id: int | None = None):
    args = SyncFilters.from_args(MultiDict(parse_qsl(request.form.get("back", "")))).query_args()
    anchor = f"#plan-{item_id}" if item_id else ""
    return redirect(url_for(".sync_view", slug=event.slug, **args) + anchor)


# The fields a decision form shows for each decision (the others stay hidden, and are not sent).
SHOWN_WITH = {"target": ("changed", "moved"), "unit": ("changed", "moved"), "budget": ("changed", "moved"),
              "location": ("changed", "moved"), "agency": ("moved",), "merged_into": ("merged",)}


def decision_body(form) -> dict:
    """A decision form → the body of `PATCH /plans/<id>` (plans-sync.js does the same): the fields the chosen
    decision shows; a flagged pair's "Merge into" names its partner (`pair_item`)."""
    body = {name: form.get(name).strip() for name in DECISION_FIELDS if (form.get(name) or "").strip()}
    status = body.get("status", "")
    if status == "merged" and not body.get("merged_into") and (form.get("pair_item") or "").strip():
        body["merged_into"] = form.get("pair_item").strip()
    return {name: value for name, value in body.items() if status in SHOWN_WITH.get(name, (status,))}


@bp.get("/admin/<slug>/plans/<int:item_id>/decide")
@forum_page("moderator")
def decide_page(event, item_id):
    """One row with its decision form (the view's "Decide…" without JavaScript)."""
    item = plans.get_item(event, item_id)
    bodies = plan_sync.rows_json(event, [item.id])
    page = plan_sync.SyncPage([], 1, 1, 1, plan_sync.references(bodies), plan_sync.responses_of([item.id]))
    filters = SyncFilters.from_args(request.args)
    return render_template("plans/decide.html", row=bodies[0], **_context(event, filters, page))


@bp.post("/admin/<slug>/plans/<int:item_id>/decide")
@forum_page("moderator")
def decide(event, item_id):
    try:
        item = plans.get_item(event, item_id)
        version = plans.expected_version({"version": request.form.get("version") or None})
        plan_actions.decide(event, item, decision_body(request.form), user=current_user, version=version)
    except DomainError as exc:
        db.session.rollback()
        flash(" ".join(dict.fromkeys([exc.message, *exc.fields.values()])), "error")
        return _back(event, item_id)
    flash(_("Row %(id)d: decided.", id=item_id), "success")
    return _back(event, item_id)


@bp.post("/admin/<slug>/plans/overlaps/<int:pair_id>/dismiss")
@forum_page("moderator")
def dismiss(event, pair_id):
    item_id = request.form.get("item", type=int)
    try:
        plan_actions.dismiss_overlap(event, pair_id, user=current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back(event, item_id)
    flash(_("The pair is marked as not the same; it will not be flagged again."), "success")
    return _back(event, item_id)


@bp.post("/admin/<slug>/inputs/<int:input_id>/plan")
@forum_page("moderator")
def from_input(event, input_id):
    """The moderation board's "Make a plan row": the accepted proposal becomes a row of the agency chosen."""
    back = request.form.get("back", "")
    target = url_for("moderation.board", slug=event.slug) + ("?" + back if back else "") + f"#input-{input_id}"
    try:
        proposal = inputs.get_input(event, input_id)
        item = plan_actions.from_input(event, proposal, {"agency": request.form.get("agency", type=int)},
                                       user=current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(" ".join(dict.fromkeys([exc.message, *exc.fields.values()])), "error")
        return redirect(target)
    flash(_("Proposal #%(input)d is now plan row %(id)d of %(agency)s.", input=input_id, id=item.id,
            agency=item.agency.name if item.agency else "—"), "success")
    return redirect(target)


EXPLAIN_OTHER = ("row", "proposal")  # what the second number of "Why (not) an overlap?" names


@bp.get("/admin/<slug>/plans/explain")
@forum_page("moderator")
def explain(event):
    """"Why (not) an overlap?" for a plan row and another row or a proposal: the detector's verdict with every
    score, in the reader's language (the form is the view's; this page shows the answer under it again)."""
    asked = {"row": request.args.get("row", "").strip(), "with": request.args.get("with", "").strip(),
             "other": request.args.get("other") if request.args.get("other") in EXPLAIN_OTHER else "row"}
    verdict, status = None, 200
    if asked["row"] or asked["with"]:
        try:
            row = plans.get_item(event, asked["row"])
            other = plans.get_item(event, asked["with"]) if asked["other"] == "row" else \
                inputs.get_input(event, _record_id(asked["with"]))
            verdict = overlap_labels.explain_plan_pair(row, other)
        except DomainError as exc:
            flash(exc.message, "error")
            status = 404
    return render_template("plans/explain.html", event=event, asked=asked, verdict=verdict,
                           filters=SyncFilters.from_args(request.args)), status


def _record_id(value: str) -> int | None:
    """A typed record number, None for anything else (the service then names nothing found)."""
    try:
        return parse_record_id(value)
    except ValueError:
        return None
