"""The rules of time of DESIGN.md, checked against its worked examples."""
from datetime import date, datetime

import pytest

from engine.domain.calendar import LOCAL_TZ, WorkingCalendar
from engine.domain.deadlines import Deadline
from engine.domain.errors import DomainError
from engine.domain.time_rules import TimeRules

CAL = WorkingCalendar()
RULES = TimeRules(CAL)


def test_working_days_follow_holidays_and_make_up_saturdays():
    assert CAL.is_working_day(date(2025, 4, 26))          # Saturday worked (make-up day)
    assert not CAL.is_working_day(date(2025, 5, 2))       # Friday off
    assert not CAL.is_working_day(date(2025, 9, 1))       # National Day
    assert not CAL.is_working_day(date(2025, 8, 31))      # Sunday


def test_admin_overrides_win():
    cal = WorkingCalendar({date(2025, 8, 15): False, date(2025, 8, 16): True})
    assert not cal.is_working_day(date(2025, 8, 15))
    assert cal.is_working_day(date(2025, 8, 16))
    assert Deadline("date", "2025-08-15").due_day(cal) == date(2025, 8, 16)


@pytest.mark.parametrize("deadline, due, reminder, monitor, authority", [
    (Deadline("date", "2025-08-15", text="chậm nhất 15/8/2025"),
     date(2025, 8, 15), date(2025, 8, 6), date(2025, 8, 26), date(2025, 9, 15)),
    (Deadline("month", "2025-08", text="trong tháng 8/2025"),
     date(2025, 9, 3), date(2025, 8, 21), date(2025, 9, 12), date(2025, 10, 3)),
])
def test_worked_examples(deadline, due, reminder, monitor, authority):
    assert deadline.due_day(CAL) == due
    days = RULES.escalation_days(due)
    assert days["reminder"] == reminder
    assert days["leader"] == due
    assert days["monitor"] == monitor
    assert days["authority"] == authority


def test_before_a_day_is_the_last_working_day_before_it():
    assert Deadline("date", "2025-06-25", before=True).due_day(CAL) == date(2025, 6, 24)
    # before Monday 1/9/2025 (holiday): the Friday before the Saturday/Sunday
    assert Deadline("date", "2025-09-01", before=True).due_day(CAL) == date(2025, 8, 29)


def test_year_and_kinds_without_a_day():
    assert Deadline("year", "2025").due_day(CAL) == date(2025, 12, 31)
    for kind in ("recurring", "conditional", "none"):
        assert Deadline(kind).due_day(CAL) is None


def test_due_day_on_a_weekend_moves_to_the_next_working_day():
    assert Deadline("date", "2025-06-15").due_day(CAL) == date(2025, 6, 16)


@pytest.mark.parametrize("kind, value", [("date", "2025-02-31"), ("month", "2025-13"), ("year", "25"),
                                         ("date", None), ("recurring", "2025-01-01"), ("weekly", None)])
def test_impossible_deadlines_are_refused(kind, value):
    with pytest.raises(DomainError):
        Deadline.from_dict({"kind": kind, "value": value})


def test_monthly_report_period_and_reminders():
    period = RULES.report_period("2025-06")
    assert (period.start, period.end) == (date(2025, 5, 15), date(2025, 6, 14))
    assert period.due == date(2025, 6, 16)                 # 15/6 is a Sunday
    assert period.officer_reminder == date(2025, 6, 17)
    assert period.leader_reminder == date(2025, 6, 20)
    assert RULES.period_containing(date(2025, 5, 20)).month == "2025-06"
    assert RULES.period_containing(date(2025, 6, 14)).month == "2025-06"
    assert RULES.period_containing(date(2025, 12, 20)).month == "2026-01"


def test_timers_fire_at_eight_local():
    schedule = RULES.escalation_schedule(date(2025, 8, 15))
    assert datetime.fromisoformat(schedule["reminder_at"]) == datetime(2025, 8, 6, 8, 0, tzinfo=LOCAL_TZ)


def test_offsets_are_parameters_of_the_process_version():
    rules = TimeRules(CAL, {"deadline_reminder": "-3 working_days", "deadline_authority": "14 days"})
    days = rules.escalation_days(date(2025, 8, 15))
    assert days["reminder"] == date(2025, 8, 12)
    assert days["authority"] == date(2025, 8, 29)
    with pytest.raises(DomainError):
        TimeRules(CAL, {"deadline_monitor": "a week"})


def test_due_soon_is_three_working_days():
    today = date(2025, 8, 13)   # Wednesday
    assert RULES.is_due_soon(date(2025, 8, 18), today)      # Mon = 3 working days later
    assert not RULES.is_due_soon(date(2025, 8, 19), today)
    assert not RULES.is_due_soon(date(2025, 8, 12), today)  # already late
