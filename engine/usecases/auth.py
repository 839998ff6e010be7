"""Signing in: password check with rate limiting per login and per client address,
shared by every worker through the database."""
from __future__ import annotations

from datetime import timedelta

from engine.domain.errors import DomainError
from engine.domain.passwords import check_password
from engine.domain.users import User
from engine.usecases.context import Services

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


class TooManyAttempts(DomainError):
    http_status = 429


def authenticate(services: Services, login: str, password: str, client: str = "") -> User | None:
    """The user when ``password`` is theirs; None when it is not. Raises
    TooManyAttempts after MAX_FAILURES failures for the login or client within WINDOW."""
    now = services.clock.now()
    keys = [f"login:{login.lower()}"] + ([f"client:{client}"] if client else [])
    with services.uow() as uow:
        for key in keys:
            if uow.login_attempts.count_since(key, now - WINDOW) >= MAX_FAILURES:
                raise TooManyAttempts("auth.too_many", minutes=int(WINDOW.total_seconds() // 60))
        user = uow.users.by_login(login)
        stored = uow.users.password_hash(login) if user else None
        if user is None or not user.active or not check_password(password, stored):
            for key in keys:
                uow.login_attempts.record(key, now)
            uow.commit()
            return None
        uow.login_attempts.clear(keys[0])
        uow.commit()
        return user

