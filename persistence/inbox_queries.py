"""The inbox's SQL: which pending steps are a user's, one page of them sorted by due
day, and counts per urgency group and step form.

Only the pending-step table is read (with joins for labels); no workflow is ever
loaded. A step is someone's in one of three disjoint ways — assigned to them; unassigned
in their agency in one of their roles (or, for a leader, the officer role); assigned to
another of their agency's officers, for a leader — and the three are read as a UNION
ALL, each branch an index-only range of a covering index of ``pending_steps``
(assignee; agency + role + assignee — migration 0002). An OR of the three would make
PostgreSQL visit the table's pages of every step of the agency (a bitmap heap scan),
which at a million assignments was most of a leader's inbox time. So the counts and
the choice of a page read only index entries of one person or agency, however many
tasks the province has; labels are joined for the page's rows alone."""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from engine.ports import StepQuery
from persistence.models import AgencyRow, DirectiveRow, InstanceRow, PendingStepRow, TaskRow

P = PendingStepRow


def _branches(query: StepQuery, agency_id: int | None) -> list[tuple]:
    """(condition, mine) for each way a step is ``query``'s user's, no step meeting two
    conditions: their own; their agency's unassigned ones of their roles and, for
    leaders, of the officer role; for leaders, the steps assigned to another of their
    agency's officers. ``mine`` is 1 for a step the user may act on themselves (their
    own, or unassigned in one of their own roles), else 0; always 0 without a login
    (an auditor looking at an agency)."""
    branches = []
    if query.login:
        branches.append((P.assignee_login == query.login, literal(1)))
    if agency_id is None:
        return branches
    unassigned_roles = sorted(set(query.roles) | ({"officer"} if query.include_officers else set()))
    if unassigned_roles:
        mine = case((P.role.in_(query.roles), 1), else_=0) if query.login and query.roles else literal(0)
        branches.append((and_(P.agency_id == agency_id, P.role.in_(unassigned_roles), P.assignee_login.is_(None)),
                         mine))
    if query.include_officers:
        others = and_(P.agency_id == agency_id, P.role == "officer", P.assignee_login.is_not(None))
        if query.login:
            others = and_(others, P.assignee_login != query.login)
        branches.append((others, literal(0)))
    return branches


def _steps(query: StepQuery, agency_id: int | None, *, forms: bool):
    """The user's steps matching ``query``'s filters on the step itself (optional, due
    days and, with ``forms``, the chosen forms) as a subquery of id, instance_id,
    due_date, form, mine (and title when searching), or None when they have none."""
    filters = [P.optional == query.optional]
    if query.due_from:
        filters.append(P.due_date >= query.due_from)
    if query.due_to:
        filters.append(P.due_date <= query.due_to)
    if forms and query.forms:
        filters.append(P.form.in_(query.forms))
    columns = [P.id, P.instance_id, P.due_date, P.form] + ([P.title] if query.search else [])
    selects = [select(*columns, mine.label("mine")).where(condition, *filters)
               for condition, mine in _branches(query, agency_id)]
    if not selects:
        return None
    return (selects[0] if len(selects) == 1 else union_all(*selects)).subquery("steps")


def urgency_column(query: StepQuery, due):
    """overdue / due_soon / normal / none of a step due on ``due`` (a column), as the
    engine's ``urgency`` judges it."""
    if query.today is None:
        return literal("none")
    if _needs_instance(query):
        soon = or_(*[and_(InstanceRow.process_version_id == version, due <= limit)
                     for version, limit in query.soon_limits.items()])
    else:
        limit = query.soon_limit or next(iter(query.soon_limits.values()), query.today)
        soon = due <= limit
    return case((due.is_(None), "none"), (due < query.today, "overdue"), (soon, "due_soon"), else_="normal")


def _needs_instance(query: StepQuery) -> bool:
    """Process versions disagree on the "due soon" window: urgency needs the step's version."""
    return bool(query.soon_limits) and len(set(query.soon_limits.values())) > 1


class InboxSql:
    def __init__(self, session: Session, agency_id: int | None, agency_code: str | None = None):
        self.session, self.agency_id, self.agency_code = session, agency_id, agency_code
        self._search_cache: tuple | None = None

    def _matches(self, search: str, steps):
        """The task text, the directive's number or title or the step's title contains
        ``search``, whatever the case. PostgreSQL's ILIKE folds Vietnamese letters; SQLite's
        LIKE folds ASCII only, so there the usual spellings of the words are tried as well
        (as typed, lower case, Sentence case, Title Case, UPPER CASE)."""
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        spellings = [escaped]
        if self.session.get_bind().dialect.name == "sqlite":
            spellings = list(dict.fromkeys([escaped, escaped.lower(), escaped.upper(), escaped.capitalize(),
                                            escaped.title()]))
        columns = (TaskRow.summary, DirectiveRow.number, DirectiveRow.title, steps.c.title)
        return or_(*[column.ilike(f"%{spelling}%", escape="\\") for spelling in spellings for column in columns])

    def _scope(self, query: StepQuery, *, facets: bool = False):
        """(steps, urgency): the user's steps as a subquery (see _steps) and the urgency
        of each; None when the user has no steps. ``facets`` leaves the form unfiltered."""
        steps = _steps(query, self.agency_id, forms=not facets)
        return None if steps is None else (steps, urgency_column(query, steps.c.due_date))

    def _select(self, query: StepQuery, steps, urgency, *columns, facets: bool = False):
        """``columns`` of ``steps`` with the joins and filters of ``query``; ``facets``
        leaves urgency unfiltered (the counts show what each choice would give)."""
        stmt = select(*columns).select_from(steps)
        joins_task = bool(query.directive_id or query.search)
        if joins_task or _needs_instance(query):
            stmt = stmt.join(InstanceRow, InstanceRow.id == steps.c.instance_id)
        if joins_task:
            stmt = stmt.join(TaskRow, TaskRow.id == InstanceRow.task_id)
        if query.search:
            stmt = stmt.join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
        if query.directive_id:
            stmt = stmt.where(TaskRow.directive_id == query.directive_id)
        if query.search:
            stmt = stmt.where(self._matches(query.search, steps))
        if not facets and query.urgencies:
            stmt = stmt.where(urgency.in_(query.urgencies))
        return stmt

    def _searched(self, query: StepQuery) -> list:
        """(id, urgency, form, due_date, mine) of every step matching ``query`` but its
        urgency and form choices. A search joins tasks and directives for every one of the
        user's steps; it is done once per unit of work and shared by the counts and the page."""
        key = (query.login, query.agency_code, query.roles, query.include_officers, query.optional,
               query.directive_id, query.due_from, query.due_to, query.search, query.today, query.soon_limit,
               tuple(sorted(query.soon_limits.items())))
        if self._search_cache is None or self._search_cache[0] != key:
            rows = []
            scope = self._scope(query, facets=True)
            if scope is not None:
                steps, urgency = scope
                rows = self.session.execute(self._select(
                    query, steps, urgency, steps.c.id, urgency.label("urgency"), steps.c.form, steps.c.due_date,
                    steps.c.mine, facets=True)).all()
            self._search_cache = (key, rows)
        return self._search_cache[1]

    def _labelled(self, chosen) -> list[dict]:
        """The rows of the steps whose ids ``chosen`` selects, with their labels."""
        stmt = (select(P.id, P.name, P.title, P.form, P.role, P.assignee_login, P.due_date, P.optional,
                       P.created_at, P.instance_id, P.period, InstanceRow.phase, InstanceRow.due_date.label("task_due_date"),
                       InstanceRow.officer_login, InstanceRow.process_version_id, TaskRow.ref, TaskRow.summary,
                       DirectiveRow.id.label("directive_id"), DirectiveRow.number,
                       DirectiveRow.title.label("directive_title"), AgencyRow.code.label("agency_code"),
                       AgencyRow.name.label("agency_name"))
                .select_from(P)
                .join(InstanceRow, InstanceRow.id == P.instance_id)
                .join(TaskRow, TaskRow.id == InstanceRow.task_id)
                .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
                .join(AgencyRow, AgencyRow.id == InstanceRow.agency_id)
                .where(P.id.in_(chosen))
                .order_by(P.due_date.is_(None), P.due_date, P.id))
        return [dict(r) for r in self.session.execute(stmt).mappings().all()]

    def page(self, query: StepQuery) -> list[dict]:
        """One page of rows sorted by due day: overdue first, undated last. The page is
        chosen from index entries alone; labels are joined for its rows only."""
        if query.search:
            rows = [r for r in self._searched(query)
                    if (not query.urgencies or r.urgency in query.urgencies)
                    and (not query.forms or r.form in query.forms)]
            rows.sort(key=lambda r: (r.due_date is None, r.due_date or date.min, r.id))
            chosen = [r.id for r in rows[query.offset:query.offset + query.limit]]
            return self._labelled(chosen) if chosen else []
        scope = self._scope(query)
        if scope is None:
            return []
        steps, urgency = scope
        ids = (self._select(query, steps, urgency, steps.c.id)
               .order_by(steps.c.due_date.is_(None), steps.c.due_date, steps.c.id)
               .limit(query.limit).offset(query.offset))
        return self._labelled(ids.scalar_subquery())

    def facets(self, query: StepQuery) -> list[dict]:
        if query.search:
            counted = Counter((r.urgency, r.form, r.mine) for r in self._searched(query))
            return [{"urgency": u, "form": f, "mine": m, "count": n} for (u, f, m), n in counted.items()]
        scope = self._scope(query, facets=True)
        if scope is None:
            return []
        steps, urgency = scope
        stmt = self._select(query, steps, urgency, urgency.label("urgency"), steps.c.form, steps.c.mine,
                            func.count().label("count"), facets=True)
        stmt = stmt.group_by(urgency, steps.c.form, steps.c.mine)
        return [dict(r) for r in self.session.execute(stmt).mappings().all()]
