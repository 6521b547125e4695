"""The confirm-check-in form behind a scanned `/c/<code>` (its CSRF token is most of the point)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional


class ConfirmCheckinForm(FlaskForm):
    desk = StringField(_l("Desk"), validators=[Optional(), Length(max=100)])
    # One id per rendered page: pressing the button twice (or reloading the POST) checks in once
    # and answers the same both times.
    client_id = HiddenField(validators=[Optional(), Length(max=64)])
