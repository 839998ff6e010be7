"""Signing in and out."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from engine.usecases.auth import TooManyAttempts, authenticate
from web.auth import SessionUser
from web.context import lang, services

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("inbox.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    status = 200
    if request.method == "POST":
        login_name = (request.form.get("login") or "").strip()
        password = request.form.get("password") or ""
        try:
            user = authenticate(services(), login_name, password, request.remote_addr or "")
        except TooManyAttempts as err:
            error, status = err.message(lang()), 429
        else:
            if user is None:
                error, status = _("Sai tên đăng nhập hoặc mật khẩu."), 401
            else:
                session.clear()
                session.permanent = True
                login_user(SessionUser(user))
                return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", error=error), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
