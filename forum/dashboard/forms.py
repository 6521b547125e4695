"""The dashboard's one form: confirming the erasure of contact details."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired


class EraseContactsForm(FlaskForm):
    confirm = BooleanField(_l("I understand that the email addresses, phone numbers, NIPs and notes of every "
                              "participant of this forum will be erased for good, and that their personal links "
                              "and QR codes will stop working."),
                           validators=[DataRequired(_l("Tick the box to confirm."))])
