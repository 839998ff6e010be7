"""The default lifecycle as it was before issue 14 (workflows/archive/) still compiles
and runs on today's engine, as instances deployed on it need: its report helpers
(``open_next_report``, ``approve_report``) and its suspension helpers are kept. Its
rules are its own: nothing opens before acceptance, one monthly period at a time, the
next opened only when the last report is approved."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from engine.bpmn.definitions import compile_process
from engine.domain.calendar import LOCAL_TZ
from tests.engine.lifecycle_driver import Lifecycle

ARCHIVED = Path(__file__).resolve().parents[2] / "workflows" / "archive" / "directive_task_before_issue_14.bpmn"
LAUNCH_FACTS = ("lead_agency", "monitor_agency", "authority_agency", "deadline", "due_date", "original_due_date",
                "accept_due", "coordinating")
FIRST_VERSION = compile_process(ARCHIVED.read_text(encoding="utf-8"), "directive_task")


def on_first_version() -> Lifecycle:
    life = Lifecycle(datetime(2025, 6, 2, 9, 0, tzinfo=LOCAL_TZ))
    launched = {key: life.case[key] for key in LAUNCH_FACTS}       # the case as the launch gives it
    life.run = life.runtime.start(FIRST_VERSION, launched)
    life.effects.clear()
    return life


def test_it_has_the_parameters_of_its_time():
    assert FIRST_VERSION.parameters["deadline_reminder"] == "-7 working_days"
    assert FIRST_VERSION.parameters["report_due_day"] == "15"


def test_nothing_but_acceptance_before_acceptance_then_one_period_at_a_time():
    life = on_first_version()
    assert life.names(True) == ["accept"]
    assert "reports" not in life.case and "acceptance" not in life.case
    life.do("accept", decision="accept", officer="cv.khcn")
    assert {"monthly_report", "completion_report", "cancel_task", "suspend_task"} <= set(life.names(True))
    assert life.case["report"]["month"] == "2025-06" and life.case["report"]["due"] == "2025-06-16"
    life.live_until(datetime(2025, 7, 20, tzinfo=LOCAL_TZ))
    assert life.fired("report_missed_officer") == ["2025-06-17"]           # June only: July never opened
    assert life.fired("report_missed_leader") == ["2025-06-20"]
    assert [s.name for s in life.steps()].count("monthly_report") == 1
    life.do("monthly_report", percent=10, done="Muộn")
    life.do("review_report", decision="approve")
    assert life.case["last_report_month"] == "2025-06" and life.case["report"]["month"] == "2025-07"


def test_suspension_and_resume_run_on_its_helpers():
    life = on_first_version()
    life.do("accept", decision="accept", officer="cv.khcn")
    life.do("suspend_task", reason="Chờ kinh phí")
    assert life.phase() == "suspended" and "resume_task" in life.names(True)
    life.do("resume_task", note="Đã có kinh phí")
    assert life.phase() == "in_progress" and "suspend_task" in life.names(True)
