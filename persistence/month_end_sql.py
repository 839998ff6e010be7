"""The monthly summary's statements over the facts history (models/facts.py), every
count column the SQL twin of engine.domain.status.COLUMN_RULES (status_sql.py).

The row an assignment had at a moment is the one ``valid_at`` it: valid from then or
before, and not closed by then. One scan of the rows valid at the month's end or the
previous month's gives each assignment's (column, previous column) pair: a row valid
at both is the instance's at both (grouped as it is); an instance whose facts changed
in between has two rows, which are grouped by instance first, so the pair is its own;
summed per directive — counts, the previous month's counts and the changes in one
statement. A second
GROUP BY gives each agency's columns at the month's end (late counts, on-time rates).

The bounded lists read few rows through indexes: per agency, its late rows in due-date
order, cut after the first N (on PostgreSQL a LATERAL join with FETCH … WITH TIES, so
each agency's scan stops there; SQLite ranks them); the changes of the few directives
that hold the first N. Orders that the engine sorted by code point are sorted the same
(COLLATE "C" on PostgreSQL; SQLite's default is binary)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, literal, literal_column, null, or_, select, true, union_all
from sqlalchemy.orm import aliased

from engine.domain.monthly import SummaryScope
from engine.domain.status import BUCKETS, COLUMN_RULES, column_filter
from persistence.models import AgencyRow, DirectiveRow, InstanceFactsRow, InstanceRow, TaskRow
from persistence.status_sql import Days, clause, code_expression, may_differ_between

F = InstanceFactsRow
P = aliased(InstanceFactsRow, name="before")
LATE = column_filter("open_late")


def valid_at(of, moment):
    return and_(of.valid_from <= moment, or_(of.valid_to.is_(None), of.valid_to > moment))


def column_at(of, day: date):
    """The count column of a facts row judged on ``day``."""
    return code_expression(COLUMN_RULES, Days(day), of)


def in_view(of, scope: SummaryScope, own_id: int | None) -> list:
    """The rows ``scope`` counts: one directive's, and the viewer's (own agency's, or
    of a directive it follows)."""
    conditions = []
    if scope.directive_id is not None:
        conditions.append(of.directive_id == scope.directive_id)
    if scope.viewer_agency is not None:
        own = of.agency_id == own_id
        conditions.append(or_(own, of.directive_id.in_(scope.followed)) if scope.followed else own)
    return conditions


def _per_assignment(rows, values: list[str]):
    """``rows`` (directive_id, moved, *values) as one row per (directive, values) for the
    assignments whose row is the same at both month ends (``moved`` NULL; ``n`` of
    them), and one row per assignment whose row changed (``moved`` its instance: its
    values at the month's end from one row, at the previous month's end from the
    other; ``n`` 1)."""
    stayed = rows.c.moved.is_(None)
    return (select(rows.c.directive_id, *[func.max(rows.c[name]).label(name) for name in values],
                   case((stayed, func.count()), else_=literal(1)).label("n"))
            .group_by(rows.c.directive_id, rows.c.moved, *[case((stayed, rows.c[name])) for name in values]))


def directive_counts(scope: SummaryScope, own_id: int | None):
    """Per directive of the view: ``now_<column>`` and ``before_<column>`` for each count
    column, and ``changes``."""
    now_ok, before_ok = valid_at(F, scope.now.moment), valid_at(F, scope.before.moment)
    rows = (select(F.directive_id,
                   case((and_(now_ok, before_ok), None), else_=F.instance_id).label("moved"),
                   case((now_ok, column_at(F, scope.now.day))).label("column_code"),
                   case((before_ok, column_at(F, scope.before.day))).label("previous_code"))
            .where(or_(now_ok, before_ok), *in_view(F, scope, own_id)).subquery("rows"))
    pairs = _per_assignment(rows, ["column_code", "previous_code"]).subquery("pairs")
    column, previous, n = pairs.c.column_code, pairs.c.previous_code, pairs.c.n
    moved = and_(column.is_not(None), or_(previous.is_(None), column != previous))
    return (select(pairs.c.directive_id,
                   *[func.sum(case((column == code, n), else_=0)).label(f"now_{code}") for code in BUCKETS],
                   *[func.sum(case((previous == code, n), else_=0)).label(f"before_{code}") for code in BUCKETS],
                   func.sum(case((moved, n), else_=0)).label("changes"))
            .group_by(pairs.c.directive_id))


def in_year(of, year: int):
    """1 when the deadline in force falls in ``year``, else 0 (a number: it is summed and
    compared across rows)."""
    return case((and_(of.due_date >= date(year, 1, 1), of.due_date <= date(year, 12, 31)), 1), else_=0)


def changed_since_before(scope: SummaryScope):
    """For the whole province, what changed between the previous month's end and the
    month's end: the rows of instances whose row changed (a row new since then, valid
    now; a row valid then, closed since) and the rows valid at both whose column may
    have changed with the day (status_sql.may_differ_between), read through indexes —
    a month's changes, not a million rows. Answers rows (kind, key, column, previous,
    due_in_year, n): kind "directive" — per directive and (column, previous column)
    pair, n assignments; kind "now" / "before" — per agency id and column at the
    month's end / the previous month's end, n assignments (among the changed)."""
    now, before = scope.now.moment, scope.before.moment
    now_ok, before_ok = valid_at(F, now), valid_at(F, before)
    new = and_(F.valid_from > before, F.valid_from <= now, or_(F.valid_to.is_(None), F.valid_to > now))
    gone = and_(F.valid_from <= before, F.valid_to > before, F.valid_to <= now)
    same = and_(F.valid_from <= before, or_(F.valid_to.is_(None), F.valid_to > now),
                may_differ_between(COLUMN_RULES, scope.before.day, scope.now.day, F))
    sides = [(now_ok, column_at(F, scope.now.day), in_year(F, scope.now.day.year), "now"),
             (before_ok, column_at(F, scope.before.day), in_year(F, scope.before.day.year), "before")]
    rows = (select(F.directive_id, case((and_(now_ok, before_ok), None), else_=F.instance_id).label("moved"),
                   *[expr for ok, column, year, side in sides for expr in (
                       case((ok, column)).label(f"{side}_column"), case((ok, F.agency_id)).label(f"{side}_agency"),
                       case((ok, year)).label(f"{side}_in_year"))])
            .where(or_(new, gone, same)).subquery("rows"))
    values = [c.name for c in rows.c if c.name not in ("directive_id", "moved")]
    pairs = _per_assignment(rows, values).cte("pairs")
    p = pairs.c
    by_directive = (select(literal_column("'directive'").label("kind"), p.directive_id.label("key"), p.now_column,
                           p.before_column, null().label("due_in_year"), func.sum(p.n).label("n"))
                    .group_by(p.directive_id, p.now_column, p.before_column))
    by_agency = []
    for side in ("now", "before"):
        agency, column, year = p[f"{side}_agency"], p[f"{side}_column"], p[f"{side}_in_year"]
        by_agency.append(select(literal_column(f"'{side}'"), agency, column, null(), year, func.sum(p.n))
                         .where(column.is_not(None)).group_by(agency, column, year))
    return union_all(by_directive, *by_agency)


def agency_cells(scope: SummaryScope, own_id: int | None):
    """(agency code, name, column_code, due_in_year, count) at the month's end."""
    rows = (select(F.agency_id, column_at(F, scope.now.day).label("column_code"),
                   in_year(F, scope.year).label("due_in_year"))
            .where(valid_at(F, scope.now.moment), *in_view(F, scope, own_id)).subquery("rows"))
    counted = (select(rows.c.agency_id, rows.c.column_code, rows.c.due_in_year, func.count().label("n"))
               .group_by(rows.c.agency_id, rows.c.column_code, rows.c.due_in_year).subquery("counted"))
    return (select(AgencyRow.code, AgencyRow.name, counted.c.column_code, counted.c.due_in_year, counted.c.n)
            .join(AgencyRow, AgencyRow.id == counted.c.agency_id))


def binary(column, dialect: str):
    """``column`` ordered by code point, as Python orders strings."""
    return column.collate("C") if dialect == "postgresql" else column


def assignments(scope: SummaryScope, own_id: int | None, with_previous: bool = True):
    """Each assignment counted at the month's end, with its task, directive, agency,
    column (and column at the previous month's end, NULL if not counted then)."""
    columns = [F.id.label("facts_id"), F.instance_id, F.directive_id, DirectiveRow.number, DirectiveRow.title,
               TaskRow.ref, TaskRow.summary, AgencyRow.code, AgencyRow.name, F.deadline_kind, TaskRow.deadline_text,
               F.due_date, column_at(F, scope.now.day).label("column_code")]
    if with_previous:
        columns.append(case((P.id.is_not(None), column_at(P, scope.before.day))).label("previous_code"))
    stmt = select(*columns).select_from(F)
    if with_previous:
        stmt = stmt.outerjoin(P, and_(P.instance_id == F.instance_id, valid_at(P, scope.before.moment),
                                      *in_view(P, scope, own_id)))
    return (stmt.join(InstanceRow, InstanceRow.id == F.instance_id).join(TaskRow, TaskRow.id == InstanceRow.task_id)
            .join(DirectiveRow, DirectiveRow.id == F.directive_id).join(AgencyRow, AgencyRow.id == F.agency_id)
            .where(valid_at(F, scope.now.moment), *in_view(F, scope, own_id)))


def in_list_order(stmt, dialect: str):
    return stmt.order_by(F.directive_id, binary(TaskRow.ref, dialect), binary(AgencyRow.name, dialect), F.instance_id)


def changes(scope: SummaryScope, own_id: int | None, directive_ids: list[int]):
    """The assignments of those directives whose column changed since last month."""
    moved = or_(P.id.is_(None), column_at(F, scope.now.day) != column_at(P, scope.before.day))
    return assignments(scope, own_id).where(F.directive_id.in_(directive_ids), moved)


def late_shown(scope: SummaryScope, own_id: int | None, agency_codes: list[str], per_agency: int, dialect: str):
    """Each agency's first ``per_agency`` late rows (fewer days late later; ties at the
    cut included), as assignment rows."""
    late = [valid_at(F, scope.now.moment), clause(LATE, Days(scope.now.day), F), *in_view(F, scope, own_id)]
    agencies = AgencyRow.code.in_(agency_codes)
    if dialect == "postgresql":
        first = (select(F.id).where(F.agency_id == AgencyRow.id, *late).order_by(F.due_date, F.directive_id)
                 .fetch(per_agency, with_ties=True).lateral("first"))
        ids = select(first.c.id).select_from(AgencyRow).join(first, true()).where(agencies)
    else:
        ranked = (select(F.id, func.rank().over(partition_by=F.agency_id, order_by=(F.due_date, F.directive_id))
                         .label("position"))
                  .where(F.agency_id.in_(select(AgencyRow.id).where(agencies)), *late).subquery("ranked"))
        ids = select(ranked.c.id).where(ranked.c.position <= per_agency)
    return assignments(scope, own_id, with_previous=False).where(F.id.in_(ids))


def late_rows(scope: SummaryScope, own_id: int | None, dialect: str):
    """Every late row at the month's end: agencies with the most first, then by name;
    in each, most days late first, then directive and task."""
    per_agency = func.count().over(partition_by=F.agency_id)
    stmt = assignments(scope, own_id, with_previous=False).where(clause(LATE, Days(scope.now.day), F))
    return stmt.order_by(per_agency.desc(), binary(AgencyRow.name, dialect), AgencyRow.code, F.due_date,
                         F.directive_id, binary(TaskRow.ref, dialect), F.instance_id)
