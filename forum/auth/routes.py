"""Staff login, logout and the account page with API tokens."""
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from forum.actions import staff
from forum.auth import bp
from forum.auth.forms import LoginForm, TokenForm
from forum.extensions import db, limiter
from forum.models import ApiToken
from forum.services import accounts, events


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: never redirect a fresh login to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _landing(user) -> str:
    """Where a staff member starts: desk staff at the scanner's forum list, others in the back office."""
    return url_for("backoffice.events") if user.has_role_somewhere("moderator") else url_for("checkin.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORUM_LOGIN_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_landing(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            lang = session.get("lang")
            session.clear()  # a new session on login: no fixation
            if lang:
                session["lang"] = lang
            login_user(user)
            staff.logged_in(user)
            return redirect(_safe_next(request.args.get("next")) or _landing(user))
        # The same answer whether the email is unknown or the password wrong.
        flash(_("Email or password is not correct."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    session.clear()
    flash(_("You have been logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token = staff.create_token(current_user, form.label.data or "")
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == current_user.id)
                                .order_by(ApiToken.created_at.desc())).all()
    forums = {e.id: e for e in events.list_events()} if current_user.forum_roles else {}
    return render_template("auth/account.html", form=form, tokens=tokens, new_token=new_token, forums=forums)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    token = db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == current_user.id))
    if token is not None and token.revoked_at is None:
        staff.revoke_token(token, actor=current_user)
        flash(_("The token was revoked."), "success")
    return redirect(url_for("auth.account"))
