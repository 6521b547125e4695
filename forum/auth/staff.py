"""Administrators manage staff accounts: create, change role, deactivate, reset a password."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from forum.auth import bp
from forum.auth.forms import StaffEditForm, StaffForm
from forum.errors import DomainError
from forum.extensions import db
from forum.models import User
from forum.security import staff_required
from forum.services import accounts, audit


@bp.route("/staff", methods=["GET", "POST"])
@staff_required("admin")
def staff():
    form = StaffForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.name.data, form.role.data, form.password.data)
        except DomainError as exc:
            for name, message in exc.fields.items():
                if name in form:
                    form[name].errors = [message]
            flash(exc.message, "error")
        else:
            audit.record("staff.created", user=current_user, target=user, email=user.email, role=user.role)
            db.session.commit()
            flash(_("Staff account %(email)s created.", email=user.email), "success")
            return redirect(url_for("auth.staff"))
    users = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("auth/staff.html", form=form, users=users)


@bp.route("/staff/<int:user_id>", methods=["GET", "POST"])
@staff_required("admin")
def staff_edit(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        return render_template("error.html", status=404, message=_("Not found.")), 404
    form = StaffEditForm(obj=user)
    if form.validate_on_submit():
        if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
            flash(_("You cannot remove your own administrator rights."), "error")
        else:
            changes = {}
            if form.role.data != user.role:
                changes["role"] = [user.role, form.role.data]
                user.role = form.role.data
            if form.active.data != user.active:
                changes["active"] = [user.active, form.active.data]
                user.active = form.active.data
            if form.password.data:
                accounts.set_password(user, form.password.data)
                changes["password_reset"] = True
            if changes:
                audit.record("staff.updated", user=current_user, target=user, changes=changes)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("auth.staff"))
    return render_template("auth/staff_edit.html", form=form, user=user)
