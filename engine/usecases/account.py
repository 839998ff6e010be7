"""A user's own account: their preferences (language, daily digest e-mail instead of
one mail per event), their e-mail address and their password. Each change is
audited; wrong current passwords are rate-limited like sign-ins, so a left-open
session cannot be used to guess the password."""
from __future__ import annotations

from dataclasses import replace

from engine.domain.errors import DomainError
from engine.domain.form_validation import FormInvalid
from engine.domain.passwords import check_password
from engine.domain.records import AuditEntry
from engine.domain.users import User, check_email
from engine.usecases.auth import MAX_FAILURES, WINDOW, TooManyAttempts
from engine.usecases.context import Services
from engine.usecases.passwords import new_password_problem, set_password

LANGUAGES = ("vi", "en")
_LABELS = {"language": ("Ngôn ngữ", "Language"), "current": ("Mật khẩu hiện tại", "Current password"),
           "new": ("Mật khẩu mới", "New password"), "confirm": ("Nhập lại mật khẩu mới", "Repeat the new password")}


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


def change_own_password(services: Services, actor: User, current: str, new: str, confirm: str,
                        lang: str = "vi") -> None:
    """Replace the actor's password after checking the current one; problems are
    reported per field and change nothing."""
    errors: dict[str, DomainError] = {}
    problem = new_password_problem(new, lang)
    if problem is not None:
        errors["new"] = problem
    elif new != confirm:
        errors["confirm"] = DomainError("auth.password_mismatch")
    now = services.clock.now()
    key = f"password:{actor.login.lower()}"
    with services.uow() as uow:
        if uow.login_attempts.count_since(key, now - WINDOW) >= MAX_FAILURES:
            raise TooManyAttempts("auth.too_many", minutes=int(WINDOW.total_seconds() // 60))
        if not check_password(current, uow.users.password_hash(actor.login)):
            uow.login_attempts.record(key, now)
            uow.commit()
            errors = {"current": DomainError("auth.wrong_password")} | errors
            raise FormInvalid(errors)
        if errors:
            raise FormInvalid(errors)
        if check_password(new, uow.users.password_hash(actor.login)):
            raise FormInvalid({"new": DomainError("auth.same_password")})
        set_password(uow, actor.login, new, must_change=False, lang=lang)
        uow.login_attempts.clear(key)
        _audit(uow, actor, "user.password_changed", now, None, {"login": actor.login})
        uow.commit()


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
