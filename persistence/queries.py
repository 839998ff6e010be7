"""Read models for lists and inboxes, answered by SQL over the projected columns and
the pending-step table — never by loading workflows."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from engine.domain.records import Report
from engine.ports import StepQuery, TaskQuery
from persistence.models import AgencyRow, DirectiveRow, InstanceRow, PendingStepRow, TaskRow
from persistence.models import ReportRow, ReportVersionRow, UserRow
from persistence.repositories.reports import _version as report_version

_INSTANCE_COLUMNS = (
    InstanceRow.id, InstanceRow.phase, InstanceRow.due_date, InstanceRow.original_due_date,
    InstanceRow.officer_login, InstanceRow.percent, InstanceRow.escalation, InstanceRow.deadline_kind,
    InstanceRow.submitted_at, InstanceRow.due_at_submission, InstanceRow.completed_on_time,
    InstanceRow.closed_at, InstanceRow.outcome, InstanceRow.updated_at, InstanceRow.process_version_id,
)


def _criteria_clause(criteria):
    clause = InstanceRow.phase.in_(criteria.phases)
    due = criteria.due
    if due:
        if due[0] == "before":
            clause = and_(clause, InstanceRow.due_date < due[1])
        elif due[0] == "from_to":
            clause = and_(clause, InstanceRow.due_date >= due[1], InstanceRow.due_date <= due[2])
        elif due[0] == "after":
            clause = and_(clause, InstanceRow.due_date > due[1])
        elif due[0] == "none":
            clause = and_(clause, InstanceRow.due_date.is_(None))
    if criteria.on_time is not None:
        clause = and_(clause, InstanceRow.completed_on_time.is_(criteria.on_time))
    return clause


def _bucket_conditions(today: date) -> dict:
    """The per-directive counts in the form leaders read them, as conditions (shared by
    the counts and by the task list a count links to)."""
    open_ = InstanceRow.closed_at.is_(None)
    in_work = InstanceRow.phase.in_(("in_progress", "returned", "awaiting_confirmation", "suspended"))
    recurring = InstanceRow.deadline_kind == "recurring"
    return {
        "done_on_time": and_(InstanceRow.phase == "completed", InstanceRow.completed_on_time.is_(True)),
        "done_late": and_(InstanceRow.phase == "completed", InstanceRow.completed_on_time.is_(False)),
        "open_on_time": and_(in_work, ~recurring, or_(InstanceRow.due_date.is_(None),
                                                      InstanceRow.due_date >= today)),
        "open_late": and_(in_work, ~recurring, InstanceRow.due_date < today),
        "recurring": and_(open_, recurring, InstanceRow.phase != "awaiting_acceptance"),
        "not_accepted": InstanceRow.phase == "awaiting_acceptance",
        "cancelled": InstanceRow.phase.in_(("cancelled", "refused")),
    }


def _status_expression(today: date, soon_limit: date):
    """The status code of engine.domain.status.derive_status, as SQL over stored columns."""
    phase, due = InstanceRow.phase, InstanceRow.due_date
    return case(
        (and_(phase == "completed", InstanceRow.completed_on_time.is_(True)), "done_on_time"),
        (phase == "completed", "done_late"),
        (phase.in_(("cancelled", "refused")), "cancelled"),
        (phase.in_(("suspended", "awaiting_acceptance", "awaiting_confirmation", "returned")), phase),
        (due.is_(None), "no_deadline"),
        (due < today, "overdue"),
        (due <= soon_limit, "due_soon"),
        else_="on_track")


class SqlQueries:
    def __init__(self, session: Session):
        self.session = session

    def _agency_id(self, code: str | None) -> int | None:
        if code is None:
            return None
        return self.session.scalar(select(AgencyRow.id).where(AgencyRow.code == code)) or -1

    def tasks(self, query: TaskQuery) -> tuple[list[dict], int]:
        base = (select(*_INSTANCE_COLUMNS, TaskRow.id.label("task_id"), TaskRow.ref, TaskRow.summary,
                       TaskRow.product, DirectiveRow.id.label("directive_id"), DirectiveRow.number,
                       DirectiveRow.title.label("directive_title"), AgencyRow.code.label("agency_code"),
                       AgencyRow.name.label("agency_name"))
                .join(TaskRow, TaskRow.id == InstanceRow.task_id)
                .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
                .join(AgencyRow, AgencyRow.id == InstanceRow.agency_id))
        conditions = []
        if query.visible_agency is not None:
            own = self._agency_id(query.visible_agency)
            conditions.append(or_(InstanceRow.agency_id == own,
                                  DirectiveRow.monitor_agency == query.visible_agency,
                                  DirectiveRow.authority_agency == query.visible_agency))
        if query.agency_code:
            conditions.append(InstanceRow.agency_id == self._agency_id(query.agency_code))
        if query.criteria:
            conditions.append(or_(*[_criteria_clause(c) for c in query.criteria]))
        if query.directive_id:
            conditions.append(TaskRow.directive_id == query.directive_id)
        if query.officer:
            conditions.append(InstanceRow.officer_login == query.officer)
        if query.open_only:
            conditions.append(InstanceRow.closed_at.is_(None))
        if query.bucket:
            conditions.append(_bucket_conditions(query.today)[query.bucket])
        if query.escalation:
            conditions.append(InstanceRow.escalation == query.escalation)
        if query.search:
            like = f"%{query.search}%"
            conditions.append(or_(TaskRow.summary.ilike(like), DirectiveRow.number.ilike(like),
                                  DirectiveRow.title.ilike(like)))
        if conditions:
            base = base.where(and_(*conditions))
        total = self.session.scalar(select(func.count()).select_from(base.subquery()))
        rows = self.session.execute(
            base.order_by(InstanceRow.due_date.is_(None), InstanceRow.due_date, InstanceRow.id)
            .limit(query.limit).offset(query.offset)).mappings().all()
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
        it a task."""
        own = self._agency_id(visible_agency)
        with_tasks = (select(TaskRow.directive_id).join(InstanceRow, InstanceRow.task_id == TaskRow.id)
                      .where(InstanceRow.agency_id == own))
        return or_(DirectiveRow.monitor_agency == visible_agency, DirectiveRow.authority_agency == visible_agency,
                   DirectiveRow.id.in_(with_tasks))

    def visible_directives(self, visible_agency: str | None, limit: int | None = None,
                           offset: int = 0) -> tuple[list[dict], int]:
        """Directives (newest first) without counts: for pages and filter choices."""
        stmt = select(DirectiveRow.id, DirectiveRow.number, DirectiveRow.doc_type, DirectiveRow.title,
                      DirectiveRow.issued_on, DirectiveRow.issued_month, DirectiveRow.issuer)
        if visible_agency is not None:
            stmt = stmt.where(self._visibility(visible_agency))
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        stmt = stmt.order_by(DirectiveRow.issued_on.desc(), DirectiveRow.id.desc())
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        return [dict(r) for r in self.session.execute(stmt).mappings().all()], total

    def directive_counts(self, today: date, visible_agency: str | None,
                         directive_ids: list[int] | None = None) -> list[dict]:
        counts = _bucket_conditions(today)
        columns = [func.sum(case((cond, 1), else_=0)).label(name) for name, cond in counts.items()]
        stmt = (select(DirectiveRow.id, DirectiveRow.number, DirectiveRow.doc_type, DirectiveRow.title,
                       DirectiveRow.issued_on, DirectiveRow.issued_month, DirectiveRow.issuer,
                       func.count(InstanceRow.id).label("total"),
                       *columns)
                .join(TaskRow, TaskRow.directive_id == DirectiveRow.id)
                .join(InstanceRow, InstanceRow.task_id == TaskRow.id)
                .group_by(DirectiveRow.id).order_by(DirectiveRow.issued_on.desc(), DirectiveRow.id.desc()))
        if visible_agency is not None:
            own = self._agency_id(visible_agency)
            stmt = stmt.where(or_(InstanceRow.agency_id == own, DirectiveRow.monitor_agency == visible_agency,
                                  DirectiveRow.authority_agency == visible_agency))
        if directive_ids is not None:
            stmt = stmt.where(DirectiveRow.id.in_(directive_ids))
        return [{k: (v or 0) if k in counts else v for k, v in dict(r).items()}
                for r in self.session.execute(stmt).mappings().all()]

    def status_counts(self, today: date, soon_limit: date, visible_agency: str | None,
                      agency_code: str | None = None) -> list[dict]:
        """Assignments per agency, status code and "open and past due" (the leaders'
        «đang thực hiện quá hạn»), for dashboards."""
        status = _status_expression(today, soon_limit).label("status")
        late = case((_bucket_conditions(today)["open_late"], 1), else_=0).label("late")
        inner = (select(AgencyRow.code.label("agency_code"), AgencyRow.name.label("agency_name"), status, late)
                 .join(AgencyRow, AgencyRow.id == InstanceRow.agency_id)
                 .join(TaskRow, TaskRow.id == InstanceRow.task_id)
                 .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id))
        if visible_agency is not None:
            own = self._agency_id(visible_agency)
            inner = inner.where(or_(InstanceRow.agency_id == own, DirectiveRow.monitor_agency == visible_agency,
                                    DirectiveRow.authority_agency == visible_agency))
        if agency_code:
            inner = inner.where(InstanceRow.agency_id == self._agency_id(agency_code))
        sub = inner.subquery()
        stmt = (select(sub.c.agency_code, sub.c.agency_name, sub.c.status, sub.c.late,
                       func.count().label("count"))
                .group_by(sub.c.agency_code, sub.c.agency_name, sub.c.status, sub.c.late))
        return [dict(r) | {"late": bool(r["late"])} for r in self.session.execute(stmt).mappings().all()]

    def all_pending(self) -> list[dict]:
        """Every pending step with what a simulation or an export needs."""
        stmt = (select(PendingStepRow.id, PendingStepRow.name, PendingStepRow.form, PendingStepRow.role,
                       PendingStepRow.assignee_login, PendingStepRow.due_date, PendingStepRow.optional,
                       PendingStepRow.created_at, PendingStepRow.instance_id,
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
                    status=report_row.status, id=report_row.id)
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
