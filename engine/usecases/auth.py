"""Signing in and out. The password check is limited per account (a wait that grows
with each failure) and loosely per client address, on real time, by the services'
AttemptLimiter; it does the same hashing work whether or not the login exists, so
neither its answer nor its time tells which logins exist. Signing out ends every
session of the user (their session version moves on)."""
from __future__ import annotations

import math

from engine.domain.errors import DomainError
from engine.domain.passwords import check_password
from engine.domain.users import User
from engine.usecases.context import Services

MAX_LOGIN = 200   # longer than any login (80): only the start of a longer one is looked at


class TooManyAttempts(DomainError):
    """Wait ``retry_after`` seconds before trying again."""

    http_status = 429

    def __init__(self, wait_seconds: float):
        self.retry_after = max(1, math.ceil(wait_seconds))
        if self.retry_after < 120:
            super().__init__("auth.locked_seconds", seconds=self.retry_after)
        else:
            super().__init__("auth.locked_minutes", minutes=math.ceil(self.retry_after / 60))


def sign_in_account(login: str) -> str:
    """The name the limiter counts a login's sign-in failures under."""
    return "sign-in:" + login.strip().lower()[:MAX_LOGIN]


def refuse_if_waiting(services: Services, account: str, address: str | None = None) -> None:
    wait = services.attempts.wait_seconds(account, address)
    if wait > 0:
        raise TooManyAttempts(wait)


def authenticate(services: Services, login: str, password: str, client: str = "") -> User | None:
    """The user when ``password`` is theirs; None when it is not. Raises
    TooManyAttempts while the login (or, far more loosely, the client address) has to
    wait after failures."""
    account, address = sign_in_account(login), client or None
    refuse_if_waiting(services, account, address)
    with services.uow(write=False) as uow:
        looked_up = login.strip()[:MAX_LOGIN]
        user = uow.users.by_login(looked_up)
        stored = uow.users.password_hash(looked_up)   # read for an unknown login too: the same work
    matches = check_password(password, stored)     # the same work for an unknown login
    if user is None or not user.active or not matches:
        services.attempts.failed(account, address)
        return None
    services.attempts.succeeded(account)
    return user


def sign_out(services: Services, actor: User) -> None:
    """End every session of ``actor``: the cookie of this one and of any other device
    stops working."""
    with services.uow() as uow:
        uow.users.end_sessions(actor.login)
        uow.commit()
