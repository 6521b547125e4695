"""The input form (live page and facilitator entry) and the minutes form. They collect and render
(with CSRF); services/inputs.py and services/minutes.py decide what is valid.

Field names follow the JSON API, so that static/js/input-form.js sends the same form to
`POST /api/v1/events/<slug>/sessions/<id>/inputs`, and each wrapper carries the API's name for its
errors (`data-field="location.district"`)."""
from __future__ import annotations

import re
import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from forum.moderation import labels
from forum.services.validation import parse_record_id

NUMBER = re.compile(r"^\d{1,12}([.,]\d{1,6})?$")


def choices(pairs, empty=None) -> list[SelectChoice]:
    """(value, label) pairs as WTForms wants them, with an empty first choice when `empty` is given."""
    items = [SelectChoice(value, label) for value, label in (pairs.items() if isinstance(pairs, dict) else pairs)]
    return ([SelectChoice("", empty)] if empty is not None else []) + items


def _volume(text: str | None):
    """'5' → 5, '2,5' → 2.5; '' → None; anything else as typed, for the service to refuse."""
    text = (text or "").strip()
    if not text:
        return None
    if NUMBER.match(text):
        value = float(text.replace(",", "."))
        return int(value) if value.is_integer() else value
    return text


class InputForm(FlaskForm):
    kind = RadioField(_l("Kind"), choices=choices(labels.KINDS), default="proposal", validate_choice=False)
    title = StringField(_l("Title"), render_kw={"maxlength": 300, "required": True})
    body = TextAreaField(_l("Details"), render_kw={"rows": 3, "maxlength": 5000})
    program = StringField(_l("Programme"), render_kw={"maxlength": 300})
    activity = StringField(_l("Activity"), render_kw={"maxlength": 300})
    sub_activity = StringField(_l("Sub-activity"), render_kw={"maxlength": 300})
    problem = TextAreaField(_l("Problem it addresses"), render_kw={"rows": 2, "maxlength": 2000})
    regency = SelectField(_l("Regency or city"), validate_choice=False)
    district = StringField(_l("Sub-district"), render_kw={"maxlength": 100, "autocomplete": "off"})
    village = StringField(_l("Village"), render_kw={"maxlength": 100, "autocomplete": "off"})
    location_detail = StringField(_l("Location detail"), render_kw={"maxlength": 300})
    volume = StringField(_l("Volume"), render_kw={"inputmode": "decimal", "maxlength": 20})
    unit = StringField(_l("Unit"), render_kw={"maxlength": 40, "placeholder": "km, unit, paket"})
    budget = StringField(_l("Indicative cost (Rp)"),
                         render_kw={"inputmode": "decimal", "maxlength": 40, "placeholder": "1.500.000 / 1,5 M"})
    priority = SelectField(_l("Priority"), choices=choices(labels.PRIORITIES, "—"), validate_choice=False)
    origin = SelectField(_l("Origin"), choices=choices(labels.ORIGINS, "—"), validate_choice=False)
    client_id = HiddenField()
    session_id = HiddenField()

    def __init__(self, *args, regencies: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.regency.choices = choices(((name, name) for name in regencies), "—")
        if not self.client_id.data:
            # A fresh id per rendered form: sending the same form twice (a double tap, a resend after
            # a lost answer) stores one input.
            self.client_id.data = str(uuid.uuid4())

    def service_data(self) -> dict:
        """The fields as inputs.submit takes them (the JSON API's body)."""
        data = {name: getattr(self, name).data or "" for name in (
            "kind", "title", "body", "program", "activity", "sub_activity", "problem", "unit", "budget", "priority",
            "origin", "client_id")}
        data["volume"] = _volume(self.volume.data)
        location = {"regency": self.regency.data or "", "district": self.district.data or "",
                    "village": self.village.data or "", "detail": self.location_detail.data or ""}
        if any(location.values()):
            data["location"] = location
        if data["kind"] != "proposal":  # the proposal's fields are hidden for comments and questions
            for name in ("program", "activity", "sub_activity", "problem", "unit", "budget", "priority", "origin"):
                data.pop(name)
            data.pop("volume")
            data.pop("location", None)
        data["client_id"] = data["client_id"] or None
        return data

    def chosen_session_id(self) -> int | None:
        """The session chosen (a hidden field); None when it is no record id, which get_session refuses."""
        try:
            return parse_record_id(self.session_id.data or "")
        except ValueError:
            return None


class FacilitatorForm(InputForm):
    """The same input, entered at the desk for someone without a device."""

    session_id = SelectField(_l("Session"), validate_choice=False)
    participant_id = SelectField(_l("On behalf of a participant"), validate_choice=False)
    agency = StringField(_l("… or on behalf of an agency"), render_kw={"maxlength": 200, "list": "agency-names"})

    def service_data(self) -> dict:
        data = super().service_data()
        if self.participant_id.data:
            data["participant_id"] = self.participant_id.data  # the service reads it with parse_record_id
        else:
            data["agency"] = self.agency.data or ""
        return data


class MinutesForm(FlaskForm):
    number = StringField(_l("Number of the minutes"), render_kw={"maxlength": 100, "placeholder": "050/123/BPPD-2021"})
    chair = StringField(_l("Chair (pimpinan sidang)"), render_kw={"maxlength": 200})
    chair_position = StringField(_l("Chair's position"), render_kw={"maxlength": 200})
    chair_nip = StringField(_l("Chair's NIP"), render_kw={"maxlength": 21, "inputmode": "numeric",
                                                          "placeholder": "196512311990031001"})
    points = TextAreaField(_l("Agreement points, one per line"), render_kw={"rows": 8})

    def service_data(self) -> dict:
        return {"number": self.number.data or "", "chair": self.chair.data or "",
                "chair_position": self.chair_position.data or "", "chair_nip": self.chair_nip.data or "",
                "points": self.points.data or ""}
