"""The lifecycle's clocks on BPMN alone, dates checked against DESIGN.md's rules of time
and worked examples: the acceptance ladder of a task nobody accepts, the deadline
ladder running from launch, rungs already past at launch, and what a suspension does
to every clock. The state is dumped and restored every simulated day."""
from datetime import datetime

from engine.domain.calendar import LOCAL_TZ
from tests.engine.lifecycle_driver import Lifecycle


def at(y, m, d, h=9):
    return datetime(y, m, d, h, 0, tzinfo=LOCAL_TZ)


def test_never_accepted_task_reminds_the_leaders_then_the_monitor_once_each():
    """DESIGN: launched Mon 1/12/2025 09:00 and never accepted: accept due Thu 4/12,
    leaders reminded Fri 5/12 08:00, monitor Thu 11/12 08:00."""
    life = Lifecycle(at(2025, 12, 1), due="2026-03-31")
    assert life.case["accept_due"] == "2025-12-04" and life.step("accept").due.isoformat() == "2025-12-04"
    assert life.case["acceptance"]["leader_at"] == "2025-12-05T08:00:00+07:00"
    assert life.case["acceptance"]["monitor_at"] == "2025-12-11T08:00:00+07:00"
    life.live_until(at(2026, 1, 31))
    assert life.fired("accept_late_leader") == ["2025-12-05"]
    assert life.fired("accept_late_monitor") == ["2025-12-11"]
    assert life.phase() == "awaiting_acceptance"


def test_the_deadline_ladder_runs_from_launch_whether_or_not_the_task_is_accepted():
    """DESIGN's worked example «chậm nhất 15/8/2025»: reminder 6/8, leader 15/8,
    monitor 26/8, authority Mon 15/9 — for a task nobody ever accepted."""
    life = Lifecycle(at(2025, 6, 2), due="2025-08-15")
    life.live_until(at(2025, 10, 1))
    assert life.fired("deadline_reminder") == ["2025-08-06"]
    assert life.fired("deadline_leader") == ["2025-08-15"]
    assert life.fired("deadline_monitor") == ["2025-08-26"]
    assert life.fired("deadline_authority") == ["2025-09-15"]
    assert life.case["escalation"] == "authority" and life.phase() == "awaiting_acceptance"


def test_rungs_already_past_at_launch_fire_at_launch_once():
    """«trong tháng 8/2025» is due Wed 3/9/2025: reminder 21/8, monitor 12/9,
    authority 3/10. Launched on 25/8, the reminder's day is past: it fires at launch."""
    life = Lifecycle(at(2025, 8, 25), due="2025-09-03", kind="month")
    assert life.fired("deadline_reminder") == ["2025-08-25"]
    life.live_until(at(2025, 10, 10))
    assert life.fired("deadline_reminder") == ["2025-08-25"]
    assert life.fired("deadline_leader") == ["2025-09-03"]
    assert life.fired("deadline_monitor") == ["2025-09-12"]
    assert life.fired("deadline_authority") == ["2025-10-03"]


def test_a_task_launched_after_its_deadline_fires_the_past_rungs_at_launch():
    life = Lifecycle(at(2025, 8, 20), due="2025-08-15")
    assert life.fired("deadline_reminder") == ["2025-08-20"] and life.fired("deadline_leader") == ["2025-08-20"]
    life.live_until(at(2025, 9, 20))
    assert life.fired("deadline_reminder") == ["2025-08-20"] and life.fired("deadline_leader") == ["2025-08-20"]
    assert life.fired("deadline_monitor") == ["2025-08-26"] and life.fired("deadline_authority") == ["2025-09-15"]


def test_resume_moves_the_deadline_by_the_working_days_spent_suspended_and_rearms_the_ladder():
    life = Lifecycle(at(2025, 6, 2), due="2025-08-15")
    life.do("accept", decision="accept", officer="cv.khcn")
    life.live_until(at(2025, 8, 1))
    life.do("suspend_task")
    life.live_until(at(2025, 8, 20))
    assert [kind for day, kind in life.effects if day > "2025-08-01" and kind.startswith("deadline_")] == []
    life.do("resume_task")
    # Fri 1/8 to Wed 20/8: 13 working days; 15/8 + 13 working days (1–2/9 National Day) = Fri 5/9
    assert life.case["suspensions"] == [{"from": "2025-08-01", "to": "2025-08-20", "working_days": 13}]
    assert (life.case["due_date"], life.case["original_due_date"]) == ("2025-09-05", "2025-08-15")
    assert life.step("completion_report").due.isoformat() == "2025-09-05"
    life.live_until(at(2025, 10, 10))
    assert life.fired("deadline_reminder") == ["2025-08-25"]      # its day 6/8 fell in the suspension
    assert life.fired("deadline_leader") == ["2025-09-05"]
    assert life.fired("deadline_monitor") == ["2025-09-16"]
    assert life.fired("deadline_authority") == ["2025-10-06"]


def test_a_rung_that_fired_before_the_suspension_does_not_fire_again_when_its_new_day_is_past():
    life = Lifecycle(at(2025, 6, 2), due="2025-08-15")
    life.do("accept", decision="accept", officer="cv.khcn")
    life.live_until(at(2025, 8, 20))
    assert life.fired("deadline_leader") == ["2025-08-15"]
    life.do("suspend_task")
    life.clock.set(at(2025, 8, 22))
    life.do("resume_task")                      # Wed 20/8 and Thu 21/8: due 15/8 → Tue 19/8
    assert life.case["due_date"] == "2025-08-19" and life.case["escalation"] == "leader"
    life.live_until(at(2025, 9, 30))
    assert life.fired("deadline_reminder") == ["2025-08-06"]
    assert life.fired("deadline_leader") == ["2025-08-15"]
    assert life.fired("deadline_monitor") == ["2025-08-28"]
    assert life.fired("deadline_authority") == ["2025-09-18"]


def test_suspension_before_acceptance_moves_the_acceptance_reminders():
    life = Lifecycle(at(2025, 12, 1), due="2026-03-31")
    life.clock.set(at(2025, 12, 3))
    life.do("suspend_task")
    life.live_until(at(2025, 12, 10))
    assert life.fired("accept_late_leader") == []
    life.do("resume_task")                      # 3, 4, 5, 8, 9/12: 5 working days
    assert life.case["accept_due"] == "2025-12-11" and life.step("accept").due.isoformat() == "2025-12-11"
    life.live_until(at(2026, 1, 5))
    assert life.fired("accept_late_leader") == ["2025-12-12"]
    assert life.fired("accept_late_monitor") == ["2025-12-18"]


def test_resume_with_a_new_deadline_takes_it_as_is():
    life = Lifecycle(at(2025, 6, 2), due="2025-08-15")
    life.clock.set(at(2025, 7, 1))
    life.do("suspend_task")
    life.clock.set(at(2025, 7, 20))
    life.do("resume_task", new_due_date="2025-11-28")
    assert life.case["due_date"] == "2025-11-28" and life.case["schedule"]["leader_at"].startswith("2025-11-28")
