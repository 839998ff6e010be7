"""How REST API clients authenticate, and the language of API answers. No blueprint.

Authentication: HTTP Basic (``Authorization: Basic base64(login:password)``) on every
request, checked by the same use case as the sign-in form — the same scrypt password
hashes and the same limits on failures per account and per client address (while an
account or address must wait: 429 with Retry-After and the wait in the message). Use
it over HTTPS only.

Or a personal API token (``Authorization: Bearer chidao_…``), which its owner creates
and revokes on the account page: an integration then never holds a password. Only the
token's SHA-256 is stored; a revoked, expired or unknown token, or one of a
deactivated user, gets 401.

CSRF: the API never reads the browser session cookie, so a page open in a signed-in
browser cannot make it act (forgery needs credentials the browser adds by itself), and
API routes are exempt from the CSRF token. Two more guards: a 401 carries no Basic
challenge, so browsers never prompt for these credentials or cache them; and request
bodies must be ``application/json``, which a cross-site HTML form cannot send (a script
would need a CORS preflight, which is not granted).

Language: ``?lang=vi|en``, else the ``Accept-Language`` header, else the user's own
setting; Vietnamese by default."""
from __future__ import annotations

import functools

from flask import g, jsonify, request

from engine.domain.errors import DomainError
from engine.usecases.api_tokens import authenticate_token
from engine.usecases.auth import TooManyAttempts, authenticate
from web.context import services
from web.i18n import LANGUAGES

_TEXTS = {
    "unauthenticated": ("Cần đăng nhập bằng HTTP Basic (tên đăng nhập và mật khẩu) hoặc mã truy cập API "
                        "(Authorization: Bearer).",
                        "HTTP Basic authentication (login and password) or a personal API token "
                        "(Authorization: Bearer) is required."),
    "bad_token": ("Mã truy cập API không đúng, đã hết hạn hoặc đã bị thu hồi.",
                  "The API token is wrong, expired or revoked."),
    "bad_credentials": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong login or password."),
}


def text(key: str, **params) -> str:
    vi, en = _TEXTS[key]
    return (en if g.get("lang") == "en" else vi).format(**params)


def error(status: int, key: str, **params):
    return jsonify({"error": text(key, **params), "status": status}), status


def choose_language() -> None:
    """Before authentication, so a 401 already speaks the client's language."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        g.lang, g.api_lang_fixed = asked, True
    elif request.headers.get("Accept-Language"):
        g.lang, g.api_lang_fixed = request.accept_languages.best_match(LANGUAGES) or "vi", True
    else:
        g.lang, g.api_lang_fixed = "vi", False


def api_login_required(view):
    """The caller's HTTP Basic credentials, checked on every request; the engine User
    is kept in ``g.api_user`` (never in the session)."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        auth = request.authorization
        if auth is not None and auth.type == "bearer":
            return bearer_signed_in(auth.token or "", view, *args, **kwargs)
        if auth is None or auth.type != "basic" or not auth.username:
            return error(401, "unauthenticated")
        try:
            user = authenticate(services(), auth.username, auth.password or "", request.remote_addr or "")
        except TooManyAttempts as err:
            answer, status = jsonify({"error": err.message(g.get("lang", "vi")), "status": 429}), 429
            answer.headers["Retry-After"] = str(err.retry_after)
            return answer, status
        if user is None:
            return error(401, "bad_credentials")
        if not g.get("api_lang_fixed") and user.language in LANGUAGES:
            g.lang = user.language
        if user.must_change_password:
            message = DomainError("user.must_change_password").message(g.get("lang", "vi"))
            return jsonify({"error": message, "status": 403}), 403
        g.api_user = user
        return view(*args, **kwargs)
    return wrapper


def bearer_signed_in(secret: str, view, *args, **kwargs):
    """The Bearer path of ``api_login_required``: a personal API token instead of a
    password (engine.usecases.api_tokens); no rate limit is needed, a token's 256
    random bits cannot be guessed."""
    user = authenticate_token(services(), secret)
    if user is None:
        return error(401, "bad_token")
    g.api_user = user
    if not g.get("api_lang_fixed") and user.language in LANGUAGES:
        g.lang = user.language
    return view(*args, **kwargs)


def api_actor():
    return g.api_user
