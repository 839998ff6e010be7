"""The ``chidao`` command line: thin commands over the same use cases the web UI
calls. CHIDAO_NOW fixes "now"; CHIDAO_DATABASE_URL picks the database."""
from __future__ import annotations

import click

from web.cli.admin import agency, calendar, user
from web.cli.operate import init, serve, tick
from web.cli.processes import process
from web.cli.records import audit, directive, step, task
from web.cli.reports import report


@click.group()
def main():
    """chidao — theo dõi nhiệm vụ từ văn bản chỉ đạo đến khi hoàn thành."""


for command in (init, serve, tick, directive, task, step, audit, user, calendar, process, agency):
    main.add_command(command)
main.add_command(report)
