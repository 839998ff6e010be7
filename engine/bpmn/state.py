"""Workflow state without its spec. SpiffWorkflow's serializer embeds the whole spec
in every dump (about two thirds of the bytes); chidao stores each process version
once, so an instance's state is only its tasks, data and subprocesses. orjson writes
and reads it: a step's state is dumped on every completion.

A long-running instance keeps every finished task (each month's report, each round
of review), and all of them were converted again on every dump. A finished task
(completed or cancelled, under a finished parent that is not a root) no longer changes, so its converted
form is kept on the workflow object and reused while its state, last state change and
children are the same. So is any task that holds no data of its own (most of them:
the lifecycle's branches not reached yet, joins and gateways waiting): its form depends
only on its state, last state change, children, trigger flag, parent and the names of
its parent's data, and is reused while those are the same.

A workflow restored from its stored state starts with that memo filled from the state
itself: the stored form of each task that can be kept is, by the serializer's round
trip, what converting the restored task gives, so the first dump after a restore (every
step of a worker that did not run the instance's previous step) converts only what
the step changed. With
CHIDAO_CHECK_STATE_MEMO=1 (the test suite sets it) every dump is also made in full and
the two must be equal."""
from __future__ import annotations

import os
from uuid import UUID

import orjson

from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.migration.version_migration import MIGRATIONS
from SpiffWorkflow.bpmn.serializer.workflow import VERSION, BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

VERSION_KEY = "serializer_version"
MEMO_ATTRIBUTE = "_chidao_task_memo"
_FINISHED = TaskState.COMPLETED | TaskState.CANCELLED


def _check_memo() -> bool:
    return os.environ.get("CHIDAO_CHECK_STATE_MEMO") == "1"


def _memo_key(task) -> tuple | None:
    """What a task's converted form depends on, when it can be kept; None when it must
    be converted again (see the module's docstring)."""
    parent = task.parent     # a root's data can still be set, and its children's deltas with it
    if parent is None:
        return None
    if task.state & _FINISHED:
        if parent.parent is not None and parent.state & _FINISHED:
            return task.state, task.last_state_change, tuple(task._children)
        return None
    if not task.data and not task.internal_data:
        return (task.state, task.last_state_change, tuple(task._children), task.triggered, task._parent,
                tuple(parent.data))
    return None


def parents_first(tasks: dict) -> dict:
    """``tasks`` (stored forms by id) ordered so that each task comes after its parent.

    SpiffWorkflow restores a task's data from its delta against its parent's data only
    if the parent was restored before it (otherwise the task silently gets no data).
    Tasks are stored in the order the workflow holds them, parents first — except
    after a migration has moved tasks under new parents. A state already in that order
    (every one that was never migrated) is returned as it is."""
    seen: set[str] = set()
    for task_id, form in tasks.items():
        parent = form.get("parent")
        if parent is not None and parent in tasks and parent not in seen:
            break
        seen.add(task_id)
    else:
        return tasks
    children: dict[str, list[str]] = {}
    tops = []
    for task_id, form in tasks.items():
        parent = form.get("parent")
        if parent is None or parent not in tasks:
            tops.append(task_id)
        else:
            children.setdefault(parent, []).append(task_id)
    ordered: dict = {}
    pending = list(reversed(tops))
    while pending:
        task_id = pending.pop()
        if task_id in ordered:
            continue
        ordered[task_id] = tasks[task_id]
        pending.extend(reversed(children.get(task_id, [])))
    for task_id, form in tasks.items():     # a cycle of parents (never written by SpiffWorkflow): as stored
        ordered.setdefault(task_id, form)
    return ordered


class _StateConverter(BpmnWorkflowConverter):
    def state_to_dict(self, workflow, memo: dict | None = None) -> dict:
        """SpiffWorkflow's own conversion without the spec; with ``memo``, the same
        dictionary built with finished tasks taken from it."""
        if memo is None:
            dct = WorkflowConverter.to_dict(self, workflow)
            dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        else:
            dct = self._workflow_to_dict(workflow, memo)
            dct["subprocesses"] = {str(key): self._subworkflow_to_dict(sub, memo)
                                   for key, sub in workflow.subprocesses.items()}
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def _workflow_to_dict(self, workflow, memo: dict) -> dict:
        """WorkflowConverter.to_dict, with finished tasks taken from ``memo``."""
        return {
            "data": self.registry.convert(self.registry.clean(workflow.data)),
            "correlations": workflow.correlations,
            "last_task": str(workflow.last_task.id) if workflow.last_task is not None else None,
            "success": workflow.success,
            "completed": workflow.completed,
            "tasks": self._tasks_to_dict(workflow.tasks, memo),
            "root": str(workflow.task_tree.id),
        }

    def _subworkflow_to_dict(self, subworkflow, memo: dict) -> dict:
        """BpmnSubWorkflowConverter.to_dict, with finished tasks taken from ``memo``."""
        dct = self._workflow_to_dict(subworkflow, memo)
        dct["parent_task_id"] = str(subworkflow.parent_task_id)
        dct["spec"] = subworkflow.spec.name
        dct["typename"] = self.registry.typenames[subworkflow.__class__]
        return dct

    def _tasks_to_dict(self, tasks: dict, memo: dict) -> dict:
        converted, convert = {}, self.registry.convert
        for task_id, task in tasks.items():
            key = _memo_key(task)
            if key is None:
                converted[str(task_id)] = convert(task)
                continue
            kept = memo.get(task_id)
            if kept is None or kept[0] != key:
                kept = memo[task_id] = (key, str(task_id), convert(task))
            converted[kept[1]] = kept[2]
        return converted

    def state_from_dict(self, dct, spec, subprocess_specs, script_engine) -> BpmnWorkflow:
        workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine, deserializing=True)
        dct["tasks"] = parents_first(dct["tasks"])
        for sub in dct["subprocesses"].values():
            sub["tasks"] = parents_first(sub["tasks"])
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


class StateSerializer:
    """Dumps and restores instance state; the spec comes from the version cache."""

    def __init__(self):
        registry = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
        self._converter = _StateConverter(BpmnWorkflow, registry)
        self._registry = registry

    @property
    def registry(self):
        """SpiffWorkflow's converter registry (the spec diff of a migration converts specs with it)."""
        return self._registry

    @staticmethod
    def forget(workflow: BpmnWorkflow) -> None:
        """Drop the tasks kept converted for ``workflow``: its tasks were moved onto other
        specs (a migration), which the memo's keys do not see."""
        if hasattr(workflow, MEMO_ATTRIBUTE):
            delattr(workflow, MEMO_ATTRIBUTE)

    def dumps(self, workflow: BpmnWorkflow) -> str:
        memo = getattr(workflow, MEMO_ATTRIBUTE, None)
        if memo is None:
            memo = {}
            setattr(workflow, MEMO_ATTRIBUTE, memo)
        text = self._dumps(workflow, memo)
        _forget_gone(workflow, memo)
        if _check_memo():
            full = self._dumps(workflow, None)
            if full != text:
                raise AssertionError("a finished task changed after it was kept: the state memo is wrong")
        return text

    def _dumps(self, workflow: BpmnWorkflow, memo: dict | None) -> str:
        self._registry._encoder_mode = True
        try:
            dct = self._converter.state_to_dict(workflow, memo)
        finally:
            self._registry._encoder_mode = False
        dct[VERSION_KEY] = VERSION
        return orjson.dumps(dct, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")

    def loads(self, state: str, spec, subprocess_specs, script_engine) -> BpmnWorkflow:
        dct = orjson.loads(state)
        version = dct.pop(VERSION_KEY, VERSION)
        if version != VERSION and version in MIGRATIONS:
            dct["spec"], dct["subprocess_specs"] = {}, {}
            MIGRATIONS[version](dct)
            dct.pop("spec", None)
            dct.pop("subprocess_specs", None)
        stored = _stored_tasks(dct) if version == VERSION else None
        workflow = self._converter.state_from_dict(dct, spec, subprocess_specs, script_engine)
        _share_ids(workflow)
        if stored is not None:
            _seed_memo(workflow, stored)
        return workflow


def _forget_gone(workflow: BpmnWorkflow, memo: dict) -> None:
    """Keep the memo no larger than the workflow: drop the tasks it no longer has (a
    predicted branch pruned when another was taken)."""
    count = len(workflow.tasks) + sum(len(sub.tasks) for sub in workflow.subprocesses.values())
    if len(memo) > count:
        present = set(workflow.tasks)
        for sub in workflow.subprocesses.values():
            present.update(sub.tasks)
        for task_id in [t for t in memo if t not in present]:
            del memo[task_id]


def _share_ids(workflow: BpmnWorkflow) -> None:
    """Make every reference to a task (its workflow's key, its parent's and children's
    links, a subprocess's key) the task's own id object. The serializer parses each
    occurrence of an id into a UUID of its own; equal but distinct, each of the tree
    walks' many dictionary lookups then compared them by value. The same object is
    found by identity. Nothing changes in what the workflow holds or dumps."""
    workflows = [workflow, *workflow.subprocesses.values()]
    ids = {task.id: task.id for flow in workflows for task in flow.tasks.values()}
    for flow in workflows:
        flow.tasks = {task.id: task for task in flow.tasks.values()}
        for task in flow.tasks.values():
            if task._parent is not None:
                task._parent = ids.get(task._parent, task._parent)
            task._children = [ids.get(child, child) for child in task._children]
    workflow.subprocesses = {ids.get(key, key): sub for key, sub in workflow.subprocesses.items()}


def _stored_tasks(dct: dict) -> dict:
    """Each task's stored form by its id, top workflow and subprocesses together, taken
    before SpiffWorkflow restores them (it reads these dictionaries, never changes them)."""
    stored = dict(dct["tasks"])
    for sub in dct["subprocesses"].values():
        stored.update(sub["tasks"])
    return stored


def _seed_memo(workflow: BpmnWorkflow, stored: dict) -> None:
    """Keep the stored form of every task of the just-restored ``workflow`` that the memo
    may keep (see the module's docstring)."""
    memo = {}
    tasks = list(workflow.tasks.items())
    for sub in workflow.subprocesses.values():
        tasks.extend(sub.tasks.items())
    for task_id, task in tasks:
        key = _memo_key(task)
        if key is not None:
            text_id = str(task_id)
            form = stored.get(text_id)
            if form is not None:
                memo[task_id] = (key, text_id, form)
    setattr(workflow, MEMO_ATTRIBUTE, memo)
