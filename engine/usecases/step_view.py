"""The step page's read use case: a pending step's form as the engine describes it
(officer and coordinating-agency choices filled in for this task), the task it belongs
to, whether the task's state lets it be completed now (closed, suspended), the report
under review or being revised (with its values to start from) and, for a step someone
already completed, who and when."""
from __future__ import annotations

from engine.domain.access import can_act_on_step, can_view_instance
from engine.domain.calendar import local_date
from engine.domain.errors import Forbidden, NotFound
from engine.domain.input_limits import plausible_step_id, printable
from engine.domain.forms import FORMS
from engine.domain.status import status_of
from engine.domain.status_rules import Facts
from engine.domain.users import User
from engine.usecases.context import Services
from engine.usecases.steps import already_completed, form_context
from engine.usecases.task_view import blocked_reason, load_visible, process_facts, role_label
from engine.usecases.timeline import Names, display_values, period_label, report_view

# the report a step reviews, or revises when it was returned
CONTEXT_KIND = {
    "report_review": "monthly", "monthly_report": "monthly",
    "completion_approval": "completion", "completion_review": "completion", "sign_off": "completion",
    "completion_report": "completion", "extension_decision": "extension",
}
PREFILLED_FORMS = ("monthly_report", "completion_report")
# the earlier step whose submission a step answers (read from the audit log)
ANSWERS = {"refusal_review": "accept", "input_answer": "input_request"}


def _completed(uow, actor: User, step_id: str, lang: str) -> dict:
    done = uow.steps.completion(step_id)
    if done is None:
        raise NotFound("step.not_found", step=step_id)
    instance, task, _, _ = load_visible(uow, actor, done.instance_id)
    return {"id": step_id, "name": done.name, "instance_id": instance.id, "task": task.summary,
            "completed": {"by": done.completed_by, "by_name": done.completed_by_name, "at": done.completed_at,
                          "message": already_completed(uow, step_id).message(lang)}}


def form_description(uow, step, instance, task, today, lang: str) -> dict:
    """The step's form in ``lang`` with the choices of this task filled in."""
    form = FORMS[step.form].describe(lang)
    ctx = form_context(uow, instance, task, today, FORMS[step.form])
    for field in form["fields"]:
        if field["kind"] == "officer":
            field["choices"] = [{"value": k, "label": v} for k, v in ctx.officers.items()]
        elif field["kind"] == "multichoice":
            field["choices"] = [{"value": k, "label": v} for k, v in ctx.coordinating.items()]
    return form


def _context_report(uow, instance_id: int, step):
    """The report the step files, revises or reviews: a monthly one is its period's."""
    kind = CONTEXT_KIND.get(step.form)
    if kind is None:
        return None
    if kind == "monthly" and step.period:
        return uow.reports.find(instance_id, kind, step.period)
    return uow.reports.open_of(instance_id, kind)


def _last_submission(uow, instance_id: int, form: str):
    """The latest audit entry completing a step with ``form`` on the instance."""
    for entry in reversed(uow.audit.of_instance(instance_id)):
        data = (entry.after or {}).get("data") or {}
        if entry.action == "step.completed" and data.get("form") == form:
            return entry
    return None


def step_page(services: Services, actor: User, step_id: str, lang: str = "vi") -> dict:
    """What the page of step ``step_id`` shows to ``actor``."""
    if not plausible_step_id(step_id):
        raise NotFound("step.not_found", step=printable(step_id))
    today = local_date(services.clock.now())
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        step = uow.steps.pending(step_id)
        if step is None:
            return _completed(uow, actor, step_id, lang)
        instance = uow.instances.get(step.instance_id)
        task = uow.directives.task(instance.task_id)
        directive = uow.directives.get(task.directive_id)
        can_act = can_act_on_step(actor, step)
        if not (can_act or can_view_instance(actor, instance, task, directive, uow.steps.of_instance(instance.id))):
            raise Forbidden("step.forbidden")
        form = form_description(uow, step, instance, task, today, lang)
        titles, step_forms, _ = process_facts(services, uow, instance.process_version_id)
        report = _context_report(uow, instance.id, step)
        last_filed = (uow.reports.last_filed(instance.id, "monthly")
                      if step.form == "monthly_report" and not (report and report.versions) else None)
        asked = _last_submission(uow, instance.id, ANSWERS[step.form]) if step.form in ANSWERS else None
        logins = {step.assignee, instance.officer_login} | {v.submitted_by for v in (report.versions if report else [])}
        codes = {step.agency_code, instance.agency_code}
        if asked is not None:
            codes |= {asked.agency_code, *(asked.after["data"].get("values") or {}).get("input_agencies", [])}
        names = Names(uow.queries.user_names(logins), uow.queries.agency_names(codes), titles)
        status = status_of(Facts.of(instance), today, services.rules_for(uow, instance.process_version_id),
                           instance.submitted_at, instance.due_at_submission)
    context = report_view(report, step_forms, names, lang) if report and report.versions else None
    initial = {}
    if context and step.form in PREFILLED_FORMS and report.status == "returned":
        initial = {k: v for k, v in context["versions"][-1]["raw"].items() if k != "evidence"}
    elif last_filed is not None and last_filed.latest is not None:
        # a new period's report starts from the last one filed
        initial = {k: v for k, v in last_filed.latest.values.items() if k not in ("evidence", "reviews")}
    question = None
    if asked is not None:
        question = {"by_name": asked.actor_name, "at": asked.at, "agency_name": names.agency(asked.agency_code),
                    "title": names.step(asked.after["data"].get("step")),
                    "values": display_values(ANSWERS[step.form], asked.after["data"].get("values") or {}, names, lang)}
    blocked = blocked_reason(instance, step)
    return {
        "id": step.id, "name": step.name, "title": step.title, "role": step.role, "period": step.period,
        "period_label": period_label(step.period),
        "period_due": report.due_date if report else None, "late_filing": bool(
            report and report.due_date and not report.versions and report.due_date < today),
        "role_label": role_label(step.role, lang), "agency": step.agency_code,
        "agency_name": names.agency(step.agency_code), "assignee": step.assignee,
        "assignee_name": names.user(step.assignee), "due": step.due, "optional": step.optional,
        "can_act": can_act, "blocked": blocked, "form": form, "context": context, "initial": initial,
        "question": question,
        "completed": None, "instance_id": instance.id,
        "task": {"summary": task.summary, "ref": task.ref, "product": task.product,
                 "directive": directive.number or directive.title, "lead": names.agency(instance.agency_code),
                 "officer": names.user(instance.officer_login), "due_date": instance.due_date,
                 "original_due_date": instance.original_due_date, "deadline_text": task.deadline.text,
                 "phase": instance.phase, "status": status.code, "status_label": status.label(lang)},
    }
