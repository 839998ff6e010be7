"""engine.ports.MonthEndReader: the monthly summary's counts and lists, answered by
month_end_sql.py's statements, and the whole province's counts of an ended month kept
in month_end_snapshots (and dropped by repositories/facts.py when a facts row valid
before the month's end is written). The XLSX's rows are read in batches."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, Iterator

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.domain.monthly import RULES_KEY, AgencyCell, Assignment, ColumnPair, MonthCounts, MonthEnd, SummaryScope
from persistence import month_end_sql as sql
from persistence.models import AgencyRow, DirectiveRow, MonthEndAgencyRow, MonthEndPairRow, MonthEndSnapshotRow

BATCH = 2000                 # rows fetched at a time by the XLSX's streams
SNAPSHOT = MonthEndSnapshotRow
# on PostgreSQL the counting GROUP BYs hash a few hundred thousand groups: give them the
# memory to do it in one pass, for this transaction only
COUNTING_SETTINGS = ("SET LOCAL work_mem = '64MB'", "SET LOCAL jit = off")


class SqlMonthEnd:
    def __init__(self, session: Session, dialect: str):
        self.session, self.dialect = session, dialect
        self._tuned = False

    def _own_id(self, scope: SummaryScope) -> int | None:
        if scope.viewer_agency is None:
            return None
        return self.session.scalar(select(AgencyRow.id).where(AgencyRow.code == scope.viewer_agency)) or -1

    def _tune(self) -> None:
        if self.dialect == "postgresql" and not self._tuned:
            for setting in COUNTING_SETTINGS:
                self.session.connection().exec_driver_sql(setting)
            self._tuned = True

    def followed(self, agency_code: str) -> tuple[tuple[int, ...], bool]:
        ids = tuple(self.session.scalars(select(DirectiveRow.id).where(or_(
            DirectiveRow.monitor_agency == agency_code, DirectiveRow.authority_agency == agency_code))
            .order_by(DirectiveRow.id)))
        return ids, len(ids) == self.session.scalar(select(func.count()).select_from(DirectiveRow))

    def counts(self, scope: SummaryScope) -> MonthCounts:
        self._tune()
        own = self._own_id(scope)
        pairs = [ColumnPair(d, column, previous, int(n))
                 for d, column, previous, n in self.session.execute(sql.pairs(scope, own))]
        cells = [AgencyCell(code, name, column, bool(in_year), int(n))
                 for code, name, column, in_year, n in self.session.execute(sql.agency_cells(scope, own))]
        return MonthCounts(pairs, cells)

    def kept(self, now: MonthEnd) -> MonthCounts | None:
        found = self.session.scalar(select(SNAPSHOT.id).where(SNAPSHOT.moment == now.moment,
                                                              SNAPSHOT.rules_key == RULES_KEY))
        if found is None:
            return None
        pairs = [ColumnPair(r.directive_id, r.column_code, r.previous_code, r.count) for r in self.session.scalars(
            select(MonthEndPairRow).where(MonthEndPairRow.snapshot_id == found))]
        cells = [AgencyCell(code, name, column, due_in_year, n) for code, name, column, due_in_year, n in
                 self.session.execute(select(AgencyRow.code, AgencyRow.name, MonthEndAgencyRow.column_code,
                                             MonthEndAgencyRow.due_in_year, MonthEndAgencyRow.count)
                                      .join(AgencyRow, AgencyRow.id == MonthEndAgencyRow.agency_id)
                                      .where(MonthEndAgencyRow.snapshot_id == found))]
        return MonthCounts(pairs, cells)

    def keep(self, now: MonthEnd, counts: MonthCounts, at: datetime) -> None:
        self.session.execute(delete(SNAPSHOT).where(SNAPSHOT.moment == now.moment, SNAPSHOT.rules_key != RULES_KEY))
        dialect_insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        snapshot_id = self.session.scalar(
            dialect_insert(SNAPSHOT).values(moment=now.moment, rules_key=RULES_KEY, kept_at=at)
            .on_conflict_do_nothing(index_elements=["moment"]).returning(SNAPSHOT.id))
        if snapshot_id is None:
            return                      # another reader kept them first
        ids = dict(self.session.execute(select(AgencyRow.code, AgencyRow.id)).all())
        if counts.pairs:
            self.session.execute(insert(MonthEndPairRow), [
                {"snapshot_id": snapshot_id, "directive_id": p.directive_id, "column_code": p.column,
                 "previous_code": p.previous, "count": p.count} for p in counts.pairs])
        if counts.agencies:
            self.session.execute(insert(MonthEndAgencyRow), [
                {"snapshot_id": snapshot_id, "agency_id": ids[c.agency_code], "column_code": c.column,
                 "due_in_year": c.due_in_year, "count": c.count} for c in counts.agencies])

    def labels(self, directive_ids: Iterable[int]) -> dict[int, tuple[str | None, str]]:
        wanted = sorted(set(directive_ids))
        if not wanted:
            return {}
        rows = self.session.execute(select(DirectiveRow.id, DirectiveRow.number, DirectiveRow.title)
                                    .where(DirectiveRow.id.in_(wanted)))
        return {d: (number, title) for d, number, title in rows}

    def late(self, scope: SummaryScope, agency_codes: list[str], per_agency: int) -> dict[str, list[Assignment]]:
        stmt = sql.late_shown(scope, self._own_id(scope), agency_codes, per_agency, self.dialect)
        found: dict[str, list[Assignment]] = {}
        for row in self.session.execute(stmt):
            found.setdefault(row.code, []).append(_assignment(row, scope))
        return found

    def changes(self, scope: SummaryScope, directive_ids: list[int]) -> list[Assignment]:
        stmt = sql.changes(scope, self._own_id(scope), directive_ids)
        return [_assignment(row, scope) for row in self.session.execute(stmt)]

    def assignments(self, scope: SummaryScope) -> Iterator[Assignment]:
        self._tune()
        stmt = sql.in_list_order(sql.assignments(scope, self._own_id(scope)), self.dialect)
        return (_assignment(row, scope) for row in self._stream(stmt))

    def late_rows(self, scope: SummaryScope) -> Iterator[Assignment]:
        self._tune()
        stmt = sql.late_rows(scope, self._own_id(scope), self.dialect)
        return (_assignment(row, scope) for row in self._stream(stmt))

    def _stream(self, stmt):
        yield from self.session.execute(stmt, execution_options={"yield_per": BATCH})


def _assignment(row, scope: SummaryScope) -> Assignment:
    column = row.column_code
    days_late = (scope.now.day - row.due_date).days if column == "open_late" else 0
    return Assignment(
        instance_id=row.instance_id, directive_id=row.directive_id, directive_number=row.number,
        directive_title=row.title, task_ref=row.ref, task_summary=row.summary, agency_code=row.code,
        agency_name=row.name, deadline_kind=row.deadline_kind, deadline_text=row.deadline_text,
        due_date=row.due_date, column=column, days_late=days_late,
        previous_column=getattr(row, "previous_code", None))
