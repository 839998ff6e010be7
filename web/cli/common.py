"""Helpers every command shares: building Services from the environment, finding the
acting user, printing JSON, and turning domain errors into clear messages."""
from __future__ import annotations

import functools
import json
import sys
from datetime import date, datetime

import click

from config.settings import Settings
from engine.domain.errors import DomainError
from engine.extraction import ExtractionError
from engine.domain.users import User
from web.bootstrap import build_services, database_ready

_services = None
_ready = False   # the database was found at the newest schema revision


def services(require_ready: bool = True):
    """The Services of this command; refuses a database that `chidao init` has not
    created or upgraded yet (except for init itself)."""
    global _services, _ready
    if _services is None:
        _services, _ready = build_services(Settings.from_env()), False
    if require_ready and not _ready:
        _ready = database_ready(_services)
        if not _ready:
            raise click.ClickException(
                "Cơ sở dữ liệu chưa được khởi tạo hoặc cần nâng cấp: hãy chạy «chidao init» "
                f"({_services.settings.database_url}).")
    return _services


def actor(login: str) -> User:
    with services().uow(write=False) as uow:
        found = uow.users.by_login(login)
    if found is None:
        raise click.ClickException(DomainError("user.not_found", login=login).message())
    return found


def _default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


def domain_errors(func):
    """Print a DomainError as a one-line message and exit 1 (nothing was changed)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ExtractionError as err:
            click.echo(f"Lỗi: {err}", err=True)
            sys.exit(1)
        except DomainError as err:
            details = getattr(err, "field_messages", None)
            fields = details() if details else {}
            line = "; ".join(f"{name}: {message}" for name, message in fields.items()) or err.message()
            click.echo(f"Lỗi: {line}", err=True)
            sys.exit(1)
    return wrapper
