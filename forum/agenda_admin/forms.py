"""The agenda editor's form. It collects and renders (with CSRF) and builds the `SessionEdit` command;
agenda.save_session decides what is valid.

The control panel's small forms are plain HTML with the CSRF token (CSRFProtect checks it) and
field names the JSON API shares, so that control.js can send the same form to the API."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField

from forum.backoffice.forms import DATETIME_LOCAL, _whole_number
from forum.i18n import to_local
from forum.services.agenda import SessionEdit


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), render_kw={"required": True, "maxlength": 300})
    starts_at = StringField(_l("Starts"), render_kw={"type": "datetime-local", "required": True})
    ends_at = StringField(_l("Ends"), render_kw={"type": "datetime-local", "required": True})
    room = StringField(_l("Room"), render_kw={"maxlength": 200})
    description = TextAreaField(_l("Description"), render_kw={"rows": 3, "maxlength": 4000})
    stream_url = StringField(_l("Meeting or stream link for this session"),
                             render_kw={"type": "url", "inputmode": "url", "placeholder": "https://"})
    speaker_ids = SelectMultipleField(_l("Speakers"), coerce=int, validate_choice=False)
    position = StringField(_l("Order among sessions starting at the same time"), default="0",
                           render_kw={"type": "number", "min": 0, "max": 1000, "inputmode": "numeric"})

    @classmethod
    def for_session(cls, session, tz: str):
        return cls(data={
            "title": session.title, "room": session.room, "description": session.description,
            "starts_at": to_local(session.starts_at, tz).strftime(DATETIME_LOCAL),
            "ends_at": to_local(session.ends_at, tz).strftime(DATETIME_LOCAL),
            "stream_url": session.stream_url, "speaker_ids": [p.id for p in session.speakers],
            "position": str(session.position),
        })

    def command(self) -> SessionEdit:
        """The session's command from every field of the form; times are read in the forum's zone."""
        return SessionEdit(**{
            "title": self.title.data, "room": self.room.data, "description": self.description.data,
            "starts_at": self.starts_at.data or None, "ends_at": self.ends_at.data or None,
            "stream_url": self.stream_url.data, "speaker_ids": list(self.speaker_ids.data or []),
            "position": _whole_number(self.position.data, 0),
        })
