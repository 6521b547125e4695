"""The confirm-check-in form behind a scanned `/c/<code>` (its CSRF token is most of the point;
the desk and client_id are checked by the check-in service's own parser)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField


class ConfirmCheckinForm(FlaskForm):
    desk = StringField(_l("Desk"))
    # One id per rendered page: pressing the button twice (or reloading the POST) checks in once
    # and answers the same both times.
    client_id = HiddenField()
