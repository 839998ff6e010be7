"""Instances (with optimistic locking and timer claims), pending and completed steps,
reports with their versions, and evidence file records."""
from __future__ import annotations

import zlib
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.domain.records import (CompletedStep, EvidenceFile, Instance, PendingStep, Report,
                                   ReportVersion)
from engine.ports import StaleInstance
from persistence.models import (CompletedStepRow, EvidenceRow, InstanceRow, PendingStepRow, ReportRow,
                                ReportVersionRow)
from persistence.repositories.people import AgencyIds

_PROJECTED = ("next_timer_at", "phase", "deadline_kind", "due_date", "original_due_date", "officer_login",
              "submitted_at", "due_at_submission", "closed_at", "completed_on_time", "outcome", "escalation", "percent")


def pack_state(state: str) -> bytes:
    return zlib.compress(state.encode("utf-8"), 6)


def unpack_state(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


class SqlInstances:
    def __init__(self, session: Session, ids: AgencyIds, dialect: str):
        self.session, self.ids, self.dialect = session, ids, dialect

    def _record(self, row: InstanceRow) -> Instance:
        values = {name: getattr(row, name) for name in _PROJECTED}
        return Instance(task_id=row.task_id, agency_code=self.ids.code_of(row.agency_id),
                        process_version_id=row.process_version_id, state=unpack_state(row.state),
                        version=row.version, created_at=row.created_at, updated_at=row.updated_at,
                        id=row.id, **values)

    def add(self, instance: Instance) -> Instance:
        row = InstanceRow(task_id=instance.task_id, agency_id=self.ids.id_of(instance.agency_code),
                          process_version_id=instance.process_version_id, state=pack_state(instance.state),
                          version=0, created_at=instance.created_at, updated_at=instance.updated_at,
                          **{name: getattr(instance, name) for name in _PROJECTED})
        self.session.add(row)
        self.session.flush()
        instance.id, instance.version = row.id, 0
        return instance

    def with_context(self, instance_id: int):
        """(instance, its task, its directive, its agency's name) in one statement."""
        from persistence.models import AgencyRow, DirectiveRow, TaskRow
        from persistence.repositories.directives import directive_from_row, task_from_row

        found = self.session.execute(
            select(InstanceRow, TaskRow, DirectiveRow, AgencyRow.name)
            .join(TaskRow, TaskRow.id == InstanceRow.task_id)
            .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
            .join(AgencyRow, AgencyRow.id == InstanceRow.agency_id)
            .where(InstanceRow.id == instance_id)).first()
        if found is None:
            return None
        row, task, directive, agency_name = found
        return self._record(row), task_from_row(task), directive_from_row(directive), agency_name

    def get(self, instance_id: int) -> Instance | None:
        row = self.session.get(InstanceRow, instance_id)
        return self._record(row) if row else None

    def save(self, instance: Instance, expected_version: int) -> None:
        values = {name: getattr(instance, name) for name in _PROJECTED}
        result = self.session.execute(
            update(InstanceRow)
            .where(InstanceRow.id == instance.id, InstanceRow.version == expected_version)
            .values(state=pack_state(instance.state), version=expected_version + 1,
                    updated_at=instance.updated_at, agency_id=self.ids.id_of(instance.agency_code),
                    process_version_id=instance.process_version_id, **values)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise StaleInstance(instance.id)
        instance.version = expected_version + 1

    def claim_due(self, now: datetime, limit: int, exclude: set[int] | frozenset = frozenset()) -> list[int]:
        query = (select(InstanceRow.id).where(InstanceRow.next_timer_at <= now)
                 .order_by(InstanceRow.next_timer_at, InstanceRow.id).limit(limit))
        if exclude:
            query = query.where(InstanceRow.id.not_in(list(exclude)))
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return list(self.session.scalars(query))

    def of_task(self, task_id: int) -> list[Instance]:
        rows = self.session.scalars(select(InstanceRow).where(InstanceRow.task_id == task_id).order_by(InstanceRow.id))
        return [self._record(r) for r in rows]

    def of_agency(self, agency_code: str, open_only: bool = True) -> list[Instance]:
        query = select(InstanceRow).where(InstanceRow.agency_id == self.ids.id_of(agency_code))
        if open_only:
            query = query.where(InstanceRow.closed_at.is_(None))
        return [self._record(r) for r in self.session.scalars(query.order_by(InstanceRow.id))]


class SqlSteps:
    def __init__(self, session: Session, ids: AgencyIds):
        self.session, self.ids = session, ids

    def _record(self, row: PendingStepRow) -> PendingStep:
        return PendingStep(id=row.id, instance_id=row.instance_id, name=row.name, title=row.title, form=row.form,
                           role=row.role, agency_code=self.ids.code_of(row.agency_id),
                           assignee=row.assignee_login, due=row.due_date, optional=row.optional,
                           created_at=row.created_at)

    def replace(self, instance_id: int, steps, previous=None) -> None:
        """Make the instance's pending rows exactly ``steps``. ``previous`` (the rows
        as loaded earlier in this unit of work) saves reading them again; rows of
        steps still pending keep their creation time."""
        if previous is None:
            previous = self.of_instance(instance_id)
        existing = {s.id: s for s in previous}
        wanted = {s.id: s for s in steps}
        gone = [sid for sid in existing if sid not in wanted]
        if gone:
            self.session.execute(delete(PendingStepRow).where(PendingStepRow.id.in_(gone)))
        new_rows = []
        for step in wanted.values():
            old = existing.get(step.id)
            if old is None:
                new_rows.append(dict(
                    id=step.id, instance_id=instance_id, name=step.name, title=step.title, form=step.form,
                    role=step.role, agency_id=self.ids.id_of(step.agency_code), assignee_login=step.assignee,
                    due_date=step.due, optional=step.optional, created_at=step.created_at))
            elif (old.assignee, old.due, old.agency_code) != (step.assignee, step.due, step.agency_code):
                self.session.execute(update(PendingStepRow).where(PendingStepRow.id == step.id).values(
                    assignee_login=step.assignee, due_date=step.due,
                    agency_id=self.ids.id_of(step.agency_code)))
        if new_rows:
            self.session.execute(insert(PendingStepRow), new_rows)

    def pending(self, step_id: str) -> PendingStep | None:
        row = self.session.get(PendingStepRow, step_id)
        return self._record(row) if row else None

    def of_instance(self, instance_id: int) -> list[PendingStep]:
        rows = self.session.scalars(select(PendingStepRow).where(PendingStepRow.instance_id == instance_id)
                                    .order_by(PendingStepRow.optional, PendingStepRow.due_date))
        return [self._record(r) for r in rows]

    def record_completion(self, done: CompletedStep) -> None:
        """Record who completed a step; a second completion of the same step (another
        transaction got there first) surfaces as StaleInstance."""
        self.session.add(CompletedStepRow(
            id=done.id, instance_id=done.instance_id, name=done.name, form=done.form,
            completed_by=done.completed_by, completed_by_name=done.completed_by_name,
            agency_code=done.agency_code, completed_at=done.completed_at))
        try:
            self.session.flush()
        except IntegrityError:
            raise StaleInstance(done.instance_id) from None

    def _completed(self, row: CompletedStepRow) -> CompletedStep:
        return CompletedStep(id=row.id, instance_id=row.instance_id, name=row.name, form=row.form,
                             completed_by=row.completed_by, completed_by_name=row.completed_by_name,
                             agency_code=row.agency_code, completed_at=row.completed_at)

    def completion(self, step_id: str) -> CompletedStep | None:
        row = self.session.get(CompletedStepRow, step_id)
        return self._completed(row) if row else None

    def completions_of(self, instance_id: int) -> list[CompletedStep]:
        rows = self.session.scalars(select(CompletedStepRow).where(CompletedStepRow.instance_id == instance_id)
                                    .order_by(CompletedStepRow.completed_at))
        return [self._completed(r) for r in rows]


def _version(row: ReportVersionRow) -> ReportVersion:
    return ReportVersion(number=row.number, values=dict(row.values or {}), submitted_by=row.submitted_by,
                         submitted_at=row.submitted_at, decision=row.decision, comment=row.comment,
                         decided_by=row.decided_by, decided_at=row.decided_at,
                         evidence=list(row.evidence or []), id=row.id)


class SqlReports:
    def __init__(self, session: Session):
        self.session = session

    def _one(self, query) -> Report | None:
        """The newest report ``query`` selects, with its versions, in one statement."""
        latest = query.order_by(ReportRow.id.desc()).limit(1).subquery()
        rows = self.session.execute(
            select(ReportRow, ReportVersionRow).join(latest, latest.c.id == ReportRow.id)
            .outerjoin(ReportVersionRow, ReportVersionRow.report_id == ReportRow.id)
            .order_by(ReportVersionRow.number)).all()
        if not rows:
            return None
        row = rows[0][0]
        return Report(instance_id=row.instance_id, kind=row.kind, period=row.period, status=row.status,
                      versions=[_version(v) for _, v in rows if v is not None], id=row.id)

    def _report(self, row: ReportRow) -> Report:
        versions = self.session.scalars(select(ReportVersionRow).where(ReportVersionRow.report_id == row.id)
                                        .order_by(ReportVersionRow.number))
        return Report(instance_id=row.instance_id, kind=row.kind, period=row.period, status=row.status,
                      versions=[_version(v) for v in versions], id=row.id)

    def find(self, instance_id: int, kind: str, period: str | None) -> Report | None:
        query = select(ReportRow.id).where(ReportRow.instance_id == instance_id, ReportRow.kind == kind)
        query = query.where(ReportRow.period == period) if period else query.where(ReportRow.period.is_(None))
        return self._one(query)

    def open_of(self, instance_id: int, kind: str) -> Report | None:
        return self._one(select(ReportRow.id).where(
            ReportRow.instance_id == instance_id, ReportRow.kind == kind,
            ReportRow.status.in_(("submitted", "returned"))))

    def add(self, report: Report) -> Report:
        row = ReportRow(instance_id=report.instance_id, kind=report.kind, period=report.period, status=report.status)
        self.session.add(row)
        self.session.flush()
        report.id = row.id
        return report

    def add_version(self, report: Report, version: ReportVersion) -> ReportVersion:
        row = ReportVersionRow(report_id=report.id, number=version.number, values=version.values,
                               evidence=version.evidence, submitted_by=version.submitted_by,
                               submitted_at=version.submitted_at)
        self.session.add(row)
        self.session.flush()
        version.id = row.id
        report.versions.append(version)
        return version

    def update(self, report: Report) -> None:
        self.session.execute(update(ReportRow).where(ReportRow.id == report.id).values(status=report.status))

    def update_version(self, version: ReportVersion) -> None:
        self.session.execute(update(ReportVersionRow).where(ReportVersionRow.id == version.id).values(
            decision=version.decision, comment=version.comment, decided_by=version.decided_by,
            decided_at=version.decided_at, values=version.values))   # values["reviews"]: every review kept

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
