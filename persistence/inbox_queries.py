"""The inbox's SQL: which pending steps are a user's, one page of them sorted by due
day, counts per urgency group and step form, and the directives they belong to.

Only the pending-step table is read (with joins for labels); no workflow is ever
loaded. The "whose steps" clause is an OR of terms each served by an index of
``pending_steps`` (assignee; agency + role), so the database touches only the rows of
one person or agency, however many tasks the province has."""
from __future__ import annotations

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
    def __init__(self, session: Session, agency_id: int | None):
        self.session, self.agency_id = session, agency_id

    def _base(self, stmt, query: StepQuery, *, facets: bool = False):
        """``stmt`` with the joins and filters of ``query``; ``facets`` leaves urgency and
        form unfiltered (the counts show what each choice would give)."""
        whose = _whose(query, self.agency_id)
        stmt = stmt.where(whose if whose is not None else false(), P.optional == query.optional)
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
            like = f"%{query.search}%"
            stmt = stmt.where(or_(TaskRow.summary.ilike(like), DirectiveRow.number.ilike(like),
                                  DirectiveRow.title.ilike(like), P.title.ilike(like)))
        if not facets:
            if query.forms:
                stmt = stmt.where(P.form.in_(query.forms))
            if query.urgencies:
                stmt = stmt.where(_urgency_clause(query))
        return stmt

    def page(self, query: StepQuery) -> list[dict]:
        """One page of rows sorted by due day: overdue first, undated last. The page is
        chosen on the pending-step table alone; labels are joined for its rows only."""
        ids = self._base(select(P.id, P.due_date, P.created_at), query)
        ordered = ids.order_by(P.due_date.is_(None), P.due_date, P.created_at, P.id)
        page_ids = ordered.limit(query.limit).offset(query.offset).subquery()
        stmt = (select(P.id, P.name, P.title, P.form, P.role, P.assignee_login, P.due_date, P.optional,
                       P.created_at, P.instance_id, InstanceRow.phase, InstanceRow.due_date.label("task_due_date"),
                       InstanceRow.officer_login, InstanceRow.process_version_id, TaskRow.ref, TaskRow.summary,
                       DirectiveRow.id.label("directive_id"), DirectiveRow.number,
                       DirectiveRow.title.label("directive_title"), AgencyRow.code.label("agency_code"),
                       AgencyRow.name.label("agency_name"))
                .join(page_ids, page_ids.c.id == P.id)
                .join(InstanceRow, InstanceRow.id == P.instance_id)
                .join(TaskRow, TaskRow.id == InstanceRow.task_id)
                .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
                .join(AgencyRow, AgencyRow.id == InstanceRow.agency_id)
                .order_by(P.due_date.is_(None), P.due_date, P.created_at, P.id))
        return [dict(r) for r in self.session.execute(stmt).mappings().all()]

    def facets(self, query: StepQuery) -> list[dict]:
        urgency = urgency_column(query).label("urgency")
        stmt = self._base(select(urgency, P.form, func.count(P.id).label("count")), query, facets=True)
        stmt = stmt.group_by(urgency, P.form)
        return [dict(r) for r in self.session.execute(stmt).mappings().all()]

    def directives(self, query: StepQuery) -> list[dict]:
        """The directives of all the user's steps (no filter), with how many steps each has."""
        scoped = StepQuery(login=query.login, agency_code=query.agency_code, roles=query.roles,
                           include_officers=query.include_officers, optional=query.optional)
        stmt = self._base(select(TaskRow.directive_id.label("id"), func.count(P.id).label("count")), scoped)
        stmt = (stmt.join(InstanceRow, InstanceRow.id == P.instance_id)
                .join(TaskRow, TaskRow.id == InstanceRow.task_id)
                .group_by(TaskRow.directive_id)).subquery()
        rows = self.session.execute(
            select(DirectiveRow.id, DirectiveRow.number, DirectiveRow.title, DirectiveRow.issued_on, stmt.c.count)
            .join(stmt, stmt.c.id == DirectiveRow.id)
            .order_by(DirectiveRow.issued_on.desc(), DirectiveRow.id.desc())).mappings().all()
        return [dict(r) for r in rows]
