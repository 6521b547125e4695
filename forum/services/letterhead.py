"""A forum's letterhead (*kop surat*): up to four header lines and a logo.

The logo is checked like any upload (forum/services/materials.py): a size limit, the kind judged from the
bytes and not the name, and then it is never stored as sent. A PNG or JPEG is decoded and re-encoded as a
PNG (no metadata, no trailing data, at most MAX_LOGO_PIXELS on a side); an SVG is parsed without DTDs or
entities, reduced to a whitelist of drawing elements and attributes (no scripts, no event handlers, no
links, no external references, no foreign content, no CSS beyond plain paint properties), and rasterised
to a PNG by resvg. The documents only ever see that PNG.
"""
from __future__ import annotations

import hashlib
import io
import re
from xml.etree import ElementTree  # noqa: S405  (serialising only; parsing uses defusedxml)

import resvg_py
from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException
from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from forum.errors import DomainError, ValidationFailed
from forum.extensions import db
from forum.models import Event, Letterhead
from forum.services import audit
from forum.services.validation import FieldErrors, clean_text

MAX_LINES = 4
MAX_LINE_LENGTH = 200
MAX_LOGO_MB = 2  # a logo is small; the deployment's upload limit applies when it is lower
MAX_LOGO_PIXELS = 800  # the stored PNG's longer side (about 850 dpi at the kop's 24 mm)
MAX_SOURCE_PIXELS = 40_000_000  # a raster larger than this is refused before it is decoded
MAX_ASPECT = 4.0  # a logo is roughly square; a banner 4 times wider than tall is the limit

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Drawing elements only: no script, style, image, use, a, foreignObject, animation, filter or font.
SVG_ELEMENTS = frozenset({"svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line",
                          "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop",
                          "clipPath"})
PAINT = frozenset({"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
                   "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
                   "stroke-opacity", "opacity", "clip-rule", "clip-path", "stop-color", "stop-opacity",
                   "font-size", "font-family", "font-weight", "font-style", "text-anchor", "display",
                   "visibility"})
SVG_ATTRIBUTES = PAINT | {"id", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
                          "width", "height", "points", "viewBox", "transform", "offset", "gradientUnits",
                          "gradientTransform", "spreadMethod", "clipPathUnits", "preserveAspectRatio", "version",
                          "dx", "dy", "style"}
LOCAL_URL = re.compile(r"^url\(\s*#[A-Za-z_][\w.-]*\s*\)$")
NUMBER = re.compile(r"^\s*([0-9]*\.?[0-9]+)")


def peek(event: Event) -> Letterhead | None:
    """The forum's letterhead if it has one (never writes)."""
    return db.session.scalar(select(Letterhead).where(Letterhead.event_id == event.id))


def _get(event: Event) -> Letterhead:
    letterhead = peek(event)
    if letterhead is None:
        letterhead = Letterhead(event_id=event.id, lines=[], place="", logo_png=None, logo_sha256="")
        db.session.add(letterhead)
    return letterhead


def update(event: Event, data: dict, *, user=None) -> Letterhead:
    """Sets the header lines (`lines`: a list, or text with one line each; at most four of at most 200
    characters, blank ones dropped) and the place where documents are signed (`place`, e.g. "Pontianak")."""
    errors = FieldErrors()
    lines = data.get("lines", [])
    if isinstance(lines, str):
        lines = lines.splitlines()
    cleaned = []
    if not isinstance(lines, list | tuple):
        errors.add("lines", _("Must be a list of lines."))
    else:
        for n, line in enumerate(lines):
            value = errors.check(f"line{n + 1}", clean_text, line, max_length=MAX_LINE_LENGTH)
            if value:
                cleaned.append(value)
        if len(cleaned) > MAX_LINES:
            errors.add("lines", _("At most %(n)d lines.", n=MAX_LINES))
    place = errors.check("place", clean_text, data.get("place", ""), max_length=100)
    errors.raise_if_any()
    record = _get(event)
    record.lines, record.place = cleaned, place or ""
    db.session.flush()
    audit.record("letterhead.updated", event=event, user=user, target=record, lines=len(cleaned))
    return record


def set_logo(event: Event, upload, *, user=None) -> Letterhead:
    """Stores an uploaded PNG, JPEG or SVG as the letterhead's logo (as a checked PNG)."""
    if upload is None or not getattr(upload, "filename", None):
        raise ValidationFailed({"logo": _("Required.")}, _("Choose a file to upload."))
    limit = min(MAX_LOGO_MB, current_app.config["FORUM_MAX_UPLOAD_MB"]) * 1024 * 1024
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        message = _("The file is too large (at most %(mb)d MB).", mb=limit // (1024 * 1024))
        raise DomainError("too_large", message, fields={"logo": message})
    if not data:
        raise ValidationFailed({"logo": _("Empty file.")}, _("The file is empty."))
    png = logo_png(data)
    letterhead = _get(event)
    letterhead.logo_png, letterhead.logo_sha256 = png, hashlib.sha256(png).hexdigest()
    db.session.flush()
    audit.record("letterhead.logo_set", event=event, user=user, target=letterhead, size=len(png))
    return letterhead


def remove_logo(event: Event, *, user=None) -> Letterhead:
    letterhead = _get(event)
    letterhead.logo_png, letterhead.logo_sha256 = None, ""
    db.session.flush()
    audit.record("letterhead.logo_removed", event=event, user=user, target=letterhead)
    return letterhead


# --- the logo's checks ------------------------------------------------------------------------

def _unsupported() -> DomainError:
    message = _("The logo must be a PNG, JPEG or SVG image.")
    return DomainError("unsupported_type", message, fields={"logo": message})


def _unusable(message: str) -> DomainError:
    return ValidationFailed({"logo": message}, message)


def logo_png(data: bytes) -> bytes:
    """The logo as the PNG that is stored: from a PNG or JPEG (judged by its bytes) or an SVG."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        return _raster_png(data)
    svg = _svg_text(data)
    if svg is None:
        raise _unsupported()
    return _raster_png(_render_svg(sanitise_svg(svg)))


def _raster_png(data: bytes) -> bytes:
    try:
        with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
            width, height = image.size
            if width * height > MAX_SOURCE_PIXELS:
                raise _unusable(_("The image is too large (at most %(n)d million pixels).",
                                  n=MAX_SOURCE_PIXELS // 1_000_000))
            _check_aspect(width, height)
            image.load()
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _unusable(_("The image cannot be read.")) from None
    picture.thumbnail((MAX_LOGO_PIXELS, MAX_LOGO_PIXELS))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _check_aspect(width: float, height: float) -> None:
    if width <= 0 or height <= 0 or max(width / height, height / width) > MAX_ASPECT:
        raise _unusable(_("A logo must be roughly square (at most %(n)d times wider than tall, or the reverse).",
                          n=int(MAX_ASPECT)))


def _svg_text(data: bytes) -> str | None:
    """The text of an SVG document, or None when the bytes are not one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    head = text.lstrip()[:4096]
    if not head.startswith("<") or "<svg" not in head:
        return None
    return text


def _local(tag: str) -> tuple[str, str]:
    namespace, _sep, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, name


def _clean_style(style: str) -> str:
    kept = []
    for declaration in style.split(";"):
        name, _sep, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name in PAINT and _safe_value(value):
            kept.append(f"{name}:{value}")
    return ";".join(kept)


def _safe_value(value: str) -> bool:
    lowered = value.lower()
    if "url(" in lowered:
        return bool(LOCAL_URL.match(value.strip()))
    return not any(bad in lowered for bad in ("\\", "expression", "javascript:", "@import", "<", ">"))


def _clean_element(element) -> None:
    for child in list(element):
        namespace, name = _local(child.tag) if isinstance(child.tag, str) else ("", "")
        if namespace != SVG_NS or name not in SVG_ELEMENTS:
            element.remove(child)
            continue
        _clean_element(child)
    for attribute in list(element.attrib):
        namespace, name = _local(attribute)
        value = element.attrib[attribute]
        if namespace or name not in SVG_ATTRIBUTES or not _safe_value(value):
            del element.attrib[attribute]
        elif name == "style":
            element.attrib[attribute] = _clean_style(value)


def sanitise_svg(text: str):
    """The SVG's tree with only drawing elements and attributes left (raises for anything else than SVG)."""
    try:
        root = SafeTree.fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (SafeTree.ParseError, DefusedXmlException, ValueError):
        raise _unusable(_("The SVG file cannot be read (or uses features that are not allowed).")) from None
    if _local(root.tag) != (SVG_NS, "svg"):
        raise _unsupported()
    _clean_element(root)
    return root


def _length(value: str | None) -> float | None:
    match = NUMBER.match(value or "")
    return float(match.group(1)) if match else None


def _render_svg(root) -> bytes:
    """The cleaned SVG drawn at MAX_LOGO_PIXELS on its longer side."""
    box = (root.attrib.get("viewBox") or "").replace(",", " ").split()
    width, height = _length(root.attrib.get("width")), _length(root.attrib.get("height"))
    if len(box) == 4 and not (width and height):
        width, height = _length(box[2]), _length(box[3])
    if not (width and height):
        raise _unusable(_("The SVG file has no size (width and height, or a viewBox)."))
    _check_aspect(width, height)
    root.set("width", str(width))
    root.set("height", str(height))
    markup = ElementTree.tostring(root, encoding="unicode")  # serialising only; parsing was defused
    size = {"width": MAX_LOGO_PIXELS} if width >= height else {"height": MAX_LOGO_PIXELS}
    try:
        return bytes(resvg_py.svg_to_bytes(svg_string=markup, **size))
    except (ValueError, RuntimeError, OSError):
        raise _unusable(_("The SVG file cannot be drawn.")) from None
