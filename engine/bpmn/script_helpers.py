"""The functions a diagram's script tasks call: the lifecycle's bookkeeping on the
shared ``case`` record (officer, deadline, outcome) and the notifications it raises;
report periods are in report_helpers, the clocks (acceptance and deadline ladders,
suspension) in clock_helpers. Each reads the current step through the runtime's
scope (helper_scope); none touches anything outside the instance. HELPERS is the
table the restricted evaluator offers to diagrams."""
from __future__ import annotations

from engine.bpmn import clock_helpers, report_helpers
from engine.bpmn import helper_scope as scope


def accept_task():
    """Record the officer the leader assigned."""
    case = scope.case()
    case["officer"] = scope.data().get("officer")
    case["accepted_at"] = scope.now().isoformat()


def _closed_or_waiting(case) -> bool:
    return bool(case.get("suspended")) or bool(case.get("outcome"))


def _first_time(kind: str, case: dict) -> bool:
    """Whether a reminder or escalation of ``kind`` should go out now; records it when
    it does. Each rung, acceptance reminder and report reminder goes out once."""
    if kind.startswith("deadline_"):
        rung = kind.removeprefix("deadline_")
        if case.get("submitted"):
            return False        # the completion report is in review: nobody to chase
        if rung in (case.get("schedule") or {}).get("skip", ()):
            return False        # it fired for an earlier arming and its day is past again
        case["escalation"] = rung
        fired = case.setdefault("fired_rungs", [])
        if rung not in fired:
            fired.append(rung)
        return True
    if kind in clock_helpers.ACCEPTANCE_KINDS:
        acceptance = case.get("acceptance") or {}
        if case.get("accepted_at") or kind in acceptance.get("sent", []):
            return False
        acceptance.setdefault("sent", []).append(kind)
        return True
    if kind.startswith("report_"):
        _, report = report_helpers.report_of_token()
        if report is None:          # the first lifecycle version: one period in case["report"]
            return True
        if report.get("filed_at") or kind in report["sent"]:
            return False
        report["sent"].append(kind)
    return True


def notify(kind: str):
    """Raise a notification of ``kind`` (reminders, escalations, decisions). Nothing
    is raised while the task is suspended or after it closed."""
    case = scope.case()
    if _closed_or_waiting(case) or not _first_time(kind, case):
        return
    params = {"due_date": case.get("due_date")}
    if kind.startswith("report_"):
        month, _ = report_helpers.report_of_token()
        params["month"] = month or (case.get("report") or {}).get("month")
    if kind in clock_helpers.ACCEPTANCE_KINDS:
        params["accept_due"] = case.get("accept_due")
    if kind == "extension_refused":
        params["comment"] = scope.data().get("comment")
    scope.effect(kind, **params)


def apply_extension():
    """Move the deadline to the approved date (or the requested one)."""
    case, data = scope.case(), scope.data()
    new = data.get("approved_due_date") or data.get("new_due_date")
    if case.get("original_due_date") is None:
        case["original_due_date"] = case.get("due_date")
    case["due_date"] = new
    case["extensions"] = int(case.get("extensions") or 0) + 1
    scope.effect("extension_approved", due_date=new)


def record_condition():
    """The condition of a conditional task is met: its deadline is now known."""
    case, data = scope.case(), scope.data()
    case["due_date"] = data.get("due_date")
    case["original_due_date"] = data.get("due_date")
    case["condition_met_on"] = data.get("met_on")


def finish(outcome: str):
    case = scope.case()
    case["outcome"] = outcome
    case["closed_at"] = scope.now().isoformat()


# ---- the first lifecycle version's suspension (no clock moved on resume) ---------------

def suspend():
    scope.case()["suspended"] = True


def resume():
    case, data = scope.case(), scope.data()
    case["suspended"] = False
    if data.get("new_due_date"):
        if case.get("original_due_date") is None:
            case["original_due_date"] = case.get("due_date")
        case["due_date"] = data["new_due_date"]


HELPERS = {
    "accept_task": accept_task,
    "notify": notify,
    "apply_extension": apply_extension,
    "record_condition": record_condition,
    "finish": finish,
    "compute_schedule": clock_helpers.compute_schedule,
    "plan_acceptance": clock_helpers.plan_acceptance,
    "record_suspension": clock_helpers.record_suspension,
    "record_resumption": clock_helpers.record_resumption,
    "plan_report_period": report_helpers.plan_report_period,
    "skip_report_period": report_helpers.skip_report_period,
    "opens_while_suspended": report_helpers.opens_while_suspended,
    "open_report_period": report_helpers.open_report_period,
    "record_report": report_helpers.record_report,
    # the first lifecycle version's
    "open_next_report": report_helpers.open_next_report,
    "approve_report": report_helpers.approve_report,
    "suspend": suspend,
    "resume": resume,
}
