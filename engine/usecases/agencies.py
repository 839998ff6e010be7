"""Handing a ceased agency's open tasks to its successor (the 2025 reorganisation):
each open instance moves to the successor, its officer is cleared for the successor's
leader to reassign, and the whole history stays with the task. ``hand_over`` does it
inside the caller's unit of work, for ``chidao agency transfer`` and for ceasing an
agency from the admin screens alike."""
from __future__ import annotations

from dataclasses import dataclass, replace

from engine.domain.agencies import Agency
from engine.domain.errors import DomainError, Forbidden
from engine.domain.users import User
from engine.usecases.context import Services
from engine.usecases.instances import Change, snapshot, subject_of, write_back


@dataclass
class TransferResult:
    moved: int


def hand_over(services: Services, uow, actor: User, source: Agency, target: Agency, now) -> list:
    """Move ``source``'s open instances to ``target`` and record ``target`` as its
    successor, in ``uow``; the (instance, run) pairs to keep after the commit."""
    runs = []
    for instance in uow.instances.of_agency(source.code, open_only=True):
        run = services.load_run(uow, instance)
        before = snapshot(instance, uow.steps.of_instance(instance.id))
        run.case["lead_agency"] = target.code
        run.case["officer"] = None
        run.case["coordinating"] = [c for c in run.case.get("coordinating", []) if c != target.code]
        instance.agency_code = target.code
        write_back(uow, services.runtime, run, instance, subject_of(uow, instance, services.base_url),
                   Change(actor, "agency.transferred", details={"from": source.code, "to": target.code}),
                   now, before)
        runs.append((instance, run))
    uow.agencies.update(replace(source, successor=target.code))
    return runs


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
        runs = hand_over(services, uow, actor, source, target, now)
        uow.commit()
    for instance, run in runs:
        services.keep_run(instance, run)
    return TransferResult(len(runs))
