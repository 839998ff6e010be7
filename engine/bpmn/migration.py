"""Moving a running workflow onto another version of its process: SpiffWorkflow's diff
and migration utilities (``SpiffWorkflow.bpmn.util.diff``) and the task-tree edits they
leave to the caller, in this one module (tests/engine/test_bpmn_migration.py pins the
library behaviour it relies on).

``inspect`` compares a workflow with the target version. SpiffWorkflow aligns the old
task specs with the new ones (by id, else by position: a renamed step is found); then
every task of the instance is judged by its state, for a step the new version no
longer has:

- a ready step, a running subprocess or a waiting task on the flow (a timer between
  two steps, a join) stops the migration: that work would vanish;
- a waiting boundary event is dropped (the new version has no such reminder);
- a finished step is taken out of the tree and its successors hung under its parent:
  its record stays in the task's history (audit log, completed steps, reports);
- tasks only predicted (branches not reached) are predicted again by the new version.

An optional step (an action offered on the task page) the new version removed is
withdrawn; one it adds after a fork the instance has passed is offered at once, while
other new branches there are not started (the dry run says so). A step still active
whose predecessor in the tree is not one of its predecessors in the new version stops
the migration too, unless the new version reaches it from that predecessor through
automatic elements only (gateways, script tasks; a boundary-event split on the way,
when the step gained boundary events, is inserted) or it is an offered action (it
stays offered); an active step that became another kind of element stops it as well.
Where such a way passes a parallel gateway the instance never went through (the new
version forks earlier, e.g. at launch), that gateway's other branches are started,
unless the instance already has work under way on them (the dry run says so).

``apply`` then re-points every task at its new spec, resets the ready and waiting ones
(SpiffWorkflow's ``migrate_workflow``: timers are armed again from the case data; a
reset task keeps its id and its own data), predicts again what lies after running
subprocesses, arms boundary events the new version attaches to an activity still open
(the dry run notes them, whether the step had boundary events before or not), and
checks that no task is left on a spec of the old version.

Besides the diff module it uses these SpiffWorkflow internals, all exercised by the
tests: ``Workflow._remove_task``, ``Task._add_child``, ``TaskSpec._predict`` and
``TaskSpec._update`` (how the library itself grows and arms a branch); the tree edits
and the search for a way through automatic elements are in engine/bpmn/migration_edits.py.
An instance of the first lifecycle version has its data converted first
(engine/bpmn/first_version.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.specs.mixins.parallel_gateway import ParallelGateway
from SpiffWorkflow.bpmn.util.diff import SpecDiff, WorkflowDiff, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from engine.bpmn import first_version
from engine.bpmn.migration_edits import (
    ACTIVE, NOT_REACHED, RESET, attach_new_boundary_events, automatic_path, insert_split, open_branch,
    predict_after_running, splice_out, stale_spec, under_way)

SPLIT_SUFFIX = ".BoundaryEventSplit"


@dataclass(frozen=True)
class Finding:
    """Something about one instance's move, as a message key and its parameters
    (engine/messages.py renders it)."""

    key: str
    params: dict = field(default_factory=dict)


@dataclass
class _Part:
    """The top workflow or one of its subprocesses, with its diff and its new spec."""

    workflow: object
    spec_diff: SpecDiff
    diff: WorkflowDiff
    new_spec: object


@dataclass
class WorkflowMigration:
    """What moving one workflow to the target version involves."""

    workflow: object
    parts: list[_Part] = field(default_factory=list)
    obstacles: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    dropped: list = field(default_factory=list)      # subtrees of removed steps with nothing done in them
    spliced: list = field(default_factory=list)      # finished tasks of removed steps
    splits: list = field(default_factory=list)       # (task, new split spec) to insert above the task
    offers: list = field(default_factory=list)       # (parallel gateway task, new optional step spec) to open
    finished_subprocesses: list = field(default_factory=list)   # finished, of a subprocess that is gone
    starts: list = field(default_factory=list)       # (task, new branch spec) to start under the task
    first_version: bool = False                      # its data is the first lifecycle version's

    @property
    def possible(self) -> bool:
        return not self.obstacles


def title_of(spec, process_spec) -> str:
    """A step's label as people read it; a split SpiffWorkflow inserts before an
    activity with boundary events is named for that activity."""
    label = getattr(spec, "bpmn_name", None)
    if label:
        return label
    name = spec.name
    if name.endswith(SPLIT_SUFFIX):
        owner = process_spec.task_specs.get(name.removesuffix(SPLIT_SUFFIX))
        return title_of(owner, process_spec) if owner is not None else name.removesuffix(SPLIT_SUFFIX)
    return name


def inspect(registry, workflow, new_spec, new_subprocess_specs: dict) -> WorkflowMigration:
    """Judge every task of ``workflow`` against the target version (see the module)."""
    migration = WorkflowMigration(workflow, first_version=first_version.needed(workflow, new_spec))
    pieces = [(workflow, new_spec, None)]
    for sub_id, sub in workflow.subprocesses.items():
        pieces.append((sub, new_subprocess_specs.get(sub.spec.name), workflow.get_task_from_id(sub_id)))
    for piece, target, parent_task in pieces:
        if target is None:
            if piece.completed:
                migration.finished_subprocesses.append(parent_task)
            else:
                step = title_of(parent_task.task_spec, workflow.spec) if parent_task is not None else piece.spec.name
                migration.obstacles.append(Finding("migration.subprocess_removed", {"step": step}))
            continue
        try:
            spec_diff = SpecDiff(registry, piece.spec, target)
            diff = WorkflowDiff(piece, spec_diff)
        except KeyError as exc:       # a spec the diff could not reach from the start event
            migration.obstacles.append(Finding("migration.unaligned", {"detail": str(exc)}))
            continue
        migration.parts.append(_Part(piece, spec_diff, diff, target))
        _judge_removed(migration, piece, diff)
        _judge_kept(migration, piece, target, spec_diff, diff)
        _judge_new_events(migration, piece, diff)
        _judge_skipped_paths(migration, piece, diff, target)
    migration.obstacles[:] = _unique(migration.obstacles)
    migration.notes[:] = _unique(migration.notes)
    return migration


def _judge_removed(migration: WorkflowMigration, workflow, diff: WorkflowDiff) -> None:
    for task in workflow.tasks.values():
        if diff.alignment.get(task) is not None or task.state & NOT_REACHED:
            continue
        title = title_of(task.task_spec, workflow.spec)
        if task.state == TaskState.WAITING and isinstance(task.task_spec, BoundaryEvent) \
                and all(t.state & NOT_REACHED for t in list(task)[1:]):
            migration.dropped.append(task)
            migration.notes.append(Finding("migration.event_removed", {"step": title}))
        elif task.state == TaskState.READY and is_offer(task.task_spec) \
                and all(t.state & NOT_REACHED for t in list(task)[1:]):
            migration.dropped.append(task)
            migration.notes.append(Finding("migration.offer_removed", {"step": title}))
        elif task.state & ACTIVE:
            migration.obstacles.append(Finding("migration.active_step_removed", {"step": title}))
        elif task.state == TaskState.CANCELLED and all(t.state & (TaskState.CANCELLED | NOT_REACHED) for t in task):
            migration.dropped.append(task)
        else:
            migration.spliced.append(task)
            if task.task_spec.manual:         # a step people did (gateways and scripts are not named)
                migration.notes.append(Finding("migration.history_step_removed", {"step": title}))


def is_offer(spec) -> bool:
    """An optional step: an action always open to whoever may take it (a button on the
    task page), not work anyone is doing."""
    props = (getattr(spec, "extensions", None) or {}).get("properties", {})
    return bool(getattr(spec, "manual", False)) and str(props.get("optional", "")).lower() == "true"


def _judge_kept(migration: WorkflowMigration, workflow, target, spec_diff: SpecDiff, diff: WorkflowDiff) -> None:
    gone = {t.id for t in migration.spliced}
    for task in workflow.tasks.values():
        aligned = diff.alignment.get(task)
        if aligned is not None and task.state == TaskState.COMPLETED and isinstance(aligned, ParallelGateway):
            _judge_new_branches(migration, workflow, task, aligned, diff, target)
        if aligned is None or not task.state & ACTIVE:
            continue
        title = title_of(task.task_spec, workflow.spec)
        if "typename" in spec_diff.changed.get(task.task_spec, []):
            migration.obstacles.append(Finding("migration.step_type_changed", {"step": title}))
            continue
        _judge_position(migration, task, aligned, diff, gone, title)
        if task.state & TaskState.READY and task.task_spec.manual:
            if aligned.name != task.task_spec.name:
                migration.notes.append(Finding("migration.step_renamed",
                                               {"step": title, "new": title_of(aligned, target)}))
            elif "extensions" in spec_diff.changed.get(task.task_spec, []):
                migration.notes.append(Finding("migration.step_changed", {"step": title}))


def _judge_new_events(migration: WorkflowMigration, workflow, diff: WorkflowDiff) -> None:
    """A boundary event the new version adds beside those an open step already has
    (``apply`` arms it on the split that is there) is said in the dry run too."""
    for split in workflow.tasks.values():
        aligned = diff.alignment.get(split)
        if not isinstance(aligned, BoundaryEventSplit) or split.state != TaskState.COMPLETED:
            continue
        main = next((c for c in split.children if not isinstance(c.task_spec, BoundaryEvent)), None)
        if main is None or not main.state & (RESET | TaskState.STARTED):
            continue
        present = {diff.alignment.get(child) for child in split.children}
        if any(spec not in present for spec in aligned.outputs):
            migration.notes.append(Finding("migration.events_added", {"step": title_of(main.task_spec, workflow.spec)}))


def _judge_new_branches(migration: WorkflowMigration, workflow, fork, aligned, diff: WorkflowDiff, target) -> None:
    """A branch the new version adds after a fork the instance has passed: an optional
    step there is opened now (it is an offer); other work is not started, as if the
    instance had forked before the branch existed, and the dry run says so."""
    present = {diff.alignment.get(child) for child in fork.children}
    for spec in aligned.outputs:
        if spec in present or _split_above(spec, present):
            continue
        if is_offer(spec):
            migration.offers.append((fork, spec))
            migration.notes.append(Finding("migration.offer_added", {"step": title_of(spec, target)}))
        else:
            migration.notes.append(Finding("migration.branch_not_started", {
                "step": title_of(spec, target), "after": title_of(fork.task_spec, workflow.spec)}))


def _split_above(spec, present: set) -> bool:
    """Whether ``spec`` is the split the new version puts before a step already on
    the branch (it gained boundary events): the branch is there, the split is inserted."""
    return isinstance(spec, BoundaryEventSplit) and any(out in present for out in spec.outputs)


def _judge_position(migration: WorkflowMigration, task, aligned, diff: WorkflowDiff, gone: set, title: str) -> None:
    """An active step must still follow the task above it (finished removed steps
    skipped), or be reached from it through automatic elements only; a boundary-event
    split on that way is inserted (the step gained boundary events). An action offered
    on the task page stays offered wherever the new version starts it."""
    parent = task.parent
    while parent is not None and parent.id in gone:
        parent = parent.parent
    if parent is None or diff.alignment.get(parent) is None:
        return
    above = diff.alignment[parent]
    if above in aligned.inputs or isinstance(aligned, BoundaryEvent):
        return
    path = automatic_path(above, aligned)
    if path is None and is_offer(aligned):
        return
    splits = [s for s in path or () if isinstance(s, BoundaryEventSplit)]
    if path is not None and not splits:
        return
    if path is not None and splits == [path[-1]] and task.state & RESET:
        migration.splits.append((task, path[-1]))
        migration.notes.append(Finding("migration.events_added", {"step": title}))
    else:
        migration.obstacles.append(Finding("migration.step_moved", {"step": title}))


def _judge_skipped_paths(migration: WorkflowMigration, workflow, diff: WorkflowDiff, target) -> None:
    """A task the new version reaches from the task above it only through a parallel
    gateway the instance never passed (the new version forks earlier, e.g. at launch):
    that gateway's other branches are started under the task above, unless the instance
    already has work under way on them."""
    planned = {spec for _, spec in migration.starts}
    for task in list(workflow.tasks.values()):
        aligned = diff.alignment.get(task)
        parent = task.parent
        if aligned is None or task.state & NOT_REACHED or parent is None or isinstance(aligned, BoundaryEvent):
            continue
        above = diff.alignment.get(parent)
        if above is None or above in aligned.inputs:
            continue
        path = automatic_path(above, aligned)
        for at, gateway in enumerate(path or ()):
            if not isinstance(gateway, ParallelGateway):
                continue
            taken = (path[at + 1] if at + 1 < len(path) else aligned)
            for spec in gateway.outputs:
                if spec is taken or spec in planned or under_way(workflow, diff, spec, gateway):
                    continue
                planned.add(spec)
                migration.starts.append((parent, spec))
                migration.notes.append(Finding("migration.branch_started", {
                    "step": _branch_title(spec, target), "after": _branch_title(gateway, target)}))


def _branch_title(spec, process_spec) -> str:
    """A branch named for its first labelled element (merge gateways have no label)."""
    for _ in range(6):
        if getattr(spec, "bpmn_name", None) or not spec.outputs:
            break
        spec = spec.outputs[0]
    return title_of(spec, process_spec)


def _unique(findings: list[Finding]) -> list[Finding]:
    """The same finding once (a step predicted on several branches is one step)."""
    seen = {}
    for finding in findings:
        seen.setdefault((finding.key, tuple(sorted(finding.params.items()))), finding)
    return list(seen.values())


class MigrationFailed(Exception):
    """The tree could not be carried over; ``finding`` says why."""

    def __init__(self, finding: Finding):
        super().__init__(finding.key)
        self.finding = finding


def apply(migration: WorkflowMigration) -> None:
    """Move the workflow onto the target specs in place. Call it inside the runtime's
    operation scope (timers are armed again, which evaluates their expressions)."""
    if not migration.possible:
        raise MigrationFailed(migration.obstacles[0])
    workflow = migration.workflow
    if migration.first_version:
        first_version.convert(workflow)
    for parent_task in migration.finished_subprocesses:
        workflow.delete_subprocess(parent_task)
    for task in migration.dropped:
        if task.id in task.workflow.tasks:
            task.workflow._remove_task(task.id)
    for task in migration.spliced:
        splice_out(task)
    for part in migration.parts:
        own_data = {t.id: t.data for t in part.workflow.tasks.values() if t.state & RESET}
        migrate_workflow(part.diff, part.workflow, part.new_spec)
        for task_id, data in own_data.items():
            task = part.workflow.tasks.get(task_id)
            if task is not None:     # e.g. a multi-instance child keeps its item, not only its parent's data
                task.data = {**task.data, **data}
    for task, split in migration.splits:
        insert_split(task, split)
    for fork, spec in migration.offers + migration.starts:
        open_branch(fork, spec)
    for part in migration.parts:
        predict_after_running(part.workflow, part.new_spec)
        attach_new_boundary_events(part.workflow)
        stale = stale_spec(part.workflow, part.new_spec)
        if stale is not None:
            raise MigrationFailed(Finding("migration.unaligned", {"detail": stale}))
