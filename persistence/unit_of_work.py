"""The unit of work: one database transaction holding every repository. A use case
opens one, does its work and commits once; leaving without commit rolls back. Writes
the hot path queues (persistence/fast_sql.py) are sent before the commit."""
from __future__ import annotations

from persistence.database import WROTE_KEY, Database
from persistence.fast_sql import ASYNC_COMMIT, FastSql
from persistence.queries import SqlQueries
from persistence.repositories.directives import SqlDirectives, SqlProcesses
from persistence.repositories.extraction import SqlExtractionJobs
from persistence.repositories.journal import SqlAudit, SqlNotifications, SqlOutbox
from persistence.repositories.migrations import SqlMigrations
from persistence.repositories.month_end import SqlMonthEnd
from persistence.repositories.people import AgencyIds, SqlAgencies, SqlCalendar, SqlMarkers, SqlUsers
from persistence.repositories.process_editing import SqlDrafts, SqlProcessUsage
from persistence.repositories.reports import SqlEvidence, SqlReports
from persistence.repositories.steps import SqlSteps
from persistence.repositories.tokens import SqlApiTokens
from persistence.repositories.urgings import SqlUrgings
from persistence.repositories.tracking import SqlInstances


class SqlUnitOfWork:
    def __init__(self, database: Database, write: bool = True, audit_key: bytes = b""):
        self.database = database
        self.write = write
        self.audit_key = audit_key
        self.session = None

    def __enter__(self) -> "SqlUnitOfWork":
        self.session = self.database.session(write=self.write)
        dialect = self.database.dialect
        self.fast = fast = FastSql(self.session, self.database.engine.dialect)
        ids = AgencyIds(self.session, self.database.agency_ids)
        self.agencies = SqlAgencies(self.session, ids)
        self.users = SqlUsers(self.session, ids, fast)
        self.calendar = SqlCalendar(self.session)
        self.migrations = SqlMigrations(self.session)
        self.markers = SqlMarkers(self.session)
        self.api_tokens = SqlApiTokens(self.session)
        self.processes = SqlProcesses(self.session)
        self.directives = SqlDirectives(self.session)
        self.instances = SqlInstances(self.session, ids, dialect, fast)
        self.steps = SqlSteps(self.session, ids, fast, self.instances, self.users)
        self.reports = SqlReports(self.session, fast)
        self.evidence = SqlEvidence(self.session)
        self.audit = SqlAudit(self.session, dialect, fast, self.audit_key)
        self.notifications = SqlNotifications(self.session, fast)
        self.outbox = SqlOutbox(self.session, dialect, fast)
        self.extraction_jobs = SqlExtractionJobs(self.session)
        self.queries = SqlQueries(self.session)
        self.drafts = SqlDrafts(self.session, dialect)
        self.process_usage = SqlProcessUsage(self.session)
        self.urgings = SqlUrgings(self.session)
        self.month_end = SqlMonthEnd(self.session, dialect)
        return self

    def __exit__(self, exc_type, *exc) -> None:
        try:
            self.fast.release()
            if exc_type is None and not self.write and not self.session.info.get(WROTE_KEY):
                self.session.commit()     # a reader ends as a ROLLBACK would, but psycopg keeps its
            else:                         # prepared statements (it drops them all on ROLLBACK)
                self.session.rollback()
        finally:
            self.session.close()

    def commit(self, redoable: bool = False) -> None:
        """Send what is still queued (row counts and unique keys checked) and commit; on
        PostgreSQL the last writes, the audit entries and the COMMIT go in one round trip.
        ``redoable`` (a timer sweep's instance): on PostgreSQL the COMMIT does not wait for
        its WAL to reach the disk (synchronous_commit off for this transaction only). A
        crash of the database server — not of chidao's processes — may then lose the last
        fraction of a second of such commits, whole: their timers are still due and the
        next sweep fires them again. Nothing is ever half written."""
        self.session.flush()
        self.audit.seal()
        if redoable:
            self.fast.queue_setting(ASYNC_COMMIT)
        self.fast.send_and_commit()
        self.fast.release()
        self.session.commit()      # on PostgreSQL the COMMIT is already sent: nothing left to do

    def rollback(self) -> None:
        self.fast.release()
        self.session.rollback()
        self.audit.forget()
