"""Database engines and sessions for SQLite (the embedded default) and PostgreSQL.

SQLite runs in WAL mode with foreign keys on; a writing unit of work starts with
BEGIN IMMEDIATE so two writers queue instead of failing half-way."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

WRITE_OPTION = "chidao_write"


def make_engine(url: str, echo: bool = False, pool_size: int = 10) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": 60, "check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(url, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None   # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@dataclass
class Database:
    """An engine with one session factory for writes and one for reads."""

    engine: Engine

    def __post_init__(self):
        self.agency_ids: dict = {}     # agency code ↔ id, shared by units of work
        self.writer = sessionmaker(bind=self.engine.execution_options(**{WRITE_OPTION: True}),
                                   expire_on_commit=False)
        self.reader = sessionmaker(bind=self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @classmethod
    def from_url(cls, url: str, **kwargs) -> "Database":
        return cls(make_engine(url, **kwargs))

    def session(self, write: bool = True) -> Session:
        return (self.writer if write else self.reader)()

    def dispose(self) -> None:
        self.engine.dispose()
