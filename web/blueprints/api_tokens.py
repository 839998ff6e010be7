"""Personal API tokens on the account page: ``POST /account/tokens`` creates one and
answers with the account page showing its secret this once (never in a redirect, a
flash or the session cookie, which is signed but readable; the answer is not cached);
``POST /account/tokens/<id>/revoke`` revokes one of the user's own. The list of
tokens on the account page comes from ``my_api_tokens()``."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.domain.form_validation import FormInvalid
from engine.usecases.api_tokens import create_api_token, list_api_tokens, revoke_api_token
from web.auth import requires_role
from web.context import actor, lang, services

bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens")


def _account_page(status: int = 200, **context):
    page = render_template("account/index.html", me=actor(), **context)
    return page, status, {"Cache-Control": "no-store"}


@bp.post("")
@requires_role()
def create():
    try:
        created = create_api_token(services(), actor(), request.form.get("name", ""),
                                   request.form.get("expires_on", ""), lang=lang())
    except FormInvalid as err:
        return _account_page(400, token_errors=err.field_messages(lang()), token_form=request.form)
    return _account_page(201, new_token=created)


@bp.post("/<int:token_id>/revoke")
@requires_role()
def revoke(token_id: int):
    token = revoke_api_token(services(), actor(), token_id)
    flash(_("Đã thu hồi mã truy cập «%(name)s».", name=token.name), "success")
    return redirect(url_for("account.index"))


@bp.app_template_global()
def my_api_tokens():
    """The signed-in user's tokens, for the account page."""
    return list_api_tokens(services(), actor())


@bp.app_template_global()
def token_expired(token) -> bool:
    return token.expired(services().clock.now())
