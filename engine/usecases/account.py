"""A user's own account: their preferences (language, daily digest e-mail instead of
one mail per event), their e-mail address and their password (set through
engine/usecases/passwords.py, which applies the password policy and ends the user's
other sessions). Each change is audited; wrong
current passwords are limited like sign-ins, so a left-open session cannot be used
to guess the password."""
from __future__ import annotations

from dataclasses import replace

from engine.domain.errors import DomainError
from engine.domain.form_validation import FormInvalid
from engine.domain.passwords import check_password
from engine.domain.records import AuditEntry
from engine.domain.users import User, check_email
from engine.usecases.auth import refuse_if_waiting
from engine.usecases.context import Services
from engine.usecases.passwords import new_password_problem, set_password

LANGUAGES = ("vi", "en")
_LABELS = {"language": ("Ngôn ngữ", "Language")}


def _label(name: str, lang: str) -> str:
    vi, en = _LABELS[name]
    return en if lang == "en" else vi


def _audit(uow, actor: User, action: str, now, before: dict | None, after: dict | None) -> None:
    uow.audit.append(AuditEntry(at=now, actor_login=actor.login, actor_name=actor.name,
                                agency_code=actor.agency_code or "", action=action, before=before, after=after))


def update_preferences(services: Services, actor: User, *, language: str, digest: bool,
                       lang: str = "vi") -> User:
    """Set the actor's own language and digest choice; returns the updated user."""
    if language not in LANGUAGES:
        raise FormInvalid({"language": DomainError("form.bad_choice", field=_label("language", lang),
                                                   value=language)})
    now = services.clock.now()
    with services.uow() as uow:
        current = uow.users.by_login(actor.login)
        updated = replace(current, language=language, digest=bool(digest))
        if (current.language, current.digest) != (updated.language, updated.digest):
            uow.users.update(updated)
            _audit(uow, actor, "user.preferences_changed", now,
                   {"language": current.language, "digest": current.digest},
                   {"language": updated.language, "digest": updated.digest})
            uow.commit()
        return updated


def change_own_password(services: Services, actor: User, current: str, new: str, confirm: str) -> User:
    """Replace the actor's password after checking the current one; problems are
    reported per field and change nothing. Returns the actor with their new session
    version: the caller's own session goes on with it, every other one ends."""
    account = "password:" + actor.login.lower()
    refuse_if_waiting(services, account)
    with services.uow(write=False) as uow:
        right = check_password(current, uow.users.password_hash(actor.login))
    if not right:
        services.attempts.failed(account)
    errors: dict[str, DomainError] = {} if right else {"current": DomainError("auth.wrong_password")}
    problem = new_password_problem(new, login=actor.login, name=actor.name)
    if problem is not None:
        errors["new"] = problem
    elif new != confirm:
        errors["confirm"] = DomainError("auth.password_mismatch")
    elif right and current == new:
        errors["new"] = DomainError("auth.same_password")
    if errors:
        raise FormInvalid(errors)
    services.attempts.succeeded(account)
    now = services.clock.now()
    with services.uow() as uow:
        changed = set_password(uow, uow.users.by_login(actor.login), new)
        _audit(uow, actor, "user.password_changed", now, None, {"login": actor.login})
        uow.commit()
    return changed


def update_own_email(services: Services, actor: User, email: str, lang: str = "vi") -> User:
    """Set (or, empty, remove) the actor's own e-mail address; a malformed one is
    refused on the field and changes nothing."""
    email = (email or "").strip() or None
    problem = check_email(email, lang)
    if problem is not None:
        raise FormInvalid({"email": problem})
    now = services.clock.now()
    with services.uow() as uow:
        current = uow.users.by_login(actor.login)
        if current.email == email:
            return current
        updated = replace(current, email=email)
        uow.users.update(updated)
        _audit(uow, actor, "user.email_changed", now, {"email": current.email}, {"email": email})
        uow.commit()
        return updated
