"""Sign-in with Flask-Login and CSRF protection with Flask-WTF; the ``requires_role``
decorator every route uses to check role.

A session names the user and their session version («login#3»); every request loads
the user and refuses the session when the version has moved on since (sign-out, a new
password), so a cookie copied before then no longer works."""
from __future__ import annotations

import functools

from flask import abort
from flask_login import LoginManager, UserMixin, current_user, login_required
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()


class SessionUser(UserMixin):
    """Flask-Login's view of an engine User."""

    def __init__(self, user):
        self.user = user

    def get_id(self) -> str:
        return session_id(self.user)

    @property
    def is_active(self) -> bool:
        return self.user.active


def session_id(user) -> str:
    """What the session cookie keeps of ``user``: the login and the session version."""
    return f"{user.login}#{user.session_version}"


def init_auth(app) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(session_user: str):
        login, _, version = session_user.rpartition("#")
        services = app.extensions["chidao"]
        with services.uow(write=False) as uow:
            user = uow.users.by_login(login) if login else None
        current = user is not None and user.active and version == str(user.session_version)
        return SessionUser(user) if current else None


def requires_role(*roles: str):
    """Signed in and holding one of ``roles`` (any role when none are given)."""
    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if roles and not current_user.user.has(*roles):
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator
