"""Languages: Vietnamese by default, English a switch away (Flask-Babel; the source
strings are Vietnamese, web/translations holds English). Template filters for dates
as dd/mm/yyyy, times in Asia/Ho_Chi_Minh and item references as the document writes them."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import g, request, session
from flask_babel import Babel
from flask_login import current_user

from engine.domain.formatting import fmt_day, fmt_moment
from engine.domain.item_refs import readable_ref

LANGUAGES = ("vi", "en")


def select_language() -> str:
    choice = request.args.get("lang")
    if choice in LANGUAGES:
        session["lang"] = choice
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    if getattr(current_user, "is_authenticated", False):
        return current_user.user.language if current_user.user.language in LANGUAGES else "vi"
    return "vi"


def lang_url(code: str) -> str:
    """This page in language ``code``: the same path and parameters, ``lang`` replaced."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
    return request.path + "?" + urlencode(args)


def init_i18n(app) -> None:
    def locale() -> str:
        g.lang = select_language()
        return g.lang

    Babel(app, locale_selector=locale, default_locale="vi", default_timezone="Asia/Ho_Chi_Minh",
          default_translation_directories="translations")
    app.jinja_env.filters["day"] = fmt_day
    app.jinja_env.filters["moment"] = fmt_moment
    app.jinja_env.filters["item_ref"] = lambda ref: readable_ref(ref, g.get("lang", "vi"))
    app.jinja_env.globals["lang_url"] = lang_url

    @app.before_request
    def remember_language():
        g.lang = select_language()
