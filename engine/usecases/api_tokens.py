"""A user's personal API tokens: creating one (its secret returned once, never
stored), listing and revoking their own, and recognising a token an API request
presents. Creating and revoking are audited; a token's last use is written at most
once a minute, so a busy integration does not write on every request."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from engine.domain import api_tokens
from engine.domain.api_tokens import ApiToken
from engine.domain.calendar import local_date
from engine.domain.errors import DomainError, NotFound
from engine.domain.form_validation import FormInvalid
from engine.domain.forms import parse_day
from engine.domain.input_limits import forbidden_character
from engine.domain.records import AuditEntry
from engine.domain.users import User
from engine.usecases.context import Services

TOUCH_EVERY = timedelta(minutes=1)
LONGEST_VALIDITY = timedelta(days=2 * 366)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str          # shown to its owner once; only its digest is kept


_NAME_LABEL = ("Tên mã truy cập", "Token name")


def _name(raw, lang: str) -> str:
    name = raw.strip() if isinstance(raw, str) else ""
    if not name:
        raise DomainError("token.name_required")
    if len(name) > api_tokens.MAX_NAME:
        raise DomainError("form.too_long", field=_NAME_LABEL[lang == "en"], max=api_tokens.MAX_NAME)
    bad = forbidden_character(name)
    if bad:
        raise DomainError("input.forbidden_character", field=_NAME_LABEL[lang == "en"], char=bad)
    return name


def _expiry(raw, today: date) -> date | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        day = parse_day(raw)
    except (TypeError, ValueError):
        raise DomainError("token.bad_expiry", value=str(raw)[:40]) from None
    last = today + LONGEST_VALIDITY
    if not today <= day <= last:
        raise DomainError("token.expiry_range", first=today.strftime("%d/%m/%Y"), last=last.strftime("%d/%m/%Y"))
    return day


def _audit(uow, actor: User, action: str, now, token: ApiToken) -> None:
    uow.audit.append(AuditEntry(at=now, actor_login=actor.login, actor_name=actor.name,
                                agency_code=actor.agency_code or "", action=action,
                                after={"token": token.id, "name": token.name, "hint": token.hint,
                                       "expires_on": token.expires_on.isoformat() if token.expires_on else None}))


def create_api_token(services: Services, actor: User, name, expires_on=None, lang: str = "vi") -> NewToken:
    """A new token for the actor; problems are reported per field (``name``,
    ``expires_on``) and change nothing."""
    now = services.clock.now()
    errors: dict[str, DomainError] = {}
    checked = {}
    for field, check in (("name", lambda: _name(name, lang)), ("expires_on", lambda: _expiry(expires_on, local_date(now)))):
        try:
            checked[field] = check()
        except DomainError as err:
            errors[field] = err
    if errors:
        raise FormInvalid(errors)
    secret = api_tokens.new_secret()
    with services.uow() as uow:
        if len(uow.api_tokens.of_user(actor.login)) >= api_tokens.MAX_ACTIVE:
            raise FormInvalid({"name": DomainError("token.too_many", max=api_tokens.MAX_ACTIVE)})
        token = uow.api_tokens.add(ApiToken(user_login=actor.login, name=checked["name"],
                                            hint=secret[:api_tokens.HINT_LENGTH], created_at=now,
                                            expires_on=checked["expires_on"]), api_tokens.digest(secret))
        _audit(uow, actor, "api_token.created", now, token)
        uow.commit()
    return NewToken(token, secret)


def list_api_tokens(services: Services, actor: User) -> list[ApiToken]:
    """The actor's own tokens that were not revoked, newest first (expired ones too)."""
    with services.uow(write=False) as uow:
        return uow.api_tokens.of_user(actor.login)


def revoke_api_token(services: Services, actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens; anyone else's, or one already revoked,
    is not found."""
    now = services.clock.now()
    with services.uow() as uow:
        token = next((t for t in uow.api_tokens.of_user(actor.login) if t.id == token_id), None)
        if token is None:
            raise NotFound("token.not_found")
        uow.api_tokens.revoke(token.id, now)
        _audit(uow, actor, "api_token.revoked", now, token)
        uow.commit()
    return token


def authenticate_token(services: Services, secret: str) -> User | None:
    """The active user whose usable token ``secret`` is; None otherwise."""
    if not api_tokens.looks_like_token(secret):
        return None
    now = services.clock.now()
    wanted = api_tokens.digest(secret)
    with services.uow() as uow:
        token = uow.api_tokens.by_digest(wanted)
        if token is None or not token.usable(now):
            return None
        user = uow.users.by_login(token.user_login)
        if user is None or not user.active:
            return None
        if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
            uow.api_tokens.touch(token.id, now)
            uow.commit()
        return user
