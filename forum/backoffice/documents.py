"""Official documents ("Dokumen resmi"): the forum's letterhead (kop surat: logo, four lines, place of
signing, with a preview) and the signatories of the minutes, chosen among the participants and ordered."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from wtforms import BooleanField, StringField

from forum.actions import documents as document_actions
from forum.api.answers import error_status
from forum.backoffice import bp
from forum.errors import DomainError
from forum.extensions import db
from forum.models import Participant
from forum.services import letterhead, minutes, signatories
from forum.staff import forum_page, show_errors


class LetterheadForm(FlaskForm):
    line1 = StringField(_l("Line 1"), render_kw={"maxlength": 200, "placeholder": "PEMERINTAH PROVINSI …"})
    line2 = StringField(_l("Line 2"), render_kw={"maxlength": 200, "placeholder": "BADAN …"})
    line3 = StringField(_l("Line 3"), render_kw={"maxlength": 200, "placeholder": "Jalan …, Pontianak · Telepon …"})
    line4 = StringField(_l("Line 4"), render_kw={"maxlength": 200, "placeholder": "Pos-el … · Laman …"})
    place = StringField(_l("Place of signing"), render_kw={"maxlength": 100, "placeholder": "Pontianak"})
    logo = FileField(_l("Logo (PNG, JPEG or SVG)"), render_kw={"accept": "image/png,image/jpeg,image/svg+xml"})
    remove_logo = BooleanField(_l("Remove the logo"))

    def service_data(self) -> dict:
        return {"lines": [self.line1.data or "", self.line2.data or "", self.line3.data or "", self.line4.data or ""],
                "place": self.place.data or ""}


def _form(event) -> LetterheadForm:
    record = letterhead.peek(event)
    lines = list(record.lines) if record else []
    lines += [""] * (4 - len(lines))
    return LetterheadForm(formdata=None, data={"line1": lines[0], "line2": lines[1], "line3": lines[2],
                                               "line4": lines[3], "place": record.place if record else ""})


def _candidates(event) -> list[Participant]:
    """Everyone who may be chosen to sign: the forum's active registrations, by name."""
    return list(db.session.scalars(select(Participant).where(Participant.active_in(event))
                                   .options(joinedload(Participant.agency))
                                   .order_by(func.lower(Participant.name), Participant.id)))


def _page(event, form: LetterheadForm, status: int = 200):
    record = letterhead.peek(event)
    chosen = signatories.list_signatories(event)
    final = minutes.peek_minutes(event)
    chosen_ids = [s.participant_id for s in chosen]
    return render_template("backoffice/documents.html", event=event, form=form, letterhead=record,
                           signatories=chosen, chosen_ids=chosen_ids,
                           candidates=[p for p in _candidates(event) if p.id not in chosen_ids],
                           locked=final is not None and final.finalised_at is not None), status


@bp.route("/<slug>/documents", methods=["GET", "POST"])
@forum_page("organiser")
def documents(event):
    if request.method == "GET":
        return _page(event, _form(event))
    form = LetterheadForm()
    if not form.validate_on_submit():
        return _page(event, form, status=400)
    try:
        document_actions.update_letterhead(event, form.service_data(), logo=form.logo.data,
                                           remove_logo=form.remove_logo.data, user=current_user)
    except DomainError as exc:
        show_errors(form, exc)
        return _page(event, form, status=error_status(exc))
    flash(_("The letterhead was saved."), "success")
    return redirect(url_for(".documents", slug=event.slug), code=303)


@bp.get("/<slug>/documents/logo.png")
@forum_page("organiser")
def letterhead_logo(event):
    """The stored logo (the checked PNG), for the preview."""
    record = letterhead.peek(event)
    if record is None or not record.logo_png:
        abort(404)
    response = Response(record.logo_png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


@bp.post("/<slug>/documents/signatories")
@forum_page("organiser")
def save_signatories(event):
    """The whole list in its new order: each button of the page posts the order it leads to."""
    try:
        document_actions.set_signatories(event, request.form.getlist("participant_id"), user=current_user)
    except DomainError as exc:
        form = _form(event)
        show_errors(form, exc)
        return _page(event, form, status=error_status(exc))
    flash(_("The signatories were saved."), "success")
    return redirect(url_for(".documents", slug=event.slug) + "#signatories", code=303)
