"""Planning the migration of running instances onto another version of their process:
the instances a selection holds (a version's open instances, narrowed by directive,
lead agency and phase, or chosen one by one) and, for each, a dry run: the move is made
in memory and thrown away, so "can migrate" means the move was done; otherwise the
reasons, in words. Each preview also says what the instance will wait for afterwards
and how its timers move. Nothing is written.

engine/usecases/migration.py runs the move itself with the same preview."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from engine.bpmn.definitions import CompiledProcess
from engine.bpmn.migration import Finding
from engine.bpmn.rederive import rederive
from engine.bpmn.runtime import Run
from engine.bpmn.steps import PHASE_PRIORITY
from engine.domain.calendar import local_date
from engine.domain.errors import DomainError, Forbidden, NotFound
from engine.domain.records import Instance, PendingStep, ProcessVersion
from engine.domain.status import CLOSED_PHASES
from engine.domain.users import User
from engine.messages import render
from engine.ports import UnitOfWork
from engine.usecases.context import Services
from engine.usecases.instances import due_of
from engine.usecases.notify import Subject

DEFAULT_PROCESS = "directive_task"
OPEN_PHASES = PHASE_PRIORITY


def worded(findings: list[Finding], lang: str = "vi") -> list[str]:
    """Findings as sentences in ``lang``."""
    return [render(f.key, lang, **f.params) for f in findings]


def require_process_owner(actor: User) -> None:
    if not actor.has("process_owner", "admin"):
        raise Forbidden("migration.forbidden")


@dataclass(frozen=True)
class MigrationSelection:
    """Which instances to move, from which version to which (version numbers of one
    process key; no target = that key's newest version)."""

    from_version: int
    to_version: int | None = None
    process_key: str = DEFAULT_PROCESS
    directive_id: int | None = None
    agency_code: str | None = None
    phases: tuple[str, ...] = ()
    instance_ids: tuple[int, ...] = ()      # only these (each must run the source version)


@dataclass(frozen=True)
class VersionRef:
    id: int
    key: str
    version: int

    @classmethod
    def of(cls, stored: ProcessVersion) -> "VersionRef":
        return cls(stored.id, stored.key, stored.version)


@dataclass(frozen=True)
class TimerMove:
    """A waiting timer before and after the move (None: not waiting on that side)."""

    step: str
    before: datetime | None
    after: datetime | None


@dataclass(frozen=True)
class DueMove:
    """A pending step whose due day the target version sets differently."""

    step: str
    before: date | None
    after: date | None


@dataclass
class InstancePreview:
    instance_id: int
    task_id: int
    directive_id: int
    directive_number: str | None
    task_ref: str
    summary: str
    agency_code: str
    agency_name: str
    phase: str
    obstacles: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    steps_before: list[str] = field(default_factory=list)     # titles of the steps it waits for
    steps_after: list[str] = field(default_factory=list)
    phase_after: str | None = None
    timers: list[TimerMove] = field(default_factory=list)
    due_moves: list[DueMove] = field(default_factory=list)
    rederived: list[str] = field(default_factory=list)        # case data recomputed by the target's rules

    @property
    def possible(self) -> bool:
        return not self.obstacles

    def reasons(self, lang: str = "vi") -> list[str]:
        """Why it cannot move, in words."""
        return worded(self.obstacles, lang)

    def remarks(self, lang: str = "vi") -> list[str]:
        """What changes for it when it moves, in words."""
        return worded(self.notes, lang)


@dataclass
class MigrationPlan:
    source: VersionRef
    target: VersionRef
    items: list[InstancePreview]

    @property
    def movable(self) -> list[InstancePreview]:
        return [i for i in self.items if i.possible]

    @property
    def blocked(self) -> list[InstancePreview]:
        return [i for i in self.items if not i.possible]


@dataclass
class Moved:
    """A preview with what the runner needs to store the move."""

    preview: InstancePreview
    instance: Instance
    subject: Subject
    previous_steps: list[PendingStep]
    run: Run | None            # the moved workflow, when the move was possible


def resolve_versions(uow: UnitOfWork, selection: MigrationSelection) -> tuple[ProcessVersion, ProcessVersion]:
    versions = {v.version: v for v in uow.processes.versions(selection.process_key)}
    if not versions:
        raise NotFound("process.not_found", process=selection.process_key)
    source = versions.get(selection.from_version)
    if source is None:
        raise NotFound("migration.no_version", process=selection.process_key, version=selection.from_version)
    wanted = selection.to_version if selection.to_version is not None else max(versions)
    target = versions.get(wanted)
    if target is None:
        raise NotFound("migration.no_version", process=selection.process_key, version=wanted)
    if target.id == source.id:
        raise DomainError("migration.same_version", version=source.version)
    return source, target


def selected_ids(uow: UnitOfWork, selection: MigrationSelection, source: ProcessVersion) -> list[int]:
    """The instances of the selection: the source version's open instances under its
    filters (checked: known directive, agency and phases), or exactly the chosen ones."""
    unknown = [p for p in selection.phases if p not in OPEN_PHASES]
    if unknown:
        raise DomainError("task.unknown_status", status=unknown[0], choices=", ".join(OPEN_PHASES))
    if selection.directive_id is not None and uow.directives.get(selection.directive_id) is None:
        raise NotFound("directive.not_found", directive=selection.directive_id)
    if selection.agency_code is not None and uow.agencies.by_code(selection.agency_code) is None:
        raise DomainError("agency.not_found", name=selection.agency_code)
    if not selection.instance_ids:
        return uow.instances.ids_on_version(source.id, directive_id=selection.directive_id,
                                            agency_code=selection.agency_code, phases=selection.phases)
    chosen = list(dict.fromkeys(selection.instance_ids))
    for instance_id in chosen:
        instance = uow.instances.get(instance_id)
        if instance is None:
            raise NotFound("task.not_found", task=instance_id)
        if instance.process_version_id != source.id:
            stored = uow.processes.get(instance.process_version_id)
            raise DomainError("migration.not_on_version", instance=instance_id, version=stored.version,
                              expected=source.version)
    return chosen


def preview_instance(services: Services, uow: UnitOfWork, instance_id: int, source: CompiledProcess,
                     target: CompiledProcess) -> Moved:
    """Move one instance in memory (its stored state read afresh, never a cached run)."""
    found = uow.instances.with_context(instance_id)
    if found is None:
        raise NotFound("task.not_found", task=instance_id)
    instance, task, directive, agency_name = found
    subject = Subject(instance=instance, task=task, directive=directive, agency_name=agency_name,
                      base_url=services.base_url)
    instance.state = uow.instances.state_of(instance.id, instance.version)
    previous = uow.steps.of_instance(instance.id)
    preview = InstancePreview(
        instance_id=instance.id, task_id=subject.task.id, directive_id=subject.directive.id,
        directive_number=subject.directive.number, task_ref=subject.task.ref, summary=subject.task.summary,
        agency_code=instance.agency_code, agency_name=subject.agency_name, phase=instance.phase,
        steps_before=sorted(s.title for s in previous if not s.optional))
    moved = Moved(preview, instance, subject, previous, None)
    if instance.process_version_id != source.version_id:
        on = uow.processes.get(instance.process_version_id)
        preview.obstacles.append(Finding("migration.not_on_version", {
            "instance": instance.id, "version": on.version if on else "?", "expected": source.version}))
        return moved
    if instance.phase in CLOSED_PHASES:
        preview.obstacles.append(Finding("migration.closed"))
        return moved
    runtime = services.runtime
    run = runtime.restore(source, instance.state)
    before = runtime.waiting_timers(run)
    check = runtime.check_migration(run, target)
    preview.obstacles.extend(check.obstacles)
    preview.notes.extend(check.notes)
    if not check.possible:
        return moved
    launched_on = local_date(instance.created_at)

    def recompute(case, rules):
        preview.rederived.extend(rederive(case, rules, launched_on))

    try:
        moved.run = runtime.migrate(run, target, recompute)
    except DomainError as exc:
        preview.obstacles.append(Finding("migration.failed", {"detail": exc.message()}))
        return moved
    except Exception as exc:   # noqa: BLE001 - SpiffWorkflow failing on this state: reported, nothing stored
        finding = getattr(exc, "finding", None) or Finding("migration.failed",
                                                           {"detail": f"{type(exc).__name__}: {exc}"})
        preview.obstacles.append(finding)
        return moved
    after = runtime.waiting_timers(moved.run)
    preview.timers = [TimerMove(step, before.get(step), after.get(step)) for step in sorted(set(before) | set(after))
                      if before.get(step) != after.get(step)]
    ready = runtime.ready_steps(moved.run)
    was = {s.id: s for s in previous}
    rules, now = runtime.rules(target), services.clock.now()
    for step in ready:
        if step.task_id in was and not step.optional:
            due = due_of(step, was[step.task_id], rules, now, new_window=True)
            if due != was[step.task_id].due:
                preview.due_moves.append(DueMove(step.title, was[step.task_id].due, due))
    preview.steps_after = sorted(s.title for s in ready if not s.optional)
    preview.phase_after = runtime.phase(moved.run, ready)
    return moved


def plan_migration(services: Services, actor: User, selection: MigrationSelection) -> MigrationPlan:
    """The dry run of ``selection``: one preview per instance, in id order."""
    require_process_owner(actor)
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        source, target = resolve_versions(uow, selection)
        ids = selected_ids(uow, selection, source)
        compiled_source = services.processes.get(uow, source.id)
        compiled_target = services.processes.get(uow, target.id)
        items = [preview_instance(services, uow, i, compiled_source, compiled_target).preview for i in ids]
    return MigrationPlan(VersionRef.of(source), VersionRef.of(target), items)
