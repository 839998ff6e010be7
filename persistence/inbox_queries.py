"""The inbox's SQL: which pending steps are a user's, one page of them sorted by due
day, and counts per urgency group and step form.

Only the pending-step table is read (with joins for labels); no workflow is ever
loaded. The "whose steps" clause is an OR of terms each served by a covering index of
``pending_steps`` (assignee; agency + role — migration 0002), so the counts and the
choice of a page read only index entries of one person or agency, however many tasks
the province has; labels are joined for the page's rows alone."""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import and_, case, false, func, literal, or_, select
from sqlalchemy.orm import Session

from engine.ports import StepQuery
from persistence.models import AgencyRow, DirectiveRow, InstanceRow, PendingStepRow, TaskRow

P = PendingStepRow


def _whose(query: StepQuery, agency_id: int | None):
    """The steps of ``query``'s user: their own, their agency's unassigned ones of their
    roles and, for leaders, their officers'."""
    terms = []
    if query.login:
        terms.append(P.assignee_login == query.login)
    if agency_id is not None and query.roles:
        terms.append(and_(P.agency_id == agency_id, P.role.in_(query.roles), P.assignee_login.is_(None)))
    if agency_id is not None and query.include_officers:
        terms.append(and_(P.agency_id == agency_id, P.role == "officer"))
    return or_(*terms) if terms else None


def mine_column(query: StepQuery):
    """1 for a step the user may act on themselves (theirs, or unassigned in their roles
    within their agency — the only unassigned rows _whose selects), else 0 (an
    officer's step a leader sees, or any step an auditor looks at)."""
    if not query.login:
        return literal(0)
    return case((or_(P.assignee_login == query.login,
                     and_(P.assignee_login.is_(None), P.role.in_(query.roles or ("",)))), 1), else_=0)


def urgency_column(query: StepQuery):
    """overdue / due_soon / normal / none, as the engine's ``urgency`` judges it."""
    if query.today is None:
        return literal("none")
    if query.soon_limits and len(set(query.soon_limits.values())) > 1:
        soon = or_(*[and_(InstanceRow.process_version_id == version, P.due_date <= limit)
                     for version, limit in query.soon_limits.items()])
    else:
        limit = query.soon_limit or next(iter(query.soon_limits.values()), query.today)
        soon = P.due_date <= limit
    return case((P.due_date.is_(None), "none"), (P.due_date < query.today, "overdue"), (soon, "due_soon"),
                else_="normal")


def _urgency_clause(query: StepQuery):
    column = urgency_column(query)
    return column.in_(query.urgencies)


def _needs_instance(query: StepQuery) -> bool:
    return bool(query.soon_limits) and len(set(query.soon_limits.values())) > 1


class InboxSql:
    def __init__(self, session: Session, agency_id: int | None, agency_code: str | None = None):
        self.session, self.agency_id, self.agency_code = session, agency_id, agency_code
        self._search_cache: tuple | None = None

    def _matches(self, search: str):
        """The task text, the directive's number or title or the step's title contains
        ``search``, whatever the case. PostgreSQL's ILIKE folds Vietnamese letters; SQLite's
        LIKE folds ASCII only, so there the usual spellings of the words are tried as well
        (as typed, lower case, Sentence case, Title Case, UPPER CASE)."""
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        spellings = [escaped]
        if self.session.get_bind().dialect.name == "sqlite":
            spellings = list(dict.fromkeys([escaped, escaped.lower(), escaped.upper(), escaped.capitalize(),
                                            escaped.title()]))
        columns = (TaskRow.summary, DirectiveRow.number, DirectiveRow.title, P.title)
        return or_(*[column.ilike(f"%{spelling}%", escape="\\") for spelling in spellings for column in columns])

    def _base(self, stmt, query: StepQuery, *, facets: bool = False):
        """``stmt`` with the joins and filters of ``query``; ``facets`` leaves urgency and
        form unfiltered (the counts show what each choice would give)."""
        whose = _whose(query, self.agency_id)
        stmt = stmt.select_from(P).where(whose if whose is not None else false(), P.optional == query.optional)
        joins_task = bool(query.directive_id or query.search)
        if joins_task or _needs_instance(query):
            stmt = stmt.join(InstanceRow, InstanceRow.id == P.instance_id)
        if joins_task:
            stmt = stmt.join(TaskRow, TaskRow.id == InstanceRow.task_id)
        if query.search:
            stmt = stmt.join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
        if query.directive_id:
            stmt = stmt.where(TaskRow.directive_id == query.directive_id)
        if query.due_from:
            stmt = stmt.where(P.due_date >= query.due_from)
        if query.due_to:
            stmt = stmt.where(P.due_date <= query.due_to)
        if query.search:
            stmt = stmt.where(self._matches(query.search))
        if not facets:
            if query.forms:
                stmt = stmt.where(P.form.in_(query.forms))
            if query.urgencies:
                stmt = stmt.where(_urgency_clause(query))
        return stmt

    def _searched(self, query: StepQuery) -> list:
        """(id, urgency, form, due_date) of every step matching ``query`` but its urgency
        and form choices. A search joins tasks and directives for every one of the user's
        steps; it is done once per unit of work and shared by the counts and the page."""
        key = (query.login, query.agency_code, query.roles, query.include_officers, query.optional,
               query.directive_id, query.due_from, query.due_to, query.search, query.today, query.soon_limit,
               tuple(sorted(query.soon_limits.items())))
        if self._search_cache is None or self._search_cache[0] != key:
            urgency = urgency_column(query).label("urgency")
            mine = mine_column(query).label("mine")
            stmt = self._base(select(P.id, urgency, P.form, P.due_date, mine), query, facets=True)
            self._search_cache = (key, self.session.execute(stmt).all())
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
        ids = self._base(select(P.id), query).order_by(P.due_date.is_(None), P.due_date, P.id)
        return self._labelled(ids.limit(query.limit).offset(query.offset).scalar_subquery())

    def facets(self, query: StepQuery) -> list[dict]:
        if query.search:
            counted = Counter((r.urgency, r.form, r.mine) for r in self._searched(query))
            return [{"urgency": u, "form": f, "mine": m, "count": n} for (u, f, m), n in counted.items()]
        urgency, mine = urgency_column(query).label("urgency"), mine_column(query).label("mine")
        stmt = self._base(select(urgency, P.form, mine, func.count().label("count")), query, facets=True)
        stmt = stmt.group_by(urgency, P.form, mine)
        return [dict(r) for r in self.session.execute(stmt).mappings().all()]
