"""Instances of the lifecycle before issue 14 (workflows/archive/) moved onto today's
default lifecycle, in memory: the branches today's version starts at launch (monthly
periods by the calendar, the deadline ladder, cancellation, suspension) are started
for a task that was not accepted, the report loop goes on by the calendar for one that
was, the open period keeps its record and its reminders fire once, and each phase then
runs to its end on the new version."""
from __future__ import annotations

from datetime import date, datetime

from engine.bpmn.rederive import rederive
from engine.domain.calendar import LOCAL_TZ
from tests.engine.lifecycle_driver import PROCESS
from tests.engine.test_archived_lifecycle import on_first_version


def at(m, d, h=9):
    return datetime(2025, m, d, h, 0, tzinfo=LOCAL_TZ)


def move(life) -> list[str]:
    rederived: list[str] = []
    life.run = life.runtime.migrate(life.run, PROCESS,
                                    lambda case, rules: rederived.extend(rederive(case, rules, date(2025, 6, 2))))
    life._collect()
    life.reload()
    return rederived


def notes(life) -> list[tuple[str, str]]:
    check = life.runtime.check_migration(life.run, PROCESS)
    assert check.possible, check.obstacles
    return [(n.key, n.params["step"]) for n in check.notes]


def accepted():
    life = on_first_version()
    life.do("accept", decision="accept", officer="cv.khcn")
    return life


def test_a_task_nobody_accepted_gets_every_branch_of_the_launch_and_escalates():
    life = on_first_version()
    life.live_until(at(7, 1))
    assert life.names(True) == ["accept"] and life.effects == []          # the first version: silence
    assert notes(life) == [("migration.events_added", "Tiếp nhận và phân công chuyên viên"),
                           ("migration.branch_started", "Lập kỳ báo cáo tiếp theo"),
                           ("migration.branch_started", "Có thời hạn?"),
                           ("migration.branch_started", "Hủy nhiệm vụ"),
                           ("migration.branch_started", "Tạm dừng nhiệm vụ")]
    assert move(life) == ["acceptance"]
    assert life.case["acceptance"]["leader_at"] == "2025-06-06T08:00:00+07:00"   # from the launch day
    assert life.fired("accept_late_leader") == ["2025-07-01"] and life.fired("accept_late_monitor") == ["2025-07-01"]
    assert {"accept", "cancel_task", "suspend_task", "monthly_report"} <= set(life.names(True))
    assert life.periods() == ["2025-07"] and life.step("monthly_report").role == "leader"
    life.live_until(at(8, 16))
    assert life.periods() == ["2025-07", "2025-08", "2025-09"]
    assert life.fired("deadline_reminder") == ["2025-08-06"] and life.fired("deadline_leader") == ["2025-08-15"]
    assert life.fired("accept_late_leader") == ["2025-07-01"]                 # once
    life.file("2025-07", percent=5, done="Lãnh đạo báo cáo thay")
    life.do("accept", decision="accept", officer="cv.khcn")
    life.do("completion_report", result="Xong", product="Báo cáo")
    life.do("approve_completion", decision="approve")
    life.do("review_completion", decision="accept")
    life.do("sign_off", decision="confirm")
    assert life.phase() == "completed"


def test_an_open_period_keeps_its_record_its_reminders_fire_once_and_the_next_open_by_the_calendar():
    life = accepted()
    life.live_until(at(6, 21))
    assert life.fired("report_missed_officer") == ["2025-06-17"] and life.fired("report_missed_leader") == ["2025-06-20"]
    assert notes(life)[-1] == ("migration.branch_started", "Lập kỳ báo cáo tiếp theo")
    move(life)
    june = life.case["reports"]["2025-06"]
    assert june["due"] == "2025-06-16" and june["filed_at"] is None
    assert june["sent"] == ["report_missed_leader", "report_missed_officer"]
    assert life.periods() == ["2025-06", "2025-07"]                          # July opened on 15/6 already
    life.live_until(at(7, 22))
    assert life.fired("report_missed_officer") == ["2025-06-17", "2025-07-16"]   # June's not again
    assert life.fired("report_missed_leader") == ["2025-06-20", "2025-07-21"]
    assert life.periods() == ["2025-06", "2025-07", "2025-08"]
    life.file("2025-06", percent=10, done="Nộp muộn")
    life.do("review_report", decision="approve")
    assert life.case["last_report_month"] == "2025-06" and life.periods() == ["2025-07", "2025-08"]


def test_a_report_in_review_is_reviewed_on_the_new_version():
    life = accepted()
    life.do("monthly_report", percent=10, done="Khảo sát")
    assert notes(life) == [("migration.step_changed", "Duyệt báo cáo tháng"),
                           ("migration.branch_started", "Lập kỳ báo cáo tiếp theo")]
    move(life)
    assert life.case["reports"]["2025-06"]["filed_at"] is not None
    life.do("review_report", decision="return", comment="Bổ sung")
    life.do("revise_report", percent=15, done="Đã bổ sung")
    life.do("review_report", decision="approve")
    assert life.case["last_report_month"] == "2025-06"
    life.live_until(at(6, 21))
    assert life.fired("report_missed_officer") == [] and life.periods() == ["2025-07"]


def test_a_suspended_task_is_resumed_on_the_new_version():
    life = accepted()
    life.do("suspend_task", reason="Chờ kinh phí")
    move(life)
    assert life.phase() == "suspended" and life.case["suspended_at"].startswith("2025-06-02")
    life.live_until(at(7, 1))
    assert life.fired("report_missed_officer") == []
    assert life.fired("report_period_opened") == ["2025-06-02"]             # June's, at the move; July's skipped
    life.do("resume_task", note="Đã có kinh phí")
    assert life.phase() == "in_progress" and life.case["suspensions"][0]["from"] == "2025-06-02"
    assert life.case["due_date"] > "2025-08-15"                              # moved by the days suspended
    assert life.periods()[-1] == "2025-07"                                    # the period of the resume day


def test_the_moved_state_reads_back_against_the_new_version():
    life = accepted()
    life.do("request_input", input_agencies=["so-tai-chinh"], input_due="2025-06-10")
    move(life)
    dumped = life.runtime.dump(life.run)
    assert life.runtime.dump(life.runtime.restore(PROCESS, dumped)) == dumped
    [answer] = [s for s in life.steps() if s.name.startswith("give_input")]
    life.runtime.complete(life.run, answer.task_id, {"answer": "Thống nhất"})
    assert not [s for s in life.steps() if s.name.startswith("give_input")]
