"""Speakers' materials: files checked by their content, stored outside static/ under random names,
kept in every version."""
from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from forum.domain_events import MaterialChanged, record
from forum.errors import DomainError, NotFound
from forum.extensions import db
from forum.models import Event, Material, Session
from forum.services import audit
from forum.services.commands import PartialCommand
from forum.services.validation import FieldErrors, clean_text

CHUNK = 1024 * 1024
OOXML = {
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "ppt/presentation.xml": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def upload_dir() -> Path:
    path = Path(current_app.config["FORUM_UPLOAD_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def sniff(path: Path) -> tuple[str, str] | None:
    """(mime type, extension) judged from the file's bytes, or None when not an accepted kind."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head.startswith(b"%PDF-"):
        return "application/pdf", "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())  # the central directory only; nothing is extracted
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" in names:
            for marker, kind in OOXML.items():
                if marker in names:
                    return kind
    return None


def safe_filename(name: str | None, extension: str) -> str:
    """The uploader's file name for display and downloads: no directories, no control characters,
    and the extension that matches the content."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[:120] or "materi"
    return f"{stem}.{extension}"


def _store(stream, limit: int) -> tuple[Path, int, str]:
    """Copy the upload to a random name in the upload folder, never beyond `limit` bytes."""
    target = upload_dir() / f"{secrets.token_hex(16)}.upload"
    digest, size = hashlib.sha256(), 0
    try:
        with open(target, "wb") as out:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise DomainError("too_large", _("The file is too large (at most %(mb)d MB).",
                                                     mb=limit // (1024 * 1024)))
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target, size, digest.hexdigest()


def add_material(event: Event, session: Session, upload, *, title=None, published=False, publish_on_start=False,
                 replaces: Material | None = None, user=None, participant=None) -> Material:
    """Store an uploaded file as a material of `session` (a new version of `replaces` if given).

    Staff decide what is published: a speaker's upload (`participant`) stays unpublished, whatever it asks,
    until a moderator publishes it, and a speaker's new version of a published material leaves that one
    public until then (`publish`)."""
    if upload is None or not getattr(upload, "filename", None):
        raise DomainError("invalid", _("Choose a file to upload."), fields={"file": _("Required.")})
    errors = FieldErrors()
    title = errors.check("title", clean_text, title, max_length=300)
    if replaces is not None and replaces.session_id != session.id:
        errors.add("replaces", _("That material belongs to another session."))
    errors.raise_if_any()
    limit = current_app.config["FORUM_MAX_UPLOAD_MB"] * 1024 * 1024
    temp, size, sha = _store(upload.stream, limit)
    try:
        if size == 0:
            raise DomainError("invalid", _("The file is empty."), fields={"file": _("Empty file.")})
        kind = sniff(temp)
        if kind is None:
            raise DomainError("unsupported_type", _("Only PDF, PowerPoint, Word, Excel and image files (PNG, JPEG, "
                                                    "WebP) can be uploaded."))
        mime, extension = kind
        storage_name = f"{secrets.token_hex(16)}.{extension}"
        os.replace(temp, upload_dir() / storage_name)
    finally:
        temp.unlink(missing_ok=True)
    filename = safe_filename(upload.filename, extension)
    if participant is not None and user is None:
        published = publish_on_start = False
    material = Material(event_id=event.id, session_id=session.id, title=title or filename.rsplit(".", 1)[0],
                        filename=filename, storage_name=storage_name, mime=mime, size=size, sha256=sha,
                        published=bool(published), publish_on_start=bool(publish_on_start),
                        uploaded_by_user_id=getattr(user, "id", None),
                        uploaded_by_participant_id=getattr(participant, "id", None))
    if replaces is not None:
        material.replaces_id = replaces.id
        if user is not None:
            replaces.superseded = True
            if replaces.published and not published:
                material.published = True  # staff's replacement of a published file stays published
        elif not replaces.published:
            replaces.superseded = True  # nothing public changes
    db.session.add(material)
    db.session.flush()
    record(MaterialChanged(event.id, material_id=material.id, published=material.published, uploaded=True))
    audit.record("material.uploaded", event=event, user=user, participant=participant, target=material,
                 filename=filename, size=size, replaces=getattr(replaces, "id", None))
    return material


def get_material(event: Event, material_id) -> Material:
    material = None
    if isinstance(material_id, int) and 0 < material_id < 2**31:
        material = db.session.scalar(select(Material).where(Material.id == material_id,
                                                            Material.event_id == event.id))
    if material is None:
        raise NotFound("material_not_found", _("No such material in this forum."))
    return material


@dataclass(frozen=True)
class MaterialUpdate(PartialCommand):
    """The command "retitle, publish or unpublish a material": each field as sent, `UNSET` when left out (read
    by forum/contract/requests.py::read_material_update or built by the control panel's form). `ignored`: the
    names of the other fields the request sent, which the audit entry lists as it always has."""

    title: object
    published: object
    publish_on_start: object
    ignored: tuple[str, ...] = ()


def update_material(material: Material, command: MaterialUpdate, *, user=None) -> Material:
    data = command.values()
    was_published = material.published
    errors = FieldErrors()
    if "title" in data:
        title = errors.check("title", clean_text, data["title"], max_length=300, required=True)
        if title is not None:
            material.title = title
    for name in ("published", "publish_on_start"):
        if name in data:
            if not isinstance(data[name], bool):
                errors.add(name, _("Must be true or false."))
            else:
                setattr(material, name, data[name])
    errors.raise_if_any()
    if material.published:
        publish(material)
    audit.record("material.updated", event=material.event, user=user, target=material,
                 fields=command.names_sent())
    record(MaterialChanged(material.event_id, material_id=material.id, published=material.published,
                           was_published=was_published))
    return material


def publish(material: Material) -> None:
    """Publish `material`; the version it replaces, if still shown (a speaker's new version waiting for a
    moderator), gives way to it."""
    material.published = True
    if material.replaces_id:
        replaced = db.session.get(Material, material.replaces_id)
        if replaced is not None and not replaced.superseded:
            replaced.superseded = True


def versions(material: Material) -> list[Material]:
    """This material and the earlier versions it replaced, newest first."""
    chain, current = [], material
    while current is not None and len(chain) < 100:
        chain.append(current)
        current = db.session.get(Material, current.replaces_id) if current.replaces_id else None
    return chain


def file_path(material: Material) -> Path:
    return upload_dir() / material.storage_name
