"""The one classifier of assignments: the status people see and the count column each
assignment falls in, derived from its phase and its dates — never typed in by hand.
Every list, filter and count (inbox aside, which counts steps) uses these rules:
task lists and ``--status``, directive counts, the dashboard, the REST API and the
monthly summary; SQL-side counts compile the same rules (persistence/status_sql.py).

**Overdue** means the deadline in force has passed and the task is not complete,
whatever its phase — an assignment nobody accepted is overdue too — except that a
completion report submitted by the due moment and now in review is not late (it is
judged by when it was submitted), and a suspended task is never overdue.

**Statuses** (first rule that holds): Hoàn thành đúng hạn / quá hạn · Hủy · Từ chối ·
Tạm dừng · Chờ tiếp nhận — quá hạn tiếp nhận (past the accept due day) · Chờ tiếp
nhận · Chờ xác nhận · Trả lại – thực hiện lại · Đang thực hiện không thời hạn / quá
hạn / sắp đến hạn / trong hạn. Whether a status is also overdue is ``Status.overdue``.

**Count columns** put every assignment in exactly one column, so they add up to the
total, with DESIGN's precedence: hoàn thành đúng hạn · hoàn thành quá hạn · hủy / từ
chối · tạm dừng · quá hạn (any open phase) · chưa tiếp nhận (deadline not passed) ·
thường xuyên / không thời hạn / chờ điều kiện · đang thực hiện trong hạn (awaiting
confirmation included)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.domain.calendar import end_of_day
from engine.domain.status_rules import (
    AcceptDueBefore, All, Always, Condition, DueBefore, DueBy, Facts, Flag, Judged, NoDeadline, Not, PhaseIn,
    first_match)
from engine.domain.time_rules import TimeRules

CLOSED_PHASES = ("completed", "cancelled", "refused")
OPEN_PHASES = ("awaiting_acceptance", "in_progress", "returned", "awaiting_confirmation")

# a completion report submitted in time and in review is not late
_IN_REVIEW_IN_TIME = All((PhaseIn(("awaiting_confirmation",)), Flag("submitted_on_time")))
OVERDUE = All((PhaseIn(OPEN_PHASES), DueBefore(), Not(_IN_REVIEW_IN_TIME)))
_DONE_ON_TIME = All((PhaseIn(("completed",)), Flag("completed_on_time")))

# (status code, condition): the first that holds is the assignment's status
STATUS_RULES: tuple[tuple[str, Condition], ...] = (
    ("done_on_time", _DONE_ON_TIME),
    ("done_late", PhaseIn(("completed",))),
    ("cancelled", PhaseIn(("cancelled",))),
    ("refused", PhaseIn(("refused",))),
    ("suspended", PhaseIn(("suspended",))),
    ("acceptance_late", All((PhaseIn(("awaiting_acceptance",)), AcceptDueBefore()))),
    ("awaiting_acceptance", PhaseIn(("awaiting_acceptance",))),
    ("awaiting_confirmation", PhaseIn(("awaiting_confirmation",))),
    ("returned", PhaseIn(("returned",))),
    ("no_deadline", NoDeadline()),
    ("overdue", DueBefore()),
    ("due_soon", DueBy()),
    ("on_track", Always()),
)
# (count column, condition), in DESIGN's precedence
COLUMN_RULES: tuple[tuple[str, Condition], ...] = (
    ("done_on_time", _DONE_ON_TIME),
    ("done_late", PhaseIn(("completed",))),
    ("cancelled", PhaseIn(("cancelled", "refused"))),
    ("suspended", PhaseIn(("suspended",))),
    ("open_late", OVERDUE),
    ("not_accepted", PhaseIn(("awaiting_acceptance",))),
    ("recurring", NoDeadline()),
    ("open_on_time", Always()),
)

LABELS = {
    "awaiting_acceptance": ("Chờ tiếp nhận", "Awaiting acceptance"),
    "acceptance_late": ("Chờ tiếp nhận — quá hạn tiếp nhận", "Awaiting acceptance — acceptance overdue"),
    "on_track": ("Đang thực hiện – trong hạn", "In progress – on track"),
    "due_soon": ("Đang thực hiện – sắp đến hạn", "In progress – due soon"),
    "overdue": ("Đang thực hiện – quá hạn", "In progress – overdue"),
    "no_deadline": ("Đang thực hiện – không thời hạn", "In progress – no deadline"),
    "awaiting_confirmation": ("Chờ xác nhận", "Awaiting confirmation"),
    "returned": ("Trả lại – thực hiện lại", "Returned – redo"),
    "suspended": ("Tạm dừng", "Suspended"),
    "done_on_time": ("Hoàn thành đúng hạn", "Completed on time"),
    "done_late": ("Hoàn thành quá hạn", "Completed late"),
    "cancelled": ("Hủy", "Cancelled"),
    "refused": ("Từ chối", "Refused"),
}
STATUSES = tuple(LABELS)

# The count columns in the order leaders read them (Queries.directive_counts)
BUCKET_LABELS = {
    "done_on_time": ("Đã hoàn thành đúng hạn", "Completed on time"),
    "done_late": ("Đã hoàn thành quá hạn", "Completed late"),
    "open_on_time": ("Đang thực hiện trong hạn", "In progress on time"),
    "open_late": ("Quá hạn, chưa hoàn thành", "Overdue, not completed"),
    "recurring": ("Thường xuyên / không thời hạn", "Recurring / no deadline"),
    "not_accepted": ("Chưa tiếp nhận", "Not accepted yet"),
    "suspended": ("Tạm dừng", "Suspended"),
    "cancelled": ("Hủy / từ chối", "Cancelled / refused"),
}
BUCKETS = tuple(BUCKET_LABELS)
assert set(BUCKETS) == {code for code, _ in COLUMN_RULES}
assert set(STATUSES) == {code for code, _ in STATUS_RULES}


def pick(pair: tuple[str, str], lang: str = "vi") -> str:
    vi, en = pair
    return en if lang == "en" else vi


def bucket_label(code: str, lang: str = "vi") -> str:
    return pick(BUCKET_LABELS[code], lang)


@dataclass(frozen=True)
class Status:
    code: str
    overdue: bool
    days_late: int          # calendar days past the due day (0 when not late)
    days_suspended: int = 0

    def label(self, lang: str = "vi") -> str:
        return pick(LABELS[self.code], lang)


def completed_on_time(submitted_at, due: date | None) -> bool:
    if due is None:
        return True
    if submitted_at is None:
        return False
    return submitted_at <= end_of_day(due)


def judged_on(today: date, rules: TimeRules) -> Judged:
    return Judged(today=today, soon_limit=rules.offsets["due_soon"].apply(today, rules.calendar))


def status_of(facts: Facts, today: date, rules: TimeRules, submitted_at=None, due_at_submission=None) -> Status:
    """The status of one assignment on ``today``. ``submitted_at`` and
    ``due_at_submission`` (of the accepted completion report) give a late completion
    its days late."""
    on = judged_on(today, rules)
    code = first_match(STATUS_RULES, facts, on)
    if code == "done_late":
        due = due_at_submission or facts.due_date
        days = (submitted_at.date() - due).days if submitted_at and due else 0
        return Status(code, False, max(days, 0))
    overdue = OVERDUE.holds(facts, on)
    days_late = (today - facts.due_date).days if overdue else 0
    return Status(code, overdue, days_late, facts.days_suspended(today) if code == "suspended" else 0)


def column_of(facts: Facts, today: date) -> str:
    """The count column of one assignment on ``today`` (no rule of them reads the
    "due soon" window)."""
    return first_match(COLUMN_RULES, facts, Judged(today=today, soon_limit=today))


def first_match_condition(rules: tuple[tuple[str, Condition], ...], code: str) -> Condition:
    """The condition "the first rule that holds is ``code``", for filters."""
    before = []
    for rule_code, condition in rules:
        if rule_code == code:
            return All((condition, *[Not(c) for c in before]))
        before.append(condition)
    raise ValueError(code)


def status_filter(code: str) -> Condition:
    """What ``--status code`` selects: assignments with that status — and, for
    "overdue", every overdue assignment whatever its phase (the «quá hạn» count)."""
    if code == "overdue":
        return OVERDUE
    return first_match_condition(STATUS_RULES, code)


def column_filter(code: str) -> Condition:
    return first_match_condition(COLUMN_RULES, code)
