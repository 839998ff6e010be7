"""Deadlines as directives write them, and the due day each one falls on.

Rules (DESIGN.md, "Rules of time"): a date is that day; "trước ngày D" is the last
working day before D; a month is its last day; a year is 31/12; a due day that is
not a working day moves to the next working day (Bộ luật Dân sự 2015, Điều 148).
Recurring, conditional and absent deadlines have no due day (a conditional one gets
its date when the condition is recorded as met)."""
from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date

from engine.domain.calendar import WorkingCalendar
from engine.domain.errors import DomainError
from engine.domain.input_limits import MAX_YEAR, MIN_YEAR, plausible_year

KINDS = ("date", "month", "year", "recurring", "conditional", "none")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Deadline:
    kind: str = "none"
    value: str | None = None
    before: bool = False
    text: str | None = None

    @classmethod
    def from_dict(cls, data: dict | None) -> "Deadline":
        data = data or {}
        deadline = cls(
            kind=data.get("kind") or "none",
            value=data.get("value"),
            before=bool(data.get("before", False)),
            text=data.get("text"),
        )
        deadline.validate()
        return deadline

    def to_dict(self) -> dict:
        result = {"kind": self.kind, "value": self.value, "text": self.text}
        if self.kind == "date":
            result["before"] = self.before
        return result

    @property
    def has_date(self) -> bool:
        return self.kind in ("date", "month", "year")

    def validate(self) -> None:
        """Raise DomainError when the kind is unknown or the value does not exist."""
        if self.kind not in KINDS:
            raise DomainError("deadline.unknown_kind", kind=self.kind)
        if not self.has_date:
            if self.value not in (None, ""):
                raise DomainError("deadline.unexpected_value", kind=self.kind, value=self.value)
            return
        if not self.value:
            raise DomainError("deadline.missing_value", kind=self.kind)
        try:
            day = self.first_candidate_day()
        except ValueError:
            raise DomainError("deadline.impossible", kind=self.kind, value=self.value) from None
        if not plausible_year(day.year):
            raise DomainError("deadline.out_of_range", value=self.value, min=MIN_YEAR, max=MAX_YEAR)

    def first_candidate_day(self) -> date:
        """The calendar day the deadline names, before working-day rules."""
        value = str(self.value)
        if self.kind == "date":
            return date.fromisoformat(value)
        if self.kind == "month":
            match = _MONTH.match(value)
            if not match:
                raise ValueError(value)
            year, month = int(match.group(1)), int(match.group(2))
            return date(year, month, _calendar.monthrange(year, month)[1])
        if self.kind == "year":
            if not _YEAR.match(value):
                raise ValueError(value)
            return date(int(value), 12, 31)
        raise ValueError(f"{self.kind} has no day")

    def due_day(self, cal: WorkingCalendar) -> date | None:
        """The working day by the end of which the task must be done, or None."""
        if not self.has_date:
            return None
        day = self.first_candidate_day()
        if self.kind == "date" and self.before:
            return cal.previous_working_day(day, include_self=False)
        return cal.next_working_day(day)
