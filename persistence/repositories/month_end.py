"""engine.ports.MonthEndReader: the monthly summary's counts and lists, answered by
month_end_sql.py's statements, and the whole province's counts of an ended month kept
in month_end_snapshots as one JSON document (dropped by repositories/facts.py when a
facts row valid before the month's end is written). The XLSX's rows are read in
batches."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, Iterator

from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.domain.monthly import (
    RULES_KEY, AgencyCell, Assignment, DirectiveCounts, MonthCounts, MonthEnd, SummaryScope)
from engine.domain.status import BUCKETS
from persistence import month_end_sql as sql
from persistence.models import AgencyRow, DirectiveRow, MonthEndSnapshotRow

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
        if scope.viewer_agency is None and scope.directive_id is None:
            before = self.kept(scope.before)
            if before is not None:
                return self._advanced(scope, before)
        own = self._own_id(scope)
        directives = [DirectiveCounts(row.directive_id, {c: int(getattr(row, f"now_{c}")) for c in BUCKETS},
                                      {c: int(getattr(row, f"before_{c}")) for c in BUCKETS}, int(row.changes))
                      for row in self.session.execute(sql.directive_counts(scope, own))]
        cells = [AgencyCell(code, name, column, bool(in_year), int(n))
                 for code, name, column, in_year, n in self.session.execute(sql.agency_cells(scope, own))]
        return MonthCounts(directives, cells)

    def _advanced(self, scope: SummaryScope, before: MonthCounts) -> MonthCounts:
        """The whole province's counts from those kept for the previous month's end and
        what changed since (month_end_sql.changed_since_before). In January the agencies'
        cells are counted afresh: the year their deadlines are judged in changed."""
        names = self._agency_names()
        counts = {d.directive_id: (dict(d.counts), d.counts) for d in before.directives}
        changes: dict[int, int] = {}
        same_year = scope.now.day.year == scope.before.day.year
        cells = {(c.agency_code, c.column, c.due_in_year): c.count for c in before.agencies} if same_year else {
            (code, column, bool(in_year)): int(n)
            for code, _, column, in_year, n in self.session.execute(sql.agency_cells(scope, None))}
        for kind, key, column, previous, due_in_year, n in self.session.execute(sql.changed_since_before(scope)):
            n = int(n)              # PostgreSQL sums as numeric
            if kind == "directive":
                now, _ = counts.setdefault(key, (dict.fromkeys(BUCKETS, 0), dict.fromkeys(BUCKETS, 0)))
                if previous is not None:
                    now[previous] -= n
                if column is not None:
                    now[column] += n
                    changes[key] = changes.get(key, 0) + (n if column != previous else 0)
            elif same_year:
                cell = (names[key][0], column, bool(due_in_year))
                cells[cell] = cells.get(cell, 0) + (n if kind == "now" else -n)
        directives = [DirectiveCounts(d, now, previous, changes.get(d, 0)) for d, (now, previous) in counts.items()
                      if any(now.values()) or any(previous.values())]
        by_code = {code: name for code, name in names.values()}
        return MonthCounts(directives, [AgencyCell(code, by_code[code], column, due_in_year, n)
                                        for (code, column, due_in_year), n in cells.items() if n])

    def _agency_names(self) -> dict[int, tuple[str, str]]:
        return {i: (code, name) for i, code, name in self.session.execute(
            select(AgencyRow.id, AgencyRow.code, AgencyRow.name))}

    def kept(self, now: MonthEnd) -> MonthCounts | None:
        kept = self.session.scalar(select(SNAPSHOT.counts).where(SNAPSHOT.moment == now.moment,
                                                                 SNAPSHOT.rules_key == RULES_KEY))
        if kept is None:
            return None
        agencies = self._agency_names()
        return MonthCounts([DirectiveCounts(d, counts, previous, changes)
                            for d, counts, previous, changes in kept["directives"]],
                           [AgencyCell(*agencies[a], column, in_year, n) for a, column, in_year, n in kept["agencies"]])

    def keep(self, now: MonthEnd, counts: MonthCounts, at: datetime) -> None:
        self.session.execute(delete(SNAPSHOT).where(SNAPSHOT.moment == now.moment, SNAPSHOT.rules_key != RULES_KEY))
        ids = dict(self.session.execute(select(AgencyRow.code, AgencyRow.id)).all())
        kept = {"directives": [[d.directive_id, d.counts, d.previous, d.changes] for d in counts.directives],
                "agencies": [[ids[c.agency_code], c.column, c.due_in_year, c.count] for c in counts.agencies]}
        dialect_insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        self.session.execute(dialect_insert(SNAPSHOT).values(moment=now.moment, rules_key=RULES_KEY, kept_at=at,
                                                             counts=kept)
                             .on_conflict_do_nothing(index_elements=["moment"]))     # kept first by another reader

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
