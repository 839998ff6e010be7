"""Records of instances moved onto another process version, with the state each had
before (compressed like an instance's state), for exact reverts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.domain.records import MigrationRecord
from persistence.models import InstanceMigrationRow
from persistence.state_blob import pack_state, unpack_state

_LISTED = [c for c in InstanceMigrationRow.__table__.c if c.name != "previous_state"]


def _record(row, state: str | None) -> MigrationRecord:
    return MigrationRecord(run_id=row.run_id, instance_id=row.instance_id, from_version_id=row.from_version_id,
                           to_version_id=row.to_version_id, previous_state=state,
                           migrated_version=row.migrated_version, reason=row.reason, migrated_by=row.migrated_by,
                           migrated_at=row.migrated_at, reverted_by=row.reverted_by, reverted_at=row.reverted_at,
                           revert_reason=row.revert_reason, id=row.id)


class SqlMigrations:
    def __init__(self, session: Session):
        self.session = session

    def add(self, record: MigrationRecord) -> MigrationRecord:
        row = InstanceMigrationRow(run_id=record.run_id, instance_id=record.instance_id,
                                   from_version_id=record.from_version_id, to_version_id=record.to_version_id,
                                   previous_state=pack_state(record.previous_state),
                                   migrated_version=record.migrated_version, reason=record.reason,
                                   migrated_by=record.migrated_by, migrated_at=record.migrated_at)
        self.session.add(row)
        self.session.flush()
        record.id = row.id
        return record

    def get(self, migration_id: int) -> MigrationRecord | None:
        row = self.session.get(InstanceMigrationRow, migration_id)
        return _record(row, unpack_state(row.previous_state)) if row else None

    def listed(self, *, run_id: str | None = None, instance_id: int | None = None,
               limit: int = 100) -> list[MigrationRecord]:
        table = InstanceMigrationRow.__table__
        query = select(*_LISTED).order_by(table.c.id.desc()).limit(limit)
        if run_id is not None:
            query = query.where(table.c.run_id == run_id)
        if instance_id is not None:
            query = query.where(table.c.instance_id == instance_id)
        return [_record(row, None) for row in self.session.execute(query)]

    def mark_reverted(self, migration_id: int, by: str, at: datetime, reason: str) -> None:
        self.session.execute(update(InstanceMigrationRow).where(InstanceMigrationRow.id == migration_id)
                             .values(reverted_by=by, reverted_at=at, revert_reason=reason))
