"""Request-side access to the engine: the Services of this app and the acting user
(an engine User, passed explicitly to every use case)."""
from __future__ import annotations

from flask import current_app, g
from flask_login import current_user

from engine.domain.users import User


def services():
    return current_app.extensions["chidao"]


def actor() -> User:
    """The signed-in user as the engine knows them."""
    return current_user.user


def lang() -> str:
    return getattr(g, "lang", "vi")
