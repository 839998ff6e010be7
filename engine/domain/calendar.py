"""The Vietnamese working-day calendar: Monday–Friday minus public holidays, plus
make-up working weekends (both from the ``holidays`` package), with the overrides an
admin records winning over it."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
END_OF_DAY = time(23, 59, 59)


class WorkingCalendar:
    """Answers "is this a working day" and walks working days.

    ``overrides`` maps a day to True (worked, e.g. a make-up Saturday) or False (off,
    e.g. a Tết decision); they win over the package's knowledge.
    """

    def __init__(self, overrides: dict[date, bool] | None = None):
        self.overrides = dict(overrides or {})
        self._vn = holidays.country_holidays("VN")

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return bool(self._vn.is_working_day(day))

    def next_working_day(self, day: date, include_self: bool = True) -> date:
        """``day`` itself when it is a working day (if include_self), else the next one."""
        current = day if include_self else day + timedelta(days=1)
        while not self.is_working_day(current):
            current += timedelta(days=1)
        return current

    def previous_working_day(self, day: date, include_self: bool = True) -> date:
        current = day if include_self else day - timedelta(days=1)
        while not self.is_working_day(current):
            current -= timedelta(days=1)
        return current

    def add_working_days(self, day: date, count: int) -> date:
        """The working day ``count`` working days after (count > 0) or before (< 0)
        ``day``; ``day`` itself need not be a working day."""
        step = 1 if count >= 0 else -1
        current, remaining = day, abs(count)
        while remaining:
            current += timedelta(days=step)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end] — how many working days ``end`` is after ``start``
        (negative when it is before)."""
        if end < start:
            return -self.working_days_between(end, start)
        days, current = 0, start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                days += 1
        return days


def local_moment(day: date, at: time) -> datetime:
    """``day`` at local time ``at`` in Asia/Ho_Chi_Minh, as an aware datetime."""
    return datetime.combine(day, at, LOCAL_TZ)


def end_of_day(day: date) -> datetime:
    """The due moment of a due day: 23:59:59 local."""
    return local_moment(day, END_OF_DAY)


def local_date(moment: datetime) -> date:
    """The local calendar day of an aware instant."""
    return moment.astimezone(LOCAL_TZ).date()
