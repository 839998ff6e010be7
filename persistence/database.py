"""Database engines and sessions for SQLite (the embedded default) and PostgreSQL.

SQLite runs in WAL mode with foreign keys on; a writing unit of work starts with
BEGIN IMMEDIATE so two writers queue instead of failing half-way.

On PostgreSQL a pooled connection is checked (one round trip) only when it has sat
unused for PING_AFTER_IDLE_SECONDS: a connection the server or the network dropped
while idle is replaced before use, and a busy worker does not pay a round trip per
unit of work. JSON columns are read with orjson on both."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import orjson
from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from persistence.fast_sql import WROTE_KEY, send_queued_before_sqlalchemy

WRITE_OPTION = "chidao_write"
PING_AFTER_IDLE_SECONDS = 5.0


def make_engine(url: str, echo: bool = False, pool_size: int = 10,
                ping_after_idle: float = PING_AFTER_IDLE_SECONDS) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": 60, "check_same_thread": False},
                               json_deserializer=orjson.loads)
        _configure_sqlite(engine)
    else:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        engine = create_engine(url, echo=echo, pool_size=pool_size, max_overflow=pool_size,
                               json_deserializer=orjson.loads)
        _ping_when_idle(engine, ping_after_idle)
    send_queued_before_sqlalchemy(engine)
    return engine


def _ping_when_idle(engine: Engine, after_seconds: float) -> None:
    """Check a pooled connection before use when it has been idle ``after_seconds``;
    a dead one makes the pool connect afresh (DisconnectionError is its signal)."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        if record is not None:
            record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy):
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < after_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)     # in autocommit: no transaction left open
        except Exception as error:  # noqa: BLE001 - any failure means the connection is gone
            raise exc.DisconnectionError(str(error)) from error


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


def _mark_wrote(session, _context) -> None:
    session.info[WROTE_KEY] = True


@dataclass
class Database:
    """An engine with one session factory for writes and one for reads."""

    engine: Engine

    def __post_init__(self):
        self.agency_ids: dict = {}     # agency code ↔ id, shared by units of work
        self.writer = sessionmaker(bind=self.engine.execution_options(**{WRITE_OPTION: True}),
                                   expire_on_commit=False)
        self.reader = sessionmaker(bind=self.engine, expire_on_commit=False)
        event.listen(self.reader, "after_flush", _mark_wrote)

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
