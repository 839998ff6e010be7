"""Read use cases: task lists with their derived status, inboxes with urgency, one
step's form and a task's audit trail. Each checks
what the acting user may see."""
from __future__ import annotations

from datetime import date

from engine.domain.access import can_act_on_step
from engine.domain.calendar import local_date
from engine.domain.errors import DomainError, NotFound
from engine.domain.input_limits import MAX_OFFSET, forbidden_character, id_in_range, plausible_step_id, printable
from engine.domain.status import BUCKETS, STATUSES, status_filter, status_of
from engine.domain.status_rules import Facts
from engine.domain.users import User
from engine.ports import StepQuery, TaskQuery
from engine.usecases.context import Services
from engine.usecases.step_view import form_description
from engine.usecases.task_view import load_visible
from engine.usecases.steps import already_completed


def today_of(services: Services) -> date:
    return local_date(services.clock.now())


def status_fields(services: Services, uow, row: dict, today: date, lang: str) -> dict:
    """The status of an assignment row (engine.domain.status), as list rows carry it."""
    rules = services.rules_for(uow, row["process_version_id"])
    status = status_of(Facts.of(row), today, rules, row.get("submitted_at"), row.get("due_at_submission"))
    return {"status": status.code, "status_label": status.label(lang), "overdue": status.overdue,
            "days_late": status.days_late, "days_suspended": status.days_suspended}


def with_urged(uow, rows: list[dict]) -> list[dict]:
    """``rows`` (task list rows) with how often (``urged_count``) and when last
    (``last_urged_at``) each assignment was urged."""
    summaries = uow.urgings.summaries(row["id"] for row in rows)
    for row in rows:
        summary = summaries.get(row["id"])
        row["urged_count"] = summary.count if summary else 0
        row["last_urged_at"] = summary.last_at if summary else None
    return rows


def soon_limits(services: Services, uow, today: date) -> dict[int, date]:
    """Each process version's last day of its "due soon" window, seen from ``today``."""
    limits = {}
    for version_id in uow.queries.process_version_ids():
        rules = services.rules_for(uow, version_id)
        limits[version_id] = rules.offsets["due_soon"].apply(today, rules.calendar)
    return limits


def list_tasks(services: Services, actor: User, *, agency: str | None = None, statuses=None,
               directive_id: int | None = None, search: str | None = None, officer: str | None = None,
               limit: int = 100, offset: int = 0, lang: str = "vi",
               bucket: str | None = None) -> tuple[list[dict], int]:
    """``bucket``: one of the per-directive counts (engine.domain.status.BUCKETS)."""
    today = today_of(services)
    if bucket is not None and bucket not in BUCKETS:
        raise DomainError("task.unknown_bucket", bucket=bucket, choices=", ".join(BUCKETS))
    for code in statuses or ():
        if code not in STATUSES:
            raise DomainError("task.unknown_status", status=code, choices=", ".join(STATUSES))
    if search and forbidden_character(search):
        raise DomainError("input.forbidden_character", field="search", char=forbidden_character(search))
    if directive_id is not None and not id_in_range(directive_id):
        return [], 0          # names no directive: nothing to ask the database
    offset = max(0, min(offset, MAX_OFFSET))
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        criteria = [status_filter(code) for code in statuses or ()]
        query = TaskQuery(visible_agency=None if actor.sees_everything else actor.agency_code, agency_code=agency,
                          criteria=criteria, directive_id=directive_id, search=search, officer=officer,
                          limit=limit, offset=offset, bucket=bucket, today=today)
        if statuses:
            query.soon_limits = soon_limits(services, uow, today)
        rows, total = uow.queries.tasks(query)
        return with_urged(uow, [row | status_fields(services, uow, row, today, lang) for row in rows]), total


def urgency(due: date | None, today: date, rules) -> str:
    if due is None:
        return "none"
    if due < today:
        return "overdue"
    if rules.is_due_soon(due, today):
        return "due_soon"
    return "normal"


def list_steps(services: Services, actor: User, *, login: str | None = None, agency: str | None = None,
               optional: bool = False, directive_id: int | None = None, forms=(), due_from=None, due_to=None,
               search: str | None = None, limit: int = 200) -> list[dict]:
    """The inbox of ``actor`` (or, for auditors and admins, of a given user or agency)."""
    today = today_of(services)
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        subject = actor
        if (login or agency) and actor.sees_everything:
            subject = uow.users.by_login(login) if login else None
            if login and subject is None:
                raise NotFound("user.not_found", login=login)
        if subject is None:
            query = StepQuery(agency_code=agency, roles=("officer", "leader", "coordinator", "monitor", "authority"),
                              include_officers=True, optional=optional, directive_id=directive_id, forms=forms,
                              due_from=due_from, due_to=due_to, search=search, limit=limit)
        else:
            query = StepQuery(login=subject.login, agency_code=subject.agency_code, roles=sorted(subject.roles),
                              include_officers=subject.has("leader"), optional=optional,
                              directive_id=directive_id, forms=forms, due_from=due_from, due_to=due_to,
                              search=search, limit=limit)
        rows = uow.queries.steps(query)
        for row in rows:
            rules = services.rules_for(uow, row["process_version_id"])
            row["urgency"] = urgency(row["due_date"], today, rules)
            row["days_late"] = (today - row["due_date"]).days if row["due_date"] and row["due_date"] < today else 0
        return rows


def step_detail(services: Services, actor: User, step_id: str, lang: str = "vi") -> dict:
    """A pending step with its form, the choices filled in for this task."""
    if not plausible_step_id(step_id):
        raise NotFound("step.not_found", step=printable(step_id))
    with services.uow(write=False) as uow:
        step = uow.steps.pending(step_id)
        if step is None:
            raise already_completed(uow, step_id)
        if can_act_on_step(actor, step):
            instance = uow.instances.get(step.instance_id)
            task, directive = uow.directives.task_and_directive(instance.task_id)
        else:
            instance, task, directive, _ = load_visible(uow, actor, step.instance_id)
        form = form_description(uow, step, instance, task, today_of(services), lang)
        return {
            "id": step.id, "name": step.name, "title": step.title, "role": step.role, "agency": step.agency_code,
            "assignee": step.assignee, "due": step.due.isoformat() if step.due else None, "optional": step.optional,
            "period": step.period,
            "instance_id": instance.id, "task_ref": task.ref, "task": task.summary,
            "directive": directive.number or directive.title, "can_act": can_act_on_step(actor, step),
            "form": form,
        }


def audit_trail(services: Services, actor: User, instance_id: int) -> list:
    with services.uow(write=False) as uow:
        load_visible(uow, actor, instance_id)
        return uow.audit.of_instance(instance_id)


def _scope(actor: User) -> str | None:
    return None if actor.sees_everything else actor.agency_code


def list_directives(services: Services, actor: User) -> list[dict]:
    """Every directive the actor sees, with per-directive counts in the form leaders use."""
    with services.uow(write=False) as uow:
        return uow.queries.directive_counts(today_of(services), _scope(actor))


def directives_page(services: Services, actor: User, limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
    """One page of directives (newest first) with their counts, and how many there are."""
    with services.uow(write=False) as uow:
        page, total = uow.queries.visible_directives(_scope(actor), limit, offset)
        counts = {c["id"]: c for c in uow.queries.directive_counts(
            today_of(services), _scope(actor), [d["id"] for d in page])}
    empty = {"total": 0} | {code: 0 for code in BUCKETS}
    return [counts.get(d["id"]) or (d | empty) for d in page], total


def directive_choices(services: Services, actor: User) -> list[dict]:
    """The directives the actor sees, newest first, for filter choices (no counts)."""
    with services.uow(write=False) as uow:
        return uow.queries.visible_directives(_scope(actor))[0]
