"""The task page's read use cases: one tracked assignment (instance) with its "6 rõ",
its derived status, its pending steps and the ones the actor may act on, every report
version with reviews and evidence, and the readable audit timeline — read in one unit
of work with a handful of queries (no workflow is deserialized). Also the BPMN XML of
the instance's process version, behind the same access check."""
from __future__ import annotations

from engine.bpmn.steps import element_of
from engine.domain.access import FORMS_WHILE_SUSPENDED, can_act_on_step, can_view_instance
from engine.domain.calendar import local_date
from engine.domain.errors import Forbidden, NotFound
from engine.domain.status import CLOSED_PHASES, status_of
from engine.domain.status_rules import Facts
from engine.domain.urging import UrgedSummary
from engine.domain.users import ROLE_LABELS, User
from engine.usecases.context import Services
from engine.usecases.timeline import Names, agencies_in, entry_view, logins_in, period_label, report_view


def load_visible(uow, actor: User, instance_id: int):
    """(instance, task, directive, pending steps) if ``actor`` may see the instance."""
    instance = uow.instances.get(instance_id)
    if instance is None:
        raise NotFound("task.not_found", task=instance_id)
    task, directive = uow.directives.task_and_directive(instance.task_id)
    pending = uow.steps.of_instance(instance.id)
    if not can_view_instance(actor, instance, task, directive, pending):
        raise Forbidden("task.forbidden")
    return instance, task, directive, pending


def process_facts(services: Services, uow, version_id: int) -> tuple[dict, dict, object]:
    """(step name → title, step name → form, compiled process) of a process version."""
    compiled = services.processes.get(uow, version_id)
    titles = {name: compiled.title_of(name) for name in compiled.user_tasks}
    forms = {name: props.get("form") for name, props in compiled.user_tasks.items()}
    return titles, forms, compiled


def role_label(role: str | None, lang: str = "vi") -> str:
    vi, en = ROLE_LABELS.get(role or "", (role or "", role or ""))
    return en if lang == "en" else vi


def blocked_reason(instance, step) -> str | None:
    """The message key that stops ``step`` from being completed now, if any."""
    if instance.phase in CLOSED_PHASES:
        return "step.closed"
    if instance.phase == "suspended" and step.form not in FORMS_WHILE_SUSPENDED:
        return "step.suspended"
    return None


def step_view(step, instance, actor: User, names: Names, lang: str = "vi") -> dict:
    blocked = blocked_reason(instance, step)
    return {
        "id": step.id, "name": step.name, "title": step.title, "form": step.form, "role": step.role,
        "role_label": role_label(step.role, lang), "agency": step.agency_code,
        "agency_name": names.agency(step.agency_code), "assignee": step.assignee,
        "assignee_name": names.user(step.assignee), "due": step.due, "optional": step.optional,
        "period": step.period, "period_label": period_label(step.period),
        "blocked": blocked, "can_act": can_act_on_step(actor, step) and blocked is None,
    }


def task_page(services: Services, actor: User, instance_id: int, lang: str = "vi") -> dict:
    """Everything the task page shows about one instance, for ``actor``."""
    today = local_date(services.clock.now())
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        instance, task, directive, pending = load_visible(uow, actor, instance_id)
        titles, step_forms, compiled = process_facts(services, uow, instance.process_version_id)
        reports = uow.queries.reports_of(instance.id)
        entries = uow.audit.of_instance(instance.id)
        done = uow.steps.completions_of(instance.id)
        logins = logins_in(entries, reports) | {instance.officer_login} | {s.assignee for s in pending}
        codes = (agencies_in(entries, reports) | set(task.coordinating) | {s.agency_code for s in pending}
                 | {instance.agency_code, directive.monitor_agency, directive.authority_agency})
        names = Names(uow.queries.user_names(logins), uow.queries.agency_names(codes), titles)
        rules = services.rules_for(uow, instance.process_version_id)
        status = status_of(Facts.of(instance), today, rules, instance.submitted_at, instance.due_at_submission)
        urged = uow.urgings.summaries([instance.id]).get(instance.id) or UrgedSummary()
    closed = instance.phase in CLOSED_PHASES
    steps = [step_view(s, instance, actor, names, lang) for s in pending]
    views = [report_view(r, step_forms, names, lang, today) for r in reports]
    return {
        "id": instance.id, "phase": instance.phase, "closed": closed,
        "status": {"code": status.code, "label": status.label(lang), "overdue": status.overdue,
                   "days_late": status.days_late, "days_suspended": status.days_suspended},
        "accept_due": instance.accept_due, "suspended_at": instance.suspended_at,
        "escalation": instance.escalation, "percent": instance.percent, "outcome": instance.outcome,
        "due_date": instance.due_date, "original_due_date": instance.original_due_date,
        "submitted_at": instance.submitted_at, "closed_at": instance.closed_at,
        "completed_on_time": instance.completed_on_time, "deadline_kind": instance.deadline_kind,
        "task": {"id": task.id, "ref": task.ref, "summary": task.summary, "content": task.content,
                 "product": task.product, "note": task.note, "reporting": task.reporting,
                 "deadline_text": task.deadline.text, "deadline_kind": task.deadline.kind},
        "directive": {"id": directive.id, "number": directive.number, "title": directive.title,
                      "doc_type": directive.doc_type, "issuer": directive.issuer,
                      "issued_on": directive.issued_on, "signer": directive.signer},
        "lead": {"code": instance.agency_code, "name": names.agency(instance.agency_code)},
        "coordinating": [{"code": c, "name": names.agency(c)} for c in task.coordinating
                         if c != instance.agency_code],
        "monitor": {"code": directive.monitor_agency, "name": names.agency(directive.monitor_agency)},
        "authority": {"code": directive.authority_agency, "name": names.agency(directive.authority_agency)},
        "officer": ({"login": instance.officer_login, "name": names.user(instance.officer_login)}
                    if instance.officer_login else None),
        "process": {"version_id": instance.process_version_id, "key": compiled.key, "version": compiled.version},
        "waiting": [s for s in steps if not s["optional"]],
        "actions": [s for s in steps if s["optional"] and s["can_act"]],
        "pending_names": sorted({element_of(s.name) for s in pending if not s.optional}),
        "done_names": sorted({element_of(d.name) for d in done}),
        "monthly": sorted((r for r in views if r["kind"] == "monthly"), key=lambda r: r["period"] or ""),
        "completion": [r for r in views if r["kind"] == "completion"],
        "extensions": [r for r in views if r["kind"] == "extension"],
        "inputs": [r for r in views if r["kind"] == "input"],
        "timeline": [entry_view(e, step_forms, names, lang) for e in entries],
        "urged": {"count": urged.count, "last_at": urged.last_at},
    }


def process_diagram(services: Services, actor: User, instance_id: int) -> str:
    """The BPMN XML of the process version ``instance_id`` runs on."""
    with services.uow(write=False) as uow:
        instance, *_ = load_visible(uow, actor, instance_id)
        return services.processes.get(uow, instance.process_version_id).xml
