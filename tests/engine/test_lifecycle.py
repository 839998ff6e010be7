"""The default lifecycle on BPMN alone: every path of the issue, with months of
simulated time and the state dumped and restored between every step."""
from datetime import datetime

from engine.domain.calendar import LOCAL_TZ
from tests.engine.lifecycle_driver import Lifecycle

JUNE_2 = datetime(2025, 6, 2, 9, 0, tzinfo=LOCAL_TZ)


def at(y, m, d, h=9):
    return datetime(y, m, d, h, 0, tzinfo=LOCAL_TZ)


def accepted(**kwargs) -> Lifecycle:
    life = Lifecycle(JUNE_2, **kwargs)
    assert life.names() == ["accept", "monthly_report"] and life.phase() == "awaiting_acceptance"
    assert life.step("monthly_report").role == "leader"      # nobody accepted yet: the leader reports
    life.do("accept", decision="accept", officer="cv.khcn")
    return life


def test_acceptance_opens_the_work_and_assigns_the_officer():
    life = accepted()
    assert life.phase() == "in_progress"
    assert life.names() == ["completion_report", "monthly_report"]
    assert set(life.names(True)) >= {"request_extension", "request_input", "cancel_task", "suspend_task"}
    report = life.step("monthly_report")
    assert (report.role, report.assignee, report.agency_code) == ("officer", "cv.khcn", "so-khcn")
    assert str(report.due) == "2025-06-16" and report.period == "2025-06"   # 15/5–14/6, 15/6 a Sunday
    assert life.step("completion_report").due.isoformat() == "2025-08-15"
    assert life.step("cancel_task").role == "authority" and life.step("cancel_task").agency_code == "ubnd"


def test_escalation_ladder_fires_each_rung_once_on_its_day():
    life = accepted()
    life.live_until(at(2025, 10, 1))
    assert life.fired("deadline_reminder") == ["2025-08-06"]
    assert life.fired("deadline_leader") == ["2025-08-15"]
    assert life.fired("deadline_monitor") == ["2025-08-26"]
    assert life.fired("deadline_authority") == ["2025-09-15"]
    assert life.case["escalation"] == "authority"


def test_missed_monthly_report_reminds_officer_then_leader():
    life = accepted()
    life.live_until(at(2025, 6, 21))
    assert life.fired("report_missed_officer") == ["2025-06-17"]
    assert life.fired("report_missed_leader") == ["2025-06-20"]


def test_report_filed_in_time_raises_no_reminder_and_next_period_opens_on_its_date():
    life = accepted()
    life.clock.set(at(2025, 6, 12))
    life.do("monthly_report", percent=30)
    life.do("review_report", decision="approve")
    life.live_until(at(2025, 6, 14))
    assert life.periods() == []
    life.live_until(at(2025, 6, 21))
    assert life.fired("report_missed_officer") == []
    assert life.periods() == ["2025-07"] and life.fired("report_period_opened")[-1] == "2025-06-15"
    assert life.step("monthly_report").due.isoformat() == "2025-07-15"


def test_returned_report_is_revised_and_approved():
    life = accepted()
    life.do("monthly_report", percent=30)
    life.do("review_report", decision="return", comment="Bổ sung số liệu")
    assert "revise_report" in life.names()
    life.do("revise_report", percent=35)
    life.do("review_report", decision="approve")
    assert life.case["last_report_month"] == "2025-06"


def test_extension_moves_the_deadline_and_rearms_every_timer():
    life = accepted()
    life.live_until(at(2025, 8, 7))
    assert life.fired("deadline_reminder") == ["2025-08-06"]
    life.do("request_extension", new_due_date="2025-09-30")
    assert life.step("decide_extension").role == "authority"
    life.do("decide_extension", decision="approve", approved_due_date=None)
    assert life.case["due_date"] == "2025-09-30"
    assert life.case["original_due_date"] == "2025-08-15"
    assert life.fired("extension_approved") == ["2025-08-07"]
    life.live_until(at(2025, 11, 15))
    assert life.fired("deadline_reminder") == ["2025-08-06", "2025-09-19"]
    assert life.fired("deadline_leader") == ["2025-09-30"]          # not 15/8 any more
    assert life.fired("deadline_monitor") == ["2025-10-09"]
    assert life.fired("deadline_authority") == ["2025-10-30"]


def test_refused_extension_keeps_the_deadline():
    life = accepted()
    life.do("request_extension", new_due_date="2025-09-30")
    life.do("decide_extension", decision="refuse", comment="Không có căn cứ")
    assert life.case["due_date"] == "2025-08-15"
    assert life.fired("extension_refused")
    assert "request_extension" in life.names(True)


def test_completion_with_return_rework_review_and_sign_off():
    life = accepted()
    life.clock.set(at(2025, 8, 1))
    life.do("completion_report")
    assert life.phase() == "awaiting_confirmation"
    life.do("approve_completion", decision="approve")
    life.do("review_completion", decision="return", comment="Thiếu minh chứng")
    assert life.phase() == "returned" and set(life.names()) == {"monthly_report", "rework"}
    assert life.periods() == ["2025-06", "2025-07", "2025-08"]    # the periods opened by 1/8, none filed
    life.do("rework")
    life.do("approve_completion", decision="approve")
    life.do("review_completion", decision="accept")
    life.do("sign_off", decision="confirm")
    assert life.run.completed
    assert life.phase() == "completed" and life.case["outcome"] == "completed"
    assert life.steps() == []


def test_no_escalation_while_the_completion_report_is_in_review():
    life = accepted()
    life.clock.set(at(2025, 8, 14))
    life.do("completion_report")
    life.do("approve_completion", decision="approve")
    life.live_until(at(2025, 9, 20))
    assert life.fired("deadline_leader") == [] and life.fired("deadline_monitor") == []


def test_refusal_goes_to_the_monitor():
    life = Lifecycle(JUNE_2)
    life.do("accept", decision="refuse")
    assert life.names() == ["monthly_report", "review_refusal"] and life.step("review_refusal").role == "monitor"
    life.do("review_refusal", decision="reject")
    assert life.names() == ["accept", "monthly_report"]
    life.do("accept", decision="refuse")
    life.do("review_refusal", decision="uphold")
    assert life.run.completed and life.phase() == "refused"


def test_cancellation_ends_everything():
    life = accepted()
    life.do("cancel_task")
    assert life.run.completed and life.phase() == "cancelled" and life.steps() == []
    assert life.runtime.next_timer_at(life.run) is None


def test_suspension_silences_reminders_and_resume_can_set_a_new_deadline():
    life = accepted()
    life.clock.set(at(2025, 8, 1))
    life.do("suspend_task")
    assert life.phase() == "suspended"
    life.live_until(at(2025, 8, 20))
    assert life.fired("deadline_reminder") == [] and life.fired("deadline_leader") == []
    life.do("resume_task", new_due_date="2025-10-15")
    assert life.phase() == "in_progress" and life.case["due_date"] == "2025-10-15"
    assert life.case["original_due_date"] == "2025-08-15"
    life.live_until(at(2025, 10, 16))
    assert life.fired("deadline_leader") == ["2025-10-15"]


def test_conditional_task_gets_its_deadline_when_the_condition_is_met():
    life = accepted(due=None, kind="conditional")
    assert "condition_met" in life.names(include_optional=True)   # an action, not an inbox item
    life.live_until(at(2025, 9, 1))
    assert not any(kind.startswith("deadline_") for _, kind in life.effects)
    life.do("condition_met", due_date="2025-09-30")
    assert life.case["due_date"] == "2025-09-30"
    life.live_until(at(2025, 10, 1))
    assert life.fired("deadline_leader") == ["2025-09-30"]


def test_recurring_task_has_reports_but_no_deadline_timers():
    life = accepted(due=None, kind="recurring")
    assert life.step("completion_report").due is None
    life.live_until(at(2025, 8, 25))
    # every period opens by the calendar and keeps its own reminder, filed or not
    assert life.fired("report_missed_officer") == ["2025-06-17", "2025-07-16", "2025-08-18"]
    assert life.periods() == ["2025-06", "2025-07", "2025-08", "2025-09"]
    assert not any(kind.startswith("deadline_") for _, kind in life.effects)


def test_input_requested_from_each_coordinating_agency():
    life = accepted(coordinating=("so-tai-chinh", "so-noi-vu"))
    life.do("request_input", input_agencies=["so-tai-chinh", "so-noi-vu"], input_due="2025-06-10")
    answers = [s for s in life.steps() if s.name.startswith("give_input")]
    assert sorted(s.agency_code for s in answers) == ["so-noi-vu", "so-tai-chinh"]
    assert all(s.role == "coordinator" and s.due.isoformat() == "2025-06-10" for s in answers)
    for step in answers:
        life.runtime.complete(life.run, step.task_id, {})
    assert "request_input" in life.names(True)


def test_next_timer_is_the_earliest_pending_one():
    life = accepted()
    moment = life.runtime.next_timer_at(life.run)
    assert moment.astimezone(LOCAL_TZ) == at(2025, 6, 15, 0)     # the July period opens
    life.live_until(at(2025, 6, 16))
    assert life.runtime.next_timer_at(life.run).astimezone(LOCAL_TZ) == at(2025, 6, 17, 8)   # June's reminder
