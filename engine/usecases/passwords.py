"""Setting a password: the one function every way of setting one goes through — the
account page, an administrator's reset, a new user from the admin screens or
``chidao user add``, ``chidao init``'s first admin — so the password policy
(engine/domain/password_policy.py) and ending the user's other sessions are written
once, here, and apply to all of them. Only the demo loader seeds hashes without it
(its shared password is weak on purpose)."""
from __future__ import annotations

from dataclasses import replace

from engine.domain.errors import DomainError
from engine.domain.form_validation import FormInvalid
from engine.domain.password_policy import password_problem
from engine.domain.passwords import hash_password
from engine.domain.users import User
from engine.ports import UnitOfWork


def new_password_problem(new: str, *, login: str, name: str = "") -> DomainError | None:
    """What is wrong with ``new`` as the password of ``login`` (called ``name``), if anything."""
    return password_problem(new or "", login=login, name=name)


def set_password(uow: UnitOfWork, user: User, new: str, *, must_change: bool = False,
                 field: str = "new") -> User:
    """Check ``new`` and store it as ``user``'s password in the caller's unit of work
    (the caller audits and commits); ``must_change``: the user must choose another at
    the next sign-in (a reset). Every session of the user signed in before ends. A bad
    password raises FormInvalid on ``field`` and stores nothing. Returns the user with
    their new session version."""
    problem = new_password_problem(new, login=user.login, name=user.name)
    if problem is not None:
        raise FormInvalid({field: problem})
    uow.users.set_password_hash(user.login, hash_password(new), must_change=must_change)
    return replace(user, session_version=uow.users.end_sessions(user.login), must_change_password=must_change)
