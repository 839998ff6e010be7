"""Setting a password: the one function every way of setting one goes through — the
account page, an administrator's reset, a new user from the admin screens or
``chidao user add`` — so a rule about passwords (length today; strength, revoking
the other sessions) is written once, here, and applies to all of them."""
from __future__ import annotations

from engine.domain.errors import DomainError
from engine.domain.form_validation import FormInvalid
from engine.domain.passwords import hash_password
from engine.ports import UnitOfWork

MIN_PASSWORD = 8
MAX_PASSWORD = 200
_LABEL = ("Mật khẩu mới", "New password")


def new_password_problem(new: str, lang: str = "vi") -> DomainError | None:
    """What is wrong with ``new`` as a password, if anything."""
    if len(new or "") < MIN_PASSWORD:
        return DomainError("auth.weak_password")
    if len(new) > MAX_PASSWORD:
        return DomainError("form.too_long", field=_LABEL[lang == "en"], max=MAX_PASSWORD)
    return None


def set_password(uow: UnitOfWork, login: str, new: str, *, must_change: bool, lang: str = "vi",
                 field: str = "new") -> None:
    """Check ``new`` and store it as ``login``'s password in the caller's unit of work;
    ``must_change``: the user must choose another at the next sign-in (a reset).
    A bad password raises FormInvalid on ``field`` and stores nothing."""
    problem = new_password_problem(new, lang)
    if problem is not None:
        raise FormInvalid({field: problem})
    uow.users.set_password_hash(login, hash_password(new), must_change=must_change)
