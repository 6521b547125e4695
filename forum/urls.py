"""Absolute URLs that leave the app: personal links, QR payloads and QR image addresses."""
from __future__ import annotations

from flask import current_app, has_request_context, request

from forum.services import tickets


def base_url() -> str:
    configured = current_app.config.get("FORUM_BASE_URL")
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return f"http://{current_app.config['HOST']}:{current_app.config['PORT']}"


def personal_url(participant) -> str:
    return f"{base_url()}/p/{participant.access_token}"


def checkin_payload(participant) -> str:
    """What the participant's QR code carries."""
    return tickets.checkin_url(base_url(), participant.checkin_code)


def qr_png_url(participant) -> str:
    # Addressed by the check-in code, not the access token: the image reveals only what the QR
    # itself shows, so leaking its address never leaks the personal link.
    return f"{base_url()}/qr/{participant.checkin_code}.png"


def qr_svg_url(participant) -> str:
    return f"{base_url()}/qr/{participant.checkin_code}.svg"
