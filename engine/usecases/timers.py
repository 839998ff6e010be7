"""The timer sweep: fire every due timer exactly once. Each due instance is claimed
(FOR UPDATE SKIP LOCKED on PostgreSQL, so any number of sweepers can run), stepped and
written back in its own transaction. An instance whose diagram code fails (a script
stopped at a bound of the restricted evaluator) is rolled back, logged and counted,
and the sweep goes on with the others."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from engine.domain.errors import DomainError
from engine.domain.notification_texts import EFFECT_RECIPIENTS
from engine.domain.users import SYSTEM
from engine.usecases.context import Services
from engine.usecases.instances import Change, load_subject, snapshot, write_back


log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    instances: int = 0
    fired: int = 0          # reminders, escalations and other notices the timers raised
    failed: int = 0         # instances whose diagram code failed (rolled back, logged)


def sweep_timers(services: Services, limit: int = 10_000) -> SweepResult:
    result = SweepResult()
    seen: set[int] = set()
    while result.instances < limit:
        now = services.clock.now()
        with services.uow() as uow:
            services.refresh_calendar(uow)
            ids = uow.instances.claim_due(now, 1, exclude=seen)
            if not ids:
                break
            instance_id = ids[0]
            seen.add(instance_id)
            instance, subject = load_subject(uow, instance_id, services.base_url)
            run = services.load_run(uow, instance)
            previous = uow.steps.of_instance(instance.id)
            before = snapshot(instance, previous)
            try:
                services.runtime.fire_due_timers(run)
                details = {"effects": [e.kind for e in run.effects]} if run.effects else None
                write_back(uow, services.runtime, run, instance, subject,
                           Change(SYSTEM, "timer.fired", None, details), now, before, previous=previous)
            except DomainError as err:      # not committed: the transaction rolls back
                log.warning("timers of instance %s not fired: %s", instance_id, err.message("en"))
                result.failed += 1
                continue
            uow.commit()
            result.instances += 1
            result.fired += sum(1 for e in run.effects if e.kind in EFFECT_RECIPIENTS)
            services.keep_run(instance, run)
    return result
