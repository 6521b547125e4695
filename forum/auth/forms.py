from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class TokenForm(FlaskForm):
    label = StringField(_l("Label"), validators=[Length(max=100)])


FORUM_ROLE_CHOICES = [SelectChoice("organiser", _l("Organiser")), SelectChoice("moderator", _l("Moderator")),
                      SelectChoice("checkin", _l("Registration desk"))]
ROLE_CHOICES = [*FORUM_ROLE_CHOICES, SelectChoice("admin", _l("Administrator"))]
ROLE_LABELS = {choice.value: choice.label for choice in ROLE_CHOICES}
# The edit form's "no role in every forum": the account acts only where it holds a role per forum.
SCOPED = ""


def forum_choices(events, first_label) -> list[SelectChoice]:
    return [SelectChoice("", first_label), *(SelectChoice(e.slug, e.title) for e in events)]


class StaffForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    forum = SelectField(_l("Forum"), choices=[], default="")  # "" (every forum) or a forum's slug; set by the view
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=10, max=200)])


class StaffEditForm(FlaskForm):
    role = SelectField(_l("Role in every forum"),
                       choices=[*ROLE_CHOICES, SelectChoice(SCOPED, _l("None: only in the forums below"))])
    active = BooleanField(_l("Active"))
    password = PasswordField(_l("New password (leave empty to keep)"), validators=[Optional(), Length(min=10, max=200)])


class ForumRoleForm(FlaskForm):
    forum = SelectField(_l("Forum"), choices=[], validators=[DataRequired()])  # slugs; set by the view
    role = SelectField(_l("Role in this forum"),
                       choices=[*FORUM_ROLE_CHOICES, SelectChoice("", _l("None (remove)"))])
