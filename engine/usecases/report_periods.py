"""The monthly report records the report loop of the lifecycle asks for: a report row
per period as soon as the period opens (status «not_filed» until something is filed,
so a period nobody filed stays visible as missed), its due day moved when a resume
moves it, and the periods not yet due withdrawn when the task closes. Runs inside the
step's unit of work, from the effects the diagram raised."""
from __future__ import annotations

from datetime import date

from engine.bpmn.script_engine import Effect
from engine.domain.records import Instance
from engine.ports import UnitOfWork

OPENED, MOVED = "report_period_opened", "report_due_moved"
RECORD_EFFECTS = (OPENED, MOVED)


def record_periods(uow: UnitOfWork, instance: Instance, effects: list[Effect]) -> None:
    for effect in effects:
        if effect.kind not in RECORD_EFFECTS:
            continue
        month, due = effect.params["month"], date.fromisoformat(effect.params["due"])
        if effect.kind == OPENED:
            uow.reports.open_period(instance.id, "monthly", month, due)
        else:
            uow.reports.move_period_due(instance.id, "monthly", month, due)


def withdraw_periods(uow: UnitOfWork, instance: Instance, closed_on: date) -> None:
    """The task closed on ``closed_on``: periods not filed and not yet due are no longer asked for."""
    uow.reports.withdraw_unfiled(instance.id, closed_on)
