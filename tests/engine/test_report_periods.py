"""Monthly report periods on BPMN alone: they open by the calendar, one token each,
whatever happened to the earlier ones; each has its own reminders, fired once; a missed
one can still be filed; the leader files while nobody accepted the task; a suspension
holds new periods back. The state is dumped and restored every simulated day."""
from datetime import datetime

from engine.domain.calendar import LOCAL_TZ
from tests.engine.lifecycle_driver import Lifecycle


def at(y, m, d, h=9):
    return datetime(y, m, d, h, 0, tzinfo=LOCAL_TZ)


def report_reminders(life, kind: str) -> list[str]:
    return life.fired(f"report_missed_{kind}")


def test_a_missed_december_report_does_not_stop_the_next_periods():
    life = Lifecycle(at(2025, 11, 3), due="2026-06-30")
    life.do("accept", decision="accept", officer="cv.khcn")
    life.clock.set(at(2025, 11, 12))
    life.file("2025-11", percent=10, done="Khảo sát")
    life.do("review_report", decision="approve")
    life.live_until(at(2026, 1, 10))
    life.file("2026-01", percent=30, done="Triển khai")       # January on time, December still missing
    life.live_until(at(2026, 3, 20))
    assert life.periods() == ["2025-12", "2026-02", "2026-03", "2026-04"]
    dues = {s.period: s.due.isoformat() for s in life.reports()}
    assert dues["2025-12"] == "2025-12-15" and dues["2026-03"] == "2026-03-16"   # 15/3/2026 a Sunday
    assert dues["2026-02"] == "2026-02-23"          # 15/2 falls in the Tết holiday
    # each period its own reminders, once each: officer the next working day, leader on the 20th
    assert report_reminders(life, "officer") == ["2025-12-16", "2026-02-24", "2026-03-17"]
    assert report_reminders(life, "leader") == ["2025-12-22", "2026-02-24", "2026-03-20"]
    life.file("2025-12", percent=20, done="Bổ sung báo cáo tháng 12")     # late, still accepted
    assert life.periods("review_report") == ["2025-12", "2026-01"]
    assert life.case["reports"]["2025-12"]["filed_at"].startswith("2026-03-20")
    life.live_until(at(2026, 4, 30))
    assert report_reminders(life, "officer").count("2025-12-16") == 1


def test_periods_open_for_a_task_nobody_accepts_and_the_leader_files_them():
    life = Lifecycle(at(2025, 6, 2), due="2025-12-31")
    life.live_until(at(2025, 8, 20))
    assert life.periods() == ["2025-06", "2025-07", "2025-08", "2025-09"]
    assert {(s.role, s.assignee) for s in life.reports()} == {("leader", None)}
    life.file("2025-07", percent=5, done="Chưa phân công, lãnh đạo báo cáo")
    assert life.periods("review_report") == []            # the leader's own report needs no review
    assert life.case["last_report_month"] == "2025-07"
    life.do("accept", decision="accept", officer="cv.khcn")
    assert {(s.role, s.assignee) for s in life.reports()} == {("officer", "cv.khcn")}


def test_the_first_period_is_the_one_containing_the_launch_day():
    life = Lifecycle(at(2025, 6, 16), due="2025-12-31")   # 16/6 is in the July period (15/6–14/7)
    assert life.periods() == ["2025-07"] and life.step("monthly_report").due.isoformat() == "2025-07-15"


def test_no_period_opens_while_suspended_and_the_resume_day_opens_its_own():
    life = Lifecycle(at(2025, 6, 2), due="2025-12-31")
    life.do("accept", decision="accept", officer="cv.khcn")
    life.clock.set(at(2025, 6, 10))
    life.file("2025-06", percent=10, done="Khảo sát")
    life.do("review_report", decision="approve")
    life.live_until(at(2025, 7, 10))
    life.file("2025-07", percent=20, done="Triển khai")
    life.do("review_report", decision="approve")
    life.do("suspend_task")
    life.live_until(at(2025, 9, 22))
    assert life.fired("report_period_opened")[-1] == "2025-06-15"     # August, September: held
    assert report_reminders(life, "officer") == []
    life.do("resume_task")
    assert life.periods() == ["2025-10"]          # 22/9 is in the October period (15/9–14/10)
    life.live_until(at(2025, 10, 15))
    assert life.fired("report_period_opened")[-2:] == ["2025-09-22", "2025-10-15"]
    assert report_reminders(life, "officer") == []          # the October report is due 15/10 …
    life.live_until(at(2025, 10, 17))
    assert report_reminders(life, "officer") == ["2025-10-16"]   # … and missed the next day


def test_a_report_due_during_the_suspension_moves_with_it():
    life = Lifecycle(at(2025, 6, 2), due="2025-12-31")
    life.do("accept", decision="accept", officer="cv.khcn")
    life.live_until(at(2025, 6, 12))
    life.file("2025-06", percent=10, done="Khảo sát")
    life.do("review_report", decision="approve")
    life.live_until(at(2025, 7, 8))
    life.do("suspend_task")                         # the July report (due 15/7) is not filed
    life.live_until(at(2025, 7, 22))
    assert report_reminders(life, "officer") == []
    life.do("resume_task")                          # 8/7 to 22/7: 10 working days
    assert life.case["due_date"] == "2026-01-15"
    july = next(s for s in life.reports() if s.period == "2025-07")
    assert july.due.isoformat() == "2025-07-29"    # 15/7 + 10 working days
    life.live_until(at(2025, 8, 8))
    assert report_reminders(life, "officer") == ["2025-07-30"]
    assert report_reminders(life, "leader") == ["2025-08-04"]      # Mon 21/7 (20/7 a Sunday) + 10 working days
