"""What the migration screen adds to the migration use cases (engine/usecases/
migration.py, migration_plan.py), which do the work: the instances a selection holds,
resolved and checked as the migration itself does, so the browser can preview and move
them a batch per request; a batch's dry run and its move (each instance in its own
transaction, by migrate_instance); and one run's records beside the tasks they moved."""
from __future__ import annotations

from dataclasses import dataclass

from engine.domain.errors import DomainError, NotFound
from engine.domain.users import User
from engine.messages import render
from engine.usecases.context import Services
from engine.usecases.migration import InstanceOutcome, MigrationEntry, list_migrations, migrate_instance
from engine.usecases.migration_plan import (
    InstancePreview, MigrationSelection, VersionRef, preview_instance, require_process_owner, resolve_versions,
    selected_ids)

MAX_BATCH = 25


@dataclass(frozen=True)
class Choices:
    """What the instances of a version can be narrowed by: each lead agency and each
    directive with open instances on it, with how many."""

    agencies: list[tuple[str, str, int]]
    directives: list[tuple[int, str | None, str, int]]


def selection_choices(services: Services, actor: User, key: str, from_version: int) -> Choices:
    require_process_owner(actor)
    with services.uow(write=False) as uow:
        source = next((v for v in uow.processes.versions(key) if v.version == from_version), None)
        if source is None:
            raise NotFound("migration.no_version", process=key, version=from_version)
        return Choices(uow.process_usage.open_by_agency(source.id), uow.process_usage.open_by_directive(source.id))


@dataclass(frozen=True)
class Selection:
    """The instances chosen, in the order the screen takes them."""

    source: VersionRef
    target: VersionRef
    instance_ids: list[int]


def select_instances(services: Services, actor: User, selection: MigrationSelection) -> Selection:
    require_process_owner(actor)
    with services.uow(write=False) as uow:
        source, target = resolve_versions(uow, selection)
        ids = selected_ids(uow, selection, source)
    return Selection(VersionRef.of(source), VersionRef.of(target), ids)


def _batch(ids: list[int]) -> list[int]:
    if not ids:
        raise DomainError("migration.empty_batch")
    if len(ids) > MAX_BATCH:
        raise DomainError("migration.batch_too_large", max=MAX_BATCH)
    return list(dict.fromkeys(ids))


def preview_batch(services: Services, actor: User, versions: MigrationSelection,
                  ids: list[int]) -> list[InstancePreview]:
    """The dry run of instances ``ids`` from ``versions.from_version`` to its target:
    whether each can move and, if not, why. Nothing is written."""
    require_process_owner(actor)
    ids = _batch(ids)
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow)
        source, target = resolve_versions(uow, versions)
        compiled_source = services.processes.get(uow, source.id)
        compiled_target = services.processes.get(uow, target.id)
        return [preview_instance(services, uow, i, compiled_source, compiled_target).preview for i in ids]


def migrate_batch(services: Services, actor: User, versions: MigrationSelection, ids: list[int],
                  reason: str | None, run_id: str) -> list[InstanceOutcome]:
    """Move instances ``ids``, each in its own transaction, as part of run ``run_id``;
    one that cannot move (any more) is reported and left as it is."""
    require_process_owner(actor)
    ids = _batch(ids)
    with services.uow(write=False) as uow:
        source, target = resolve_versions(uow, versions)
    text = " ".join((reason or "").split())[:2000] or render(
        "migration.default_reason", process=source.key, source=source.version, target=target.version)
    return [migrate_instance(services, actor, i, source.id, target.id, text, run_id) for i in ids]


@dataclass(frozen=True)
class RunEntry:
    """A migration of a run, with the task it moved."""

    migration: MigrationEntry
    directive_number: str | None
    task_ref: str
    summary: str
    agency_name: str


def run_entries(services: Services, actor: User, run_id: str) -> list[RunEntry]:
    """The migrations of run ``run_id``, in the order they were made."""
    entries = list_migrations(services, actor, run_id=run_id, limit=100_000)
    if not entries:
        raise NotFound("migration.not_found", migration=run_id)
    found = []
    with services.uow(write=False) as uow:
        for entry in reversed(entries):
            context = uow.instances.with_context(entry.record.instance_id)
            _instance, task, directive, agency_name = context
            found.append(RunEntry(entry, directive.number, task.ref, task.summary, agency_name))
    return found
