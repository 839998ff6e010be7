"""Monthly report periods, as the lifecycle's report loop keeps them.

Periods open by the calendar (DESIGN §2): the first is the one containing the launch
day, each next one opens on its own date whatever happened to the earlier ones, each
as its own token of the diagram with its own report step and reminders. The loop plans
a period (its month in the token's data), waits for its first day, then opens it:
``case["reports"][month]`` keeps what its step and timers read (due day, reminder
moments, reminders sent, when it was filed). A period whose first day comes while the
task is suspended is skipped; after the resume the loop opens the period containing
the resume day.

``open_next_report`` and ``approve_report`` are the first lifecycle version's (one
period at a time, each opened when the previous report was approved); instances of
that version still call them."""
from __future__ import annotations

from datetime import datetime, time

from engine.bpmn import helper_scope as scope
from engine.domain.calendar import LOCAL_TZ

PERIOD_KEY = "period"            # the token's data: the month of its period ("2025-12")
OPENS_KEY = "report_opens_at"    # the token's data: when the planned period opens
SKIPPED_KEY = "period_skipped"   # the token's data: the planned period opened while suspended


def plan_report_period():
    """Choose the next period to open: the one containing today for the first, the
    one after the last planned otherwise — or, when the last one was skipped while the
    task was suspended, the one containing today."""
    rules, case, data = scope.rules(), scope.case(), scope.data()
    last = case.get("last_period")
    if last is None or data.pop(SKIPPED_KEY, False):
        # the skip happened on the skipped period's first day, so today is in it or later
        period = rules.period_containing(scope.today())
    else:
        period = rules.next_period(rules.report_period(last))
    case["last_period"] = period.month
    data[PERIOD_KEY] = period.month
    data[OPENS_KEY] = datetime.combine(period.start, time(0, 0), LOCAL_TZ).isoformat()


def opens_while_suspended() -> bool:
    """Whether the token's planned period opens during the task's suspension (a period
    whose first day came before the suspension still opens, however late the sweep)."""
    case = scope.case()
    if not case.get("suspended"):
        return False
    since = scope.moment(case.get("suspended_at"))
    return since is None or scope.moment(scope.data()[OPENS_KEY]) >= since


def skip_report_period():
    """The planned period's first day came while the task is suspended: it does not open."""
    scope.data()[SKIPPED_KEY] = True


def open_report_period():
    """Open the token's period: its report falls due, its reminders are armed."""
    rules, case = scope.rules(), scope.case()
    period = rules.report_period(scope.data()[PERIOD_KEY])
    case.setdefault("reports", {})[period.month] = {
        "due": period.due.isoformat(),
        "officer_at": rules.fire_at(period.officer_reminder).isoformat(),
        "leader_at": rules.fire_at(period.leader_reminder).isoformat(),
        "sent": [],
        "filed_at": None,
    }
    scope.effect("report_period_opened", month=period.month, due=period.due.isoformat())


def record_report():
    """The token's report is accepted (approved by the leader, or filed by the leader
    while the task had no officer)."""
    case = scope.case()
    month = scope.data().get(PERIOD_KEY)
    case["last_report_month"] = max(month, case.get("last_report_month") or month)


def report_of_token() -> tuple[str | None, dict | None]:
    """(month, its record in the case) of the running token's period, if it has one."""
    month = scope.data().get(PERIOD_KEY)
    if month is None:
        return None, None
    return month, (scope.case().get("reports") or {}).get(month)


# ---- the first lifecycle version's report helpers ------------------------------------

def open_next_report():
    """Open the next monthly reporting period: the one containing today for the first
    report, else the one after the last approved report (first lifecycle version)."""
    rules, case = scope.rules(), scope.case()
    previous = case.get("report")
    if previous:
        period = rules.next_period(rules.report_period(previous["month"]))
    else:
        period = rules.period_containing(scope.today())
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
    case = scope.case()
    case["last_report_month"] = case["report"]["month"]
