"""The process versions as their owners and auditors read them: every process key with
its versions (who deployed each, when, the change note, instances open and closed on
it, which one is in force), one version's page (its parameters, its steps and how many
instances wait at each — from the pending-step table, never from workflow states) and
its XML. Nothing here writes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from engine.bpmn.steps import element_of
from engine.domain.access import can_edit_processes, can_read_processes
from engine.domain.errors import Forbidden, NotFound
from engine.domain.records import ProcessVersion
from engine.domain.status import CLOSED_PHASES
from engine.domain.users import SYSTEM, User
from engine.usecases.context import Services


@dataclass(frozen=True)
class VersionSummary:
    id: int
    key: str
    version: int
    deployed_by: str
    deployed_by_name: str
    deployed_at: datetime
    change_note: str | None
    running: int
    closed: int
    in_force: bool
    sha256: str


@dataclass(frozen=True)
class ProcessSummary:
    key: str
    name: str
    versions: list[VersionSummary]          # newest first; the first is in force
    draft_saved_at: datetime | None = None  # the reader's own unfinished edit, if any

    @property
    def in_force(self) -> VersionSummary:
        return self.versions[0]


@dataclass(frozen=True)
class StepUse:
    """A user task of a version and how many of its instances wait there."""

    element_id: str
    title: str
    form: str | None
    role: str | None
    waiting: int
    optional: bool


@dataclass
class VersionPage:
    process_name: str
    summary: VersionSummary
    parameters: dict[str, str]
    steps: list[StepUse] = field(default_factory=list)
    versions: list[VersionSummary] = field(default_factory=list)

    @property
    def waiting_total(self) -> int:
        return sum(s.waiting for s in self.steps)


def require_reader(actor: User) -> None:
    if not can_read_processes(actor):
        raise Forbidden("process.read_forbidden")


def require_editor(actor: User) -> None:
    if not can_edit_processes(actor):
        raise Forbidden("process.forbidden")


def _summaries(uow, key: str) -> list[VersionSummary]:
    stored = uow.processes.versions(key)
    if not stored:
        raise NotFound("process.not_found", process=key)
    usage = uow.instances.count_by_version()
    names = {SYSTEM.login: SYSTEM.name, **uow.queries.user_names({v.deployed_by for v in stored})}
    newest = max(v.version for v in stored)
    return [_summary(v, usage, names, newest) for v in sorted(stored, key=lambda v: v.version, reverse=True)]


def _summary(v: ProcessVersion, usage: dict, names: dict, newest: int) -> VersionSummary:
    phases = usage.get(v.id, {})
    closed = sum(n for phase, n in phases.items() if phase in CLOSED_PHASES)
    running = sum(phases.values()) - closed
    return VersionSummary(v.id, v.key, v.version, v.deployed_by, names.get(v.deployed_by) or v.deployed_by,
                          v.deployed_at, v.change_note, running, closed, v.version == newest, v.sha256)


def list_processes(services: Services, actor: User) -> list[ProcessSummary]:
    """Every process key, its versions newest first, and the actor's draft of it."""
    require_reader(actor)
    with services.uow(write=False) as uow:
        found = []
        for key in uow.processes.keys():
            versions = _summaries(uow, key)
            compiled = services.processes.get(uow, versions[0].id)
            draft = uow.drafts.get(key, actor.login) if can_edit_processes(actor) else None
            found.append(ProcessSummary(key, compiled.spec.description or key, versions,
                                        draft.updated_at if draft else None))
        return found


def version_page(services: Services, actor: User, key: str, number: int) -> VersionPage:
    """One version: its parameters and its steps with the instances waiting at each."""
    require_reader(actor)
    with services.uow(write=False) as uow:
        versions = _summaries(uow, key)
        summary = next((v for v in versions if v.version == number), None)
        if summary is None:
            raise NotFound("process.version_not_found", process=key, version=number)
        compiled = services.processes.get(uow, summary.id)
        waiting: dict[str, int] = {}
        for name, count in uow.process_usage.waiting_by_step(summary.id).items():
            waiting[element_of(name)] = waiting.get(element_of(name), 0) + count
    steps = [StepUse(element_of(name), compiled.title_of(name), props.get("form"), props.get("role"),
                     waiting.get(element_of(name), 0), str(props.get("optional", "")).lower() == "true")
             for name, props in compiled.user_tasks.items()]
    return VersionPage(compiled.spec.description or key, summary, dict(compiled.parameters), steps, versions)


@dataclass(frozen=True)
class VersionFile:
    filename: str
    xml: str


def version_file(services: Services, actor: User, key: str, number: int) -> VersionFile:
    """The BPMN XML of version ``number`` of ``key``, with a file name for it."""
    require_reader(actor)
    with services.uow(write=False) as uow:
        stored = next((v for v in uow.processes.versions(key) if v.version == number), None)
        if stored is None:
            raise NotFound("process.version_not_found", process=key, version=number)
        return VersionFile(f"{key}-v{number}.bpmn", stored.xml)
