"""Plans (Renja synchronisation): the import template and the import, the rows and the decisions on them, flagged
pairs, ceilings, the reference list, a proposal turned into a row, and the Renja after the forum."""
from __future__ import annotations

from flask import jsonify, request, send_file
from flask_babel import gettext as _

from forum.actions import plans as plan_actions
from forum.api import bp
from forum.api.common import json_body, query_arg, refuse_null
from forum.errors import ValidationFailed
from forum.exports.plans import XLSX, agency_arg, send_renja
from forum.security import require_staff
from forum.serialise import agency_json
from forum.services import events, inputs, plans, plans_import
from forum.services.imports import MAX_BYTES
from forum.services.plan_views import items_json

COMMIT_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False, "": False}


def _upload() -> tuple[bytes, str]:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ValidationFailed({"file": _("Choose a .xlsx or .csv file to upload.")})
    return upload.stream.read(MAX_BYTES + 1), upload.filename


def _form_choice(name: str, allowed: set[str], *, required: bool = False) -> str:
    value = (request.form.get(name) or "").strip()
    if (required and not value) or (value and value not in allowed):
        raise ValidationFailed({name: _("Must be one of: %(values)s.", values=", ".join(sorted(allowed)))})
    return value


@bp.get("/events/<slug>/plans/template.xlsx")
def plans_template(slug):
    require_staff("organiser")
    event = events.get_event(slug)
    year = event.starts_at.year + 1  # a forum held in February plans next year's work
    from io import BytesIO

    return send_file(BytesIO(plans_import.template_xlsx(year)), mimetype=XLSX, as_attachment=True,
                     download_name=f"templat-renja-{event.slug}.xlsx", max_age=0)


@bp.post("/events/<slug>/plans/import")
def import_plans(slug):
    user = require_staff("organiser")
    event = events.get_event(slug)
    source = _form_choice("source", plans.SOURCES, required=True)
    agency = agency_arg(event, (request.form.get("agency") or "").strip())
    commit = COMMIT_WORDS.get((request.form.get("commit") or request.args.get("commit") or "").strip().lower())
    if commit is None:
        raise ValidationFailed({"commit": _("Must be true or false.")})
    content, filename = _upload()
    if commit:
        result = plan_actions.import_plans(event, content, source=source, agency=agency, user=user,
                                           filename=filename)
        return jsonify(result), 201
    preview = plans_import.preview(event, content, source=source, agency=agency)
    return jsonify({"rows": len(preview.rows), "errors": preview.errors, "skipped": preview.skipped,
                    "preview": [plans_import.preview_item(row, source) for row in preview.rows]})


@bp.get("/events/<slug>/plans")
def list_plans(slug):
    require_staff("checkin")  # API.md: any staff reads the rows; moderators decide on them
    event = events.get_event(slug)
    agency = agency_arg(event, request.args.get("agency", "").strip())
    items = plans.list_items(event, agency_id=agency.id if agency else None,
                             source=query_arg("source", plans.SOURCES) or None,
                             status=query_arg("status", plans.STATUSES) or None)
    return jsonify({"items": items_json(items, event.timezone)})


@bp.get("/events/<slug>/plans/<int:item_id>")
def get_plan(slug, item_id):
    """Extension: one row with its history."""
    require_staff("moderator")
    event = events.get_event(slug)
    return _with_history(event, plans.get_item(event, item_id))


def _with_history(event, item):
    """The row with its history, and its version as the ETag (for If-Match on the next decision)."""
    response = jsonify(items_json([item], event.timezone, with_history=True)[0])
    response.headers["ETag"] = f'"{item.version}"'
    return response


@bp.patch("/events/<slug>/plans/<int:item_id>")
def decide_plan(slug, item_id):
    user = require_staff("moderator")
    event = events.get_event(slug)
    item = plans.get_item(event, item_id)
    data = json_body()
    refuse_null(data, "status")
    version = plans.expected_version(data, request.headers.get("If-Match"))
    return _with_history(event, plan_actions.decide(event, item, data, user=user, version=version))


@bp.post("/events/<slug>/plans/overlaps/<int:pair_id>/dismiss")
def dismiss_plan_overlap(slug, pair_id):
    """Extension: "not the same" for a flagged pair (remembered: never flagged again)."""
    user = require_staff("moderator")
    event = events.get_event(slug)
    pair = plan_actions.dismiss_overlap(event, pair_id, user=user)
    item = plans.get_item(event, pair.item_a_id)
    return jsonify(items_json([item], event.timezone)[0])


def _ceilings_json(report: list[dict]) -> dict:
    return {"agencies": [{**row, "agency": agency_json(row["agency"])} for row in report]}


@bp.get("/events/<slug>/plans/ceilings")
def plan_ceilings(slug):
    """Extension: each agency's ceiling (pagu indikatif), the sum of its rows, and what is over."""
    require_staff("moderator")
    event = events.get_event(slug)
    return jsonify(_ceilings_json(plans.ceiling_report(event)))


@bp.put("/events/<slug>/plans/ceilings")
def set_plan_ceilings(slug):
    """Extension: set ceilings, body {"ceilings": [{"agency", "amount"}]} (amount null: no ceiling)."""
    user = require_staff("organiser")
    event = events.get_event(slug)
    data = json_body()
    return jsonify(_ceilings_json(plan_actions.set_ceilings(event, data.get("ceilings"), user=user)))


@bp.get("/events/<slug>/plans/reference")
def plan_reference(slug):
    """Extension: the forum's nomenclature reference list."""
    require_staff("moderator")
    event = events.get_event(slug)
    return jsonify({"codes": [{"code": c.code, "level": c.level, "name": c.name}
                              for c in plans_import.reference_codes(event)]})


@bp.post("/events/<slug>/plans/reference")
def import_plan_reference(slug):
    """Extension: import the nomenclature reference list (multipart `file`, CSV or XLSX with Kode and Nama)."""
    user = require_staff("organiser")
    event = events.get_event(slug)
    content, _filename = _upload()
    return jsonify(plan_actions.import_reference(event, content, user=user)), 201


@bp.post("/events/<slug>/inputs/<int:input_id>/plan")
def input_to_plan(slug, input_id):
    """Extension: a live proposal becomes a plan row of the agency that takes it on, body {"agency"}."""
    user = require_staff("moderator")
    event = events.get_event(slug)
    proposal = inputs.get_input(event, input_id)
    item = plan_actions.from_input(event, proposal, json_body(), user=user)
    return jsonify(items_json([item], event.timezone, with_history=True)[0]), 201


@bp.get("/events/<slug>/exports/renja.xlsx")
def renja_export(slug):
    """The Renja after the forum per agency (`agency` id or name; every agency's rows without it)."""
    user = require_staff("organiser")
    return send_renja(slug, user)
