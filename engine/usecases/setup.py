"""Setting a database up: the agency registry, the default process versions, calendar
overrides and process deployment by process owners (users: engine/usecases/users.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.bpmn.definitions import CompiledProcess, compile_process
from engine.domain.access import can_edit_processes
from engine.domain.agencies import Agency
from engine.domain.errors import Forbidden
from engine.domain.records import AuditEntry, ProcessVersion
from engine.domain.users import User
from engine.usecases.context import CALENDAR_MARKER, Services


def _audit(uow, actor: User, action: str, now, after: dict, before: dict | None = None) -> None:
    uow.audit.append(AuditEntry(at=now, actor_login=actor.login, actor_name=actor.name,
                                agency_code=actor.agency_code or "", action=action, before=before, after=after))


def load_registry(services: Services, actor: User, entries: list[dict]) -> int:
    """Add the registry's agencies that are not in the database yet; returns how many."""
    now = services.clock.now()
    with services.uow() as uow:
        known = {a.name for a in uow.agencies.all()}
        added = 0
        for entry in entries:
            agency = Agency.from_registry_entry(entry)
            if agency.name in known:
                continue
            uow.agencies.add(agency)
            known.add(agency.name)
            added += 1
        if added:
            _audit(uow, actor, "registry.loaded", now, {"agencies": added})
        uow.commit()
        return added


@dataclass
class Deployment:
    key: str
    version: int
    version_id: int
    created: bool


def deploy_process(services: Services, actor: User, xml: str | bytes, key: str | None = None,
                   note: str | None = None) -> Deployment:
    """Check and store a diagram as a new version (or return the identical one)."""
    if not can_edit_processes(actor):
        raise Forbidden("step.forbidden")
    compiled = compile_process(xml, key)
    now = services.clock.now()
    with services.uow() as uow:
        deployment = store_version(uow, actor, compiled, now, note)
        if deployment.created:
            uow.commit()
        return deployment


def store_version(uow, actor: User, compiled: CompiledProcess, now, note: str | None = None) -> Deployment:
    """Add the checked ``compiled`` diagram as its key's next version, with its change
    note and an audit row, in ``uow`` (the caller commits); an identical diagram
    deployed before is returned instead (``created`` False)."""
    existing = uow.processes.by_hash(compiled.key, compiled.sha256)
    if existing:
        return Deployment(existing.key, existing.version, existing.id, False)
    stored = uow.processes.add(ProcessVersion(key=compiled.key, version=0, xml=compiled.xml,
                                              sha256=compiled.sha256, parameters=compiled.parameters,
                                              deployed_by=actor.login, deployed_at=now, change_note=note))
    after = {"key": stored.key, "version": stored.version, "sha256": stored.sha256}
    if note:
        after["note"] = note
    _audit(uow, actor, "process.deployed", now, after)
    return Deployment(stored.key, stored.version, stored.id, True)


def set_calendar_day(services: Services, actor: User, day: date, working: bool | None, note: str = "") -> None:
    """Record (or with working=None remove) an admin override of the working calendar."""
    if not actor.has("admin"):
        raise Forbidden("step.forbidden")
    now = services.clock.now()
    with services.uow() as uow:
        before = uow.calendar.overrides().get(day)
        if working is None:
            uow.calendar.remove_override(day)
        else:
            uow.calendar.set_override(day, working, note)
        uow.markers.put(CALENDAR_MARKER, now.isoformat())
        _audit(uow, actor, "calendar.changed", now, {"day": day.isoformat(), "working": working, "note": note},
               {"day": day.isoformat(), "working": before})
        uow.commit()
    with services.uow(write=False) as uow:
        services.refresh_calendar(uow, force=True)
