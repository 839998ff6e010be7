"""Creates or upgrades a database to the newest schema with Alembic (``chidao init``)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from persistence.database import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(database: Database, audit_key: bytes | None = None) -> None:
    """``audit_key`` signs the audit checkpoint a migration creates (0003); without it
    the checkpoint starts unsigned and the first append marks it broken."""
    config = alembic_config(str(database.engine.url))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        config.attributes["audit_key"] = audit_key
        command.upgrade(config, "head")


def current_revision(database: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
