"""Sign-in with Flask-Login and CSRF protection with Flask-WTF; the ``requires_role``
decorator every route uses to check role."""
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
        return self.user.login

    @property
    def is_active(self) -> bool:
        return self.user.active


def init_auth(app) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(login: str):
        services = app.extensions["chidao"]
        with services.uow(write=False) as uow:
            user = uow.users.by_login(login)
        return SessionUser(user) if user and user.active else None


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
