"""The notulen page: one section per session (the running one open first) where moderators write the gist per
speaker, answer the questions in place, add questions from the floor, and the conclusions at the end; the
organiser designates the note-taker. static/js/notes.js saves each text as it is typed (JSON posts to the
routes below, with the version last seen); without JavaScript, the same forms post and come back here.
The rules are in forum/services/notes.py; each route calls one action (forum/actions/notes.py)."""
from __future__ import annotations

from functools import partial

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from forum.actions import notes as note_actions
from forum.api.answers import error_status
from forum.errors import DomainError
from forum.extensions import db
from forum.i18n import format_clock
from forum.models import Participant, ParticipantRole
from forum.moderation import bp
from forum.moderation.common import back_to
from forum.security import staff_may
from forum.services import agenda, inputs, notes
from forum.services.notes import Saved
from forum.staff import forum_page

FORM_NUMBERS = ("id", "speaker_id", "version")


def _page(event):
    sheets = notes.session_notes(event)
    current = agenda.current_session([s.session for s in sheets])
    record = notes.peek_notes(event)
    return render_template("moderation/notes.html", event=event, sheets=sheets, current=current, record=record,
                           candidates=_candidates(event) if staff_may("organiser") else [],
                           conclusions=record.conclusions if record else "")


def _candidates(event) -> list[Participant]:
    """Who may be designated note-taker: the forum's active participants, the committee first."""
    people = db.session.scalars(select(Participant).where(Participant.event_id == event.id, Participant.is_active)
                                .order_by(Participant.name, Participant.id)).all()
    committee = (ParticipantRole.organiser.value, ParticipantRole.moderator.value)
    return sorted(people, key=lambda p: p.role not in committee)


_back = partial(back_to, ".notes_page")  # this page again after a post: _back(event, message, category=…, anchor=…)


@bp.get("/admin/<slug>/notes")
@forum_page("moderator")
def notes_page(event):
    return _page(event)


def _data() -> dict:
    """The JSON body (notes.js), or the form's fields as the no-JS form sends them."""
    if request.is_json:
        data = request.get_json(silent=True)
        return data if isinstance(data, dict) else {}
    data = {k: v for k, v in request.form.items() if k != "csrf_token"}
    for name in FORM_NUMBERS:
        text = (data.get(name) or "").strip()
        data[name] = int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else (text or None)
    return data


def _answer(event, action, anchor: str):
    """Run a save; JSON for notes.js (the record's id and version, when it was saved, what it overwrote),
    else back to the page with a message."""
    try:
        saved: Saved = action()
    except DomainError as exc:
        if request.is_json:
            return jsonify(exc.to_dict()), error_status(exc)
        db.session.rollback()
        return _back(event, " ".join([exc.message, *exc.fields.values()]), category="error", anchor=anchor)
    record, tz = saved.record, event.timezone
    if not request.is_json:
        return _back(event, _("Saved."), anchor=anchor)
    body = {"id": record.id, "version": record.version, "saved_at": format_clock(record.updated_at, tz)}
    if saved.overwritten is not None:
        body["overwritten"] = {"by": saved.overwritten.by, "at": format_clock(saved.overwritten.at, tz),
                               "values": saved.overwritten.values}
    return jsonify(body)


# What is written inside one session: the gist (an entry) and the questions from the floor.
IN_SESSION = {"entries": note_actions.save_entry, "floor": note_actions.save_floor_question}


@bp.post("/admin/<slug>/notes/sessions/<int:session_id>/entries", defaults={"what": "entries"})
@bp.post("/admin/<slug>/notes/sessions/<int:session_id>/floor", defaults={"what": "floor"})
@forum_page("moderator")
def notes_save_in_session(event, session_id, what):
    session = agenda.get_session(event, session_id)
    data, action = _data(), IN_SESSION[what]
    return _answer(event, lambda: action(event, session, data, user=current_user), f"#session-{session.id}")


@bp.post("/admin/<slug>/notes/questions/<int:input_id>/answer")
@forum_page("moderator")
def notes_answer_question(event, input_id):
    item = inputs.get_input(event, input_id)
    data = _data()
    return _answer(event, lambda: note_actions.answer_question(event, item, data, user=current_user),
                   f"#session-{item.session_id}")


@bp.post("/admin/<slug>/notes/floor/<int:question_id>/remove")
@forum_page("moderator")
def notes_remove_floor_question(event, question_id):
    try:
        note_actions.remove_floor_question(event, question_id, user=current_user)
    except DomainError as exc:
        if request.is_json:
            return jsonify(exc.to_dict()), error_status(exc)
        return _back(event, exc.message, category="error")
    if request.is_json:
        return jsonify({"removed": question_id})
    return _back(event, _("The question was removed."))


@bp.post("/admin/<slug>/notes/conclusions")
@forum_page("moderator")
def notes_save_conclusions(event):
    data = _data()
    return _answer(event, lambda: note_actions.save_conclusions(event, data, user=current_user), "#conclusions")


@bp.post("/admin/<slug>/notes/notulis")
@forum_page("organiser")
def notes_set_notulis(event):
    try:
        note_actions.set_notulis(event, request.form.get("notulis_id") or None, user=current_user)
    except DomainError as exc:
        db.session.rollback()
        return _back(event, " ".join([exc.message, *exc.fields.values()]), category="error", anchor="#notulis")
    return _back(event, _("The note-taker was saved."), anchor="#notulis")
