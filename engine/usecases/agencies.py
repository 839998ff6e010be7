"""Handing a ceased agency's open tasks to its successor (the 2025 reorganisation):
each open instance moves to the successor, its officer is cleared for the successor's
leader to reassign, and the whole history stays with the task."""
from __future__ import annotations

from dataclasses import dataclass

from engine.domain.errors import DomainError, Forbidden
from engine.domain.users import User
from engine.usecases.context import Services
from engine.usecases.instances import Change, snapshot, subject_of, write_back


@dataclass
class TransferResult:
    moved: int


def transfer_open_tasks(services: Services, actor: User, from_code: str, to_code: str) -> TransferResult:
    if not actor.has("admin"):
        raise Forbidden("step.forbidden")
    now = services.clock.now()
    with services.uow() as uow:
        services.refresh_calendar(uow)
        source, target = uow.agencies.by_code(from_code), uow.agencies.by_code(to_code)
        if source is None:
            raise DomainError("agency.not_found", name=from_code)
        if target is None:
            raise DomainError("agency.not_found", name=to_code)
        if source.valid_to is None:
            raise DomainError("agency.still_exists", name=source.name)
        moved, runs = 0, []
        for instance in uow.instances.of_agency(from_code, open_only=True):
            run = services.load_run(uow, instance)
            before = snapshot(instance, uow.steps.of_instance(instance.id))
            run.case["lead_agency"] = to_code
            run.case["officer"] = None
            run.case["coordinating"] = [c for c in run.case.get("coordinating", []) if c != to_code]
            instance.agency_code = to_code
            write_back(uow, services.runtime, run, instance, subject_of(uow, instance, services.base_url),
                       Change(actor, "agency.transferred", details={"from": from_code, "to": to_code}),
                       now, before)
            runs.append((instance, run))
            moved += 1
        source_updated = type(source)(**{**source.__dict__, "successor": to_code})
        uow.agencies.update(source_updated)
        uow.commit()
        for instance, run in runs:
            services.keep_run(instance, run)
        return TransferResult(moved)
