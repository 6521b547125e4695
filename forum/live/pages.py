"""The live forum's pages: the participants' live page, the projector screen and the public agenda.

Each page is rendered complete on the server (it works without JavaScript) from the same
`agenda` payload the Socket.IO event carries; `static/js/live.js` then keeps it current.
"""
from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from babel.numbers import format_decimal
from flask import Response, make_response, render_template, request, url_for
from flask_babel import gettext as _

from forum.actions import joining
from forum.documents import calendar
from forum.i18n import locale_code, zone_label
from forum.live import bp
from forum.live.plans import delegate_part
from forum.ratelimits import link_request_limit
from forum.security import current_participant, staff_may
from forum.serialise import iso
from forum.services import agenda, events, tickets
from forum.urls import base_url

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def stream_link(url: str) -> dict | None:
    """What kind of link the meeting or stream is: Zoom, Google Meet, YouTube (with the address
    of its embeddable player) or anything else; None for what is not a web address. static/js/live.js
    mirrors this for live updates (tests/data/shared_rules.json holds both to the same cases)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # a malformed address (an unclosed IPv6 bracket, a bad port)
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    if host in YOUTUBE_HOSTS:
        video = ""
        segments = [s for s in parts.path.split("/") if s]
        if host == "youtu.be" and segments:
            video = segments[0]
        elif segments[:1] == ["watch"]:
            video = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in {"live", "embed", "shorts"}:
            video = segments[1]
        embed = f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1" if YOUTUBE_ID.fullmatch(video) else ""
        return {"url": url, "kind": "youtube", "embed": embed}
    if host == "zoom.us" or host.endswith(".zoom.us"):
        return {"url": url, "kind": "zoom", "embed": ""}
    if host == "meet.google.com":
        return {"url": url, "kind": "meet", "embed": ""}
    return {"url": url, "kind": "other", "embed": ""}


def _clock(iso: str | None) -> str:
    """'2021-02-25T08:45:00+07:00' (already in the forum's zone) → '08.45' ('08:45' in English)."""
    if not iso:
        return ""
    value = datetime.fromisoformat(iso)
    return value.strftime("%H.%M" if locale_code() == "id" else "%H:%M")


def _file_size(size: int) -> str:
    """'820 KB', '1,4 MB' (decimal comma in Indonesian)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{format_decimal(round(size / (1024 * 1024), 1), format='#,##0.#', locale=locale_code())} MB"


def _file_kind(filename: str) -> str:
    """The type as people name it, from the extension the content check gave the file: 'PDF', 'PPTX'."""
    return filename.rsplit(".", 1)[-1].upper() if "." in filename else ""


bp.add_app_template_filter(_clock, "hm")
bp.add_app_template_filter(_file_size, "file_size")
bp.add_app_template_filter(_file_kind, "file_kind")


def live_labels() -> dict:
    """The words live.js writes into the page, in the visitor's language."""
    return {
        "scheduled": _("Scheduled"), "live": _("Live now"), "paused": _("Paused"), "ended": _("Ended"),
        "started": _("started %(time)s", time="{t}"), "ended_at": _("ended %(time)s", time="{t}"),
        "moved": _("moved from %(time)s", time="{t}"), "nothing": _("No session is running right now."),
        "none_next": _("No more sessions today."), "open_pdf": _("Open PDF"), "download": _("Download"),
        "input_open": _("Input is open"), "join_zoom": _("Join Zoom"), "join_meet": _("Join Google Meet"),
        "watch_youtube": _("Watch on YouTube"), "play_here": _("Play the stream here"),
        "open_stream": _("Open the meeting link"), "no_stream": _("No meeting link yet."),
        "no_announcements": _("No announcements yet."), "no_materials": _("No materials published yet."),
    }


def current_and_next(payload: dict) -> tuple[dict | None, dict | None]:
    """The running session and the one after it, as the payload describes them."""
    by_id = {s["id"]: s for s in payload["sessions"]}
    return by_id.get(payload["current_session_id"]), by_id.get(payload["next_session_id"])


def _page_context(event, *, staff: bool) -> dict:
    payload = agenda.agenda_payload(event, staff=staff)
    current, following = current_and_next(payload)
    stream_url = (current or {}).get("stream_url") or event.stream_url
    return {
        "event": event, "payload": payload, "current": current, "following": following,
        "stream": stream_link(stream_url), "zone": zone_label(event.timezone), "labels": live_labels(),
        "announcements": [{"text": a.text, "at": iso(a.at, event.timezone)}
                          for a in agenda.recent_announcements(event)],
    }


def _private(response: Response) -> Response:
    """Live state and a personal view: never from a cache."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/events/<slug>/live")
def live_page(slug):
    """For participants (through their personal link, remembered in this browser) and staff.

    This page is where online attendance is counted, so it is opened through the personal link;
    anyone else gets a short page saying so (the agenda and the projector screen are public)."""
    event = events.get_event(slug)
    participant = current_participant(event)
    is_staff = staff_may("checkin")  # any role in this forum (staff of other forums are outsiders here)
    if participant is None and not is_staff:
        return _private(make_response(render_template("live/need_link.html", event=event)))
    html = render_template("live/live.html", participant=participant, delegate_plans=delegate_part(event, participant),
                           **_page_context(event, staff=False))
    return _private(make_response(html))


@bp.post("/events/<slug>/join/link")
@link_request_limit
def request_link(slug):
    """From the room: 'send my personal link again' to the email or number one registered with. The answer is
    the same whether or not the contact is registered (docs/SECURITY.md); the link is never shown here."""
    event = events.get_event(slug)
    joining.request_link(event, request.form.get("contact", ""))
    return _private(make_response(render_template("live/need_link.html", event=event, link_requested=True)))


@bp.get("/events/<slug>/screen")
def screen(slug):
    """The projector in the room: public, like the agenda it shows."""
    event = events.get_event(slug)
    html = render_template("live/screen.html", live_url=_live_url(event), **_page_context(event, staff=False))
    return _private(make_response(html))


def _live_url(event) -> str:
    return base_url() + url_for("live.live_page", slug=event.slug)


@bp.get("/events/<slug>/screen/qr.svg")
def screen_qr(slug):
    """The QR code on the projector: it opens the live page."""
    event = events.get_event(slug)
    response = Response(tickets.qr_svg(_live_url(event)), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/events/<slug>/agenda")
def agenda_page(slug):
    event = events.get_event(slug)
    payload = agenda.agenda_payload(event, staff=False)
    return render_template("live/agenda.html", event=event, payload=payload, zone=zone_label(event.timezone),
                           labels=live_labels())


@bp.get("/events/<slug>/agenda.ics")
def agenda_ics(slug):
    event = events.get_event(slug)
    host = urlsplit(base_url()).hostname or "forum"
    body = calendar.agenda_calendar(event, agenda.sessions_of(event), host=host,
                               url=base_url() + url_for("live.agenda_page", slug=event.slug))
    response = Response(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}-agenda.ics"'
    return response
