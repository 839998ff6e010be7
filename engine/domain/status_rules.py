"""The conditions statuses and count columns are judged by, as data: each condition
reads an assignment's stored facts (phase, dates, on-time flags) and two named days
(today, and the last day of the "due soon" window). engine.domain.status orders them
into the rules people see; Python evaluates them here (``holds``) and the persistence
layer turns the very same trees into SQL (persistence/status_sql.py), so a count
and the list behind it can never disagree. A condition is false on a missing date,
in both."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from engine.domain.calendar import local_date


@dataclass(frozen=True)
class Facts:
    """What the status of one assignment is judged from (projected instance columns)."""

    phase: str
    due_date: date | None = None
    accept_due: date | None = None
    completed_on_time: bool | None = None    # phase completed: the accepted report came in time
    submitted_on_time: bool | None = None    # a completion report in review came in time
    suspended_at: datetime | None = None
    process_version_id: int | None = None

    @classmethod
    def of(cls, row) -> "Facts":
        """Facts from an instance record or a row (dict) of its columns."""
        get = row.get if isinstance(row, dict) else (lambda name: getattr(row, name, None))
        return cls(phase=get("phase"), due_date=get("due_date"), accept_due=get("accept_due"),
                   completed_on_time=get("completed_on_time"), submitted_on_time=get("submitted_on_time"),
                   suspended_at=get("suspended_at"), process_version_id=get("process_version_id"))

    def days_suspended(self, today: date) -> int:
        return (today - local_date(self.suspended_at)).days if self.suspended_at else 0


@dataclass(frozen=True)
class Judged:
    """The days a condition compares with."""

    today: date
    soon_limit: date


class Condition:
    def holds(self, facts: Facts, on: Judged) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class PhaseIn(Condition):
    phases: tuple[str, ...]

    def holds(self, facts, on):
        return facts.phase in self.phases


@dataclass(frozen=True)
class DueBefore(Condition):
    """The deadline in force is before the day named ("today"): its due moment passed."""

    day: str = "today"

    def holds(self, facts, on):
        return facts.due_date is not None and facts.due_date < getattr(on, self.day)


@dataclass(frozen=True)
class DueBy(Condition):
    """The deadline in force is on or before the day named ("soon_limit")."""

    day: str = "soon_limit"

    def holds(self, facts, on):
        return facts.due_date is not None and facts.due_date <= getattr(on, self.day)


@dataclass(frozen=True)
class NoDeadline(Condition):
    def holds(self, facts, on):
        return facts.due_date is None


@dataclass(frozen=True)
class AcceptDueBefore(Condition):
    """The acceptance due day is before the day named: acceptance is late."""

    day: str = "today"

    def holds(self, facts, on):
        return facts.accept_due is not None and facts.accept_due < getattr(on, self.day)


@dataclass(frozen=True)
class Flag(Condition):
    """A stored on-time flag is true (false when it is false or unknown)."""

    name: str

    def holds(self, facts, on):
        return getattr(facts, self.name) is True


@dataclass(frozen=True)
class Not(Condition):
    inner: Condition

    def holds(self, facts, on):
        return not self.inner.holds(facts, on)


@dataclass(frozen=True)
class All(Condition):
    parts: tuple[Condition, ...]

    def holds(self, facts, on):
        return all(p.holds(facts, on) for p in self.parts)


@dataclass(frozen=True)
class Always(Condition):
    def holds(self, facts, on):
        return True


def first_match(rules: tuple[tuple[str, Condition], ...], facts: Facts, on: Judged) -> str:
    """The code of the first rule whose condition holds (the last rule always does)."""
    for code, condition in rules:
        if condition.holds(facts, on):
            return code
    raise ValueError(f"no rule matched {facts}")
