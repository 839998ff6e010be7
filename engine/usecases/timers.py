"""The timer sweep: fire every due timer exactly once. Each due instance is claimed
(FOR UPDATE SKIP LOCKED on PostgreSQL, so any number of sweepers can run), stepped and
written back in its own transaction. An instance whose diagram code fails (a script
stopped at a bound of the restricted evaluator) is rolled back, logged and counted,
and the sweep goes on with the others. Fired runs are not kept in the run cache (see
below), and each commit is redoable (engine.ports.UnitOfWork.commit): a timer whose
commit a database crash loses is still due."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from engine.domain.errors import DomainError
from engine.domain.notification_texts import EFFECT_RECIPIENTS
from engine.domain.users import SYSTEM
from engine.usecases.context import Services
from engine.usecases.instances import Change, snapshot, write_back
from engine.usecases.notify import Subject


log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    instances: int = 0
    fired: int = 0          # reminders, escalations and other notices the timers raised
    failed: int = 0         # instances whose diagram code failed (rolled back, logged)


def sweep_timers(services: Services, limit: int = 10_000) -> SweepResult:
    """Each due instance once: one that comes back due (its diagram failed, or its next
    timer is already due again) is left to the next sweep."""
    result = SweepResult()
    left: set[int] = set()
    while result.instances < limit:
        now = services.clock.now()
        with services.uow() as uow:
            services.refresh_calendar(uow)
            ids = uow.instances.claim_due(now, 1, exclude=left)
            if not ids:
                break
            instance_id = ids[0]
            left.add(instance_id)
            around = uow.steps.around_instance(instance_id)
            instance, previous = around.instance, around.pending
            if instance is None:        # gone since its claim: nothing to fire
                continue
            subject = Subject(instance=instance, task=around.task, directive=around.directive,
                              agency_name=around.agency_name, base_url=services.base_url)
            run = services.load_run(uow, instance)
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
            uow.commit(redoable=True)      # lost in a database crash, it is still due: fired again
            if instance.next_timer_at is None or instance.next_timer_at > now:
                left.discard(instance_id)      # not due any more: no claim can find it again
            result.instances += 1
            result.fired += sum(1 for e in run.effects if e.kind in EFFECT_RECIPIENTS)
            # the run is not kept in memory: the instance's next change is a person's step on a
            # web worker, or a timer days away; a thousand swept runs kept would only fill the
            # heap Python's garbage collector scans (a full collection of a heap holding 512
            # workflows takes about 0.3 s, and a sweep triggered one every hundred instances)
    return result
