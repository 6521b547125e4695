"""The back office's forms. They collect and render; the services decide what is valid."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from forum.backoffice import labels
from forum.i18n import to_local
from forum.services.events import DEFAULT_TIMEZONE, ForumSettings
from forum.services.registration import ParticipantEdit

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"  # what <input type=datetime-local> sends and shows


def _choices(labels_by_value) -> list[SelectChoice]:
    items = labels_by_value.items() if isinstance(labels_by_value, dict) else labels_by_value
    return [SelectChoice(value, label) for value, label in items]


def _whole_number(text: str | None, empty):
    """'30' → 30; '' → `empty`; anything else is passed on as typed, for the service to refuse."""
    text = (text or "").strip()
    if not text:
        return empty
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else text


class EventForm(FlaskForm):
    title = StringField(_l("Title"), render_kw={"required": True, "maxlength": 300})
    slug = StringField(_l("Web address"), render_kw={"maxlength": 80, "autocapitalize": "none", "spellcheck": "false"})
    theme = TextAreaField(_l("Theme"), render_kw={"rows": 3})
    venue = StringField(_l("Venue"), render_kw={"maxlength": 300})
    starts_at = StringField(_l("Starts"), render_kw={"type": "datetime-local", "required": True})
    ends_at = StringField(_l("Ends"), render_kw={"type": "datetime-local", "required": True})
    timezone = SelectField(_l("Time zone"), choices=_choices(labels.TIMEZONES), default=DEFAULT_TIMEZONE,
                           validate_choice=False)
    stream_url = StringField(_l("Online meeting link"),
                             render_kw={"type": "url", "inputmode": "url", "placeholder": "https://"})
    registration_open = BooleanField(_l("Registration is open"), default=True)
    # A forum made here starts at 1 minute: a join shorter than that (a tap on the link) is not presence unless the
    # organiser sets 0. The API's default stays 0, as the contract says.
    presence_min_minutes = StringField(_l("Minutes online to count as present"), default="1",
                                       render_kw={"type": "number", "min": 0, "max": 1440, "inputmode": "numeric"})
    retention_days = StringField(_l("Keep contact details for (days after the forum)"),
                                 render_kw={"type": "number", "min": 0, "max": 3650, "inputmode": "numeric"})

    @classmethod
    def for_event(cls, event):
        tz = event.timezone
        form = cls(data={
            "title": event.title, "theme": event.theme, "venue": event.venue, "timezone": tz,
            "starts_at": to_local(event.starts_at, tz).strftime(DATETIME_LOCAL),
            "ends_at": to_local(event.ends_at, tz).strftime(DATETIME_LOCAL),
            "stream_url": event.stream_url, "registration_open": event.registration_open,
            "presence_min_minutes": str(event.presence_min_minutes),
            "retention_days": "" if event.retention_days is None else str(event.retention_days),
        })
        form.offer_timezone(tz)
        return form

    def offer_timezone(self, tz: str) -> None:
        """A forum created through the API may use a zone outside the list: keep it selectable."""
        if tz and tz not in {choice.value for choice in self.timezone.choices}:
            self.timezone.choices = [*self.timezone.choices, SelectChoice(tz, tz)]

    def settings(self, *, creating: bool) -> ForumSettings:
        """The command events.create_event/update_event take; times are read in `timezone`."""
        data = {
            "title": self.title.data, "theme": self.theme.data, "venue": self.venue.data,
            "starts_at": self.starts_at.data or None, "ends_at": self.ends_at.data or None,
            "timezone": self.timezone.data, "stream_url": self.stream_url.data,
            "registration_open": bool(self.registration_open.data),
            "presence_min_minutes": _whole_number(self.presence_min_minutes.data, 0),
            "retention_days": _whole_number(self.retention_days.data, None),
        }
        if creating and (self.slug.data or "").strip():
            data["slug"] = self.slug.data.strip()
        return ForumSettings(**data)


class AgencyForm(FlaskForm):
    name = StringField(_l("Name"), render_kw={"required": True, "maxlength": 200})
    short_name = StringField(_l("Short name"), render_kw={"maxlength": 60})
    kind = SelectField(_l("Type"), choices=_choices(labels.AGENCY_KINDS), default="other", validate_choice=False)

    def service_data(self) -> dict:
        return {"name": self.name.data, "short_name": self.short_name.data, "kind": self.kind.data}


class ParticipantForm(FlaskForm):
    name = StringField(_l("Name"), render_kw={"required": True, "maxlength": 200, "autocomplete": "off"})
    agency = StringField(_l("Agency"), render_kw={"required": True, "maxlength": 200, "list": "agency-names",
                                                  "autocomplete": "off"})
    position = StringField(_l("Position"), render_kw={"maxlength": 200})
    deputy_for = StringField(_l("Representing"), render_kw={"maxlength": 300})
    nip = StringField(_l("NIP"), render_kw={"inputmode": "numeric", "maxlength": 24, "autocomplete": "off"})
    email = StringField(_l("Email"), render_kw={"type": "email", "maxlength": 254, "autocomplete": "off"})
    phone = StringField(_l("Mobile number"), render_kw={"type": "tel", "maxlength": 24, "autocomplete": "off"})
    attendance = RadioField(_l("Attendance"), choices=_choices(labels.ATTENDANCE), default="in_person",
                            validate_choice=False)
    role = SelectField(_l("Role in the forum"), choices=_choices(labels.ROLES), default="participant",
                       validate_choice=False)
    notes = TextAreaField(_l("Notes for the organisers"), render_kw={"rows": 3})

    PERSON = ("name", "agency", "position", "deputy_for", "nip", "email", "phone", "attendance")

    @classmethod
    def for_participant(cls, participant):
        return cls(data={
            "name": participant.name, "agency": participant.agency.name if participant.agency else "",
            "position": participant.position, "deputy_for": participant.deputy_for, "nip": participant.nip or "",
            "email": participant.email or "", "phone": participant.phone or "", "attendance": participant.attendance,
            "role": participant.role, "notes": participant.notes,
        })

    def person_data(self) -> dict:
        return {name: self[name].data for name in self.PERSON}

    def edit(self) -> ParticipantEdit:
        """The organiser's edit of a registration: every field the form shows."""
        return ParticipantEdit(**self.person_data(), role=self.role.data, notes=self.notes.data)


class ImportForm(FlaskForm):
    file = FileField(_l("Invitation list (CSV or Excel .xlsx)"),
                     validators=[FileRequired(_l("Choose the file to upload."))],
                     render_kw={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument"
                                          ".spreadsheetml.sheet"})


class PendingImportForm(FlaskForm):
    upload = HiddenField()


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token is the point."""


class MergeForm(FlaskForm):
    """Which of two records of one person to keep (the choices are the two records' ids)."""
    keep = RadioField(_l("Keep"), choices=[])


class AgencyMapForm(FlaskForm):
    """An unverified agency: the listed agency it is (its id), or empty to confirm it as written."""
    into = SelectField(_l("This is"), choices=[], validate_choice=False)


class AliasForm(FlaskForm):
    alias = StringField(_l("Another name for this agency"))
