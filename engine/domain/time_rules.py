"""The rules of time of a process version: escalation rungs around the due day and
the monthly reporting calendar. Every offset is a parameter with its unit
("-7 working_days", "30 days"), read from the diagram's process properties."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from engine.domain.calendar import WorkingCalendar, local_moment
from engine.domain.errors import DomainError

DEFAULT_PARAMETERS = {
    "deadline_reminder": "-7 working_days",
    "deadline_leader": "0 days",
    "deadline_monitor": "7 working_days",
    "deadline_authority": "30 days",
    "fire_time": "08:00",
    "report_due_day": "15",
    "report_leader_day": "20",
    "accept_within": "3 working_days",
    "accept_monitor": "5 working_days",
    "input_within": "5 working_days",
    "review_within": "5 working_days",
    "due_soon": "3 working_days",
}
RUNGS = ("reminder", "leader", "monitor", "authority")
MAX_OFFSET_DAYS = 3650          # ten years either way: any real rung or window fits
_OFFSET = re.compile(r"^\s*([+-]?\d+)\s+(working_days|days)\s*$")
_FIRE_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class Offset:
    amount: int
    unit: str  # "working_days" or "days"

    @classmethod
    def parse(cls, raw: str, name: str = "") -> "Offset":
        match = _OFFSET.match(raw or "") if isinstance(raw, str) and len(raw) <= 40 else None
        if not match:
            raise DomainError("parameter.bad_offset", name=name, value=str(raw)[:40])
        digits = match.group(1).lstrip("+-").lstrip("0")
        if len(digits) > 4 or abs(int(match.group(1))) > MAX_OFFSET_DAYS:
            raise DomainError("parameter.out_of_range", name=name, value=raw.strip()[:40], max=MAX_OFFSET_DAYS)
        return cls(int(match.group(1)), match.group(2))

    def apply(self, day: date, cal: WorkingCalendar) -> date:
        """Move ``day`` by the offset; a calendar-day result that is not a working day
        moves to the next working day."""
        if self.unit == "working_days":
            return cal.add_working_days(day, self.amount) if self.amount else day
        return cal.next_working_day(day + timedelta(days=self.amount))


@dataclass
class TimeRules:
    calendar: WorkingCalendar
    parameters: dict = field(default_factory=lambda: dict(DEFAULT_PARAMETERS))

    def __post_init__(self):
        merged = dict(DEFAULT_PARAMETERS)
        merged.update(self.parameters or {})
        self.parameters = merged
        self.fire_time = _time_of_day(merged, "fire_time")
        self.offsets = {name: Offset.parse(merged[f"deadline_{name}"], f"deadline_{name}") for name in RUNGS}
        for name in ("accept_within", "accept_monitor", "input_within", "review_within", "due_soon"):
            self.offsets[name] = Offset.parse(merged[name], name)
        self.report_due_day = _day_of_month(merged, "report_due_day")
        self.report_leader_day = _day_of_month(merged, "report_leader_day")

    def fire_at(self, day: date) -> datetime:
        return local_moment(day, self.fire_time)

    def escalation_days(self, due_day: date) -> dict[str, date]:
        """The day each rung of the ladder fires for a task due on ``due_day``."""
        return {name: self.offsets[name].apply(due_day, self.calendar) for name in RUNGS}

    def escalation_schedule(self, due_day: date) -> dict[str, str]:
        """ISO instants (with offset) at which each rung fires: ``{"reminder_at": …}``."""
        return {f"{name}_at": self.fire_at(day).isoformat()
                for name, day in self.escalation_days(due_day).items()}

    def acceptance_days(self, launch_day: date) -> "AcceptanceDays":
        """The acceptance due day of a task launched on ``launch_day`` and the days the
        leaders, then the monitor, are told if it is still not accepted."""
        due = self.after(launch_day, "accept_within")
        return AcceptanceDays(due, self.calendar.next_working_day(due, include_self=False),
                              self.after(due, "accept_monitor"))

    def working_days_spent(self, first_day: date, until_day: date) -> int:
        """Working days from ``first_day`` up to, not including, ``until_day`` (the
        days a task spent suspended from one day to the other)."""
        if until_day <= first_day:
            return 0
        return self.calendar.working_days_between(first_day - timedelta(days=1), until_day - timedelta(days=1))

    def shifted(self, day: date, working_days: int) -> date:
        """``day`` moved later by ``working_days`` working days (unchanged for 0)."""
        return self.calendar.add_working_days(day, working_days) if working_days else day

    def after(self, day: date, name: str) -> date:
        """``day`` moved by the named offset (accept_within, input_within)."""
        return self.offsets[name].apply(day, self.calendar)

    def is_due_soon(self, due_day: date, today: date) -> bool:
        """True when ``due_day`` is today or within the "due soon" window."""
        if due_day < today:
            return False
        return due_day <= self.offsets["due_soon"].apply(today, self.calendar)

    # ---- monthly reports ----------------------------------------------------------
    def report_period(self, month: str) -> "ReportPeriod":
        """The reporting period named by its month ("2025-06" = 15/5–14/6/2025)."""
        year, mon = (int(x) for x in month.split("-"))
        start_month = date(year, mon, 1) - timedelta(days=1)
        start = date(start_month.year, start_month.month, self.report_due_day)
        end = date(year, mon, self.report_due_day) - timedelta(days=1)
        due = self.calendar.next_working_day(date(year, mon, self.report_due_day))
        officer = self.calendar.next_working_day(due, include_self=False)
        # never before the officer's reminder (a due day moved past the 20th by Tết)
        leader = max(self.calendar.next_working_day(date(year, mon, self.report_leader_day)), officer)
        return ReportPeriod(month, start, end, due, officer, leader)

    def period_containing(self, day: date) -> "ReportPeriod":
        """The reporting period ``day`` falls in."""
        if day.day >= self.report_due_day:
            nxt = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
            return self.report_period(f"{nxt.year:04d}-{nxt.month:02d}")
        return self.report_period(f"{day.year:04d}-{day.month:02d}")

    def next_period(self, period: "ReportPeriod") -> "ReportPeriod":
        return self.period_containing(period.end + timedelta(days=1))


@dataclass(frozen=True)
class AcceptanceDays:
    due: date          # accept_within working days after the launch day
    leader: date       # the next working day: the agency's leaders are reminded
    monitor: date      # accept_monitor working days after the due day: the monitor is told


@dataclass(frozen=True)
class ReportPeriod:
    month: str         # "2025-06"
    start: date        # 15/5
    end: date          # 14/6
    due: date          # 15/6, or the next working day
    officer_reminder: date
    leader_reminder: date


def _time_of_day(parameters: dict, name: str) -> time:
    raw = parameters[name]
    match = _FIRE_TIME.match(raw) if isinstance(raw, str) else None
    try:
        if not match:
            raise ValueError(raw)
        return time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        raise DomainError("parameter.bad_time", name=name, value=str(raw)[:40]) from None


def _day_of_month(parameters: dict, name: str) -> int:
    raw = parameters[name]
    try:
        if not isinstance(raw, (str, int)) or len(str(raw).strip()) > 2:
            raise ValueError(raw)
        value = int(raw)
    except (TypeError, ValueError):
        raise DomainError("parameter.bad_day", name=name, value=str(raw)[:40]) from None
    if not 1 <= value <= 28:
        raise DomainError("parameter.bad_day", name=name, value=value)
    return value
