"""The live door view (`/admin/<slug>/door`, its state as JSON) and the badge sheets (`/admin/<slug>/badges`)."""
from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import records
from forum.backoffice import labels
from forum.db import utcnow
from forum.documents import badges
from forum.door import bp, queries
from forum.i18n import locale_code, zone_label
from forum.ratelimits import search_limit
from forum.security import staff_may
from forum.serialise import agency_json, iso, participant_json
from forum.services import attendance, registration
from forum.services.validation import parse_record_id
from forum.staff import forum_page
from forum.urls import checkin_payload

SELECTION_SHOWN = 500  # people listed for ticking on the badges page (narrow with the search for more)


@bp.context_processor
def _labels():
    return {"attendance_labels": labels.ATTENDANCE, "role_labels": labels.ROLES}


def _record_id(value: str) -> int | None:
    try:
        return parse_record_id(value.strip())
    except ValueError:  # also "²", which isdigit() takes and int() refuses
        return None


def _int_arg(name: str) -> int | None:
    return _record_id(request.args.get(name, ""))


# --- the live door view -------------------------------------------------------------------

@bp.get("/<slug>/door")
@forum_page("moderator")
def door(event):
    agency = queries.get_agency(event, _int_arg("agency"))
    modes = queries.by_mode(event)
    return render_template(
        "door/door.html", event=event, summary=attendance.summary(event), modes=modes, total=queries.overall(modes),
        agencies=queries.by_agency(event), latest=queries.latest_arrivals(event), agency=agency,
        missing=queries.not_arrived(event, agency_id=agency.id if agency else None),
        conflicts=queries.conflicts(event), show_phones=staff_may("organiser"),
        zone=zone_label(event.timezone), time_separator="." if locale_code() == "id" else ":",
        latest_limit=queries.LATEST, now=utcnow())


@bp.get("/<slug>/door.json")
@forum_page("moderator")
def door_state(event):
    """What the door view shows, for its script to catch up after a reconnection (no contact details)."""
    tz = event.timezone
    modes = queries.by_mode(event)
    return jsonify({
        "event": event.slug,
        "generated_at": iso(utcnow(), tz),
        "summary": attendance.summary(event),
        "overall": _tally_json(queries.overall(modes)),
        "by_mode": {mode: _tally_json(tally) for mode, tally in modes.items()},
        "by_agency": [{"agency": agency_json(row.agency), **_tally_json(row.tally)}
                      for row in queries.by_agency(event)],
        "latest": [_arrival_json(c, tz) for c in queries.latest_arrivals(event)],
        "not_arrived_ids": queries.not_arrived_ids(event),
        "conflicts": [_conflict_json(c, tz) for c in queries.conflicts(event)],
    })


def _tally_json(tally: queries.Tally) -> dict:
    return {"registered": tally.registered, "expected": tally.expected, "arrived": tally.arrived,
            "missing": tally.missing}


def _arrival_json(checkin, tz: str) -> dict:
    """The shape of the Socket.IO `checkin` event, so the page renders both the same way."""
    participant = checkin.participant
    data = {"participant": participant_json(participant), "checked_in_at": iso(checkin.checked_in_at, tz),
            "desk": checkin.desk}
    if checkin.note:
        data["note"] = checkin.note
    if participant.deputy_for:
        data["deputy_for"] = participant.deputy_for
    return data


def _conflict_json(conflict: queries.Conflict, tz: str) -> dict:
    return {"participant": participant_json(conflict.participant), "checked_in_at": iso(conflict.kept_at, tz),
            "desk": conflict.kept_desk,
            "other_scans": [{"desk": s.desk, "scanned_at": iso(s.scanned_at, tz), "offline": s.offline}
                            for s in conflict.others]}


# --- badges -------------------------------------------------------------------------------

@bp.get("/<slug>/badges")
@forum_page("organiser")
@search_limit
def badges_form(event):
    q = request.args.get("q", "")[:200].strip()
    people = registration.search_participants(event, q=q, attendance="in_person", status="registered",
                                              limit=SELECTION_SHOWN + 1, contacts=True)  # organisers only
    return render_template("door/badges.html", event=event, q=q, people=people[:SELECTION_SHOWN],
                           more=len(people) > SELECTION_SHOWN, agencies=queries.agency_choices(event),
                           total=queries.by_mode(event)["in_person"].registered)


def _selected_ids() -> list[int] | None:
    """`ids=1,2,3` or `ids=1&ids=2` (ticked boxes); None when no selection was asked for."""
    if "ids" not in request.args:
        return None
    tokens = [t.strip() for value in request.args.getlist("ids") for t in value.split(",")]
    return [i for i in map(_record_id, tokens[:badges.MAX_IDS]) if i is not None]


@bp.get("/<slug>/badges.pdf")
@forum_page("organiser")
def badges_pdf(event):
    raw_agency = request.args.get("agency", "").strip()
    agency_id = _int_arg("agency")
    ids = _selected_ids()
    people = [] if raw_agency and agency_id is None else badges.badge_holders(event, agency_id=agency_id, ids=ids)
    if not people:
        flash(_("No participant registered to come in person matches this choice."), "error")
        return redirect(url_for(".badges_form", slug=event.slug))
    scope = "selection" if ids is not None else "agency" if agency_id is not None else "all"
    details = {"scope": scope, "count": len(people), "agency_id": agency_id}
    if ids is not None:
        details["participant_ids"] = [p.id for p in people]
    return _badge_sheet(event, people, details, f"badges-{event.slug}{'-' + scope if scope != 'all' else ''}.pdf")


@bp.get("/<slug>/badges/<int:participant_id>.pdf")
@forum_page("checkin")
def badge_pdf(event, participant_id):
    """One person's badge, for the desk (e.g. a walk-in just registered); the sheets above stay the organisers'."""
    people = badges.badge_holders(event, ids=[participant_id])
    if not people:
        abort(404)
    details = {"scope": "one", "count": 1, "agency_id": None, "participant_ids": [participant_id]}
    return _badge_sheet(event, people, details, f"badge-{event.slug}-{participant_id}.pdf")


def _badge_sheet(event, people, details: dict, filename: str) -> Response:
    pdf = badges.render_badges(event, people, checkin_payload)
    # The PDF was built inside a read-only (DEFERRED) transaction so that a long sheet never holds
    # SQLite's write lock while the door is checking people in; end it, then log the download in a
    # short write transaction (IMMEDIATE, see forum.db).
    records.handed_out("badges.downloaded", event=event, user=current_user._get_current_object(), **details)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
