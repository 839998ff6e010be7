"""Process versions, directives and their tasks."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.domain.deadlines import Deadline
from engine.domain.records import Directive, ProcessVersion, TaskDef
from persistence.models import DirectiveRow, ProcessVersionRow, TaskRow


def _version(row: ProcessVersionRow) -> ProcessVersion:
    return ProcessVersion(key=row.key, version=row.version, xml=row.xml, sha256=row.sha256,
                          parameters=dict(row.parameters or {}), deployed_by=row.deployed_by,
                          deployed_at=row.deployed_at, id=row.id, change_note=row.change_note)


class SqlProcesses:
    def __init__(self, session: Session):
        self.session = session

    def latest(self, key: str) -> ProcessVersion | None:
        row = self.session.scalar(select(ProcessVersionRow).where(ProcessVersionRow.key == key)
                                  .order_by(ProcessVersionRow.version.desc()).limit(1))
        return _version(row) if row else None

    def get(self, version_id: int) -> ProcessVersion | None:
        row = self.session.get(ProcessVersionRow, version_id)
        return _version(row) if row else None

    def by_hash(self, key: str, sha256: str) -> ProcessVersion | None:
        row = self.session.scalar(select(ProcessVersionRow).where(
            ProcessVersionRow.key == key, ProcessVersionRow.sha256 == sha256))
        return _version(row) if row else None

    def add(self, version: ProcessVersion) -> ProcessVersion:
        number = (self.session.scalar(select(func.max(ProcessVersionRow.version))
                                      .where(ProcessVersionRow.key == version.key)) or 0) + 1
        row = ProcessVersionRow(key=version.key, version=number, xml=version.xml, sha256=version.sha256,
                                parameters=version.parameters, deployed_by=version.deployed_by,
                                deployed_at=version.deployed_at, change_note=version.change_note)
        self.session.add(row)
        self.session.flush()
        return _version(row)

    def versions(self, key: str) -> list[ProcessVersion]:
        rows = self.session.scalars(select(ProcessVersionRow).where(ProcessVersionRow.key == key)
                                    .order_by(ProcessVersionRow.version))
        return [_version(r) for r in rows]

    def keys(self) -> list[str]:
        return list(self.session.scalars(select(ProcessVersionRow.key).distinct().order_by(ProcessVersionRow.key)))


def directive_from_row(row: DirectiveRow) -> Directive:
    return Directive(number=row.number, doc_type=row.doc_type, issuer=row.issuer, issued_on=row.issued_on,
                     signer=row.signer, title=row.title, body=row.body, source_name=row.source_name,
                     monitor_agency=row.monitor_agency, authority_agency=row.authority_agency,
                     reporting_rule=row.reporting_rule, issued_month=row.issued_month,
                     created_by=row.created_by, created_at=row.created_at, id=row.id)


def task_from_row(row: TaskRow) -> TaskDef:
    deadline = Deadline(kind=row.deadline_kind, value=row.deadline_value, before=row.deadline_before,
                        text=row.deadline_text)
    return TaskDef(ref=row.ref, summary=row.summary, lead=list(row.lead or []),
                   coordinating=list(row.coordinating or []), deadline=deadline, product=row.product,
                   reporting=row.reporting, content=row.content, note=row.note, position=row.position,
                   directive_id=row.directive_id, id=row.id,
                   coordinating_groups=list(row.coordinating_groups or []))


class SqlDirectives:
    def __init__(self, session: Session):
        self.session = session

    def add(self, d: Directive) -> Directive:
        row = DirectiveRow(number=d.number, doc_type=d.doc_type, issuer=d.issuer, issued_on=d.issued_on,
                           issued_month=d.issued_month, signer=d.signer, title=d.title, body=d.body,
                           source_name=d.source_name, monitor_agency=d.monitor_agency,
                           authority_agency=d.authority_agency, reporting_rule=d.reporting_rule,
                           created_by=d.created_by, created_at=d.created_at)
        self.session.add(row)
        self.session.flush()
        d.id = row.id
        return d

    def get(self, directive_id: int) -> Directive | None:
        row = self.session.get(DirectiveRow, directive_id)
        return directive_from_row(row) if row else None

    def find(self, number: str | None, issued_on: date | None, title: str) -> Directive | None:
        query = select(DirectiveRow).where(DirectiveRow.title == title)
        query = query.where(DirectiveRow.number == number) if number else query.where(DirectiveRow.number.is_(None))
        if issued_on:
            query = query.where(DirectiveRow.issued_on == issued_on)
        row = self.session.scalar(query.limit(1))
        return directive_from_row(row) if row else None

    def all(self) -> list[Directive]:
        rows = self.session.scalars(select(DirectiveRow).order_by(DirectiveRow.id.desc()))
        return [directive_from_row(r) for r in rows]

    def add_task(self, t: TaskDef) -> TaskDef:
        row = TaskRow(directive_id=t.directive_id, position=t.position, ref=t.ref, summary=t.summary,
                      content=t.content, lead=list(t.lead), coordinating=list(t.coordinating),
                      coordinating_groups=list(t.coordinating_groups),
                      deadline_kind=t.deadline.kind, deadline_value=t.deadline.value,
                      deadline_before=t.deadline.before, deadline_text=t.deadline.text,
                      product=t.product, reporting=t.reporting, note=t.note)
        self.session.add(row)
        self.session.flush()
        t.id = row.id
        return t

    def task(self, task_id: int) -> TaskDef | None:
        row = self.session.get(TaskRow, task_id)
        return task_from_row(row) if row else None

    def task_and_directive(self, task_id: int) -> tuple[TaskDef, Directive] | None:
        """A task with its directive, in one statement."""
        found = self.session.execute(select(TaskRow, DirectiveRow).join(
            DirectiveRow, DirectiveRow.id == TaskRow.directive_id).where(TaskRow.id == task_id)).first()
        return (task_from_row(found[0]), directive_from_row(found[1])) if found else None

    def tasks_of(self, directive_id: int) -> list[TaskDef]:
        rows = self.session.scalars(select(TaskRow).where(TaskRow.directive_id == directive_id)
                                    .order_by(TaskRow.position, TaskRow.id))
        return [task_from_row(r) for r in rows]
