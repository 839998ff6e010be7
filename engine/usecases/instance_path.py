"""Where one instance stands on its diagram, for the task page's drawing: the elements
it has passed through (the path taken), the steps waiting for someone, and what else
waits (timers, signals, a running subprocess). Read from the instance's own workflow
state — one instance, for the one person looking at it; lists and counts never do
this (they read the pending-step table)."""
from __future__ import annotations

from dataclasses import dataclass

from SpiffWorkflow.util.task import TaskState

from engine.bpmn.runtime import every_task
from engine.domain.users import User
from engine.usecases.context import Services
from engine.usecases.task_view import load_visible


@dataclass(frozen=True)
class InstancePath:
    completed: list[str]     # element ids passed through
    active: list[str]        # user tasks waiting for someone (not the optional actions always offered)
    waiting: list[str]       # events and subprocesses waiting for a moment or a signal

    def to_dict(self) -> dict:
        return {"completed": self.completed, "active": self.active, "waiting": self.waiting}


def instance_path(services: Services, actor: User, instance_id: int) -> InstancePath:
    with services.uow(write=False) as uow:
        instance, *_ = load_visible(uow, actor, instance_id)
        run = services.load_run(uow, instance)
    services.keep_run(instance, run)
    completed, active, waiting = set(), set(), set()
    for task in every_task(run.workflow):
        element = getattr(task.task_spec, "bpmn_id", None)
        if not element:
            continue
        if task.state == TaskState.COMPLETED:
            completed.add(element)
        elif task.state == TaskState.READY and task.task_spec.manual:
            if not _optional(run.process.user_tasks.get(task.task_spec.name, {})):
                active.add(element)
        elif task.state in (TaskState.WAITING, TaskState.STARTED, TaskState.READY):
            waiting.add(element)
    return InstancePath(sorted(completed - active - waiting), sorted(active), sorted(waiting - active))


def _optional(props: dict) -> bool:
    return str(props.get("optional", "")).lower() == "true"
