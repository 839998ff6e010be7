"""The case and token data of an instance of the first lifecycle version (before issue
14, kept in workflows/archive/) put in the form later versions read, when it migrates
onto a version that keeps one record per monthly period (DESIGN §2).

The first version kept its one open period in ``case["report"]`` and its report token
carried no period; later versions keep ``case["reports"][month]`` (due day, reminder
moments, reminders sent, when it was filed) and each token knows its month and when
its period opens. ``convert`` writes the latter from the former, in place, before the
tree is carried over (engine/bpmn/migration.py, inside the runtime's scope), so the
re-armed report reminders read the open period's record (an open period not filed
yet is announced, as its opening is today, so it gets its «not filed» row); a
suspended task counts as suspended from the migration on (the first version did not
note since when). ``case["report"]`` is left as it was."""
from __future__ import annotations

from SpiffWorkflow.util.task import TaskState

from engine.bpmn.report_helpers import OPENS_KEY, PERIOD_KEY
from engine.bpmn.script_engine import Effect, current_scope

FIRST_VERSION_CALL = "open_next_report("     # the first version's report loop
PERIODS_CALL = "open_report_period("         # a version that keeps a record per period
REMINDER_KINDS = {"report_late_officer": "report_missed_officer", "report_late_leader": "report_missed_leader"}


def _calls(spec, call: str) -> bool:
    return any(call in (getattr(task_spec, "script", None) or "") for task_spec in spec.task_specs.values())


def needed(workflow, target_spec) -> bool:
    """Whether ``workflow`` runs the first version and ``target_spec`` keeps periods."""
    return _calls(workflow.spec, FIRST_VERSION_CALL) and _calls(target_spec, PERIODS_CALL) \
        and bool(workflow.data.get("case", {}).get("report")) and "reports" not in workflow.data["case"]


def _now() -> str:
    return current_scope().clock.now().isoformat()


def _suspended_since(case: dict) -> None:
    """The first version did not note when a suspension began (nor does the tree, on
    the application's clock): the suspension counts from the migration on."""
    if case.get("suspended") and not case.get("suspended_at"):
        case["suspended_at"] = _now()


def convert(workflow) -> None:
    """Write the open period's record and the report token's month (see the module)."""
    case = workflow.data["case"]
    _suspended_since(case)
    report = case["report"]
    month = report["month"]
    waits = [t for t in workflow.tasks.values() if t.task_spec.name == "wait_report"
             and not t.state & (TaskState.PREDICTED_MASK | TaskState.FUTURE)]
    case["last_period"] = month
    if not waits:
        return
    token = waits[-1]                                  # the loop's latest pass: the open period
    for task in token:                                 # the token and everything after it
        task.data[PERIOD_KEY] = month
        task.data[OPENS_KEY] = report.get("opens_at")
    if token.state != TaskState.COMPLETED:             # not open yet: it opens on the new version
        return
    done = [t for t in token if t.state == TaskState.COMPLETED]
    filed = [t for t in done if t.task_spec.name == "monthly_report"]
    case["reports"] = {month: {
        "due": report["due"], "officer_at": report["officer_at"], "leader_at": report["leader_at"],
        "sent": sorted({REMINDER_KINDS[t.task_spec.name] for t in done if t.task_spec.name in REMINDER_KINDS}),
        "filed_at": _now() if filed else None,        # filed, on a day the tree does not keep
    }}
    if not filed:                                      # the first version kept no row for it yet
        current_scope().effects.append(Effect("report_period_opened", {"month": month, "due": report["due"]}))
