"""Migrating running instances onto another version of their process, and moving them
back. Each instance moves in its own transaction: its state on the new version (data,
history and reports kept, timers re-armed by the new version's rules), its pending
steps rebuilt, its next timer, an audit row ("migrated from v1 to v2", with the reason)
and a migration record keeping the version and state it had, so a revert puts both
back exactly (and writes its own audit row). An instance that cannot move is reported
with the reasons and left as it was.

The API a screen builds on: ``plan_migration`` (engine/usecases/migration_plan.py) for
the dry run, ``migrate_instances`` over a selection in batches with a progress
callback, ``migrate_instance`` for one, ``revert_migration`` / ``revert_run``,
``list_migrations`` and ``versions_in_use``."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from engine.bpmn.migration import Finding
from engine.domain.errors import Conflict, DomainError, Forbidden, NotFound
from engine.domain.formatting import fmt_moment
from engine.domain.records import MigrationRecord
from engine.domain.status import CLOSED_PHASES
from engine.domain.users import User
from engine.messages import render
from engine.ports import StaleInstance
from engine.usecases.context import Services
from engine.usecases.instances import Change, load_subject, snapshot, write_back
from engine.usecases.migration_plan import (
    MigrationSelection, VersionRef, preview_instance, require_process_owner, resolve_versions, selected_ids, worded)

MAX_ATTEMPTS = 3
MIGRATED, SKIPPED, FAILED = "migrated", "skipped", "failed"


@dataclass
class InstanceOutcome:
    """What happened to one instance: migrated (``migration_id`` is its record), skipped
    (``findings`` say why; nothing changed) or failed (it kept changing under us)."""

    instance_id: int
    status: str
    migration_id: int | None = None
    findings: list[Finding] = field(default_factory=list)

    def messages(self, lang: str = "vi") -> list[str]:
        return worded(self.findings, lang)


@dataclass(frozen=True)
class MigrationProgress:
    done: int
    total: int
    migrated: int


@dataclass
class MigrationRunResult:
    run_id: str
    source: VersionRef
    target: VersionRef
    outcomes: list[InstanceOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def _reason(reason: str | None, default_key: str, **params) -> str:
    """The reason as given, or a default sentence naming the versions."""
    text = " ".join((reason or "").split())
    return text[:2000] if text else render(default_key, **params)


def migrate_instances(services: Services, actor: User, selection: MigrationSelection, reason: str | None = None,
                      *, batch_size: int = 50, run_id: str | None = None,
                      on_progress: Callable[[MigrationProgress], None] | None = None,
                      stop: Callable[[], bool] | None = None) -> MigrationRunResult:
    """Move every instance of ``selection`` that can move; the others are reported and
    left untouched. The selection is read once; instances are taken ``batch_size`` at a
    time, each in its own transaction; ``on_progress`` hears after each one and ``stop``
    is asked before each batch (True ends the run there; the rest is left as it is).
    Calls sharing a ``run_id`` (a screen moving chosen instances chunk by chunk) form one
    run, which ``revert_run`` moves back. No reason given: one naming the versions."""
    require_process_owner(actor)
    with services.uow(write=False) as uow:
        source, target = resolve_versions(uow, selection)
        ids = selected_ids(uow, selection, source)
    reason = _reason(reason, "migration.default_reason", process=source.key, source=source.version,
                     target=target.version)
    result = MigrationRunResult(run_id or uuid.uuid4().hex, VersionRef.of(source), VersionRef.of(target))
    size = max(1, batch_size)
    for start in range(0, len(ids), size):
        if stop is not None and stop():
            break
        for instance_id in ids[start:start + size]:
            result.outcomes.append(migrate_instance(services, actor, instance_id, source.id, target.id, reason,
                                                    result.run_id))
            if on_progress is not None:
                on_progress(MigrationProgress(len(result.outcomes), len(ids), result.count(MIGRATED)))
    return result


def migrate_instance(services: Services, actor: User, instance_id: int, source_version_id: int,
                     target_version_id: int, reason: str | None, run_id: str) -> InstanceOutcome:
    """Move one instance from the version with id ``source_version_id`` to
    ``target_version_id`` in one transaction (tried again if a step or a sweep changes
    the instance meanwhile)."""
    require_process_owner(actor)
    reason = _reason(reason, "migration.default_reason_one")
    for _ in range(MAX_ATTEMPTS):
        try:
            return _migrate_once(services, actor, instance_id, source_version_id, target_version_id, reason, run_id)
        except StaleInstance:
            continue
    return InstanceOutcome(instance_id, FAILED, findings=[Finding("migration.changed_meanwhile")])


def _migrate_once(services: Services, actor: User, instance_id: int, source_version_id: int,
                  target_version_id: int, reason: str, run_id: str) -> InstanceOutcome:
    now = services.clock.now()
    with services.uow() as uow:
        services.refresh_calendar(uow)
        source = services.processes.get(uow, source_version_id)
        target = services.processes.get(uow, target_version_id)
        moved = preview_instance(services, uow, instance_id, source, target)
        if not moved.preview.possible:
            return InstanceOutcome(instance_id, SKIPPED, findings=moved.preview.obstacles)
        instance = moved.instance
        before = {**snapshot(instance, moved.previous_steps), "process_version": source.version}
        record = uow.migrations.add(MigrationRecord(
            run_id=run_id, instance_id=instance.id, from_version_id=source.version_id,
            to_version_id=target.version_id, previous_state=instance.state, migrated_version=instance.version + 1,
            reason=reason, migrated_by=actor.login, migrated_at=now))
        instance.process_version_id = target.version_id
        details = {"from_version": source.version, "to_version": target.version, "migration": record.id,
                   "reason": reason, "rederived": moved.preview.rederived,
                   "notes": moved.preview.remarks()}
        services.runs.take(instance.id, instance.version)      # the run cached on the old version is done
        write_back(uow, services.runtime, moved.run, instance, moved.subject,
                   Change(actor, "instance.migrated", None, details, reason), now, before,
                   previous=moved.previous_steps, new_windows=True)
        uow.commit()
        services.keep_run(instance, moved.run)
        return InstanceOutcome(instance.id, MIGRATED, record.id, moved.preview.notes)


@dataclass
class RevertOutcome:
    migration_id: int
    instance_id: int
    reverted: bool
    findings: list[Finding] = field(default_factory=list)

    def messages(self, lang: str = "vi") -> list[str]:
        return worded(self.findings, lang)


def revert_migration(services: Services, actor: User, migration_id: int, reason: str | None = None) -> RevertOutcome:
    """Put the instance of migration ``migration_id`` back on its previous version with
    its previous state, exactly; refused (DomainError) once the instance has changed
    since the move, or when it was reverted already."""
    require_process_owner(actor)
    reason = _reason(reason, "migration.default_revert", migration=migration_id)
    for _ in range(MAX_ATTEMPTS):
        try:
            return _revert_once(services, actor, migration_id, reason)
        except StaleInstance:
            continue
    raise Conflict("migration.changed_meanwhile")


def _revert_once(services: Services, actor: User, migration_id: int, reason: str) -> RevertOutcome:
    now = services.clock.now()
    with services.uow() as uow:
        services.refresh_calendar(uow)
        record = uow.migrations.get(migration_id)
        if record is None:
            raise NotFound("migration.not_found", migration=migration_id)
        if record.reverted_at is not None:
            raise DomainError("migration.already_reverted", migration=migration_id, who=record.reverted_by,
                              when=fmt_moment(record.reverted_at))
        source = services.processes.get(uow, record.from_version_id)
        target = services.processes.get(uow, record.to_version_id)
        instance, subject = load_subject(uow, record.instance_id, services.base_url)
        if instance.version != record.migrated_version or instance.process_version_id != target.version_id:
            raise DomainError("migration.moved_on", instance=instance.id, from_version=source.version,
                              to_version=target.version)
        previous = uow.steps.of_instance(instance.id)
        before = {**snapshot(instance, previous), "process_version": target.version}
        run = services.runtime.restore(source, record.previous_state)
        instance.process_version_id = source.version_id
        services.runs.take(instance.id, instance.version)
        details = {"from_version": target.version, "to_version": source.version, "migration": record.id,
                   "reason": reason}
        write_back(uow, services.runtime, run, instance, subject,
                   Change(actor, "instance.migration_reverted", None, details, reason), now, before,
                   previous=previous, state=record.previous_state)
        uow.migrations.mark_reverted(record.id, actor.login, now, reason)
        uow.commit()
        services.keep_run(instance, run)
        return RevertOutcome(record.id, instance.id, True)


def revert_run(services: Services, actor: User, run_id: str, reason: str | None = None) -> list[RevertOutcome]:
    """Revert every migration of run ``run_id`` not reverted yet, each on its own; one
    that cannot be reverted is reported with the reason."""
    require_process_owner(actor)
    reason = _reason(reason, "migration.default_revert_run", run=run_id)
    with services.uow(write=False) as uow:
        records = [r for r in uow.migrations.listed(run_id=run_id, limit=1_000_000) if r.reverted_at is None]
        if not records and not uow.migrations.listed(run_id=run_id, limit=1):
            raise NotFound("migration.not_found", migration=run_id)
    outcomes = []
    for record in records:
        try:
            outcomes.append(revert_migration(services, actor, record.id, reason))
        except DomainError as err:
            outcomes.append(RevertOutcome(record.id, record.instance_id, False, [Finding(err.key, err.params)]))
    return outcomes


@dataclass
class MigrationEntry:
    """A migration record as lists show it, with version numbers."""

    record: MigrationRecord
    process_key: str
    from_version: int
    to_version: int


def list_migrations(services: Services, actor: User, *, run_id: str | None = None,
                    instance_id: int | None = None, limit: int = 100) -> list[MigrationEntry]:
    """Migrations newest first (process owners, administrators and auditors)."""
    if not actor.has("process_owner", "admin", "auditor"):
        raise Forbidden("migration.forbidden")
    with services.uow(write=False) as uow:
        records = uow.migrations.listed(run_id=run_id, instance_id=instance_id, limit=limit)
        versions = {}
        for record in records:
            for version_id in (record.from_version_id, record.to_version_id):
                if version_id not in versions:
                    versions[version_id] = uow.processes.get(version_id)
    return [MigrationEntry(r, versions[r.from_version_id].key, versions[r.from_version_id].version,
                           versions[r.to_version_id].version) for r in records]


@dataclass
class VersionUsage:
    """A deployed process version and the instances on it, by phase."""

    id: int
    key: str
    version: int
    sha256: str
    deployed_by: str
    deployed_at: datetime
    phases: dict[str, int]
    change_note: str | None = None

    @property
    def running(self) -> int:
        return sum(n for phase, n in self.phases.items() if phase not in CLOSED_PHASES)

    @property
    def closed(self) -> int:
        return sum(n for phase, n in self.phases.items() if phase in CLOSED_PHASES)


def versions_in_use(services: Services, actor: User) -> list[VersionUsage]:
    """Every deployed version of every process, oldest first, with its instances."""
    if not actor.has("process_owner", "admin", "auditor"):
        raise Forbidden("migration.forbidden")
    with services.uow(write=False) as uow:
        counts = uow.instances.count_by_version()
        return [VersionUsage(v.id, v.key, v.version, v.sha256, v.deployed_by, v.deployed_at, counts.get(v.id, {}),
                             v.change_note)
                for key in uow.processes.keys() for v in uow.processes.versions(key)]
