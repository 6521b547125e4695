"""The public registration form.

The form only carries the fields and the CSRF token: every rule about the values (required
fields, NIP, phone, email, attendance, consent) lives in `services.registration.register`, so
the form declares no validators of its own.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectChoice, StringField, TelField

from forum.models import Attendance


class RegistrationForm(FlaskForm):
    name = StringField(_l("Full name"))
    agency = StringField(_l("Agency"))
    position = StringField(_l("Position"))
    nip = StringField(_l("NIP"))
    phone = TelField(_l("Mobile phone (WhatsApp)"))
    email = EmailField(_l("Email"))
    # validate_choice=False: an unchosen or unknown value is the service's to refuse.
    attendance = RadioField(_l("How will you attend?"), validate_choice=False,
                            choices=[SelectChoice(Attendance.in_person.value, _l("In person, at the venue")),
                                     SelectChoice(Attendance.online.value, _l("Online"))])
    consent = BooleanField(_l("I agree to the personal-data statement above."))
    # Asked only after a likely duplicate was found (services/identity.py).
    not_duplicate = BooleanField(_l("I am another person: register me."))

    def registration_data(self) -> dict:
        """The submitted values in the shape `services.registration.register` takes."""
        return {"name": self.name.data, "agency": self.agency.data, "position": self.position.data,
                "nip": self.nip.data, "phone": self.phone.data, "email": self.email.data,
                "attendance": self.attendance.data, "consent": bool(self.consent.data),
                "not_duplicate": bool(self.not_duplicate.data)}
