"""Personal secrets and QR codes.

Each participant has two independent random secrets: the access token (personal link) and the
check-in code (what the QR carries). The QR payload is a URL of Forum's own, `<base>/c/<code>`,
so an ordinary phone camera opens it, and it decodes with any standard reader.
"""
from __future__ import annotations

import hashlib
import io
import re
import secrets
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M

CODE_BYTES = 16  # 128 bits
ACCESS_TOKEN_BYTES = 24  # 192 bits
# token_urlsafe alphabet; codes are 22 characters for 16 bytes.
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_checkin_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def new_access_token() -> str:
    return secrets.token_urlsafe(ACCESS_TOKEN_BYTES)


def code_hash(code: str) -> str:
    """What offline scanners get instead of raw codes."""
    return hashlib.sha256(code.encode()).hexdigest()


def checkin_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/c/{code}"


def parse_scanned_code(payload) -> str | None:
    """The check-in code from what a reader decoded: a URL ending in /c/<code>, or the bare code.

    Returns None for anything that cannot be a code (wrong type, too long, bad characters).
    """
    if not isinstance(payload, str) or len(payload) > 2048:
        return None
    text = payload.strip()
    if "/" in text:
        try:
            path = urlsplit(text).path
        except ValueError:
            return None
        match = re.search(r"/c/([^/?#]+)/?$", path)
        if not match:
            return None
        text = match.group(1)
    return text if CODE_RE.match(text) else None


def _qr(payload: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    return qr


def qr_png(payload: str, box_size: int = 10) -> bytes:
    qr = _qr(payload)
    qr.box_size = box_size
    buf = io.BytesIO()
    qr.make_image().save(buf, format="PNG")
    return buf.getvalue()


def qr_svg(payload: str) -> bytes:
    img = _qr(payload).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue()
