"""Drives one workflow of the default lifecycle in memory (no database) with a clock
the test moves: the runtime exactly as the use cases use it."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from engine.bpmn.definitions import compile_process
from engine.bpmn.runtime import BpmnRuntime
from engine.clock import FixedClock
from engine.domain.calendar import LOCAL_TZ

BPMN = (Path(__file__).resolve().parents[2] / "workflows" / "directive_task.bpmn").read_text(encoding="utf-8")
PROCESS = compile_process(BPMN)


class Lifecycle:
    def __init__(self, start: datetime, due: str | None = "2025-08-15", kind: str = "date",
                 coordinating=("so-tai-chinh",)):
        self.clock = FixedClock(start)
        self.runtime = BpmnRuntime(self.clock)
        case = {"lead_agency": "so-khcn", "monitor_agency": "vp", "authority_agency": "ubnd",
                "deadline": {"kind": kind, "value": due}, "due_date": due, "original_due_date": due,
                "accept_due": "2025-06-05", "coordinating": list(coordinating)}
        self.run = self.runtime.start(PROCESS, case)
        self.effects: list[tuple[str, str]] = []   # (local date, kind)
        self._collect()

    @property
    def case(self) -> dict:
        return self.run.case

    def steps(self, include_optional=True):
        return [s for s in self.runtime.ready_steps(self.run) if include_optional or not s.optional]

    def names(self, include_optional=False) -> list[str]:
        return sorted(s.name for s in self.steps(include_optional))

    def step(self, name: str):
        found = [s for s in self.steps() if s.name == name]
        assert found, f"{name} is not ready; ready: {self.names(True)}"
        return found[0]

    def do(self, name: str, **values):
        self.runtime.complete(self.run, self.step(name).task_id, values)
        self._collect()

    def phase(self) -> str:
        return self.runtime.phase(self.run)

    def _collect(self):
        day = self.clock.now().astimezone(LOCAL_TZ).date().isoformat()
        self.effects.extend((day, e.kind) for e in self.run.effects)
        self.run.effects.clear()

    def reload(self):
        """Dump and restore, as every use case does between two requests."""
        self.run = self.runtime.restore(self.run.process, self.runtime.dump(self.run))

    def live_until(self, day: datetime, hour: int = 9):
        """Advance day by day to ``day``, sweeping timers each morning at ``hour``."""
        current = self.clock.now().astimezone(LOCAL_TZ)
        while current.date() < day.date():
            current = datetime.combine(current.date() + timedelta(days=1), time(hour, 0), LOCAL_TZ)
            self.clock.set(current)
            self.reload()
            self.runtime.fire_due_timers(self.run)
            self._collect()

    def fired(self, kind: str) -> list[str]:
        return [day for day, k in self.effects if k == kind]

    def reports(self, name: str = "monthly_report") -> list:
        """The ready report steps of ``name``, oldest period first."""
        return sorted((s for s in self.steps() if s.name == name), key=lambda s: s.period)

    def periods(self, name: str = "monthly_report") -> list[str]:
        return [s.period for s in self.reports(name)]

    def file(self, period: str, name: str = "monthly_report", **values):
        step = next((s for s in self.reports(name) if s.period == period), None)
        assert step, f"no {name} for {period}; open: {self.periods(name)}"
        self.runtime.complete(self.run, step.task_id, values)
        self._collect()
