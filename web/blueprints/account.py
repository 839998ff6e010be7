"""The signed-in user's own account page: who they are, their preferences (language,
daily digest e-mail) and changing their password (which ends the user's other
sessions; this one goes on under the new session version)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user

from engine.domain.form_validation import FormInvalid
from engine.domain.users import ROLE_LABELS, ROLES
from engine.usecases.account import change_own_password, update_preferences
from web.auth import SessionUser, requires_role
from web.context import actor, lang, services

bp = Blueprint("account", __name__, url_prefix="/account")


def _page(status: int = 200, **errors):
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


@bp.post("/password")
@requires_role()
def password():
    try:
        changed = change_own_password(services(), actor(), request.form.get("current", ""),
                                      request.form.get("new", ""), request.form.get("confirm", ""))
    except FormInvalid as err:
        return _page(400, password_errors=err.field_messages(lang()))
    login_user(SessionUser(changed))     # this session carries the new version; the others have ended
    flash(_("Đã đổi mật khẩu."), "success")
    return redirect(url_for("account.index"))


@bp.app_template_global()
def role_labels(roles) -> list[str]:
    """The names of ``roles`` in the page's language, in the usual order."""
    return [ROLE_LABELS[r][1 if lang() == "en" else 0] for r in ROLES if r in roles]
