"""Reports with every version (monthly, completion, extension, input) and evidence file
records. A step that files or reviews a report reads the open one in one statement and
queues its writes (persistence/fast_sql.py)."""
from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import bindparam, func, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from engine.domain.records import EvidenceFile, Report, ReportVersion
from persistence.fast_sql import FastSql, Statement
from persistence.models import EvidenceRow, PendingStepRow, ReportRow, ReportVersionRow

_REPORT_COLUMNS = ("id", "instance_id", "kind", "period", "status", "due_date")
_VERSION_COLUMNS = ("id", "report_id", "number", "values", "evidence", "submitted_by", "submitted_at", "decision",
                    "comment", "decided_by", "decided_at")
_OPEN_STATUSES = ("submitted", "returned")


def _version(row) -> ReportVersion:
    return ReportVersion(number=row.number, values=dict(row.values or {}), submitted_by=row.submitted_by,
                         submitted_at=row.submitted_at, decision=row.decision, comment=row.comment,
                         decided_by=row.decided_by, decided_at=row.decided_at,
                         evidence=list(row.evidence or []), id=row.id)


def _with_versions(reports_query):
    reports, versions = ReportRow.__table__, ReportVersionRow.__table__
    return (select(*[reports.c[n] for n in _REPORT_COLUMNS], *[versions.c[n] for n in _VERSION_COLUMNS])
            .join(reports_query, reports_query.c.id == reports.c.id)
            .outerjoin(versions, versions.c.report_id == reports.c.id))


def _newest_with_versions(chosen):
    """The newest report ``chosen`` (a query of report ids) picks, joined to its versions."""
    latest = chosen.order_by(ReportRow.__table__.c.id.desc()).limit(1).subquery()
    return _with_versions(latest).order_by(ReportVersionRow.__table__.c.number)


def _ids_of(*conditions):
    reports = ReportRow.__table__
    return select(reports.c.id).where(reports.c.instance_id == bindparam("instance_id"),
                                      reports.c.kind == bindparam("kind"), *conditions)


def _open_of_step():
    """Every open report of the instance a pending step belongs to, with its versions:
    in review, and monthly periods not filed yet (what a step files or reviews)."""
    reports, steps = ReportRow.__table__, PendingStepRow.__table__
    instance = select(steps.c.instance_id).where(steps.c.id == bindparam("step_id")).scalar_subquery()
    chosen = select(reports.c.id).where(reports.c.instance_id == instance,
                                        or_(*[reports.c.status == s for s in _OPEN_STATUSES + ("not_filed",)])
                                        ).subquery()
    return _with_versions(chosen).order_by(reports.c.id, ReportVersionRow.__table__.c.number)


OPEN_OF_STEP = Statement(_open_of_step)
FIND_IN_PERIOD = Statement(lambda: _newest_with_versions(_ids_of(ReportRow.__table__.c.period == bindparam("period"))))
FIND_WITHOUT_PERIOD = Statement(lambda: _newest_with_versions(_ids_of(ReportRow.__table__.c.period.is_(None))))
FIND_OPEN = Statement(lambda: _newest_with_versions(_ids_of(or_(*[ReportRow.__table__.c.status == s for s in _OPEN_STATUSES]))))
LAST_FILED = Statement(lambda: _newest_with_versions(_ids_of(ReportRow.__table__.c.id.in_(
    select(ReportVersionRow.__table__.c.report_id)))))
UPDATE_DUE = Statement(lambda: update(ReportRow.__table__).where(ReportRow.__table__.c.id == bindparam("report_id"))
                       .values(due_date=bindparam("new_due")))
WITHDRAW_UNFILED = Statement(lambda: update(ReportRow.__table__).where(
    ReportRow.__table__.c.instance_id == bindparam("instance_id"), ReportRow.__table__.c.kind == "monthly",
    ReportRow.__table__.c.status == "not_filed", ReportRow.__table__.c.due_date >= bindparam("from_day"))
    .values(status="withdrawn"))
def _period_of_instance(reports):
    return (reports.c.instance_id == bindparam("instance_id"), reports.c.kind == bindparam("kind"),
            reports.c.period == bindparam("period"))


def _move_period_due():
    """The due day of the newest report of one period, when it differs."""
    reports = ReportRow.__table__
    newest = select(func.max(reports.c.id)).where(*_period_of_instance(reports)).scalar_subquery()
    return (update(reports).where(reports.c.id == newest, reports.c.due_date.is_distinct_from(bindparam("due")))
            .values(due_date=bindparam("due", type_=reports.c.due_date.type)))


def _open_period():
    """A «not_filed» report for one period, unless the period has one already."""
    reports = ReportRow.__table__
    exists = select(reports.c.id).where(*_period_of_instance(reports)).exists()
    row = select(bindparam("instance_id", type_=reports.c.instance_id.type), bindparam("kind", type_=reports.c.kind.type),
                 bindparam("period", type_=reports.c.period.type), literal("not_filed", reports.c.status.type),
                 bindparam("due", type_=reports.c.due_date.type)).where(~exists)
    return insert(reports).from_select(["instance_id", "kind", "period", "status", "due_date"], row)


MOVE_PERIOD_DUE = Statement(_move_period_due)
OPEN_PERIOD = Statement(_open_period)

INSERT_VERSION = Statement(lambda: insert(ReportVersionRow.__table__), column_keys=[
    "report_id", "number", "values", "evidence", "submitted_by", "submitted_at"])
UPDATE_STATUS = Statement(lambda: update(ReportRow.__table__).where(ReportRow.__table__.c.id == bindparam("report_id"))
                          .values(status=bindparam("new_status")))
UPDATE_DECISION = Statement(lambda: update(ReportVersionRow.__table__)
                            .where(ReportVersionRow.__table__.c.id == bindparam("version_id"))
                            .values(decision=bindparam("new_decision"), comment=bindparam("new_comment"),
                                    decided_by=bindparam("new_decided_by"), decided_at=bindparam("new_decided_at"),
                                    values=bindparam("new_values")))


def reports_from_rows(rows: list[tuple]) -> list[Report]:
    """Reports from rows of a report joined to its versions (ordered by report, then version)."""
    width, reports = len(_REPORT_COLUMNS), {}
    for row in rows:
        report = reports.get(row[0])
        if report is None:
            head = SimpleNamespace(**dict(zip(_REPORT_COLUMNS, row[:width])))
            report = reports[row[0]] = Report(instance_id=head.instance_id, kind=head.kind, period=head.period,
                                              status=head.status, versions=[], id=head.id, due_date=head.due_date)
        if row[width] is not None:
            report.versions.append(_version(SimpleNamespace(**dict(zip(_VERSION_COLUMNS, row[width:])))))
    return list(reports.values())


class SqlReports:
    def __init__(self, session: Session, fast: FastSql):
        self.session, self.fast = session, fast

    def _one(self, statement: Statement, **values) -> Report | None:
        found = reports_from_rows(self.fast.rows(statement, **values))
        return found[0] if found else None

    def _report(self, row: ReportRow) -> Report:
        versions = self.session.scalars(select(ReportVersionRow).where(ReportVersionRow.report_id == row.id)
                                        .order_by(ReportVersionRow.number))
        return Report(instance_id=row.instance_id, kind=row.kind, period=row.period, status=row.status,
                      versions=[_version(v) for v in versions], id=row.id, due_date=row.due_date)

    def find(self, instance_id: int, kind: str, period: str | None) -> Report | None:
        if period:
            return self._one(FIND_IN_PERIOD, instance_id=instance_id, kind=kind, period=period)
        return self._one(FIND_WITHOUT_PERIOD, instance_id=instance_id, kind=kind)

    def open_of(self, instance_id: int, kind: str) -> Report | None:
        return self._one(FIND_OPEN, instance_id=instance_id, kind=kind)

    def add(self, report: Report) -> Report:
        row = ReportRow(instance_id=report.instance_id, kind=report.kind, period=report.period, status=report.status,
                        due_date=report.due_date)
        self.session.add(row)
        self.session.flush()
        report.id = row.id
        return report

    def add_version(self, report: Report, version: ReportVersion) -> ReportVersion:
        """Queue a new version; its id is the database's and stays unknown here."""
        self.fast.queue(INSERT_VERSION, dict(report_id=report.id, number=version.number, values=version.values,
                                             evidence=version.evidence, submitted_by=version.submitted_by,
                                             submitted_at=version.submitted_at))
        report.versions.append(version)
        return version

    def update(self, report: Report) -> None:
        self.fast.queue(UPDATE_STATUS, {"report_id": report.id, "new_status": report.status})

    def set_due(self, report: Report, due) -> None:
        self.fast.queue(UPDATE_DUE, {"report_id": report.id, "new_due": due})
        report.due_date = due

    def open_period(self, instance_id: int, kind: str, period: str, due) -> None:
        """Queued: the period's report, «not_filed» and due on ``due``, if it has none;
        otherwise its due day becomes ``due``. No round trip: the instance is the step's,
        so nobody else writes its reports meanwhile."""
        values = {"instance_id": instance_id, "kind": kind, "period": period, "due": due}
        self.fast.queue(MOVE_PERIOD_DUE, values)
        self.fast.queue(OPEN_PERIOD, values)

    def move_period_due(self, instance_id: int, kind: str, period: str, due) -> None:
        """Queued: the due day of the period's report (if it has one) becomes ``due``."""
        self.fast.queue(MOVE_PERIOD_DUE, {"instance_id": instance_id, "kind": kind, "period": period, "due": due})

    def withdraw_unfiled(self, instance_id: int, from_day) -> None:
        """Monthly periods not filed whose due day is ``from_day`` or later: the task
        closed before they fell due."""
        self.fast.queue(WITHDRAW_UNFILED, {"instance_id": instance_id, "from_day": from_day})

    def last_filed(self, instance_id: int, kind: str) -> Report | None:
        """The newest report of ``kind`` that has a version (the last one filed)."""
        return self._one(LAST_FILED, instance_id=instance_id, kind=kind)

    def update_version(self, version: ReportVersion) -> None:
        self.fast.queue(UPDATE_DECISION, dict(    # values["reviews"]: every review kept
            version_id=version.id, new_decision=version.decision, new_comment=version.comment,
            new_decided_by=version.decided_by, new_decided_at=version.decided_at, new_values=version.values))

    def of_instance(self, instance_id: int) -> list[Report]:
        rows = self.session.scalars(select(ReportRow).where(ReportRow.instance_id == instance_id)
                                    .order_by(ReportRow.id))
        return [self._report(r) for r in rows]


class SqlEvidence:
    def __init__(self, session: Session):
        self.session = session

    def add(self, e: EvidenceFile) -> EvidenceFile:
        row = EvidenceRow(sha256=e.sha256, filename=e.filename, size=e.size, content_type=e.content_type,
                          uploaded_by=e.uploaded_by, uploaded_at=e.uploaded_at, instance_id=e.instance_id)
        self.session.add(row)
        self.session.flush()
        e.id = row.id
        return e

    def by_hash(self, sha256: str) -> list[EvidenceFile]:
        rows = self.session.scalars(select(EvidenceRow).where(EvidenceRow.sha256 == sha256))
        return [EvidenceFile(sha256=r.sha256, filename=r.filename, size=r.size, content_type=r.content_type,
                             uploaded_by=r.uploaded_by, uploaded_at=r.uploaded_at, instance_id=r.instance_id,
                             id=r.id) for r in rows]
