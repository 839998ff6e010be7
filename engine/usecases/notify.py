"""Turns what happened to an instance into in-app notifications and outbox mail,
inside the step's transaction: new steps for people, reminders, escalations and
decisions raised by the diagram."""
from __future__ import annotations

from dataclasses import dataclass

from engine.bpmn.script_engine import Effect
from engine.domain.formatting import fmt_day, short
from engine.domain.notification_texts import EFFECT_RECIPIENTS, render_notification
from engine.domain.records import Directive, Instance, Notification, OutgoingMail, PendingStep, TaskDef
from engine.domain.users import User
from engine.ports import UnitOfWork


@dataclass
class Subject:
    """The instance a notification is about, with the words needed to describe it."""

    instance: Instance
    task: TaskDef
    directive: Directive
    agency_name: str
    base_url: str = ""

    @property
    def link(self) -> str:
        return f"/tasks/{self.instance.id}"

    def params(self) -> dict:
        return {"task": short(self.task.summary), "directive": self.directive.number or short(self.directive.title, 70),
                "agency": self.agency_name}


def deliver(uow: UnitOfWork, users: list[User], kind: str, params: dict, subject: Subject, now,
            link: str | None = None) -> None:
    """One notification per user about ``subject``, plus an e-mail unless the user takes
    a daily digest; ``link`` replaces the task page as where it leads."""
    send_notice(uow, users, kind, params, link or subject.link, subject.instance.id, subject.base_url, now)


def send_notice(uow: UnitOfWork, users: list[User], kind: str, params: dict, link: str, instance_id: int | None,
                base_url: str, now) -> None:
    """One notification per active user (each once), and the e-mail of those who take
    their mail as it comes, queued in the outbox of this transaction."""
    seen = set()
    for user in users:
        if user.login in seen or not user.active:
            continue
        seen.add(user.login)
        title, body = render_notification(kind, user.language, **params)
        uow.notifications.add(Notification(user_login=user.login, kind=kind, title=title, body=body,
                                           link=link, instance_id=instance_id, created_at=now))
        if user.email and not user.digest:
            uow.outbox.add(OutgoingMail(to_addr=user.email, subject=title, body=body + f"\n\n{base_url}{link}",
                                        user_login=user.login, created_at=now))


def step_recipients(uow: UnitOfWork, step: PendingStep) -> list[User]:
    if step.assignee:
        user = uow.users.by_login(step.assignee)
        return [user] if user else []
    if not step.agency_code:
        return []
    return uow.users.with_role(step.agency_code, step.role)


# the rungs whose notice leads to an action rather than the task page: the monitor's
# «draft urging letter» opens the urging screen with the assignment selected
RUNG_LINKS = {"deadline_monitor": "/urging?assignment={instance}"}
ROUTINE_FORMS = ("monthly_report",)   # recurring duties: the inbox shows them, reminders chase them


def step_kind(step: PendingStep) -> str | None:
    """What a new pending step tells its people, or None for a routine one."""
    if step.form in ROUTINE_FORMS and step.name != "revise_report":
        return None
    if step.name == "accept":
        return "new_task"
    if step.name in ("rework", "revise_report"):
        return "returned"
    if step.role in ("monitor", "authority") or step.name.startswith(("review", "approve")):
        return "review"
    return "assigned"


def notify_new_steps(uow: UnitOfWork, subject: Subject, steps: list[PendingStep], comment: str | None, now) -> None:
    for step in steps:
        kind = step_kind(step)
        if step.optional or kind is None:
            continue
        params = subject.params() | {
            "step": step.title, "comment": comment or "",
            "due": f" (hạn {fmt_day(step.due)})" if step.due else "",
        }
        deliver(uow, step_recipients(uow, step), kind, params, subject, now)


def notify_effects(uow: UnitOfWork, subject: Subject, effects: list[Effect], case: dict, now) -> None:
    for effect in effects:
        target = EFFECT_RECIPIENTS.get(effect.kind)
        if target is None:
            continue
        officer = uow.users.by_login(case.get("officer") or "") if target in ("officer", "officer_and_leaders") \
            else None
        if target == "officer":
            users = [officer] if officer else uow.users.with_role(subject.instance.agency_code, "leader")
        elif target == "officer_and_leaders":
            users = ([officer] if officer else []) + uow.users.with_role(subject.instance.agency_code, "leader")
        else:
            role, key = target
            users = uow.users.with_role(case.get(key) or "", role)
        params = subject.params() | {
            "due_date": fmt_day(effect.params.get("due_date") or case.get("due_date")),
            "month": _month(effect.params.get("month")), "comment": effect.params.get("comment") or "",
            "accept_due": fmt_day(effect.params.get("accept_due") or case.get("accept_due")),
        }
        deliver(uow, users, effect.kind, params, subject, now, link=RUNG_LINKS.get(effect.kind, "").format(
            instance=subject.instance.id) or None)


def _month(value: str | None) -> str:
    if not value:
        return ""
    year, month = value.split("-")
    return f"{int(month)}/{year}"
