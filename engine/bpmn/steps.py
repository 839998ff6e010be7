"""What a ready user task means to people: its form, the role and agency of the lane
it is in, the officer it is assigned to, its due day and whether it is an optional
action (shown as a button on the task page, not in the inbox)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReadyStep:
    task_id: str          # SpiffWorkflow task id (uuid)
    name: str             # spec name, e.g. "monthly_report"
    title: str            # the diagram's label
    form: str
    role: str
    agency_code: str | None
    assignee: str | None  # login, or None for "anyone of the role in the agency"
    due: date | None
    optional: bool
    phase: str | None
    due_within: str | None = None   # a process parameter: due that long after the step opens
    period: str | None = None       # a monthly report's period ("2025-12")

    def to_dict(self) -> dict:
        return {
            "task_id": self.task_id, "name": self.name, "title": self.title, "form": self.form,
            "role": self.role, "agency_code": self.agency_code, "assignee": self.assignee,
            "due": self.due.isoformat() if self.due else None, "optional": self.optional,
            "phase": self.phase, "period": self.period,
        }


DEFAULT_AGENCY_KEY = {
    "officer": "lead_agency",
    "leader": "lead_agency",
    "monitor": "monitor_agency",
    "authority": "authority_agency",
    "coordinator": None,
}

PHASE_PRIORITY = ("suspended", "awaiting_confirmation", "returned", "awaiting_acceptance", "in_progress")


def derive_phase(case: dict, completed: bool, step_phases: set[str]) -> str:
    """The phase of an instance, from its end state or the phases of its ready steps."""
    if completed or case.get("outcome"):
        return case.get("outcome") or "completed"
    for phase in PHASE_PRIORITY:
        if phase in step_phases:
            return phase
    return "in_progress"


def element_of(step_name: str) -> str:
    """The diagram element id of a step: a multi-instance step's children are named
    "give_input [child]" by SpiffWorkflow, their element is "give_input"."""
    return step_name.split(" [", 1)[0]
