"""Signing in and out: the login form (failures limited by the engine per account,
with a growing wait, and loosely per client address — the proxy's X-Forwarded-For
counts only with CHIDAO_TRUSTED_PROXIES), a fresh permanent session that expires after
the configured idle time, a return only to a page of this site, and a sign-out that
ends every session of the user."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from engine.ports import AttemptsUnavailable
from engine.usecases.auth import TooManyAttempts, authenticate, sign_out
from web.auth import SessionUser
from web.context import lang, services
from web.landing import landing_url

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None, user=None) -> str:
    """``target`` when it is a path of this site, else where ``user`` lands (no open redirect)."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not any(ord(ch) < 32 for ch in target)):
        return target
    return landing_url(user) if user is not None else url_for("inbox.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next"), current_user.user))
    error = None
    status, headers = 200, {}
    if request.method == "POST":
        login_name = (request.form.get("login") or "").strip()[:80]
        password = (request.form.get("password") or "")[:500]
        try:
            user = authenticate(services(), login_name, password, request.remote_addr or "")
        except TooManyAttempts as err:
            error, status, headers = err.message(lang()), 429, {"Retry-After": str(err.retry_after)}
        except AttemptsUnavailable as err:
            error, status = err.message(lang()), err.http_status
        else:
            if user is None:
                error, status = _("Sai tên đăng nhập hoặc mật khẩu."), 401
            else:
                chosen = session.get("lang")        # a language picked on the login page is kept
                session.clear()                     # a new session: nothing carried over from before
                if chosen:
                    session["lang"] = chosen
                session.permanent = True            # expires after CHIDAO_SESSION_MINUTES idle
                login_user(SessionUser(user))
                if user.must_change_password:
                    return redirect(url_for("account.password_page"))
                return redirect(_safe_next(request.args.get("next"), user))
    return render_template("auth/login.html", error=error), status, headers


@bp.post("/logout")
@login_required
def logout():
    sign_out(services(), current_user.user)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
