"""What the process owner's screens read and keep beside the process versions: each
owner's draft of a process (one row per owner and process, written over as the editor
saves), how many instances of a version wait at each of its steps, counted from the
pending-step table, and its open instances by lead agency and by directive (the
migration screen's filters)."""
from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from engine.domain.records import DiagramDraft
from persistence.models import AgencyRow, DiagramDraftRow, DirectiveRow, InstanceRow, PendingStepRow, TaskRow


def _draft(row: DiagramDraftRow) -> DiagramDraft:
    return DiagramDraft(key=row.key, owner_login=row.owner_login, xml=row.xml, sha256=row.sha256,
                        base_version_id=row.base_version_id, updated_at=row.updated_at, id=row.id)


class SqlDrafts:
    def __init__(self, session: Session, dialect: str):
        self.session = session
        self.dialect = dialect

    def get(self, key: str, owner_login: str) -> DiagramDraft | None:
        row = self.session.scalar(select(DiagramDraftRow).where(
            DiagramDraftRow.key == key, DiagramDraftRow.owner_login == owner_login))
        return _draft(row) if row else None

    def save(self, draft: DiagramDraft) -> None:
        # one statement, so two saves of one owner racing never collide on the unique key
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        values = {"key": draft.key, "owner_login": draft.owner_login, "xml": draft.xml, "sha256": draft.sha256,
                  "base_version_id": draft.base_version_id, "updated_at": draft.updated_at}
        statement = insert(DiagramDraftRow).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["key", "owner_login"],
            set_={name: statement.excluded[name] for name in ("xml", "sha256", "base_version_id", "updated_at")})
        self.session.execute(statement)

    def delete(self, key: str, owner_login: str) -> bool:
        result = self.session.execute(delete(DiagramDraftRow).where(
            DiagramDraftRow.key == key, DiagramDraftRow.owner_login == owner_login))
        return result.rowcount > 0


class SqlProcessUsage:
    def __init__(self, session: Session):
        self.session = session

    def waiting_by_step(self, version_id: int) -> dict[str, int]:
        steps = PendingStepRow.__table__
        rows = self.session.execute(
            select(steps.c.name, func.count(func.distinct(steps.c.instance_id)))
            .join(InstanceRow.__table__, InstanceRow.__table__.c.id == steps.c.instance_id)
            .where(InstanceRow.__table__.c.process_version_id == version_id, steps.c.optional.is_(False))
            .group_by(steps.c.name))
        return {name: int(count) for name, count in rows}

    def open_by_agency(self, version_id: int) -> list[tuple[str, str, int]]:
        rows = self.session.execute(
            select(AgencyRow.code, AgencyRow.name, func.count())
            .join(InstanceRow, InstanceRow.agency_id == AgencyRow.id)
            .where(InstanceRow.process_version_id == version_id, InstanceRow.closed_at.is_(None))
            .group_by(AgencyRow.code, AgencyRow.name).order_by(AgencyRow.name))
        return [(code, name, int(count)) for code, name, count in rows]

    def open_by_directive(self, version_id: int) -> list[tuple[int, str | None, str, int]]:
        rows = self.session.execute(
            select(DirectiveRow.id, DirectiveRow.number, DirectiveRow.title, func.count())
            .join(TaskRow, TaskRow.directive_id == DirectiveRow.id)
            .join(InstanceRow, InstanceRow.task_id == TaskRow.id)
            .where(InstanceRow.process_version_id == version_id, InstanceRow.closed_at.is_(None))
            .group_by(DirectiveRow.id, DirectiveRow.number, DirectiveRow.title).order_by(DirectiveRow.id.desc()))
        return [(directive_id, number, title, int(count)) for directive_id, number, title, count in rows]
