"""The hot path's statements: SQLAlchemy Core statements compiled once per dialect and
run straight on the DB-API cursor of the unit of work's own connection (so inside its
transaction), with the column types' own bind and result processors.

Writes whose results nobody reads at once are queued and sent together: on PostgreSQL
in one pipeline (one round trip for all of them, with the reads that follow, with the
BEGIN that opens the transaction and, at the end, with the COMMIT), on SQLite one after
the other. The queue is sent before the next read, before any statement SQLAlchemy
itself runs on the connection (an engine event, so an ORM query never misses a queued
row) and at the commit; a row count that must be exact (the optimistic lock) or a
unique key that must not clash (a step completed twice) is checked when it is sent,
and raises the error its writer chose."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

PENDING_KEY = "chidao_pending_writes"
WROTE_KEY = "chidao_wrote"      # in Session.info: this session wrote something


class Statement:
    """A Core statement built once (lazily: models may not be imported yet) and
    compiled once per dialect."""

    def __init__(self, build: Callable[[], Any], column_keys: list[str] | None = None):
        self.build, self.column_keys = build, column_keys
        self._compiled: dict[str, _Compiled] = {}

    def compiled(self, dialect) -> "_Compiled":
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = _Compiled(self.build(), dialect, self.column_keys)
        return found


class _Compiled:
    def __init__(self, stmt, dialect, column_keys):
        compiled = stmt.compile(dialect=dialect, column_keys=column_keys)
        self.sql = compiled.string
        self.order = list(compiled.positiontup) if compiled.positional else None
        self.binds, self.defaults = {}, {}
        for name, bind in compiled.binds.items():
            if bind.expanding:
                raise ValueError(f"an expanding parameter ({name}) cannot be compiled once: {self.sql}")
            self.binds[name] = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if bind.value is not None:
                self.defaults[name] = bind.value     # a literal of the statement (a LIMIT, a constant)
        columns = list(getattr(stmt, "selected_columns", None) or [])
        processors = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns]
        self.results = processors if any(p is not None for p in processors) else None
        self.table = getattr(getattr(stmt, "table", None), "name", None)

    def params(self, values: dict):
        processed = {}
        for name, processor in self.binds.items():
            value = values.get(name, self.defaults.get(name))
            processed[name] = processor(value) if processor is not None and value is not None else value
        if self.order is not None:
            return tuple(processed[name] for name in self.order)
        return processed

    def row(self, raw) -> tuple:
        if self.results is None:
            return tuple(raw)
        return tuple(p(v) if p is not None and v is not None else v for p, v in zip(self.results, raw))


@dataclass
class _Write:
    compiled: _Compiled
    params: Any
    expect_rows: int | None = None
    on_clash: Exception | None = None
    fails_as: str | None = None     # an SQLSTATE the statement raises itself for a clash

    def clashed(self, error: Exception, table: str | None) -> bool:
        if self.on_clash is None:
            return False
        if self.fails_as is not None and getattr(error, "sqlstate", None) == self.fails_as:
            return True
        return _is_unique_violation(error) and (table is None or self.compiled.table == table)


class FastSql:
    """One unit of work's fast statements and queued writes."""

    def __init__(self, session, dialect):
        self.session, self.dialect = session, dialect
        self.postgres = dialect.name == "postgresql"
        self._queue: list[_Write] = []
        self._connection = None

    def _dbapi(self):
        if self._connection is None:
            connection = self.session.connection()
            connection.info[PENDING_KEY] = self
            self._connection = connection
        return self._connection.connection.dbapi_connection

    # ---- reads ------------------------------------------------------------------
    def rows(self, statement: Statement, **values) -> list[tuple]:
        return self.rows_many([(statement, values)])[0]

    def first(self, statement: Statement, **values) -> tuple | None:
        found = self.rows(statement, **values)
        return found[0] if found else None

    def rows_many(self, reads: list[tuple[Statement, dict]]) -> list[list[tuple]]:
        """Run ``reads`` in order, after the queued writes; on PostgreSQL all of it in
        one round trip (each statement still sees everything sent before it)."""
        if not self.session._flushing and (self.session.new or self.session.deleted or self.session.dirty):
            self.session.flush()     # rows the ORM still holds: the reads must see them too
        dbapi = self._dbapi()
        compiled = [(statement.compiled(self.dialect), values) for statement, values in reads]
        queued, self._queue = self._queue, []
        if not self.postgres or (len(queued) + len(compiled) == 1 and _in_transaction(dbapi)):
            for write in queued:
                self._send_one(dbapi, write)
            return [self._read(dbapi, c, values) for c, values in compiled]
        cursors = self._pipeline(dbapi, queued, compiled)    # outside a transaction: its BEGIN goes too
        results = []
        for (c, _), cursor in zip(compiled, cursors[len(queued):]):
            results.append([c.row(r) for r in cursor.fetchall()])
            cursor.close()
        return results

    @staticmethod
    def _read(dbapi, compiled: "_Compiled", values: dict) -> list[tuple]:
        cursor = dbapi.cursor()
        try:
            cursor.execute(compiled.sql, compiled.params(values))
            return [compiled.row(r) for r in cursor.fetchall()]
        finally:
            cursor.close()

    # ---- writes -----------------------------------------------------------------
    def queue(self, statement: Statement, values: dict, expect_rows: int | None = None,
              on_clash: Exception | None = None, fails_as: str | None = None) -> None:
        """Send with the next read or the commit. ``on_clash`` is raised if the write
        breaks a unique key, touches other than ``expect_rows`` rows (when given; the
        count is known only after the statement, so the COMMIT then waits for it) or
        fails with SQLSTATE ``fails_as`` (a statement that checks itself)."""
        compiled = statement.compiled(self.dialect)
        self._dbapi()
        self.session.info[WROTE_KEY] = True
        self._queue.append(_Write(compiled, compiled.params(values), expect_rows, on_clash, fails_as))

    def queue_setting(self, statement: "Statement") -> None:
        """Queue a PostgreSQL-only statement of the transaction itself (a SET LOCAL); it
        does nothing elsewhere."""
        if self.postgres:
            self.queue(statement, {})

    def send(self) -> None:
        """Send every queued write now."""
        if self._queue:
            self.rows_many([])

    def send_and_commit(self) -> bool:
        """Send the queued writes and, on PostgreSQL, COMMIT in the same round trip
        (True: the transaction is committed, and the DB-API's own commit that follows
        finds nothing to do). On SQLite only the writes are sent (False)."""
        if not self.postgres or self._connection is None:
            self.send()
            return False
        dbapi = self._dbapi()
        if not self._queue and not _in_transaction(dbapi):
            return True
        if any(write.expect_rows is not None for write in self._queue):
            self.send()        # its row counts must be checked before anything commits
            return False
        queued, self._queue = self._queue, []
        self._pipeline(dbapi, queued, [], commit=True)
        return True

    def _send_one(self, dbapi, write: _Write) -> None:
        cursor = dbapi.cursor()
        try:
            try:
                cursor.execute(write.compiled.sql, write.params)
            except Exception as exc:
                if write.clashed(exc, None):
                    raise write.on_clash from None
                raise
            _check_count(write, cursor.rowcount)
        finally:
            cursor.close()

    def _pipeline(self, dbapi, queued: list[_Write], reads, commit: bool = False) -> list:
        """Writes, then reads, then (``commit``) COMMIT in one PostgreSQL pipeline;
        the cursors of the writes and reads, in that order."""
        cursors = []
        try:
            with dbapi.pipeline():
                for write in queued:
                    cursors.append(dbapi.cursor())
                    cursors[-1].execute(write.compiled.sql, write.params)
                for compiled, values in reads:
                    cursors.append(dbapi.cursor())
                    cursors[-1].execute(compiled.sql, compiled.params(values))
                if commit:
                    dbapi.cursor().execute("COMMIT")    # aborted with the rest if a write failed
        except Exception as exc:
            table = getattr(getattr(exc, "diag", None), "table_name", None)
            for write in queued:
                if write.clashed(exc, table):
                    raise write.on_clash from None
            if getattr(exc, "sqlstate", None) in _LOST_TO_ANOTHER:
                clash = next((w.on_clash for w in queued if w.on_clash is not None), None)
                if clash is not None:    # another transaction won: the writer's retry applies
                    raise clash from None
            raise
        for write, cursor in zip(queued, cursors):
            _check_count(write, cursor.rowcount)
            cursor.close()
        return cursors

    def discard(self) -> None:
        self._queue = []

    def release(self) -> None:
        """The unit of work is over: forget the connection (it goes back to the pool)."""
        self._queue = []
        if self._connection is not None:
            self._connection.info.pop(PENDING_KEY, None)
            self._connection = None


ASYNC_COMMIT = Statement(lambda: text("SET LOCAL synchronous_commit TO off"))
_LOST_TO_ANOTHER = ("40P01", "40001")     # deadlock detected, serialization failure


def _in_transaction(dbapi) -> bool:
    from psycopg.pq import TransactionStatus
    return dbapi.info.transaction_status != TransactionStatus.IDLE


class RowCountMismatch(Exception):
    pass


def _check_count(write: _Write, count: int) -> None:
    if write.expect_rows is not None and count != write.expect_rows:
        raise write.on_clash if write.on_clash is not None else RowCountMismatch(write.compiled.sql)


def _is_unique_violation(exc: Exception) -> bool:
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate == "23505"
    return "UNIQUE constraint failed" in str(exc)


def send_queued_before_sqlalchemy(engine: Engine) -> None:
    """Any statement SQLAlchemy runs on a connection first sends that connection's
    queued writes, so what the ORM reads always includes them."""

    @event.listens_for(engine, "before_cursor_execute")
    def _send_pending(conn, cursor, statement, parameters, context, executemany):
        pending = conn.info.get(PENDING_KEY)
        if pending is not None and pending._queue:
            pending.send()
