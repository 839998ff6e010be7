"""Urging letters as issued, with the assignments each urged; how often and when each
assignment was urged (the task page and the lists show it)."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.domain.urging import UrgedSummary, Urging, UrgingItem
from persistence.models import InstanceRow, TaskRow, UrgingItemRow, UrgingRow

IDS_PER_QUERY = 900      # ids bound per IN list (under SQLite's oldest limit of 999 variables)


def _urging(row: UrgingRow, items: list[UrgingItemRow]) -> Urging:
    return Urging(issuer_agency=row.issuer_agency, issued_by=row.issued_by, issued_by_name=row.issued_by_name,
                  issued_at=row.issued_at, issued_on=row.issued_on, subject=row.subject, id=row.id,
                  items=[UrgingItem(instance_id=i.instance_id, agency_code=i.agency_code, due_date=i.due_date,
                                    days_late=i.days_late, id=i.id) for i in items])


class SqlUrgings:
    def __init__(self, session: Session):
        self.session = session

    def add(self, urging: Urging) -> Urging:
        row = UrgingRow(issuer_agency=urging.issuer_agency, issued_by=urging.issued_by,
                        issued_by_name=urging.issued_by_name, issued_at=urging.issued_at,
                        issued_on=urging.issued_on, subject=urging.subject)
        self.session.add(row)
        self.session.flush()
        for item in urging.items:
            self.session.add(UrgingItemRow(urging_id=row.id, instance_id=item.instance_id,
                                           agency_code=item.agency_code, due_date=item.due_date,
                                           days_late=item.days_late))
        self.session.flush()
        urging.id = row.id
        return urging

    def get(self, urging_id: int) -> Urging | None:
        row = self.session.get(UrgingRow, urging_id)
        if row is None:
            return None
        items = self.session.scalars(select(UrgingItemRow).where(UrgingItemRow.urging_id == row.id)
                                     .order_by(UrgingItemRow.id)).all()
        return _urging(row, list(items))

    def listed(self, issuer_agency: str | None = None, directive_id: int | None = None,
               limit: int = 100, addressed_agency: str | None = None) -> list[Urging]:
        stmt = select(UrgingRow)
        if issuer_agency is not None:
            stmt = stmt.where(UrgingRow.issuer_agency == issuer_agency)
        if addressed_agency is not None:
            stmt = stmt.where(UrgingRow.id.in_(select(UrgingItemRow.urging_id)
                                               .where(UrgingItemRow.agency_code == addressed_agency)))
        if directive_id is not None:
            of_directive = (select(UrgingItemRow.urging_id)
                            .join(InstanceRow, InstanceRow.id == UrgingItemRow.instance_id)
                            .join(TaskRow, TaskRow.id == InstanceRow.task_id)
                            .where(TaskRow.directive_id == directive_id))
            stmt = stmt.where(UrgingRow.id.in_(of_directive))
        rows = self.session.scalars(stmt.order_by(UrgingRow.id.desc()).limit(limit)).all()
        if not rows:
            return []
        items: dict[int, list[UrgingItemRow]] = defaultdict(list)
        for item in self.session.scalars(select(UrgingItemRow).where(
                UrgingItemRow.urging_id.in_([r.id for r in rows])).order_by(UrgingItemRow.id)):
            items[item.urging_id].append(item)
        return [_urging(r, items[r.id]) for r in rows]

    def summaries(self, instance_ids: Iterable[int]) -> dict[int, UrgedSummary]:
        wanted = sorted({i for i in instance_ids if i is not None})
        found: dict[int, UrgedSummary] = {}
        for start in range(0, len(wanted), IDS_PER_QUERY):
            rows = self.session.execute(
                select(UrgingItemRow.instance_id, func.count(UrgingItemRow.id), func.max(UrgingRow.issued_at))
                .join(UrgingRow, UrgingRow.id == UrgingItemRow.urging_id)
                .where(UrgingItemRow.instance_id.in_(wanted[start:start + IDS_PER_QUERY]))
                .group_by(UrgingItemRow.instance_id)).all()
            found.update({instance_id: UrgedSummary(count, last) for instance_id, count, last in rows})
        return found
