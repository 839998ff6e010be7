"""The functions a diagram's script tasks call: the lifecycle's bookkeeping on the
shared ``case`` record (officer, due date, report periods, escalation schedule,
outcome) and the notifications it raises. Each reads the current step through the
runtime's scope; none touches anything outside the instance."""
from __future__ import annotations

from datetime import date, datetime, time

from engine.bpmn.script_engine import Effect, case_of, current_scope
from engine.domain.calendar import LOCAL_TZ, local_date

def _task():
    return current_scope().task


def _case() -> dict:
    return case_of(_task())


def _now() -> datetime:
    return current_scope().clock.now()


def _today() -> date:
    return local_date(_now())


def accept_task():
    """Record the officer the leader assigned."""
    case = _case()
    case["officer"] = _task().data.get("officer")
    case["accepted_at"] = _now().isoformat()


def open_next_report():
    """Open the next monthly reporting period: the one containing today for the first
    report, else the one after the last approved report."""
    scope = current_scope()
    rules, case = scope.rules, _case()
    previous = case.get("report")
    if previous:
        period = rules.next_period(rules.report_period(previous["month"]))
    else:
        period = rules.period_containing(_today())
    opens = datetime.combine(period.start, time(0, 0), LOCAL_TZ)
    case["report"] = {
        "month": period.month,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "due": period.due.isoformat(),
        "opens_at": opens.isoformat(),
        "officer_at": rules.fire_at(period.officer_reminder).isoformat(),
        "leader_at": rules.fire_at(period.leader_reminder).isoformat(),
    }


def approve_report():
    case = _case()
    case["last_report_month"] = case["report"]["month"]


def compute_schedule():
    """Arm the escalation ladder for the deadline in force."""
    scope = current_scope()
    case = _case()
    due = date.fromisoformat(case["due_date"])
    case["schedule"] = scope.rules.escalation_schedule(due)
    case["escalation"] = None


def _closed_or_waiting(case) -> bool:
    return bool(case.get("suspended")) or bool(case.get("outcome"))


def notify(kind: str):
    """Raise a notification of ``kind`` (reminders, escalations, decisions)."""
    scope = current_scope()
    case = _case()
    if _closed_or_waiting(case):
        return
    if kind.startswith("deadline_"):
        rung = kind.removeprefix("deadline_")
        if case.get("submitted"):
            return          # the completion report is in review: nobody to chase
        case["escalation"] = rung
    params = {"due_date": case.get("due_date")}
    if kind.startswith("report_"):
        params["month"] = (case.get("report") or {}).get("month")
    data = _task().data
    if kind == "extension_refused":
        params["comment"] = data.get("comment")
    scope.effects.append(Effect(kind, params))


def apply_extension():
    """Move the deadline to the approved date (or the requested one)."""
    case, data = _case(), _task().data
    new = data.get("approved_due_date") or data.get("new_due_date")
    if case.get("original_due_date") is None:
        case["original_due_date"] = case.get("due_date")
    case["due_date"] = new
    case["extensions"] = int(case.get("extensions") or 0) + 1
    current_scope().effects.append(Effect("extension_approved", {"due_date": new}))


def record_condition():
    """The condition of a conditional task is met: its deadline is now known."""
    case, data = _case(), _task().data
    case["due_date"] = data.get("due_date")
    case["original_due_date"] = data.get("due_date")
    case["condition_met_on"] = data.get("met_on")


def finish(outcome: str):
    case = _case()
    case["outcome"] = outcome
    case["closed_at"] = _now().isoformat()


def suspend():
    _case()["suspended"] = True


def resume():
    case, data = _case(), _task().data
    case["suspended"] = False
    if data.get("new_due_date"):
        if case.get("original_due_date") is None:
            case["original_due_date"] = case.get("due_date")
        case["due_date"] = data["new_due_date"]


HELPERS = {
    "accept_task": accept_task,
    "open_next_report": open_next_report,
    "approve_report": approve_report,
    "compute_schedule": compute_schedule,
    "notify": notify,
    "apply_extension": apply_extension,
    "record_condition": record_condition,
    "finish": finish,
    "suspend": suspend,
    "resume": resume,
}
