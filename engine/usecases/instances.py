"""Writing back a workflow run: the instance's projected columns, its state with the
optimistic lock, its pending-step rows, the notifications and the audit entry — all in
the caller's unit of work, so they commit together or not at all."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from engine.bpmn.runtime import BpmnRuntime, Run
from engine.domain.access import FORMS_WHILE_SUSPENDED
from engine.domain.calendar import local_date
from engine.domain.records import AuditEntry, Instance, PendingStep
from engine.domain.status import CLOSED_PHASES, completed_on_time
from engine.domain.users import User
from engine.ports import UnitOfWork
from engine.usecases.notify import Subject, notify_effects, notify_new_steps
from engine.usecases.report_periods import record_periods, withdraw_periods


def _day(value) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _moment(value) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def snapshot(instance: Instance, steps: list[PendingStep] | None = None) -> dict:
    """What the audit log keeps of an instance before and after a change."""
    data = {
        "phase": instance.phase,
        "due_date": instance.due_date.isoformat() if instance.due_date else None,
        "officer": instance.officer_login,
        "escalation": instance.escalation,
        "outcome": instance.outcome,
        "agency": instance.agency_code,
    }
    if steps is not None:
        data["steps"] = sorted(s.name for s in steps if not s.optional)
    return data


def project(runtime: BpmnRuntime, run: Run, instance: Instance, steps) -> None:
    """Copy what lists and inboxes need from the workflow onto the instance row."""
    case = run.case
    instance.phase = runtime.phase(run, steps)
    instance.due_date = _day(case.get("due_date"))
    instance.original_due_date = _day(case.get("original_due_date")) or instance.due_date
    instance.officer_login = case.get("officer")
    instance.submitted_at = _moment(case.get("submitted_at"))
    instance.due_at_submission = _day(case.get("due_at_submission"))
    instance.outcome = case.get("outcome")
    instance.escalation = case.get("escalation")
    closed = instance.phase in CLOSED_PHASES
    instance.closed_at = _moment(case.get("closed_at")) if closed else None
    instance.completed_on_time = (completed_on_time(instance.submitted_at, instance.due_at_submission)
                                  if instance.phase == "completed" else None)
    in_review = bool(case.get("submitted")) or instance.phase == "completed"
    instance.submitted_on_time = (completed_on_time(instance.submitted_at, instance.due_at_submission)
                                  if in_review and instance.submitted_at else None)
    instance.accept_due = _day(case.get("accept_due"))
    instance.suspended_at = _moment(case.get("suspended_at")) if instance.phase == "suspended" else None
    instance.next_timer_at = None if closed else runtime.next_timer_at(run)


def visible_steps(phase: str, ready: list) -> list:
    """The ready steps people see: while the task is suspended, only resuming or
    cancelling it (nothing else can be done, so nothing else is shown or late)."""
    if phase != "suspended":
        return ready
    return [s for s in ready if s.form in FORMS_WHILE_SUSPENDED]


@dataclass
class Change:
    """One thing that happened to an instance, for the audit log."""

    actor: User
    action: str
    step_id: str | None = None
    details: dict | None = None
    comment: str | None = None


def write_back(uow: UnitOfWork, runtime: BpmnRuntime, run: Run, instance: Instance, subject: Subject,
               change: Change, now: datetime, before: dict | None, is_new: bool = False,
               previous: list[PendingStep] | None = None, state: str | None = None,
               new_windows: bool = False) -> list[PendingStep]:
    """Persist ``run`` into ``instance`` and everything that depends on it.
    ``previous`` are the instance's pending steps as loaded before the change; ``state``
    is stored instead of the run's dump when given (a reverted migration puts back the
    state it kept, exactly as it was); ``new_windows`` recomputes the due day of steps
    given a time to answer from the day each opened (a migration: the new version's
    windows)."""
    ready = runtime.ready_steps(run)
    project(runtime, run, instance, ready)
    ready = visible_steps(instance.phase, ready)
    instance.state = state if state is not None else runtime.dump(run)
    instance.updated_at = now
    if is_new:
        instance.created_at = now
        uow.instances.add(instance)
        previous = []
    else:
        if previous is None:
            previous = uow.steps.of_instance(instance.id)
        uow.instances.save(instance, instance.version)
    previous_by_id = {s.id: s for s in previous}
    previous_ids = set(previous_by_id)
    rules = runtime.rules(run.process)
    steps = [PendingStep(id=s.task_id, instance_id=instance.id, name=s.name, title=s.title, form=s.form,
                         role=s.role, agency_code=s.agency_code, assignee=s.assignee,
                         due=due_of(s, previous_by_id.get(s.task_id), rules, now, new_windows),
                         optional=s.optional, created_at=now, period=s.period) for s in ready]
    uow.steps.replace(instance.id, steps, previous)
    resumed = before is not None and before.get("phase") == "suspended" and instance.phase != "suspended"
    # on resume the steps held back come back: the «task resumed» notice speaks for them
    new_steps = [] if resumed else [s for s in steps if s.id not in previous_ids]
    subject.instance = instance
    notify_new_steps(uow, subject, new_steps, change.comment, now)
    notify_effects(uow, subject, run.effects, run.case, now)
    record_periods(uow, instance, run.effects)
    if instance.phase in CLOSED_PHASES and (before is None or before.get("phase") not in CLOSED_PHASES):
        withdraw_periods(uow, instance, local_date(now))
    after = snapshot(instance, steps)
    if change.details:
        after["data"] = change.details
    if run.effects:
        after["effects"] = [e.kind for e in run.effects]
    uow.audit.append(AuditEntry(
        at=now, actor_login=change.actor.login, actor_name=change.actor.name,
        agency_code=change.actor.agency_code or "", action=change.action, instance_id=instance.id,
        task_id=subject.task.id, directive_id=subject.directive.id, step_id=change.step_id,
        before=before, after=after))
    return steps


def due_of(step, previous: PendingStep | None, rules, now: datetime, new_window: bool = False) -> date | None:
    """A step's due day: what the diagram says, or — for a step given a time to answer
    (``due_within``) — that long after the day it opened, kept while it stays open
    (computed again with ``rules`` when ``new_window``)."""
    if step.due is not None or not step.due_within or step.optional:
        return step.due
    if previous is not None:
        if new_window and previous.created_at is not None:
            return rules.after(local_date(previous.created_at), step.due_within)
        return previous.due
    return rules.after(local_date(now), step.due_within)


def load_subject(uow: UnitOfWork, instance_id: int, base_url: str = "") -> tuple[Instance, Subject]:
    """An instance and what notifications need to describe it, read in one go."""
    instance, task, directive, agency_name = uow.instances.with_context(instance_id)
    return instance, Subject(instance=instance, task=task, directive=directive, agency_name=agency_name,
                             base_url=base_url)


def subject_of(uow: UnitOfWork, instance: Instance, base_url: str = "", task=None, directive=None) -> Subject:
    """What notifications about ``instance`` need to describe it."""
    if task is None or directive is None:
        task, directive = uow.directives.task_and_directive(instance.task_id)
    agency = uow.agencies.by_code(instance.agency_code)
    return Subject(instance=instance, task=task, directive=directive,
                   agency_name=agency.name if agency else "", base_url=base_url)
