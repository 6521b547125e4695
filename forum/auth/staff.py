"""Administrators manage staff accounts: create, change role (in every forum or per forum), deactivate,
reset a password."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.actions import staff as staff_actions
from forum.auth import bp
from forum.auth.forms import SCOPED, ForumRoleForm, StaffEditForm, StaffForm, forum_choices
from forum.extensions import db
from forum.models import User
from forum.security import staff_required
from forum.services import events
from forum.staff import submit_form


@bp.route("/staff", methods=["GET", "POST"])
@staff_required("admin")
def staff():
    forums = events.list_events()
    form = StaffForm()
    form.forum.choices = forum_choices(forums, _("Every forum"))

    def create():
        chosen = [events.get_event(form.forum.data)] if form.forum.data else []
        return staff_actions.create_staff(form.email.data, form.name.data, form.role.data, form.password.data,
                                          forums=chosen, actor=current_user)

    done = submit_form(form, create, done=lambda user: (_("Staff account %(email)s created.", email=user.email),
                                                         url_for("auth.staff")))
    if done:
        return done
    users = db.session.scalars(select(User).options(selectinload(User.forum_roles))
                               .order_by(User.role.is_(None), User.role, User.email)).all()
    return render_template("auth/staff.html", form=form, users=users, forums={e.id: e for e in forums})


@bp.route("/staff/<int:user_id>", methods=["GET", "POST"])
@staff_required("admin")
def staff_edit(user_id: int):
    user = _user_or_none(user_id)
    if user is None:
        return render_template("error.html", status=404, message=_("Not found.")), 404
    form = StaffEditForm(obj=user, role=user.role or SCOPED)
    if form.validate_on_submit():
        role = form.role.data or None
        if user.id == current_user.id and (role != "admin" or not form.active.data):
            flash(_("You cannot remove your own administrator rights."), "error")
        else:
            staff_actions.update_staff(user, role=role, active=form.active.data, password=form.password.data or "",
                                       actor=current_user)
            flash(_("Saved."), "success")
            return redirect(url_for("auth.staff"))
    return _edit_page(user, form, _forum_role_form())


@bp.post("/staff/<int:user_id>/forums")
@staff_required("admin")
def staff_forum_role(user_id: int):
    """Give an account a role in one forum, or take it away."""
    user = _user_or_none(user_id)
    if user is None:
        return render_template("error.html", status=404, message=_("Not found.")), 404
    form = _forum_role_form()

    def change():
        event = events.get_event(form.forum.data)
        if form.role.data:
            staff_actions.set_forum_role(user, event, form.role.data, actor=current_user)
        else:
            staff_actions.remove_forum_role(user, event, actor=current_user)

    done = submit_form(form, change, done=lambda _result: (_("Saved."), url_for("auth.staff_edit", user_id=user.id)))
    if done:
        return done
    return _edit_page(user, StaffEditForm(obj=user, role=user.role or SCOPED), form, status=422)


def _user_or_none(user_id: int) -> User | None:
    return db.session.get(User, user_id) if 0 < user_id < 2**31 else None


def _forum_role_form() -> ForumRoleForm:
    form = ForumRoleForm(prefix="grant")  # beside the edit form on one page: its own field ids
    form.forum.choices = forum_choices(events.list_events(), _("Choose a forum"))
    return form


def _edit_page(user, form, forum_form, status=200):
    forums = {e.id: e for e in events.list_events()}
    return render_template("auth/staff_edit.html", form=form, forum_form=forum_form, user=user,
                           forums=forums), status
