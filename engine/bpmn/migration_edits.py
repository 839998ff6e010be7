"""The task-tree edits engine/bpmn/migration.py makes when it moves a workflow onto
another version, and the ways through the new version's flow it looks for: splice a
finished task out, insert the split SpiffWorkflow puts before an activity with
boundary events and arm them, open a branch under a task, predict again after running
tasks, find a way from one spec to another through automatic elements only, tell
whether a branch has work under way. SpiffWorkflow internals used: ``Task._add_child``,
``TaskSpec._predict``, ``TaskSpec._update``, ``Workflow._remove_task``."""
from __future__ import annotations

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.specs.mixins.exclusive_gateway import ExclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.inclusive_gateway import InclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.parallel_gateway import ParallelGateway
from SpiffWorkflow.bpmn.specs.mixins.script_task import ScriptTask
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

ACTIVE = TaskState.WAITING | TaskState.READY | TaskState.STARTED | TaskState.ERROR
RESET = TaskState.READY | TaskState.WAITING
NOT_REACHED = TaskState.FUTURE | TaskState.PREDICTED_MASK


def open_branch(parent, spec) -> None:
    """Start the new version's ``spec`` under ``parent``, as the library grows a branch."""
    opened = parent._add_child(spec, TaskState.FUTURE)
    opened.data = dict(parent.data)
    spec._predict(opened, mask=NOT_REACHED)
    spec._update(opened)


def automatic_path(source, target, limit: int = 12) -> tuple | None:
    """The specs strictly between ``source`` and ``target`` on the shortest way of the
    new version from one to the other through automatic elements only (gateways,
    script tasks, boundary-event splits), or None when there is no such way."""
    frontier, seen = [(out, ()) for out in source.outputs], set()
    while frontier:
        spec, path = frontier.pop(0)
        if spec is target:
            return path
        if spec in seen or len(path) >= limit or not isinstance(spec, AUTOMATIC):
            continue
        seen.add(spec)
        frontier += [(out, path + (spec,)) for out in spec.outputs]
    return None


AUTOMATIC = (ExclusiveGateway, InclusiveGateway, ParallelGateway, ScriptTask, BoundaryEventSplit)


def under_way(workflow, diff, first, gateway, limit: int = 80) -> bool:
    """Whether an active task of the instance is on the branch that starts at ``first``
    (followed until it comes back to ``gateway``)."""
    branch, frontier = set(), [first]
    while frontier and len(branch) < limit:
        spec = frontier.pop()
        if spec in branch or spec is gateway:
            continue
        branch.add(spec)
        frontier += list(spec.outputs)
    return any(t.state & ACTIVE and diff.alignment.get(t) in branch for t in workflow.tasks.values())


def splice_out(task) -> None:
    """Take a finished task out of the tree; its children take its place under its parent."""
    parent, children = task.parent, task.children
    siblings = parent.children
    at = siblings.index(task)
    for child in children:
        child.parent = parent
    parent.children = siblings[:at] + children + siblings[at + 1:]
    task.workflow.tasks.pop(task.id)


def insert_split(task, split_spec) -> None:
    """Put the new version's boundary-event split between ``task`` and its parent and arm
    the events it attaches."""
    parent = task.parent
    split = Task(task.workflow, split_spec, parent=parent, state=TaskState.COMPLETED)
    split.data = dict(parent.data)
    parent.children = [split if c is task else c for c in parent.children if c is not split]
    task.parent = split
    split.children = [task]
    arm_missing_events(split)


def predict_after_running(workflow, new_spec) -> None:
    """What lies after a running subprocess (or any started task) was predicted by the
    old version: drop it and let the new version predict its own."""
    for task in list(workflow.tasks.values()):
        if task.state != TaskState.STARTED or task.id not in workflow.tasks:
            continue
        outputs = task.task_spec.outputs
        for child in list(task.children):
            stale = new_spec.task_specs.get(child.task_spec.name) is not child.task_spec
            if (stale or child.task_spec in outputs) and all(t.state & NOT_REACHED for t in child):
                workflow._remove_task(child.id)
        present = {c.task_spec for c in task.children}
        for spec in outputs:
            if spec not in present:
                child = task._add_child(spec, TaskState.FUTURE)
                spec._predict(child, mask=NOT_REACHED)


def attach_new_boundary_events(workflow) -> None:
    """A boundary event the new version attaches to an activity that is still open is
    armed now, as if it had been there when the activity started."""
    for split in list(workflow.tasks.values()):
        if isinstance(split.task_spec, BoundaryEventSplit) and split.state == TaskState.COMPLETED:
            arm_missing_events(split)


def arm_missing_events(split) -> None:
    children = split.children
    main = next((c for c in children if not isinstance(c.task_spec, BoundaryEvent)), None)
    if main is None or not main.state & (RESET | TaskState.STARTED):
        return
    present = {c.task_spec for c in children}
    for spec in split.task_spec.outputs:
        if spec not in present:          # as reset_branch arms an event: predicted, then updated
            event = split._add_child(spec, TaskState.FUTURE)
            event.data = dict(split.data)
            spec._predict(event, mask=NOT_REACHED)
            spec._update(event)


def stale_spec(workflow, new_spec) -> str | None:
    """The name of a spec some task still points at that is not the new version's."""
    for task in workflow.tasks.values():
        if new_spec.task_specs.get(task.task_spec.name) is not task.task_spec:
            return task.task_spec.name
    return None
