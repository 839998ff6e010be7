"""Read models for lists and inboxes, answered by SQL over the projected columns and
the pending-step table — never by loading workflows."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from engine.domain.records import Report
from engine.domain.status import COLUMN_RULES, STATUS_RULES, column_filter
from engine.ports import StepQuery, TaskQuery
from persistence.models import AgencyRow, DirectiveRow, InstanceRow, PendingStepRow, TaskRow
from persistence.models import ReportRow, ReportVersionRow, UserRow
from persistence.repositories.reports import _version as report_version
from persistence.seen_sql import Seen, seen_by
from persistence.status_sql import Days, any_of, clause, code_expression, position_expression

_INSTANCE_COLUMNS = (
    InstanceRow.id, InstanceRow.phase, InstanceRow.due_date, InstanceRow.original_due_date,
    InstanceRow.officer_login, InstanceRow.percent, InstanceRow.escalation, InstanceRow.deadline_kind,
    InstanceRow.submitted_at, InstanceRow.due_at_submission, InstanceRow.completed_on_time,
    InstanceRow.closed_at, InstanceRow.outcome, InstanceRow.updated_at, InstanceRow.process_version_id,
    InstanceRow.submitted_on_time, InstanceRow.accept_due, InstanceRow.suspended_at,
)


def _column_expression(today: date):
    """The count column of each assignment (engine.domain.status.COLUMN_RULES)."""
    return code_expression(COLUMN_RULES, Days(today))


class SqlQueries:
    def __init__(self, session: Session):
        self.session = session
        self._seen: dict[str, Seen] = {}

    def _agency_id(self, code: str | None) -> int | None:
        if code is None:
            return None
        return self.session.scalar(select(AgencyRow.id).where(AgencyRow.code == code)) or -1

    def _seen_by(self, visible_agency: str | None) -> Seen:
        """The assignments ``visible_agency`` sees (persistence/seen_sql.py; None: every
        one), once per unit of work."""
        if visible_agency is None:
            return Seen(None)
        if visible_agency not in self._seen:
            self._seen[visible_agency] = seen_by(self.session, visible_agency, self._agency_id(visible_agency))
        return self._seen[visible_agency]

    def _only_seen(self, stmt, visible_agency: str | None):
        """``stmt`` (a select from instances) cut to what ``visible_agency`` sees, with the
        task and directive joined when that depends on the directive."""
        seen = self._seen_by(visible_agency)
        if seen.by_directive:
            stmt = (stmt.join(TaskRow, TaskRow.id == InstanceRow.task_id)
                    .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id))
        return stmt.where(seen.condition) if seen.condition is not None else stmt

    def _task_conditions(self, query: TaskQuery) -> tuple[list, bool]:
        """The conditions of ``query`` on instances, and whether any reads the task or
        its directive."""
        conditions = []
        seen = self._seen_by(query.visible_agency)
        if seen.condition is not None:
            conditions.append(seen.condition)
        if query.agency_code:
            conditions.append(InstanceRow.agency_id == self._agency_id(query.agency_code))
        if query.monitor_agency is not None:
            conditions.append(DirectiveRow.monitor_agency == query.monitor_agency)
        days = Days(query.today or date.today(), query.soon_limits)
        if query.criteria:
            conditions.append(any_of(query.criteria, days))
        if query.directive_id:
            conditions.append(TaskRow.directive_id == query.directive_id)
        if query.officer:
            conditions.append(InstanceRow.officer_login == query.officer)
        if query.open_only:
            conditions.append(InstanceRow.closed_at.is_(None))
        if query.bucket:
            conditions.append(clause(column_filter(query.bucket), days))
        if query.escalation:
            conditions.append(InstanceRow.escalation == query.escalation)
        if query.search:
            like = f"%{query.search}%"
            conditions.append(or_(TaskRow.summary.ilike(like), DirectiveRow.number.ilike(like),
                                  DirectiveRow.title.ilike(like)))
        by_task = bool(seen.by_directive or query.monitor_agency is not None or query.directive_id or query.search)
        return conditions, by_task

    def tasks(self, query: TaskQuery) -> tuple[list[dict], int]:
        """One page of assignments sorted by deadline, undated last, and how many match.
        The count and the page's choice read instances alone unless a condition is on
        the task or directive (an agency's count reads index entries only, migration
        0012); tasks, directives and agencies are joined for the page's rows only."""
        conditions, by_task = self._task_conditions(query)
        chosen = select(InstanceRow.id).select_from(InstanceRow)
        if by_task:
            chosen = (chosen.join(TaskRow, TaskRow.id == InstanceRow.task_id)
                      .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id))
        if conditions:
            chosen = chosen.where(and_(*conditions))
        total = self.session.scalar(select(func.count()).select_from(chosen.subquery()))
        order = (InstanceRow.due_date.is_(None), InstanceRow.due_date, InstanceRow.id)
        page = chosen.order_by(*order).limit(query.limit).offset(query.offset)
        rows = self.session.execute(
            select(*_INSTANCE_COLUMNS, TaskRow.id.label("task_id"), TaskRow.ref, TaskRow.summary, TaskRow.product,
                   DirectiveRow.id.label("directive_id"), DirectiveRow.number,
                   DirectiveRow.title.label("directive_title"), AgencyRow.code.label("agency_code"),
                   AgencyRow.name.label("agency_name"))
            .join(TaskRow, TaskRow.id == InstanceRow.task_id)
            .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
            .join(AgencyRow, AgencyRow.id == InstanceRow.agency_id)
            .where(InstanceRow.id.in_(page.scalar_subquery())).order_by(*order)).mappings().all()
        return [dict(r) for r in rows], total

    def steps(self, query: StepQuery) -> list[dict]:
        own_agency = self._agency_id(query.agency_code)
        mine = []
        if query.login:
            mine.append(PendingStepRow.assignee_login == query.login)
        if query.agency_code and query.roles:
            mine.append(and_(PendingStepRow.agency_id == own_agency, PendingStepRow.role.in_(query.roles),
                             PendingStepRow.assignee_login.is_(None)))
        if query.include_officers and query.agency_code:
            mine.append(and_(PendingStepRow.agency_id == own_agency, PendingStepRow.role == "officer"))
        if not mine:
            return []
        stmt = (select(PendingStepRow.id, PendingStepRow.name, PendingStepRow.title, PendingStepRow.form,
                       PendingStepRow.role, PendingStepRow.assignee_login, PendingStepRow.due_date,
                       PendingStepRow.optional, PendingStepRow.created_at, PendingStepRow.instance_id,
                       PendingStepRow.period,
                       InstanceRow.phase, InstanceRow.due_date.label("task_due_date"), InstanceRow.officer_login,
                       InstanceRow.process_version_id,
                       TaskRow.ref, TaskRow.summary, DirectiveRow.id.label("directive_id"), DirectiveRow.number,
                       DirectiveRow.title.label("directive_title"), AgencyRow.code.label("agency_code"),
                       AgencyRow.name.label("agency_name"))
                .join(InstanceRow, InstanceRow.id == PendingStepRow.instance_id)
                .join(TaskRow, TaskRow.id == InstanceRow.task_id)
                .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
                .join(AgencyRow, AgencyRow.id == InstanceRow.agency_id)
                .where(or_(*mine), PendingStepRow.optional.is_(query.optional)))
        if query.directive_id:
            stmt = stmt.where(TaskRow.directive_id == query.directive_id)
        if query.forms:
            stmt = stmt.where(PendingStepRow.form.in_(query.forms))
        if query.due_from:
            stmt = stmt.where(PendingStepRow.due_date >= query.due_from)
        if query.due_to:
            stmt = stmt.where(PendingStepRow.due_date <= query.due_to)
        if query.search:
            like = f"%{query.search}%"
            stmt = stmt.where(or_(TaskRow.summary.ilike(like), DirectiveRow.number.ilike(like)))
        stmt = stmt.order_by(PendingStepRow.due_date.is_(None), PendingStepRow.due_date,
                             PendingStepRow.created_at).limit(query.limit)
        return [dict(r) for r in self.session.execute(stmt).mappings().all()]

    def _inbox(self, query: StepQuery):
        from persistence.inbox_queries import InboxSql

        cached = getattr(self, "_inbox_sql", None)
        if cached is None or cached.agency_code != query.agency_code:
            agency_id = self._agency_id(query.agency_code) if query.agency_code else None
            cached = self._inbox_sql = InboxSql(self.session, agency_id, query.agency_code)
        return cached

    def inbox_page(self, query: StepQuery) -> list[dict]:
        return self._inbox(query).page(query)

    def inbox_facets(self, query: StepQuery) -> list[dict]:
        return self._inbox(query).facets(query)

    def process_version_ids(self) -> list[int]:
        from persistence.models import ProcessVersionRow

        return list(self.session.scalars(select(ProcessVersionRow.id).order_by(ProcessVersionRow.id)))

    def _visibility(self, visible_agency: str):
        """Directives an agency sees: those it monitors or signs off, and those giving
        it a task; None when that is every directive (persistence/seen_sql.py)."""
        seen = self._seen_by(visible_agency)
        if seen.condition is None:
            return None
        with_tasks = DirectiveRow.id.in_(
            select(TaskRow.directive_id).join(InstanceRow, InstanceRow.task_id == TaskRow.id)
            .where(InstanceRow.agency_id == self._agency_id(visible_agency)))
        if not seen.by_directive:        # it follows no directive
            return with_tasks
        return or_(DirectiveRow.monitor_agency == visible_agency, DirectiveRow.authority_agency == visible_agency,
                   with_tasks)

    def visible_directives(self, visible_agency: str | None, limit: int | None = None,
                           offset: int = 0) -> tuple[list[dict], int]:
        """Directives (newest first) without counts: for pages and filter choices."""
        stmt = select(DirectiveRow.id, DirectiveRow.number, DirectiveRow.doc_type, DirectiveRow.title,
                      DirectiveRow.issued_on, DirectiveRow.issued_month, DirectiveRow.issuer)
        visible = self._visibility(visible_agency) if visible_agency is not None else None
        if visible is not None:
            stmt = stmt.where(visible)
        ordered = stmt.order_by(DirectiveRow.issued_on.desc(), DirectiveRow.id.desc())
        if limit is None:                # every one: they are their own count
            rows = [dict(r) for r in self.session.execute(ordered).mappings().all()]
            return rows, len(rows)
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        return [dict(r) for r in self.session.execute(ordered.limit(limit).offset(offset)).mappings().all()], total

    def directive_counts(self, today: date, visible_agency: str | None,
                         directive_ids: list[int] | None = None) -> list[dict]:
        """Per directive: the total and each count column (they add up to the total).
        Each assignment's column is judged once, in a subquery."""
        counts = [code for code, _ in COLUMN_RULES]
        inner = (select(TaskRow.directive_id.label("directive_id"), _column_expression(today).label("column"))
                 .select_from(InstanceRow).join(TaskRow, TaskRow.id == InstanceRow.task_id)
                 .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id))
        seen = self._seen_by(visible_agency)
        if seen.condition is not None:
            inner = inner.where(seen.condition)
        if directive_ids is not None:
            inner = inner.where(TaskRow.directive_id.in_(directive_ids))
        judged = inner.subquery()
        columns = [func.sum(case((judged.c.column == code, 1), else_=0)).label(code) for code in counts]
        stmt = (select(DirectiveRow.id, DirectiveRow.number, DirectiveRow.doc_type, DirectiveRow.title,
                       DirectiveRow.issued_on, DirectiveRow.issued_month, DirectiveRow.issuer,
                       func.count().label("total"), *columns)
                .join(judged, judged.c.directive_id == DirectiveRow.id)
                .group_by(DirectiveRow.id).order_by(DirectiveRow.issued_on.desc(), DirectiveRow.id.desc()))
        return [{k: (v or 0) if k in counts else v for k, v in dict(r).items()}
                for r in self.session.execute(stmt).mappings().all()]

    def status_counts(self, today: date, soon_limits: dict[int, date], visible_agency: str | None,
                      agency_code: str | None = None) -> list[dict]:
        """Assignments per agency, status code and count column, for dashboards. Counted
        per agency id, then named: the agency's code and name are joined to the counts,
        not to every assignment, and each status and column is counted by its rule's
        position (persistence/status_sql.py), named afterwards: sorting a million rows by
        agency name and status was most of the whole province's dashboard time."""
        days = Days(today, soon_limits)
        status = position_expression(STATUS_RULES, days).label("status")
        column = position_expression(COLUMN_RULES, days).label("column")
        inner = self._only_seen(select(InstanceRow.agency_id, status, column).select_from(InstanceRow),
                                visible_agency)
        if agency_code:
            inner = inner.where(InstanceRow.agency_id == self._agency_id(agency_code))
        judged = inner.subquery()
        counted = (select(judged.c.agency_id, judged.c.status, judged.c.column, func.count().label("count"))
                   .group_by(judged.c.agency_id, judged.c.status, judged.c.column).subquery())
        stmt = (select(AgencyRow.code.label("agency_code"), AgencyRow.name.label("agency_name"), counted.c.status,
                       counted.c.column, counted.c.count)
                .join(AgencyRow, AgencyRow.id == counted.c.agency_id))
        return [dict(r, status=STATUS_RULES[r["status"]][0], column=COLUMN_RULES[r["column"]][0])
                for r in self.session.execute(stmt).mappings().all()]

    def visible_agencies(self, visible_agency: str | None) -> list[tuple[str, str]]:
        """(code, name) of each agency with an assignment ``visible_agency`` sees (every
        assignment: None): an index probe per agency where the agency sees its own or every
        directive's assignments."""
        assigned = self._only_seen(select(InstanceRow.id).where(InstanceRow.agency_id == AgencyRow.id), visible_agency)
        return [(r.code, r.name) for r in self.session.execute(
            select(AgencyRow.code, AgencyRow.name).where(assigned.exists()))]

    def all_pending(self) -> list[dict]:
        """Every pending step with what a simulation or an export needs."""
        stmt = (select(PendingStepRow.id, PendingStepRow.name, PendingStepRow.form, PendingStepRow.role,
                       PendingStepRow.assignee_login, PendingStepRow.due_date, PendingStepRow.optional,
                       PendingStepRow.created_at, PendingStepRow.instance_id, PendingStepRow.period,
                       InstanceRow.due_date.label("task_due_date"), InstanceRow.deadline_kind,
                       AgencyRow.code.label("agency_code"))
                .join(InstanceRow, InstanceRow.id == PendingStepRow.instance_id)
                .outerjoin(AgencyRow, AgencyRow.id == PendingStepRow.agency_id)
                .order_by(PendingStepRow.instance_id, PendingStepRow.created_at))
        return [dict(r) for r in self.session.execute(stmt).mappings().all()]

    def reports_of(self, instance_id: int) -> list[Report]:
        """An instance's reports with every version, oldest first, in one query."""
        rows = self.session.execute(
            select(ReportRow, ReportVersionRow)
            .outerjoin(ReportVersionRow, ReportVersionRow.report_id == ReportRow.id)
            .where(ReportRow.instance_id == instance_id)
            .order_by(ReportRow.id, ReportVersionRow.number)).all()
        reports: dict[int, Report] = {}
        for report_row, version_row in rows:
            report = reports.get(report_row.id)
            if report is None:
                report = reports[report_row.id] = Report(
                    instance_id=report_row.instance_id, kind=report_row.kind, period=report_row.period,
                    status=report_row.status, id=report_row.id, due_date=report_row.due_date)
            if version_row is not None:
                report.versions.append(report_version(version_row))
        return list(reports.values())

    def agency_names(self, codes) -> dict[str, str]:
        """code → name for the given agency codes (one query)."""
        wanted = sorted({c for c in codes if c})
        if not wanted:
            return {}
        return dict(self.session.execute(
            select(AgencyRow.code, AgencyRow.name).where(AgencyRow.code.in_(wanted))).all())

    def user_names(self, logins) -> dict[str, str]:
        """login → display name for the given logins (one query)."""
        wanted = sorted({login for login in logins if login})
        if not wanted:
            return {}
        return dict(self.session.execute(
            select(UserRow.login, UserRow.name).where(UserRow.login.in_(wanted))).all())
