"""Public pages: the forum page, the registration form, the personal page, QR images and the
page a phone camera opens when it reads a QR code."""
from datetime import timedelta
from urllib.parse import quote, urlsplit

from flask import Response, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum.actions import people
from forum.checkin.routes import confirm_page, may_confirm
from forum.contract.requests import read_registration
from forum.documents.calendar import calendar_entry
from forum.errors import DomainError, ValidationFailed
from forum.extensions import limiter
from forum.live import switch
from forum.models import Participant
from forum.registration import bp
from forum.registration.forms import RegistrationForm
from forum.security import staff_may
from forum.services import agencies, events, registration, tickets
from forum.urls import base_url, checkin_payload, personal_url, qr_png_url, qr_svg_url


@bp.get("/")
def home():
    return render_template("registration/home.html", events=events.list_events())


@bp.get("/events/<slug>")
def event_page(slug):
    return render_template("registration/event.html", event=events.get_event(slug))


def _closed(event):
    return render_template("registration/closed.html", event=event), 409


@bp.route("/events/<slug>/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORUM_REGISTRATION_LIMIT"], methods=["POST"],
               exempt_when=lambda: staff_may("checkin"))
def register(slug):
    event = events.get_event(slug)
    form = RegistrationForm()
    errors: dict[str, str] = {}
    ask_again = False  # someone of this agency with a matching name is registered: "is this you?"
    if request.method == "GET" and not event.registration_open:
        return _closed(event)
    if request.method == "GET" and request.args.get("attendance") in ("online", "in_person"):
        form.attendance.data = request.args["attendance"]  # chosen on the join page the projector's QR opens
    if request.method == "POST":
        if not form.validate():  # only the CSRF token can fail here: the rules are the service's
            errors = {name: messages[0] for name, messages in form.errors.items()}
        else:
            try:
                participant = people.register(event, read_registration(form.registration_data()),
                                              ask_if_duplicate=True).participant
            except ValidationFailed as exc:
                errors = exc.fields
            except DomainError as exc:
                if exc.code == "registration_closed":
                    return _closed(event)
                if exc.code == "already_registered":
                    # Deliberately no link: whoever typed someone's email must not get their page.
                    return render_template("registration/already_registered.html", event=event), 409
                if exc.code != "likely_duplicate":
                    raise
                ask_again, errors = exc.message, exc.fields
            else:
                switch.act_as(participant)  # they registered in this browser: no question on their page
                return redirect(url_for("registration.personal", token=participant.access_token), code=303)
    page = render_template("registration/register.html", event=event, form=form, errors=errors,
                           ask_again=ask_again, agencies=agencies.verified_agencies(event),
                           retention_until=_retention_until(event))
    return page, 409 if ask_again else 422 if errors else 200


def _retention_until(event):
    """When the forum's contact details are due for erasure (UU PDP), if the organisers set it."""
    if event.retention_days is None:
        return None
    return event.ends_at + timedelta(days=event.retention_days)


# --- the personal page ------------------------------------------------------------------------

def _participant(token: str) -> Participant:
    participant = registration.participant_for_access_token(token)
    if participant is None:
        abort(404)
    return participant


def _private(response: Response) -> Response:
    """The URL carries a secret: keep it out of caches and out of other sites' Referer headers."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/p/<token>")
def personal(token):
    participant = _participant(token)
    current = switch.someone_else(participant)
    if current is not None:  # someone else's link: ask before this browser acts as them
        return switch.confirm_page(current, participant)
    # Remembered for the live page, which acts for this participant without the token in its URL.
    switch.act_as(participant)
    link = personal_url(participant)
    share_text = _("My personal link for %(title)s (keep it to yourself): %(url)s",
                   title=participant.event.title, url=link)
    html = render_template("registration/personal.html", p=participant, event=participant.event,
                           qr_png=qr_png_url(participant), qr_svg=qr_svg_url(participant),
                           whatsapp_url="https://wa.me/?text=" + quote(share_text, safe=""))
    return _private(make_response(html))


@bp.get("/p/<token>/forum.ics")
def calendar(token):
    participant = _participant(token)
    event = participant.event
    link = personal_url(participant)
    description = "\n\n".join(filter(None, [
        event.theme, _("Your personal page (QR code for the registration desk, live page): %(url)s", url=link)]))
    body = calendar_entry(
        uid=f"{event.slug}-{participant.id}@{urlsplit(base_url()).hostname or 'forum'}",
        start=event.starts_at, end=event.ends_at, summary=event.title, location=event.venue,
        description=description, url=link)
    response = Response(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return _private(response)


# --- QR codes ----------------------------------------------------------------------------------

def _active_by_code(code: str) -> Participant:
    participant = registration.participant_for_checkin_code(code)
    # A cancelled or revoked registration's code no longer checks anyone in: its QR should not render.
    if participant is None or not participant.is_active:
        abort(404)
    return participant


@bp.get("/qr/<code>.png")
def qr_png(code):
    response = Response(tickets.qr_png(checkin_payload(_active_by_code(code))), mimetype="image/png")
    response.headers["Cache-Control"] = "private"
    return response


@bp.get("/qr/<code>.svg")
def qr_svg(code):
    response = Response(tickets.qr_svg(checkin_payload(_active_by_code(code))), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private"
    return response


@bp.get("/c/<code>")
def scanned(code):
    """Where a phone camera lands after reading a participant's QR code.

    Logged-in staff get the confirm-check-in page. Everyone else gets the same page for every
    code, known or not, with no personal data, so that it tells nobody whether a code exists.
    """
    if may_confirm(code):  # staff of the code holder's forum
        return _private(make_response(confirm_page(code)))
    return _private(make_response(render_template("registration/scanned.html")))
