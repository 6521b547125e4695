"""The scanner page of a registration desk, its service worker, and the staff confirm page that
a phone camera opens from a participant's QR code (`/c/<code>`)."""
from __future__ import annotations

import uuid
from dataclasses import replace

from flask import abort, current_app, jsonify, make_response, render_template, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from forum.actions import checkin as checkin_actions
from forum.api.answers import checkin_status
from forum.backoffice.labels import ATTENDANCE, ROLES, STATUSES
from forum.checkin import bp
from forum.checkin.forms import ConfirmCheckinForm
from forum.contract.requests import read_scan
from forum.i18n import locale_code, zone_label
from forum.ratelimits import checkin_limit
from forum.security import staff_may, staff_required, visible_events
from forum.services import checkin, events, tickets

SERVICE_WORKER = "sw-checkin.js"


def _no_store(response):
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/")
@staff_required("checkin")
def index():
    return render_template("checkin/index.html", events=visible_events("checkin"))


@bp.get("/<slug>")
@staff_required("checkin")
def scanner(slug):
    event = events.get_event(slug)
    return _no_store(make_response(render_template("checkin/scanner.html", event=event,
                                                   scanner_config=_scanner_config(event))))


def _scanner_config(event) -> dict:
    """What scanner.js needs: addresses, the forum's clock, and every message it may show."""
    api = f"/api/v1/events/{event.slug}"
    return {
        "slug": event.slug, "timezone": event.timezone, "zone": zone_label(event.timezone), "locale": locale_code(),
        "urls": {"checkin": f"{api}/checkins", "batch": f"{api}/checkins/batch", "data": f"{api}/checkin-data",
                 "search": f"{api}/checkin-search", "walkins": f"{api}/walkins",
                 "badge": url_for("door.badge_pdf", slug=event.slug, participant_id=0).replace("/0.pdf", "/{id}.pdf"),
                 "csrf": url_for(".csrf_token"), "worker": url_for(".service_worker"),
                 "login": url_for("auth.login", next=url_for(".scanner", slug=event.slug))},
        "roles": {k: str(v) for k, v in ROLES.items()},
        "messages": {
            "checked_in": _("Checked in"),
            "already": _("Already checked in at %(time)s at %(desk)s"),
            "already_no_desk": _("Already checked in at %(time)s"),
            "unknown_code": _("Unknown code: this is not a check-in code of this system."),
            "unknown_code_offline": _("Unknown code (checked offline: it may also be another forum's code)."),
            "unknown_participant": _("No such participant in this forum."),
            "wrong_event": _("This code belongs to another forum."),
            "revoked": _("Registration cancelled, or this QR code was replaced by a newer one."),
            **{f"revoked_{reason}": message() for reason, message in checkin.REVOKED_MESSAGES.items()},
            "door_count": _("%(in)s / %(expected)s present"),
            "invalid": _("The scan could not be read. Try again."),
            "logged_out": _("You are logged out. Log in again; the scans wait here."),
            "forbidden": _("Your account may not check people in."),
            "error": _("Something went wrong."),
            "registered_online": _("Registered online, came in person."),
            "deputy_for": _("Deputy for: %(name)s"),
            "offline_mark": _("offline"),
            "online": _("Online"),
            "offline_waiting": _("Offline — %(n)s scans waiting"),
            "online_waiting": _("Online — %(n)s scans waiting to sync"),
            "offline_no_data": _("Offline, and this device has no copy of the participant list yet."),
            "synced": _("%(n)s offline scans synced: %(green)s checked in, %(yellow)s already checked in, "
                        "%(red)s refused (see the last scans)."),
            "camera_unsupported": _("This browser cannot use the camera here (it needs HTTPS or a newer "
                                    "browser). Type the code or use the search below."),
            "camera_denied": _("Camera permission was refused. Type the code or use the search below."),
            "camera_missing": _("No camera was found. Type the code or use the search below."),
            "camera_failed": _("The camera could not be started. Type the code or use the search below."),
            "camera_on": _("Point the camera at the QR code."),
            "camera_start": _("Start camera"),
            "camera_stop": _("Stop camera"),
            "search_none": _("Nobody found."),
            "search_offline": _("Offline: searching this device's copy of the list."),
            "checked_in_at": _("checked in %(time)s"),
            "check_in": _("Check in"),
            "pick": _("Choose"),
            "walkin_needs_network": _("Registering a walk-in needs a connection to the server. Try again shortly."),
            "walkin_fix": _("Please check the form."),
            "walkin_badge": _("Print the badge of %(who)s"),
            "walkin_match_invited": _("This is the invited %(who)s — check them in instead?"),
            "walkin_match": _("This is %(who)s, already registered — check them in instead?"),
            "walkin_match_arrived": _("%(who)s is already checked in."),
            "check_in_instead": _("Check in this person"),
            "register_anyway": _("Someone else: register the walk-in"),
            "data_updated": _("Participant list on this device: %(n)s people, updated %(time)s."),
        },
    }


@bp.get("/sw.js")
def service_worker():
    """Served from /checkin/ so that its scope is the scanner pages (and nothing else)."""
    response = send_from_directory(current_app.static_folder + "/js", SERVICE_WORKER,
                                   mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/csrf-token")
@staff_required("checkin")
def csrf_token():
    """A fresh CSRF token for a scanner page that was loaded from the offline cache long ago."""
    return _no_store(jsonify({"csrf_token": generate_csrf()}))


# --- the confirm page behind /c/<code> -----------------------------------------------------------

def _holder(code: str):
    """(participant, retired, existing check-in) for a scanned code; participant None when unknown."""
    participant, retired = checkin.find_participant_by_code(tickets.parse_scanned_code(code) or "")
    return participant, retired, (checkin.checkin_of(participant) if participant is not None else None)


def may_confirm(code: str) -> bool:
    """Is a staff member logged in who may check in the holder of this code (any desk user if unknown)?"""
    participant, _retired, _existing = _holder(code)
    return staff_may("checkin", participant.event if participant is not None else None)


def confirm_page(code: str):
    """What a logged-in staff member sees after their phone camera read a participant's QR code."""
    participant, retired, existing = _holder(code)
    form = ConfirmCheckinForm(client_id=uuid.uuid4().hex)
    return render_template("checkin/confirm.html", code=code, participant=participant, retired=retired,
                           existing=existing, form=form, outcome=None, **_labels())


@bp.post("/confirm/<code>")
@staff_required("checkin")
@checkin_limit
def confirm(code):
    form = ConfirmCheckinForm()
    participant, _retired, _existing = _holder(code)
    if participant is None:
        return _no_store(make_response(confirm_page(code), 404))
    if not staff_may("checkin", participant.event):  # a desk of another forum
        abort(403)
    # the desk and client_id are read as the API reads them (one place for those rules)
    door, errors = read_scan({"desk": form.desk.data, "client_id": form.client_id.data or None}, participant.event,
                             door_only=True)
    if not form.validate() or errors:
        return _no_store(make_response(confirm_page(code), 422))
    outcome = checkin_actions.check_in(participant.event, replace(door, code=code), user=current_user)
    participant, retired, existing = _holder(code)
    html = render_template("checkin/confirm.html", code=code, participant=participant, retired=retired,
                           existing=existing, form=form, outcome=outcome, **_labels())
    return _no_store(make_response(html, 200 if not outcome.refused else checkin_status(outcome.result)))


def _labels() -> dict:
    return {"role_labels": ROLES, "status_labels": STATUSES, "attendance_labels": ATTENDANCE}
