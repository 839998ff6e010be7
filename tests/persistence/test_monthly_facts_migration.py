"""Migration 0011_monthly_facts on SQLite and PostgreSQL: upgrading a database whose
instances have no facts history gives each one row with its current facts, valid
from its creation, so the monthly summary counts them at once; downgrading drops the
table and nothing else."""
from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from engine.usecases.monthly_report import monthly_summary
from persistence.migrate import alembic_config
from tests.conftest import user
from tests.persistence.helpers import at
from tests.persistence.monthly_fixtures import september_story


def _migrate(services, step, revision: str) -> None:
    config = alembic_config(str(services.database.engine.url))
    with services.database.engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config, revision)


def test_the_backfill_gives_every_instance_its_current_facts(any_services):
    services = any_services
    september_story(services)
    services.clock.set(at(2025, 10, 2, 9))
    before = monthly_summary(services, user(services, "admin"), "2025-09").province.counts
    _migrate(services, command.downgrade, "0010_urging")
    assert "instance_facts" not in inspect(services.database.engine).get_table_names()
    _migrate(services, command.upgrade, "head")
    with services.database.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT f.instance_id, f.phase, f.due_date, f.valid_from = i.created_at FROM instance_facts f "
            "JOIN instances i ON i.id = f.instance_id ORDER BY f.instance_id")).all()
        phases = connection.execute(text("SELECT id, phase, due_date FROM instances ORDER BY id")).all()
    assert [(r[0], r[1], r[2]) for r in rows] == [tuple(p) for p in phases] and all(r[3] for r in rows)
    # the current facts stand for the whole past: September as they are now (2/10)
    after = monthly_summary(services, user(services, "admin"), "2025-09").province.counts
    assert after == before and sum(after.values()) == 7
    # …and for August too, the backfill's known limit: the task suspended on 10/9 counts as
    # suspended on 31/8, where the history written since launch (before the downgrade) had it running
    august = monthly_summary(services, user(services, "admin"), "2025-08").province.counts
    assert august["suspended"] == 1 and august["cancelled"] == 1
