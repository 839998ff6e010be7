"""The signed-in user's own account page: who they are, their preferences (language,
daily digest e-mail), their e-mail address and changing their password (which ends the
user's other sessions; this one goes on under the new session version). A user whose
password an administrator reset sees only the password form (``/account/password``)
until they have chosen their own (web/landing.py sends them there)."""
from __future__ import annotations


from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user

from engine.domain.form_validation import FormInvalid
from engine.domain.users import ROLE_LABELS, ROLES
from engine.usecases.account import change_own_password, update_own_email, update_preferences
from web.auth import SessionUser, requires_role
from web.context import actor, lang, services
from web.landing import landing_url, menu_flags

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(status: int = 200, **errors):
    if actor().must_change_password:
        return render_template("account/password.html", me=actor(), **errors), status
    return render_template("account/index.html", me=actor(), **errors), status


@bp.get("")
@requires_role()
def index():
    return _page()


@bp.post("/preferences")
@requires_role()
def preferences():
    try:
        user = update_preferences(services(), actor(), language=request.form.get("language", ""),
                                  digest=request.form.get("digest") == "1", lang=lang())
    except FormInvalid as err:
        return _page(400, preference_errors=err.field_messages(lang()))
    session["lang"] = user.language
    current_user.user = user
    with force_locale(user.language):
        flash(_("Đã lưu tùy chọn."), "success")
    return redirect(url_for("account.index"))


@bp.post("/email")
@requires_role()
def email():
    try:
        user = update_own_email(services(), actor(), request.form.get("email", "")[:500], lang=lang())
    except FormInvalid as err:
        return _page(400, email_errors=err.field_messages(lang()))
    current_user.user = user
    flash(_("Đã lưu địa chỉ thư điện tử."), "success")
    return redirect(url_for("account.index"))


@bp.get("/password")
@requires_role()
def password_page():
    return render_template("account/password.html", me=actor())


@bp.post("/password")
@requires_role()
def password():
    forced = actor().must_change_password
    try:
        changed = change_own_password(services(), actor(), request.form.get("current", ""),
                                      request.form.get("new", ""), request.form.get("confirm", ""))
    except FormInvalid as err:
        return _page(400, password_errors=err.field_messages(lang()))
    login_user(SessionUser(changed))     # this session carries the new version; the others have ended
    flash(_("Đã đổi mật khẩu."), "success")
    return redirect(landing_url(current_user.user) if forced else url_for("account.index"))


_ALLOWED_WHILE_FORCED = {"account.password_page", "account.password", "auth.logout", "auth.login", "static",
                         "healthz"}


@bp.before_app_request
def force_password_change():
    """After an administrator's reset the user changes the password before anything else."""
    if (current_user.is_authenticated and current_user.user.must_change_password
            and request.endpoint not in _ALLOWED_WHILE_FORCED and not request.path.startswith("/api/")):
        return redirect(url_for("account.password_page"))
    return None


@bp.app_template_global()
def menu() -> dict:
    return menu_flags(current_user.user) if current_user.is_authenticated else {}


@bp.app_template_global()
def home_url() -> str:
    return landing_url(current_user.user) if current_user.is_authenticated else url_for("auth.login")


@bp.app_template_global()
def role_labels(roles) -> list[str]:
    """The names of ``roles`` in the page's language, in the usual order."""
    return [ROLE_LABELS[r][1 if lang() == "en" else 0] for r in ROLES if r in roles]
