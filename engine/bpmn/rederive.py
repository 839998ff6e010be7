"""Case data the lifecycle's helper functions (engine/bpmn/script_helpers.py) derive from
a process version's rules of time, computed again under another version's rules when an
instance migrates: the escalation schedule of the deadline in force, the dates of the
open monthly report period, the accept due day and the acceptance reminders. The migration then re-arms the
waiting timers, which read these dates, so they fire as the new version would have
armed them.

Facts are kept as they are: the deadline in force, the officer, the rungs that already
fired, the month of the open report. Each recomputation touches only data that is
there (an instance that never reached its ladder has no schedule to move).

A helper that derives new time data from the rules of time adds its recomputation to
RECOMPUTATIONS, next to the one it mirrors."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Callable

from engine.domain.calendar import LOCAL_TZ
from engine.domain.time_rules import TimeRules


def _schedule(case: dict, rules: TimeRules, launched_on: date) -> bool:
    """compute_schedule(): the ladder's moments around the due day in force."""
    if not case.get("schedule") or not case.get("due_date"):
        return False
    schedule = rules.escalation_schedule(date.fromisoformat(case["due_date"][:10]))
    if schedule == case["schedule"]:
        return False
    case["schedule"] = {**case["schedule"], **schedule}
    return True


def _report_period(case: dict, rules: TimeRules, launched_on: date) -> bool:
    """open_next_report(): the open period's dates and its reminders."""
    report = case.get("report")
    if not report or not report.get("month"):
        return False
    period = rules.report_period(report["month"])
    dates = {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "due": period.due.isoformat(),
        "opens_at": datetime.combine(period.start, time(0, 0), LOCAL_TZ).isoformat(),
        "officer_at": rules.fire_at(period.officer_reminder).isoformat(),
        "leader_at": rules.fire_at(period.leader_reminder).isoformat(),
    }
    dates = {key: value for key, value in dates.items() if key in report}
    if all(report[key] == value for key, value in dates.items()):
        return False
    report.update(dates)
    return True


def _accept_due(case: dict, rules: TimeRules, launched_on: date) -> bool:
    """The launch's accept due day (engine/usecases/directives.py:start_instance), while
    the task is not accepted yet."""
    if "accept_due" not in case or case.get("accepted_at"):
        return False
    due = rules.after(launched_on, "accept_within").isoformat()
    if case["accept_due"] == due:
        return False
    case["accept_due"] = due
    return True


def _acceptance(case: dict, rules: TimeRules, launched_on: date) -> bool:
    """plan_acceptance(): the moments the leaders, then the monitor, are told the task
    is still not accepted, from its launch day, while it is not accepted (an instance
    of a version without the acceptance ladder gets them too)."""
    if "accept_due" not in case or case.get("accepted_at"):
        return False
    days = rules.acceptance_days(launched_on)
    planned = {"leader_at": rules.fire_at(days.leader).isoformat(), "monitor_at": rules.fire_at(days.monitor).isoformat()}
    acceptance = case.get("acceptance")
    if acceptance is None:
        case["acceptance"] = {**planned, "sent": []}
        return True
    if all(acceptance.get(key) == value for key, value in planned.items()):
        return False
    acceptance.update(planned)
    return True


RECOMPUTATIONS: dict[str, Callable[[dict, TimeRules, date], bool]] = {
    "schedule": _schedule,
    "report": _report_period,
    "accept_due": _accept_due,
    "acceptance": _acceptance,
}


def rederive(case: dict, rules: TimeRules, launched_on: date) -> list[str]:
    """Recompute in place; the names of the data that changed."""
    return [name for name, recompute in RECOMPUTATIONS.items() if recompute(case, rules, launched_on)]
