"""Forms of the agenda editor and the control panel. They collect and render (with CSRF); the
agenda and materials services decide what is valid."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectMultipleField, StringField, TextAreaField

from forum.backoffice.forms import DATETIME_LOCAL, _whole_number
from forum.i18n import to_local


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

    def service_data(self) -> dict:
        """The fields as agenda.save_session takes them; times are read in the forum's zone."""
        return {
            "title": self.title.data, "room": self.room.data, "description": self.description.data,
            "starts_at": self.starts_at.data or None, "ends_at": self.ends_at.data or None,
            "stream_url": self.stream_url.data, "speaker_ids": list(self.speaker_ids.data or []),
            "position": _whole_number(self.position.data, 0),
        }


class ActionForm(FlaskForm):
    """The small forms of the control panel (state buttons, next session, delay, materials):
    only the CSRF token is checked here, the values go to the services as sent."""


class AnnouncementForm(FlaskForm):
    text = TextAreaField(_l("Announcement"), render_kw={"rows": 2, "maxlength": 500, "required": True})


class UploadForm(FlaskForm):
    file = FileField(_l("File (PDF, PowerPoint, Word, Excel or an image)"))
    title = StringField(_l("Title shown to participants"), render_kw={"maxlength": 300})
    published = BooleanField(_l("Publish now"), false_values=("false", ""))
    publish_on_start = BooleanField(_l("Publish when the session starts"), false_values=("false", ""))
    replaces = HiddenField()
