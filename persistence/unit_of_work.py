"""The unit of work: one database transaction holding every repository. A use case
opens one, does its work and commits once; leaving without commit rolls back."""
from __future__ import annotations

from persistence.database import Database
from persistence.queries import SqlQueries
from persistence.repositories.directives import SqlDirectives, SqlProcesses
from persistence.repositories.journal import SqlAudit, SqlNotifications, SqlOutbox
from persistence.repositories.people import AgencyIds, SqlAgencies, SqlCalendar, SqlLoginAttempts, SqlMarkers, SqlUsers
from persistence.repositories.tracking import SqlEvidence, SqlInstances, SqlReports, SqlSteps


class SqlUnitOfWork:
    def __init__(self, database: Database, write: bool = True):
        self.database = database
        self.write = write
        self.session = None

    def __enter__(self) -> "SqlUnitOfWork":
        self.session = self.database.session(write=self.write)
        dialect = self.database.dialect
        ids = AgencyIds(self.session, self.database.agency_ids)
        self.agencies = SqlAgencies(self.session, ids)
        self.users = SqlUsers(self.session, ids)
        self.calendar = SqlCalendar(self.session)
        self.markers = SqlMarkers(self.session)
        self.login_attempts = SqlLoginAttempts(self.session)
        self.processes = SqlProcesses(self.session)
        self.directives = SqlDirectives(self.session)
        self.instances = SqlInstances(self.session, ids, dialect)
        self.steps = SqlSteps(self.session, ids)
        self.reports = SqlReports(self.session)
        self.evidence = SqlEvidence(self.session)
        self.audit = SqlAudit(self.session, dialect)
        self.notifications = SqlNotifications(self.session)
        self.outbox = SqlOutbox(self.session, dialect)
        self.queries = SqlQueries(self.session)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        self.notifications.flush()
        self.outbox.flush()
        self.session.commit()
        self.audit._last_hash = None

    def rollback(self) -> None:
        self.session.rollback()
        self.audit._last_hash = None
