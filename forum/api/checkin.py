"""Door check-in: single scans, an offline device's batch, and the data scanners keep offline."""
from flask import jsonify, request
from flask_babel import gettext as _

from forum.actions import checkin as checkin_actions
from forum.api import bp
from forum.api.answers import checkin_status
from forum.api.common import json_body, unstorable_values
from forum.contract.requests import read_scan
from forum.errors import DomainError, ValidationFailed
from forum.ratelimits import checkin_limit, search_limit
from forum.security import require_staff
from forum.serialise import iso, participant_json
from forum.services import checkin, events, registration
from forum.services import stamp as staff_stamp
from forum.services.checkin import MAX_BATCH


def _read(data, event, **kwargs):
    """One scan's command, or its field errors (a scanner that typed a NUL or half a character included)."""
    unstorable = unstorable_values(data) if isinstance(data, dict) else None
    if unstorable:
        return None, unstorable
    return read_scan(data, event, **kwargs)


@bp.post("/events/<slug>/checkins")
@checkin_limit
def create_checkin(slug):
    # the desk's staff user and the forum as kept by this process, confirmed by the scan's own holder read
    return staff_stamp.on_trust(_create_checkin, slug)


def _create_checkin(slug):
    user = require_staff("checkin")
    event = events.get_event(slug)
    scan, errors = _read(json_body(), event)
    if errors:
        raise ValidationFailed(errors)
    outcome = checkin_actions.check_in(event, scan, user=user)
    return jsonify(outcome.body), checkin_status(outcome.result)


@bp.post("/events/<slug>/checkins/batch")
@checkin_limit
def create_checkin_batch(slug):
    user = require_staff("checkin")
    event = events.get_event(slug)
    data = json_body(judged_per_item="scans")
    scans = data.get("scans")
    if not isinstance(scans, list):
        raise ValidationFailed({"scans": _("Must be a list of scans.")})
    if len(scans) > MAX_BATCH:
        raise DomainError("too_large", _("At most %(n)d scans per batch.", n=MAX_BATCH))
    parsed, invalid = [], {}
    for i, raw in enumerate(scans):
        scan, errors = _read(raw, event)
        if not errors and not scan.client_id:
            errors["client_id"] = _("Every scan in a batch needs its client_id.")
        if errors:
            invalid[i] = errors
        else:
            parsed.append((i, scan))
    outcomes = checkin_actions.check_in_batch(event, [s for _i, s in parsed], user=user)
    results: list = [None] * len(scans)
    for (i, _scan), outcome in zip(parsed, outcomes, strict=True):
        results[i] = {**outcome.body, "status": checkin_status(outcome.result)}
    for i, errors in invalid.items():
        results[i] = {"status": 422, "result": "invalid",
                      "error": {"code": "invalid", "message": _("Some fields are not valid."), "fields": errors}}
    return jsonify({"results": results})


@bp.get("/events/<slug>/checkin-data")
def checkin_data(slug):
    require_staff("checkin")
    return jsonify(checkin.checkin_data(events.get_event(slug)))




@bp.get("/events/<slug>/checkin-search")
@search_limit
def checkin_search(slug):
    """Name/agency search for the desk (people without their QR): no contact details shown, none searched."""
    require_staff("checkin")
    event = events.get_event(slug)
    query = request.args.get("q", "").strip()[:100]
    found = registration.search_participants(event, q=query, limit=25) if len(query) >= 2 else []
    checked = checkin.checkins_by_participant(event, [p.id for p in found])
    results = []
    for p in found:
        entry = participant_json(p)
        c = checked.get(p.id)
        entry.update(checked_in_at=iso(c.checked_in_at, event.timezone) if c else None, desk=c.desk if c else None)
        results.append(entry)
    return jsonify({"participants": results})


@bp.post("/events/<slug>/walkins")
@checkin_limit
def create_walk_in(slug):
    """Register and check in, in one step, a walk-in or a deputy (`represents_id`)."""
    user = require_staff("checkin")
    event = events.get_event(slug)
    data = json_body()
    door, errors = read_scan(data, event, door_only=True)
    if errors:
        raise ValidationFailed(errors)
    rep = data.get("represents_id")
    if rep is not None and (isinstance(rep, bool) or not isinstance(rep, int)):
        raise ValidationFailed({"represents_id": _("Must be a whole number.")})
    outcome = checkin_actions.walk_in(event, data, door, user=user)
    return jsonify(outcome.body), checkin_status(outcome.result)
