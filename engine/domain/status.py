"""The status people see, derived from an instance's phase and its dates — never
typed in by hand (Chờ tiếp nhận, Đang thực hiện trong hạn / sắp đến hạn / quá hạn /
không thời hạn, Chờ xác nhận, Hoàn thành đúng hạn / quá hạn, Trả lại, Tạm dừng, Hủy)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from engine.domain.calendar import end_of_day
from engine.domain.time_rules import TimeRules

LABELS = {
    "awaiting_acceptance": ("Chờ tiếp nhận", "Awaiting acceptance"),
    "on_track": ("Đang thực hiện – trong hạn", "In progress – on track"),
    "due_soon": ("Đang thực hiện – sắp đến hạn", "In progress – due soon"),
    "overdue": ("Đang thực hiện – quá hạn", "In progress – overdue"),
    "no_deadline": ("Đang thực hiện – không thời hạn", "In progress – no deadline"),
    "awaiting_confirmation": ("Chờ xác nhận", "Awaiting confirmation"),
    "done_on_time": ("Hoàn thành đúng hạn", "Completed on time"),
    "done_late": ("Hoàn thành quá hạn", "Completed late"),
    "returned": ("Trả lại – thực hiện lại", "Returned – redo"),
    "suspended": ("Tạm dừng", "Suspended"),
    "cancelled": ("Hủy", "Cancelled"),
}
STATUSES = tuple(LABELS)
CLOSED_PHASES = ("completed", "cancelled", "refused")

# The per-directive counts in the form leaders read them (Queries.directive_counts).
BUCKET_LABELS = {
    "done_on_time": ("Đã hoàn thành đúng hạn", "Completed on time"),
    "done_late": ("Đã hoàn thành quá hạn", "Completed late"),
    "open_on_time": ("Đang thực hiện trong hạn", "In progress on time"),
    "open_late": ("Đang thực hiện quá hạn", "In progress overdue"),
    "recurring": ("Thường xuyên", "Recurring"),
    "not_accepted": ("Chưa tiếp nhận", "Not accepted yet"),
    "cancelled": ("Đã hủy", "Cancelled"),
}
BUCKETS = tuple(BUCKET_LABELS)


def bucket_label(code: str, lang: str = "vi") -> str:
    vi, en = BUCKET_LABELS[code]
    return en if lang == "en" else vi


@dataclass(frozen=True)
class Status:
    code: str
    overdue: bool
    days_late: int          # calendar days past the due day (0 when not late)

    def label(self, lang: str = "vi") -> str:
        vi, en = LABELS[self.code]
        return en if lang == "en" else vi


def completed_on_time(submitted_at: datetime | None, due: date | None) -> bool:
    if due is None:
        return True
    if submitted_at is None:
        return False
    return submitted_at <= end_of_day(due)


def derive_status(phase: str, due_date: date | None, today: date, rules: TimeRules,
                  submitted_at: datetime | None = None, due_at_submission: date | None = None) -> Status:
    late_days = (today - due_date).days if due_date and today > due_date else 0
    if phase == "completed":
        on_time = completed_on_time(submitted_at, due_at_submission or due_date)
        if on_time:
            return Status("done_on_time", False, 0)
        days = (submitted_at.date() - (due_at_submission or due_date)).days if submitted_at else 0
        return Status("done_late", False, max(days, 0))
    if phase in ("cancelled", "refused"):
        return Status("cancelled", False, 0)
    if phase == "suspended":
        return Status("suspended", False, 0)
    if phase == "awaiting_acceptance":
        return Status("awaiting_acceptance", late_days > 0, late_days)
    if phase == "awaiting_confirmation":
        return Status("awaiting_confirmation", False, 0)
    if phase == "returned":
        return Status("returned", late_days > 0, late_days)
    if due_date is None:
        return Status("no_deadline", False, 0)
    if late_days:
        return Status("overdue", True, late_days)
    if rules.is_due_soon(due_date, today):
        return Status("due_soon", False, 0)
    return Status("on_track", False, 0)


@dataclass(frozen=True)
class StatusCriteria:
    """How a status reads as conditions on stored columns, for list queries."""

    phases: tuple[str, ...]
    due: tuple = ()                 # ("before", day) | ("from_to", a, b) | ("after", day) | ("none",)
    on_time: bool | None = None


def status_criteria(code: str, today: date, soon_limit: date) -> StatusCriteria:
    if code == "on_track":
        return StatusCriteria(("in_progress",), ("after", soon_limit))
    if code == "due_soon":
        return StatusCriteria(("in_progress",), ("from_to", today, soon_limit))
    if code == "overdue":
        return StatusCriteria(("in_progress",), ("before", today))
    if code == "no_deadline":
        return StatusCriteria(("in_progress",), ("none",))
    if code == "done_on_time":
        return StatusCriteria(("completed",), (), True)
    if code == "done_late":
        return StatusCriteria(("completed",), (), False)
    if code == "cancelled":
        return StatusCriteria(("cancelled", "refused"))
    if code in ("awaiting_acceptance", "awaiting_confirmation", "returned", "suspended"):
        return StatusCriteria((code,))
    raise ValueError(code)
