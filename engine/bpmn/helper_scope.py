"""What every helper function of a diagram's scripts reaches through the runtime's
scope: the task whose script runs, the instance's shared ``case`` record, the clock,
the process version's rules of time, and the effects a step asks the outside world
for. A leaf module: the helper modules import it, it imports none of them."""
from __future__ import annotations

from datetime import date, datetime

from engine.bpmn.script_engine import Effect, case_of, current_scope
from engine.domain.calendar import local_date
from engine.domain.time_rules import TimeRules


def task():
    """The SpiffWorkflow task whose script or expression is running."""
    return current_scope().task


def case() -> dict:
    return case_of(task())


def data() -> dict:
    """The running task's own data (its branch's variables, e.g. a report's period)."""
    return task().data


def now() -> datetime:
    return current_scope().clock.now()


def today() -> date:
    return local_date(now())


def rules() -> TimeRules:
    return current_scope().rules


def effect(kind: str, **params) -> None:
    current_scope().effects.append(Effect(kind, params))


def moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def day_of(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None
