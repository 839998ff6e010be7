"""Administration commands: users, the working calendar and the hand-over of a ceased
agency's tasks (process versions: web/cli/processes.py)."""
from __future__ import annotations

import click

from engine.domain.users import ROLES, User
from engine.usecases.agencies import transfer_open_tasks
from engine.usecases.setup import set_calendar_day
from engine.usecases.users import create_user
from web.cli.common import actor, domain_errors, services


@click.group()
def user():
    """Người dùng."""


@user.command("add")
@click.argument("login")
@click.option("--name", required=True)
@click.option("--agency", required=True, help="Mã cơ quan.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES))
@click.option("--email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--as", "login_as", default="admin", show_default=True)
@domain_errors
def user_add(login, name, agency, roles, email, password, login_as):
    create_user(services(), actor(login_as), User(login=login, name=name, agency_code=agency,
                                                  roles=frozenset(roles), email=email), password)
    click.echo(f"Đã tạo người dùng {login}.")


@click.group()
def calendar():
    """Lịch ngày làm việc (ghi đè của quản trị)."""


@calendar.command("set")
@click.argument("day", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]))
@click.argument("kind", type=click.Choice(["working", "off", "default"]))
@click.option("--note", default="")
@click.option("--as", "login_as", default="admin", show_default=True)
@domain_errors
def calendar_set(day, kind, note, login_as):
    """Ghi một ngày là ngày làm việc (working), ngày nghỉ (off) hoặc bỏ ghi đè (default)."""
    working = {"working": True, "off": False, "default": None}[kind]
    set_calendar_day(services(), actor(login_as), day.date(), working, note)
    click.echo(f"{day:%d/%m/%Y}: {kind}")


@click.group()
def agency():
    """Cơ quan."""


@agency.command("transfer")
@click.argument("from_code")
@click.argument("to_code")
@click.option("--as", "login_as", default="admin", show_default=True)
@domain_errors
def agency_transfer(from_code, to_code, login_as):
    """Chuyển nhiệm vụ đang mở của cơ quan đã chấm dứt sang cơ quan kế thừa."""
    result = transfer_open_tasks(services(), actor(login_as), from_code, to_code)
    click.echo(f"Đã chuyển {result.moved} nhiệm vụ từ {from_code} sang {to_code}.")
