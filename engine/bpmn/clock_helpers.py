"""The lifecycle's clocks: the acceptance ladder, the deadline ladder, and what a
suspension does to them (DESIGN §2, Rules of time).

- Acceptance: due ``accept_within`` working days after the launch day; not accepted
  by then, the agency's leaders are told at fire_time the next working day and the
  monitor ``accept_monitor`` working days after the due day.
- The deadline ladder (reminder, leader, monitor, authority) is armed from launch,
  accepted or not, and re-armed when the deadline moves. A rung whose moment is
  already past when it is armed fires then, once: a rung that already fired for an
  earlier arming is not fired again when its new moment is past too.
- Suspension stops every clock; the resume moves the deadline in force (to the
  authority's new date, or by the working days spent suspended) and every reminder
  still to come by those days, then the diagram re-arms the timers."""
from __future__ import annotations

from datetime import date

from engine.bpmn import helper_scope as scope
from engine.domain.time_rules import RUNGS

ACCEPTANCE_KINDS = ("accept_late_leader", "accept_late_monitor")


def plan_acceptance():
    """Fix the acceptance due day and the moments of its reminders at launch."""
    rules, case = scope.rules(), scope.case()
    days = rules.acceptance_days(scope.today())
    case["accept_due"] = days.due.isoformat()
    case["acceptance"] = {"leader_at": rules.fire_at(days.leader).isoformat(),
                          "monitor_at": rules.fire_at(days.monitor).isoformat(), "sent": []}


def compute_schedule():
    """Arm the escalation ladder for the deadline in force."""
    rules, case, now = scope.rules(), scope.case(), scope.now()
    schedule = rules.escalation_schedule(date.fromisoformat(case["due_date"]))
    fired = case.get("fired_rungs") or []
    kept = [rung for rung in RUNGS if rung in fired and scope.moment(schedule[f"{rung}_at"]) <= now]
    schedule["skip"] = kept           # fired already, and past again: not fired twice
    case["schedule"] = schedule
    case["fired_rungs"] = kept
    case["escalation"] = kept[-1] if kept else None


def record_suspension():
    case = scope.case()
    case["suspended"] = True
    case["suspended_at"] = scope.now().isoformat()
    scope.effect("task_suspended")


def record_resumption():
    """End the suspension: the deadline in force moves to the new date the authority
    set or by the working days spent suspended, and so do the acceptance and report
    reminders still to come."""
    rules, case, data = scope.rules(), scope.case(), scope.data()
    since = scope.day_of(case.get("suspended_at")) or scope.today()
    spent = rules.working_days_spent(since, scope.today())
    case.setdefault("suspensions", []).append(
        {"from": since.isoformat(), "to": scope.today().isoformat(), "working_days": spent})
    new_due = data.get("new_due_date")
    if new_due or case.get("due_date"):
        if case.get("original_due_date") is None:
            case["original_due_date"] = case.get("due_date")
        case["due_date"] = new_due or rules.shifted(date.fromisoformat(case["due_date"]), spent).isoformat()
    if not case.get("accepted_at"):
        _shift_acceptance(case, since, spent)
    for month, report in (case.get("reports") or {}).items():
        if report.get("filed_at") is None and date.fromisoformat(report["due"]) >= since:
            _shift_report(report, since, spent)
            scope.effect("report_due_moved", month=month, due=report["due"])
    case["suspended"] = False
    case["suspended_at"] = None
    scope.effect("task_resumed", due_date=case.get("due_date"))


def _later(value: str, since: date, spent: int, as_moment: bool) -> str:
    """An ISO day or moment on or after ``since``, moved by ``spent`` working days."""
    day = date.fromisoformat(value[:10])
    if day < since:
        return value
    moved = scope.rules().shifted(day, spent)
    return scope.rules().fire_at(moved).isoformat() if as_moment else moved.isoformat()


def _shift_acceptance(case: dict, since: date, spent: int) -> None:
    if case.get("accept_due"):
        case["accept_due"] = _later(case["accept_due"], since, spent, as_moment=False)
    acceptance = case.get("acceptance") or {}
    for key in ("leader_at", "monitor_at"):
        if acceptance.get(key):
            acceptance[key] = _later(acceptance[key], since, spent, as_moment=True)


def _shift_report(report: dict, since: date, spent: int) -> None:
    report["due"] = _later(report["due"], since, spent, as_moment=False)
    for key in ("officer_at", "leader_at"):
        report[key] = _later(report[key], since, spent, as_moment=True)
